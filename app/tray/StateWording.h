// SPDX-License-Identifier: MIT
#pragma once

#include "DeviceView.h"

#include "model/DeviceStatus.h"

#include <QCoreApplication>
#include <QString>

#include <string>

namespace devlatch::tray {

// A device's state in the tray's words and look, decided here and nowhere else: "Free",
// "Yours since 10:32 (note) — also in use by picocom (pid 77)", "You, in devlatchctl (pid
// 4242) since 10:15", "Waiting — you are queued; held by ...". Text from records is escaped.
class StateWording final {
    Q_DECLARE_TR_FUNCTIONS(devlatch::tray::StateWording)

public:
    struct Context {
        QString name;        // the name to show (alias first)
        bool queued = false; // a "claim when free" waits for it
    };
    static DeviceView view(const DeviceStatus &status, const Context &context);
    // The sentence alone (notifications, --state).
    static QString describe(const DeviceStatus &status, bool queued = false);
    // "10:32" today; with the date when older.
    static QString formatSince(const std::string &isoUtc);
    // Every short state word ("Free", "Yours", ...), e.g. to size a column for them.
    static QStringList stateWords();
    // "serial", "probe", ... in the user's language; unknown kinds as they are.
    static QString kindText(const QString &kind);

private:
    static QString lockSentence(const DeviceStatus &status);
    static QString heldSentence(const DeviceStatus &status);
    static QString foreignSentence(long long pid, const std::string &program);
    static QString holderColumn(const DeviceStatus &status);
};

// Whether a holder record is this user's on this machine (but another process: devlatchctl).
bool isMine(const lock::HolderRecord &record);

} // namespace devlatch::tray
