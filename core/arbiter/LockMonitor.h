// SPDX-License-Identifier: MIT
#pragma once

#include "LockFileOpeners.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <memory>

class QTimer;

namespace devlatch {

class LockWatch;

// Tells when lock files in the lock directory may have changed hands, without polling.
// The OS part is a LockWatch (LockWatch_<os>.cpp; Linux: inotify — a claim or release by
// devlatch writes the record; flock(1), filelock and fasteners open and close the file; a
// dying holder's descriptors are closed).
//
// An acquisition by a peer that was already waiting produces no event of its own, so every
// burst of events is followed by one more report shortly after (a one-shot timer, never
// running while nothing happens). When the directory is deleted, the watch waits for it to
// be created again and then reports everything.
//
// It also keeps count of which lock files other processes have open (openers()): the only
// locks that can change hands without an event.
class LockMonitor final : public QObject {
    Q_OBJECT

public:
    explicit LockMonitor(const QString &directory, QObject *parent = nullptr);
    ~LockMonitor() override;

    bool isWatching() const;
    QString error() const; // why it is not watching
    // False where a program outside devlatch can take a lock without an event (Windows).
    bool seesEveryTake() const;

    const LockFileOpeners &openers() const { return m_openers; }
    // Corrects the counts with a walk of the processes (seeded so at the start).
    void resyncOpeners();

Q_SIGNALS:
    // Lock names (file names without ".lock") that saw activity; empty: anything may have.
    void activity(const QSet<QString> &lockNames);

private:
    void report(const QSet<QString> &names, bool everything);
    void followUp();

    QString m_directory;
    std::unique_ptr<LockWatch> m_watch;
    QTimer *m_followUp = nullptr;
    QSet<QString> m_recent;
    LockFileOpeners m_openers;
};

} // namespace devlatch
