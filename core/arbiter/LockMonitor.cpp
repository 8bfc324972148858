// SPDX-License-Identifier: MIT
#include "LockMonitor.h"

#include "LockWatch.h"

#include "discovery/ForeignUseScan.h"
#include "lock/LockDirectory.h"

#include <QTimer>

namespace devlatch {

namespace {
constexpr int kFollowUpMs = 40;
} // namespace

LockMonitor::LockMonitor(const QString &directory, QObject *parent) : QObject(parent), m_directory(directory)
{
    m_followUp = new QTimer(this);
    m_followUp->setSingleShot(true);
    m_followUp->setInterval(kFollowUpMs);
    connect(m_followUp, &QTimer::timeout, this, &LockMonitor::followUp);
    m_watch = LockWatch::create(
        directory,
        [this](const LockWatch::Events &events) {
            m_openers.apply(events.openDelta);
            if (events.everything)
                resyncOpeners();
            report(events.names, events.everything);
        },
        this);
    resyncOpeners(); // after the watch exists: an open in between is counted twice at worst
}

LockMonitor::~LockMonitor() = default;

bool LockMonitor::isWatching() const
{
    return m_watch->isWatching();
}

bool LockMonitor::seesEveryTake() const
{
    return m_watch->seesEveryTake();
}

QString LockMonitor::error() const
{
    return m_watch->error();
}

void LockMonitor::resyncOpeners()
{
    const OpenFilesIn open = filesOpenByOthersIn(m_directory);
    const QString suffix = QStringLiteral(".lock");
    QSet<QString> seen;
    for (const QString &file : open.names)
        if (file.endsWith(suffix))
            seen.insert(file.chopped(suffix.size()));
    QSet<QString> existing;
    if (!open.complete)
        for (const std::string &name : lock::lockNamesIn(m_directory.toStdString()))
            existing.insert(QString::fromStdString(name));
    m_openers.resync(seen, open.complete, existing);
}

void LockMonitor::report(const QSet<QString> &names, bool everything)
{
    if (everything) {
        m_recent.clear();
        Q_EMIT activity({});
        return;
    }
    if (names.isEmpty())
        return;
    m_recent.unite(names);
    m_followUp->start();
    Q_EMIT activity(names);
}

void LockMonitor::followUp()
{
    const QSet<QString> again = m_recent;
    m_recent.clear();
    Q_EMIT activity(again);
}

} // namespace devlatch
