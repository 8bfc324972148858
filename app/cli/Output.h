// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace devlatch::cli {

// stdout for results, stderr for messages ("devlatchctl: ..."), in the locale's encoding.
void printOut(const QString &text);
void printError(const QString &text);
// What status and who print, in any scope: the JSON document {"schema", "command", "device"},
// or who holds and waits ("nobody"), or the one-line summary.
void printStatus(bool json, bool whoOnly, const QJsonObject &device, const QStringList &holderLines, const QString &summary);

} // namespace devlatch::cli
