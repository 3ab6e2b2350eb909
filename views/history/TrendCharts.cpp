#include "views/history/TrendCharts.h"

#include "views/common/SeverityStyle.h"
#include "views/common/Theme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QEvent>
#include <QLegend>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

namespace secreview::views {
namespace {

constexpr int kMaxLabelledPoints = 24; // more: the axis would be a smear of labels

QColor newColour()
{
    return QColor(0xd9, 0x82, 0x2b);
}

QColor remediatedColour()
{
    return QColor(0x2e, 0x9e, 0x5b);
}

QString pointLabel(const TrendPoint &p)
{
    return p.day ? p.day->toString(QStringLiteral("MM-dd")) : QStringLiteral("#%1").arg(p.scan);
}

} // namespace

TrendChart::TrendChart(Kind kind, QWidget *parent) : QChartView(parent), m_kind(kind)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    auto *c = new QChart;
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->setBackgroundRoundness(0);
    c->setAnimationOptions(QChart::NoAnimation);
    setChart(c);
    setPoints({});
}

void TrendChart::setPoints(const QList<TrendPoint> &points)
{
    m_points = points;
    m_sets.clear();
    m_hoverText.clear();
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes())
        c->removeAxis(axis);

    QAbstractBarSeries *series = nullptr;
    if (m_kind == Severities) {
        series = new QStackedBarSeries;
        for (Severity s : {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info}) {
            auto *set = new QBarSet(severityName(s));
            for (const TrendPoint &p : points)
                *set << p.counts[size_t(s)];
            m_sets.append(set);
        }
    } else {
        series = new QBarSeries;
        auto *added = new QBarSet(tr("New"));
        auto *fixed = new QBarSet(tr("Remediated"));
        for (const TrendPoint &p : points) {
            *added << p.newIssues;
            *fixed << p.remediated;
        }
        m_sets = {added, fixed};
    }
    for (int i = 0; i < m_sets.size(); ++i) {
        QBarSet *set = m_sets.at(i);
        series->append(set);
        connect(set, &QBarSet::hovered, this, &TrendChart::hovered);
        connect(set, &QBarSet::clicked, this, [this](int index) {
            if (index >= 0 && index < m_points.size()) {
                const TrendPoint &p = m_points.at(index);
                emit scanClicked(p.scan, p.target, p.variant);
            }
        });
    }
    series->setBarWidth(points.size() == 1 ? 0.3 : 0.7);
    c->addSeries(series);

    QStringList labels;
    int highest = 0;
    for (const TrendPoint &p : points) {
        labels.append(pointLabel(p));
        int total = 0;
        for (int v : p.counts)
            total += v;
        highest = qMax(highest, m_kind == Severities ? total : qMax(p.newIssues, p.remediated));
    }
    auto *x = new QBarCategoryAxis;
    x->append(labels);
    x->setLabelsVisible(points.size() <= kMaxLabelledPoints);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%d"));
    y->setRange(0, qMax(4, highest + (highest + 4) / 5));
    y->applyNiceNumbers();
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    c->setTitle(points.isEmpty() ? tr("No scans yet")
                : m_kind == Severities
                    ? (points.first().day ? tr("Issues by severity at each day's end") : tr("Issues by severity per scan"))
                    : (points.first().day ? tr("New and remediated per day") : tr("New and remediated per scan")));
    restyle();
}

QString TrendChart::pointText(int index) const
{
    if (index < 0 || index >= m_points.size())
        return {};
    const TrendPoint &p = m_points.at(index);
    QString text = p.day ? tr("%1: %n scan(s), the last #%2 (%3 %4)", nullptr, p.scans)
                               .arg(p.day->toString(Qt::ISODate), QString::number(p.scan), p.target, p.variant)
                         : tr("Scan #%1, %2, %3 %4, %5")
                               .arg(QString::number(p.scan), p.scanner, p.target, p.variant,
                                    p.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    text += QLatin1Char('\n');
    QStringList counts;
    for (Severity s : kSeveritiesDescending)
        counts.append(QStringLiteral("%1 %2").arg(severityName(s)).arg(p.counts[size_t(s)]));
    text += counts.join(QStringLiteral(", "));
    text += QLatin1Char('\n') + tr("New %1, remediated %2, exempted %3").arg(p.newIssues).arg(p.remediated).arg(p.exempted);
    text += QLatin1Char('\n') + tr("Click: this scan's issues");
    return text;
}

QPoint TrendChart::barCentre(int index) const
{
    if (index < 0 || index >= m_points.size() || chart()->series().isEmpty())
        return {};
    const TrendPoint &p = m_points.at(index);
    int value = 0;
    if (m_kind == Severities) {
        for (int v : p.counts)
            value += v;
    } else {
        value = p.newIssues; // the left bar of the pair
    }
    QPointF at = chart()->mapToPosition(QPointF(index, value / 2.0), chart()->series().first());
    if (m_kind == NewAndRemediated)
        at.rx() -= chart()->plotArea().width() / qMax<qsizetype>(1, m_points.size()) * 0.7 / 4;
    return mapFromScene(chart()->mapToScene(at));
}

void TrendChart::hovered(bool entered, int index)
{
    m_hoverText = entered ? pointText(index) : QString();
    if (entered)
        QToolTip::showText(QCursor::pos(), m_hoverText, this);
    else
        QToolTip::hideText();
}

void TrendChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        restyle();
}

void TrendChart::restyle()
{
    QChart *c = chart();
    const QPalette pal = palette();
    c->setBackgroundBrush(pal.base());
    c->setBackgroundPen(QPen(pal.mid().color()));
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(pal.text());
    c->legend()->setLabelColor(pal.text().color());
    for (QAbstractAxis *axis : c->axes()) {
        axis->setLabelsBrush(pal.text());
        axis->setLinePenColor(pal.mid().color());
        axis->setGridLineColor(isDarkPalette() ? pal.mid().color().darker(130) : pal.midlight().color());
    }
    if (m_kind == Severities) {
        const Severity order[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info};
        for (int i = 0; i < m_sets.size(); ++i) {
            m_sets.at(i)->setColor(SeverityStyle::fill(order[i]));
            m_sets.at(i)->setBorderColor(pal.base().color());
        }
    } else if (m_sets.size() == 2) {
        m_sets.at(0)->setColor(newColour());
        m_sets.at(1)->setColor(remediatedColour());
        for (QBarSet *set : std::as_const(m_sets))
            set->setBorderColor(pal.base().color());
    }
}

} // namespace secreview::views
