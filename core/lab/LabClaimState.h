// SPDX-License-Identifier: MIT
#pragma once

// One claim's state inside LabClaims (private to core/lab: LabClaims.cpp, LabWatching.cpp).

#include "LabClaims.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QSet>
#include <QTimer>

#include <climits>
#include <functional>

namespace devlatch::lab {

struct LabClaims::Claim {
    QString device;
    LabClaimOptions options;
    QByteArray key;
    enum class Phase { Asking, Waiting, Holding, Leaving } phase = Phase::Asking;
    LabStatus status; // the queue as last known; events older than status.revision are stale
    QTimer timeout;
    QTimer maxHold;
    QString since;
    int announcedPosition = -1;
    QJsonArray pending; // watch events that came before the first read's answer
    bool overwritten = false; // someone put over our entry without its lease: it is no claim now
    QSet<QByteArray> seenWaiting; // entries this claim saw behind another (to tell a dead waiter from a holder)
    QString boundBy; // granted from a publisher's gate: the publisher, who holds the device on its machine
};

// Runs `then` when `deadline` expires, also beyond a QTimer's ~24.8 days: the timer is
// re-armed until the deadline is reached.
inline void armUntil(QTimer &timer, QDeadlineTimer deadline, std::function<void()> then)
{
    timer.setSingleShot(true);
    QObject::disconnect(&timer, &QTimer::timeout, nullptr, nullptr);
    QObject::connect(&timer, &QTimer::timeout, &timer, [&timer, deadline, then] {
        if (deadline.hasExpired())
            then();
        else
            timer.start(int(qMin<qint64>(deadline.remainingTime(), INT_MAX)));
    });
    timer.start(int(qMin<qint64>(deadline.remainingTime(), INT_MAX)));
}

} // namespace devlatch::lab
