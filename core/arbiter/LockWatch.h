// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

class QObject;

namespace devlatch {

// The OS part of LockMonitor: reports activity on lock files of one directory as it
// happens, on the thread of `context`. One implementation per OS (LockWatch_<os>.cpp).
class LockWatch {
public:
    struct Events {
        QSet<QString> names;  // lock names (file names without ".lock") that saw activity
        // ... of those, opens minus closes by any process (never this one's own reads)
        QHash<QString, int> openDelta;
        bool everything = false; // any lock may have changed (the watch overflowed, or the
                                 // directory came back after being deleted)
    };
    using Report = std::function<void(const Events &events)>;

    virtual ~LockWatch() = default;
    virtual bool isWatching() const = 0;
    virtual QString error() const = 0;
    // Whether every take of a lock, also by programs outside devlatch, is an event (Linux:
    // taking a lock opens its file). Windows: a mutex taken by a peer is not; probe instead.
    virtual bool seesEveryTake() const { return true; }

    static std::unique_ptr<LockWatch> create(const QString &directory, Report report, QObject *context);
};

} // namespace devlatch
