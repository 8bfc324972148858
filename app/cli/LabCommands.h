// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <memory>

namespace devlatch {
class LabConnection;
struct LabSettings;
} // namespace devlatch

namespace devlatch::cli {

class CliContext;
struct ClaimRequest;

// The lab scope (--scope lab) of claim, status, who and list, and `devlatchctl lab ...`.
// A cluster that cannot be reached is exit 3 with the endpoint and the error, never "free".
int claimInLab(CliContext &context, const ClaimRequest &request);
int showLabStatus(CliContext &context, bool whoOnly);
int listLab(CliContext &context, bool namesOnly);
// devlatchctl lab status | steal DEV --reason TEXT | maintenance DEV on|off --reason TEXT | audit
int runLab(const QStringList &arguments);
// devlatchctl lab publish [DEV...]: until SIGTERM (LabPublisher).
int publishToLab(CliContext &context, const QStringList &typed);

// Shared by the lab commands: the connection (with the event loop Qt Network needs), or
// nothing with the error printed and `code` set; running the loop until `done` is set.
std::unique_ptr<LabConnection> openLabConnection(const LabSettings &settings, int &code);
void runLoopUntil(const bool &done);

} // namespace devlatch::cli
