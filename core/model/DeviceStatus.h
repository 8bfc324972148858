// SPDX-License-Identifier: MIT
#pragma once

#include "Device.h"
#include "ForeignUse.h"

#include "lock/LockTypes.h"

#include <QJsonObject>
#include <QString>

namespace devlatch {

// What a reader knows about one device's lock at one moment.
struct DeviceStatus {
    // InUse: the lock is free, but a program that is not devlatch has the device open or
    // locked (picocom, minicom): claiming would succeed, using it would collide.
    // Unknown: the lock cannot be read, or its lock file cannot be used (error says why):
    // never reported as free.
    enum class State { Free, HeldByMe, Held, HeldForeign, InUse, Unknown };

    Device device;
    QString lockName;
    QString lockPath;       // lock file (Linux) or mutex name (Windows)
    State state = State::Unknown;
    lock::LockState lock;   // raw reader view: holder record, OS holders, abandoned record
    QList<ForeignUse> foreignUse; // processes using the device's nodes outside devlatch
    QString error;          // why the state is Unknown

    bool isBusy() const { return state == State::Held || state == State::HeldForeign || state == State::InUse; }
    static QString stateKeyword(State state); // free, mine, held, foreign, in-use, unknown

    QString stateSummary() const;
    // One line for people, e.g. "held by flash.py (pid 4242) of lab1@bench3 since ...".
    QString summary() const;
    // Every holder and waiter the OS reports, one per line, for `devlatchctl who`.
    QStringList holderLines() const;
    QJsonObject toJson() const;
};

QJsonObject holderRecordToJson(const lock::HolderRecord &record);

// Every JSON document devlatch prints (devlatchctl list/status/who --json, devlatch --state)
// starts as {"schema": 1, "command": ...}: one documented shape, docs/devlatch.schema.json.
// The number changes only when a field changes meaning or goes away.
constexpr int kJsonSchemaVersion = 1;
QJsonObject jsonDocumentFor(const QString &command);

} // namespace devlatch
