// SPDX-License-Identifier: MIT
#pragma once

#include "model/Device.h"

#include "lock/HolderRecord.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

namespace devlatch {

class Arbiter;

// "Claim when free": each queued claim waits in the kernel on its own thread and is granted
// the moment the device frees. Results arrive as signals on the owner's thread.
class QueuedClaims final : public QObject {
    Q_OBJECT

public:
    explicit QueuedClaims(Arbiter &arbiter, QObject *parent = nullptr);
    ~QueuedClaims() override; // cancels and joins every wait

    bool queue(const Device &device, const QString &note, const QString &program);
    void cancel(const QString &deviceId);
    void cancelAll(); // a grant that races a cancel is released again: cancelled wins
    // Cancelled waits are no longer queued, even before their thread has noticed.
    bool isQueued(const QString &deviceId) const;
    QStringList queued() const;

Q_SIGNALS:
    void granted(const QString &deviceId, const std::optional<devlatch::lock::HolderRecord> &abandoned);
    void failed(const QString &deviceId, const QString &message);
    void cancelled(const QString &deviceId);

private:
    struct Wait;
    void finished(const std::shared_ptr<Wait> &wait, const QString &deviceId, int status, const QString &message,
                  const std::optional<lock::HolderRecord> &abandoned);

    Arbiter &m_arbiter;
    QHash<QString, std::shared_ptr<Wait>> m_waits;
};

} // namespace devlatch
