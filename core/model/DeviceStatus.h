#pragma once

#include "model/Device.h"

#include "lock/LockTypes.h"

#include <QJsonObject>
#include <QString>

namespace devlatch {

// What a reader knows about one device's lock at one moment.
struct DeviceStatus {
    enum class State { Free, HeldByMe, Held, HeldForeign, Unknown };

    Device device;
    QString lockName;
    QString lockPath;       // lock file (Linux) or mutex name (Windows)
    State state = State::Unknown;
    lock::LockState lock;   // raw reader view: holder record, OS holders, abandoned record
    QString error;          // why the state is Unknown

    bool isBusy() const { return state == State::Held || state == State::HeldForeign; }
    static QString stateKeyword(State state); // free, mine, held, foreign, unknown

    // One line for people, e.g. "held by flash.py (pid 4242) of lab1@bench3 since ...".
    QString summary() const;
    // Every holder and waiter the OS reports, one per line, for `devlatchctl who`.
    QStringList holderLines() const;
    QJsonObject toJson() const;
};

QJsonObject holderRecordToJson(const lock::HolderRecord &record);

} // namespace devlatch
