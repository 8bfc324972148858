#pragma once

#include "lock/LockTypes.h"

#include <QByteArrayList>
#include <QString>

#include <optional>

namespace devlatch::cli {

// What `devlatchctl claim` was asked to do, parsed and checked.
struct ClaimRequest {
    lock::WaitPolicy wait = lock::WaitPolicy::noWait();
    QString note;
    bool hold = false;
    bool releaseOnExit = false; // release when CMD exits, even if it left processes running
    QByteArrayList command;     // CMD ARGS..., byte for byte as given
};

// "--wait" alone: forever; "--wait=SECONDS": a finite, non-negative number of seconds up to
// a year. Nothing for anything else (nan, inf, negative, huge, not a number).
std::optional<lock::WaitPolicy> parseWait(const QString &value);

} // namespace devlatch::cli
