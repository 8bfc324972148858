// SPDX-License-Identifier: MIT
#pragma once

#include "lock/LockTypes.h"

#include <QString>

namespace devlatch {

// The sentences for what the lock layer reports as facts, in one place for the CLI and the
// tray (translatable: QCoreApplication::translate, context "devlatch::LockWording"). Text
// that comes from holder records (notes, program and user names) is shown escaped.
namespace LockWording {

// What went wrong and what to do about it. `device` (optional) names the device in advice
// such as "check who holds it: devlatchctl who DEVICE".
QString problem(const lock::LockProblem &problem, const QString &device = {});

// "flash.py (pid 4242) of lab1@bench3 since 2026-11-22T10:15:00Z: flashing rev B"
QString holder(const lock::HolderRecord &record);
// "previous holder pid 4242, flash.py of lab1, ended without releasing (...)"
QString abandoned(const lock::HolderRecord &record);
// "flock (pid 77), flock" / "a process the OS does not name, OFD lock, waiting"
QString osHolder(const lock::OsHolder &holder);

// Control characters (C0, DEL, C1) and bidirectional overrides as visible escapes, so text
// from a record cannot move another user's cursor, ring a bell or reorder a line.
QString escaped(const QString &text);
QString escaped(const std::string &utf8);

// The OS's text for an errno (Linux) or GetLastError() code (Windows): SystemError_<os>.cpp.
QString systemError(int code);

} // namespace LockWording

} // namespace devlatch
