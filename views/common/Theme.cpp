#include "views/common/Theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace secreview::views {
namespace {

Theme g_theme = Theme::System;
QPalette g_systemPalette;
QString g_systemStyle;
bool g_captured = false;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x1f, 0x23, 0x29), base(0x16, 0x19, 0x1d), text(0xe6, 0xe8, 0xeb),
        button(0x2a, 0x2f, 0x36), mid(0x3d, 0x43, 0x4b), disabled(0x7c, 0x82, 0x8a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x22, 0x26, 0x2c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Light, mid);
    p.setColor(QPalette::Midlight, QColor(0x33, 0x38, 0x3f));
    p.setColor(QPalette::Mid, mid);
    p.setColor(QPalette::Dark, QColor(0x10, 0x12, 0x15));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

QString themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

std::optional<Theme> themeFromKey(const QString &key)
{
    for (Theme t : {Theme::System, Theme::Light, Theme::Dark}) {
        if (themeKey(t) == key)
            return t;
    }
    return std::nullopt;
}

void applyTheme(Theme theme)
{
    if (!g_captured) {
        g_systemPalette = QApplication::palette();
        g_systemStyle = QApplication::style()->name();
        g_captured = true;
    }
    g_theme = theme;
    switch (theme) {
    case Theme::System:
        QApplication::setStyle(QStyleFactory::create(g_systemStyle));
        QApplication::setPalette(g_systemPalette);
        break;
    case Theme::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
}

Theme currentTheme()
{
    return g_theme;
}

Theme savedTheme()
{
    return themeFromKey(QSettings().value(QStringLiteral("view/theme")).toString()).value_or(Theme::System);
}

void saveTheme(Theme theme)
{
    QSettings().setValue(QStringLiteral("view/theme"), themeKey(theme));
}

bool isDarkPalette()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor readable(const QColor &colour)
{
    if (!isDarkPalette())
        return colour;
    QColor c = colour.toHsl();
    // Lift the lightness until the text stands out on the dark window (about 4.5:1).
    c.setHsl(c.hslHue(), qMin(255, c.hslSaturation()), qMax(c.lightness(), 170));
    return c;
}

QString readableName(const QColor &colour)
{
    return readable(colour).name();
}

void addThemeMenu(QMenu *view, const std::function<void(Theme)> &chosen)
{
    QMenu *themes = view->addMenu(QMenu::tr("&Theme"));
    auto *group = new QActionGroup(themes);
    for (const auto &[theme, name] : {std::pair{Theme::System, QMenu::tr("&System")}, std::pair{Theme::Light, QMenu::tr("&Light")},
                                      std::pair{Theme::Dark, QMenu::tr("&Dark")}}) {
        QAction *choice = themes->addAction(name);
        choice->setObjectName(QStringLiteral("theme-") + themeKey(theme));
        choice->setCheckable(true);
        choice->setChecked(theme == currentTheme());
        group->addAction(choice);
        QObject::connect(choice, &QAction::triggered, themes, [theme, chosen] {
            applyTheme(theme);
            chosen(theme);
        });
    }
}

} // namespace secreview::views
