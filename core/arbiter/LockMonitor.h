#pragma once

#include <QObject>
#include <QSet>
#include <QString>

class QSocketNotifier;
class QTimer;

namespace devlatch {

// Tells when lock files in the lock directory may have changed hands, without polling:
// inotify on Linux (a claim or release by devlatch writes the record; flock(1), filelock
// and fasteners open and close the file; a dying holder's descriptors are closed). Other
// platforms fall back to QFileSystemWatcher on the directory.
//
// An acquisition by a peer that was already waiting produces no event of its own, so every
// burst of events is followed by one more report shortly after (a one-shot timer, never
// running while nothing happens).
class LockMonitor final : public QObject {
    Q_OBJECT

public:
    explicit LockMonitor(const QString &directory, QObject *parent = nullptr);
    ~LockMonitor() override;

    bool isWatching() const { return m_watching; }
    QString error() const { return m_error; }

Q_SIGNALS:
    // Lock names (file names without ".lock") that saw activity; empty: anything may have.
    void activity(const QSet<QString> &lockNames);

private:
    void readEvents();
    void report();

    QString m_directory;
    bool m_watching = false;
    QString m_error;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_followUp = nullptr;
    QSet<QString> m_pending;
    QSet<QString> m_recent;
};

} // namespace devlatch
