// SPDX-License-Identifier: MIT
#include "DeviceDetails.h"

#include "ClaimHistory.h"
#include "StateWording.h"
#include "TrayController.h"

#include <QDateTime>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace devlatch::tray {

DeviceDetails::DeviceDetails(TrayController &controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_summary(new QLabel(this)), m_history(new QListWidget(this))
{
    setObjectName(QStringLiteral("deviceDetails"));
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText); // record text is never markup
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setFocusPolicy(Qt::NoFocus); // Tab goes from the table to the buttons
    m_history->setMaximumHeight(m_history->fontMetrics().height() * 5 + 8);
    m_history->setToolTip(tr("The last claims of this device that devlatch saw"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_history);
    show(QString());
}

QString DeviceDetails::durationText(qint64 seconds)
{
    if (seconds < 60)
        return tr("%n s", nullptr, int(seconds));
    if (seconds < 3600)
        return tr("%n min", nullptr, int(seconds / 60));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

void DeviceDetails::show(const QString &deviceId)
{
    m_device = deviceId;
    m_history->clear();
    const DeviceView view = m_controller.view(deviceId);
    if (deviceId.isEmpty() || view.id.isEmpty()) {
        m_summary->setText(tr("Select a device to see its state and its last claims."));
        return;
    }
    QString summary = QStringLiteral("%1 — %2").arg(view.name, view.description);
    if (!view.nodes.isEmpty())
        summary += u'\n' + tr("Nodes: %1").arg(view.nodes);
    summary += u'\n' + tr("Id: %1").arg(view.id);
    m_summary->setText(summary);
    const QLocale locale;
    const QList<ClaimHistory::Entry> entries = m_controller.history().of(deviceId);
    for (const ClaimHistory::Entry &entry : entries) {
        const QDateTime from = entry.from.toLocalTime();
        const QString when = from.date() == QDate::currentDate() ? locale.toString(from.time(), QStringLiteral("HH:mm"))
                                                                  : locale.toString(from, QLocale::ShortFormat);
        const QString span = entry.until.isValid()
                                 ? tr("%1–%2 (%3)").arg(when, locale.toString(entry.until.toLocalTime().time(), QStringLiteral("HH:mm")),
                                                        durationText(entry.from.secsTo(entry.until)))
                                 : tr("%1, still held").arg(when);
        const QString holder = entry.mine ? StateWording::tr("You") : entry.who;
        const QString who = holder.isEmpty() ? entry.program : QStringLiteral("%1 · %2").arg(holder, entry.program);
        m_history->addItem(tr("%1  %2 (pid %3)").arg(span, who).arg(entry.pid));
    }
    if (entries.isEmpty())
        m_history->addItem(tr("No claims seen yet"));
}

} // namespace devlatch::tray
