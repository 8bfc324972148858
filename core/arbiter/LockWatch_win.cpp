// SPDX-License-Identifier: MIT
// Windows: the holder-record folder through QFileSystemWatcher (ReadDirectoryChangesW). A
// devlatch holder writes <name>.holder when it takes a mutex and deletes it when it lets go,
// so devlatch's own claims and releases are events. A mutex itself has no event: what a
// program outside devlatch takes is found by probing (seesEveryTake() is false, so the
// StateTracker's ProbeSchedule probes every device, often while someone looks, slowly else).

#include "LockWatch.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHash>

namespace devlatch {

namespace {

const QString kSuffix = QStringLiteral(".holder");

class RecordFolderWatch final : public LockWatch {
public:
    RecordFolderWatch(const QString &directory, Report report, QObject *context)
        : m_directory(directory), m_report(std::move(report)), m_watcher(new QFileSystemWatcher(context))
    {
        m_snapshot = snapshot();
        QObject::connect(m_watcher, &QFileSystemWatcher::directoryChanged, context, [this] { onChanged(); });
        if (!m_watcher->addPath(directory))
            m_error = QStringLiteral("cannot watch %1").arg(QDir::toNativeSeparators(directory));
    }
    ~RecordFolderWatch() override { delete m_watcher; }

    bool isWatching() const override { return m_error.isEmpty(); }
    QString error() const override { return m_error; }
    bool seesEveryTake() const override { return false; }

private:
    QHash<QString, QDateTime> snapshot() const
    {
        QHash<QString, QDateTime> names;
        const QFileInfoList files = QDir(m_directory).entryInfoList({QStringLiteral("*") + kSuffix}, QDir::Files);
        for (const QFileInfo &file : files)
            names.insert(file.fileName().chopped(kSuffix.size()), file.lastModified());
        return names;
    }

    void onChanged()
    {
        const QHash<QString, QDateTime> now = snapshot();
        Events events;
        for (auto it = now.begin(); it != now.end(); ++it)
            if (m_snapshot.value(it.key()) != it.value())
                events.names.insert(it.key());
        for (auto it = m_snapshot.begin(); it != m_snapshot.end(); ++it)
            if (!now.contains(it.key()))
                events.names.insert(it.key());
        m_snapshot = now;
        if (!QFileInfo::exists(m_directory)) {
            events.everything = true; // gone: re-read all; watch it again when it is back
            m_watcher->addPath(m_directory);
        }
        if (!events.names.isEmpty() || events.everything)
            m_report(events);
    }

    QString m_directory;
    Report m_report;
    QFileSystemWatcher *m_watcher;
    QHash<QString, QDateTime> m_snapshot;
    QString m_error;
};

} // namespace

std::unique_ptr<LockWatch> LockWatch::create(const QString &directory, Report report, QObject *context)
{
    return std::make_unique<RecordFolderWatch>(directory, std::move(report), context);
}

} // namespace devlatch
