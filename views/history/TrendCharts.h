#pragma once

#include "model/scans/ScanHistory.h"

#include <QChartView>
#include <QList>

class QBarSet;

namespace secreview::views {

// A chart of a trend's points, one bar per point (Qt Charts): the severities stacked, or new and
// remediated side by side. Hovering a bar shows its numbers; clicking one asks for its scan's
// issues. Its colours follow the palette (readable light and dark) and the severity colours.
class TrendChart : public QChartView
{
    Q_OBJECT
public:
    enum Kind
    {
        Severities, // counts by severity, stacked (Critical at the bottom)
        NewAndRemediated
    };
    TrendChart(Kind kind, QWidget *parent = nullptr);

    void setPoints(const QList<TrendPoint> &points);
    const QList<TrendPoint> &points() const { return m_points; }
    QString pointText(int index) const; // what hovering the point shows
    QString hoverText() const { return m_hoverText; } // what the tooltip shows now; empty: none
    QList<QBarSet *> barSets() const { return m_sets; }
    // Where a point's bar is drawn, in the viewport's coordinates (its middle, at the value).
    QPoint barCentre(int index) const;

signals:
    void scanClicked(qint64 scan, const QString &target, const QString &variant);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle(); // the palette's colours for the chart, the fixed ones for the bars
    void hovered(bool entered, int index);

    Kind m_kind;
    QList<TrendPoint> m_points;
    QList<QBarSet *> m_sets;
    QString m_hoverText;
};

} // namespace secreview::views
