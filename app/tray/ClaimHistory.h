// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace devlatch {
struct DeviceStatus;
}

namespace devlatch::tray {

// Who had each device, when and for how long: the claims this tray saw begin and end, kept
// in a small local log ($XDG_STATE_HOME/devlatch/history.json; never in the lock file, which
// says only who holds it now). At most kPerDevice claims per device, kMaxEntries in all.
class ClaimHistory final {
public:
    struct Entry {
        QString deviceId;
        QString who;     // "lab1", "lab1@bench3"; escaped (empty for a foreign, unrecorded holder)
        bool mine = false; // this user's claim: shown as "You" in the language of the day
        QString program; // escaped
        qint64 pid = 0;
        QDateTime from;  // UTC
        QDateTime until; // UTC; invalid: still held
    };
    static constexpr int kPerDevice = 20;
    static constexpr int kMaxEntries = 2000;

    explicit ClaimHistory(const QString &file = defaultFile());
    static QString defaultFile();

    // Notes a claim that began or ended between two reads of one device.
    void observe(const DeviceStatus &previous, const DeviceStatus &current);
    // Newest first, the claim in progress (if any) included.
    QList<Entry> of(const QString &deviceId) const;
    QString error() const { return m_error; } // why the log cannot be read or written

private:
    void load();
    void save();

    QString m_file;
    QList<Entry> m_entries;             // ended, oldest first
    QHash<QString, Entry> m_inProgress; // by device id
    QString m_error;
};

} // namespace devlatch::tray
