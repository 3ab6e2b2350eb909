#include "print/PdfReport.h"

#include "model/report/Exports.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgRenderer>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextList>
#include <QTextTable>
#include <QTextLayout>
#include <QTextDocument>
#include <memory>

namespace secreview::print {
namespace {

constexpr int kDpi = 96; // the document's pixels are CSS pixels: the HTML's sizes mean what they say
constexpr qreal kHeaderHeight = 40;
constexpr qreal kFooterHeight = 30;

// The document of the report's print HTML, its charts as images, laid out for pages of size page.
std::unique_ptr<QTextDocument> document(const ReportContents &report, const QStringList &tocPages, int topIssues,
                                        QPaintDevice *device, const QSizeF &page)
{
    auto doc = std::make_unique<QTextDocument>();
    doc->documentLayout()->setPaintDevice(device);
    for (const auto &[name, svg] : report::reportCharts(report)) {
        QSvgRenderer renderer(svg);
        constexpr qreal kScale = 3; // drawn at three times the size, shown at its own: sharp on paper
        QImage image((renderer.defaultSize() * kScale), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        image.setDevicePixelRatio(kScale);
        doc->addResource(QTextDocument::ImageResource, QUrl(name), image);
    }
    report::HtmlOptions options;
    options.forPrint = true;
    options.tocPages = tocPages;
    options.topIssues = topIssues;
    doc->setHtml(report::html(report, options));
    doc->setPageSize(page);
    return doc;
}

// The page each section's heading starts on, 1-based.
QStringList sectionPages(const ReportContents &report, QTextDocument &doc)
{
    const QStringList sections = report::reportSections(report);
    QStringList pages(sections.size());
    const qreal height = doc.pageSize().height();
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        for (int i = 0; i < sections.size(); ++i) {
            if (pages.at(i).isEmpty() && block.text() == QStringLiteral("%1. %2").arg(i + 1).arg(sections.at(i)) &&
                block.blockFormat().headingLevel() == 2) {
                const qreal top = doc.documentLayout()->blockBoundingRect(block).top();
                pages[i] = QString::number(int(top / height) + 1);
            }
        }
    }
    return pages;
}

// Qt draws every line of a paragraph whose box reaches into the page being drawn, the clip
// hiding those off the page: hidden, they are still text in the PDF, which pdftotext, search and
// copy read twice. So a paragraph of the document's own flow is kept from reaching across a page
// edge where it can: the line that does not fit starts a paragraph of its own, pushed onto the
// next page by its top margin (a page break policy there makes Qt 6.4 skip drawing text that
// follows), and a bottom margin that reaches across is dropped. Again until nothing changes
// (bounded: each change moves nothing above it). A top margin still reaches back across the
// edge, so such a paragraph's first line can remain as hidden text below the last page's foot.
void keepParagraphsOnTheirPages(QTextDocument &doc)
{
    const qreal height = doc.pageSize().height();
    const auto pageOf = [height](qreal y) { return int(y / height); };
    for (int round = 0; round < 2000; ++round) {
        bool changed = false;
        for (QTextBlock block = doc.begin(); block.isValid() && !changed; block = block.next()) {
            // Lists and tables are laid out by Qt across pages; an empty block (the one a frame
            // such as a table leaves before it) holds no text to read twice, and a page break
            // there makes Qt skip drawing what follows.
            if (block.textList() || QTextCursor(block).currentTable() || block.text().isEmpty())
                continue;
            const QRectF box = doc.documentLayout()->blockBoundingRect(block);
            if (pageOf(box.top() + 0.5) == pageOf(box.bottom() - 0.5))
                continue;
            const qreal edge = (pageOf(box.top() + 0.5) + 1) * height;
            const QTextLayout *layout = block.layout();
            const qreal origin = box.top() + layout->position().y();
            int first = -1; // the first line that does not end on this page
            for (int i = 0; i < layout->lineCount() && first < 0; ++i) {
                const QTextLine line = layout->lineAt(i);
                if (origin + line.y() + line.height() > edge + 0.5)
                    first = i;
            }
            QTextBlockFormat format = block.blockFormat();
            if (first == 0) {
                // Its first line crosses: moved down to the next page by its top margin (a page
                // break there has Qt skip drawing what follows). The margin still reaches back, so
                // the line is drawn hidden below the last page's foot too (docs/decisions.md 89).
                const qreal lineTop = origin + layout->lineAt(0).y();
                if (lineTop >= edge)
                    continue;
                format.setTopMargin(format.topMargin() + (edge - lineTop) + 1);
                QTextCursor(block).setBlockFormat(format);
            } else if (first > 0) {
                QTextBlockFormat rest = format;
                format.setBottomMargin(0);
                // The rest starts on the next page: pushed there by its top margin when its first
                // line would cross the edge.
                const qreal lineTop = origin + layout->lineAt(first).y();
                rest.setTopMargin(lineTop < edge ? edge - lineTop + 1 : 0);
                QTextCursor cursor(block);
                cursor.setPosition(block.position() + layout->lineAt(first).textStart());
                cursor.insertBlock(rest);
                QTextCursor(block).setBlockFormat(format);
            } else {
                if (format.bottomMargin() == 0)
                    continue;
                format.setBottomMargin(0); // the lines fit; the margin after them need not
                QTextCursor(block).setBlockFormat(format);
            }
            changed = true;
        }
        if (!changed)
            return;
    }
}

} // namespace

QByteArray pdf(const ReportContents &report, int topIssues)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 12, 15, 12),
                                     QPageLayout::Millimeter));
    writer.setTitle(report.title);
    writer.setCreator(QStringLiteral("secreview"));
    const QRect area = writer.pageLayout().paintRectPixels(kDpi);
    const QSizeF page(area.width(), area.height() - kHeaderHeight - kFooterHeight);

    // Laid out once with the contents' page numbers unknown (the cells hold room for them), once
    // with them: the numbers do not move the text.
    QStringList placeholders;
    for (qsizetype i = 0; i < report::reportSections(report).size(); ++i)
        placeholders.append(QStringLiteral("00"));
    std::unique_ptr<QTextDocument> doc = document(report, placeholders, topIssues, &writer, page);
    doc = document(report, sectionPages(report, *doc), topIssues, &writer, page);
    keepParagraphsOnTheirPages(*doc);
    const int pages = doc->pageCount();
    QPainter painter(&writer);
    QFont small(QStringLiteral("DejaVu Sans"));
    small.setPointSizeF(7.5);
    const QString stamp = report.generatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    for (int p = 0; p < pages; ++p) {
        if (p > 0)
            writer.newPage();
        painter.setFont(small);
        painter.setPen(QColor(0x55, 0x55, 0x55));
        const QRectF head(0, 0, page.width(), kHeaderHeight - 12);
        const QString left = painter.fontMetrics().elidedText(
            QStringLiteral("secreview: %1 (%2)").arg(report.title, report.selection), Qt::ElideRight, int(page.width() * 0.7));
        painter.drawText(head, Qt::AlignLeft | Qt::AlignBottom, left);
        painter.drawText(head, Qt::AlignRight | Qt::AlignBottom, stamp);
        painter.drawLine(QPointF(0, kHeaderHeight - 8), QPointF(page.width(), kHeaderHeight - 8));
        painter.drawText(QRectF(0, kHeaderHeight + page.height(), page.width(), kFooterHeight), Qt::AlignCenter,
                         QStringLiteral("Page %1 of %2").arg(p + 1).arg(pages));
        painter.save();
        painter.translate(0, kHeaderHeight - p * page.height());
        const QRectF clip(0, p * page.height(), page.width(), page.height());
        painter.setClipRect(clip); // what lies across the page's edge never runs into the header or the foot
        // Lines are chosen by the clip they touch: one that only grazes this page (its leading
        // past the last page's edge) is the last page's, not drawn again hidden here, where a
        // text extractor would read it twice.
        doc->drawContents(&painter, clip.adjusted(0, 4, 0, -4));
        painter.restore();
    }
    painter.end();
    buffer.close();
    return bytes;
}

QByteArray exportBytes(const ReportContents &report, report::ExportFormat format, const report::CsvOptions &csv,
                       const report::HtmlOptions &html)
{
    switch (format) {
    case report::ExportFormat::Sarif:
        return report::sarif(report);
    case report::ExportFormat::Csv:
        return report::csv(report, csv);
    case report::ExportFormat::Json:
        return report::json(report);
    case report::ExportFormat::Html:
        return report::html(report, html).toUtf8();
    case report::ExportFormat::Pdf:
        break;
    }
    return pdf(report, html.topIssues);
}

} // namespace secreview::print
