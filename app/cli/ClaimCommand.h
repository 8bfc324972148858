// SPDX-License-Identifier: MIT
#pragma once

#include "lock/LockTypes.h"
#include "model/Device.h"

#include <QByteArrayList>
#include <QString>
#include <QStringList>

#include <optional>

namespace devlatch::cli {

// What `devlatchctl claim` was asked to do, parsed and checked.
struct ClaimRequest {
    lock::WaitPolicy wait = lock::WaitPolicy::noWait();
    QString note;
    bool hold = false;
    bool releaseOnExit = false; // release when CMD exits, even if it left processes running
    int conflictExitCode = 1;   // -E N: the exit status for busy or timed out
    QString any;                // --any SELECTOR: the first free device that matches
    bool quietWhenBusy = false; // one candidate of --any: busy is not an error yet
    bool announce = false;      // print the claimed device's id (and give it to CMD)
    QByteArrayList command;     // CMD ARGS..., byte for byte as given
    // The lab scope only:
    qint64 maxHoldSeconds = 0;  // --max-hold: released at the deadline
    bool onLostKill = false;    // --on-lost=kill: end CMD when the claim is lost
};

// "--wait" alone: forever; "--wait=SECONDS": a finite, non-negative number of seconds up to
// a year. Nothing for anything else (nan, inf, negative, huge, not a number).
std::optional<lock::WaitPolicy> parseWait(const QString &value);
// "--wait 30" and "-w 30" become "--wait=30"; a bare --wait/-w becomes "--wait=forever"
// (QCommandLineParser has no optional values). Only before "--".
QStringList normaliseWaitOption(QStringList arguments);
// --any's selector: "kind=serial", or a glob on a device's id, key, alias or name
// ("usb:0403:*", "Bench-*").
bool matchesSelector(const Device &device, const QString &selector);
// "2h", "30m", "90s", "1h30m" or plain seconds, up to a year; nothing for anything else.
std::optional<qint64> parseDuration(const QString &value);
// The holder record's program: "devlatchctl" for --hold, "flash.py via devlatchctl" for a CMD
// (the record's pid is devlatchctl's), "devlatchctl (nested claim)" for a CMD that is one.
QString holderProgram(const ClaimRequest &request);

} // namespace devlatch::cli
