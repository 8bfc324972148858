// SPDX-License-Identifier: MIT
#pragma once

// One claim's state inside LabClaims (private to core/lab: LabClaims.cpp, LabWatching.cpp).

#include "LabClaims.h"

#include <QJsonArray>
#include <QTimer>

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
};

} // namespace devlatch::lab
