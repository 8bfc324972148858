#pragma once

#include "model/Device.h"
#include "model/DeviceStatus.h"

#include "lock/LockTypes.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace devlatch {

namespace lock {
class CancelToken;
class DeviceLock;
class LockReader;
} // namespace lock

struct ClaimOptions {
    lock::WaitPolicy wait = lock::WaitPolicy::noWait();
    QString note;
    QString program;                   // shown as the holder's program; default: this program
    lock::CancelToken *cancel = nullptr;
};

struct ClaimResult {
    lock::AcquireStatus status = lock::AcquireStatus::Error;
    QString message;                   // the reason, naming the holder when busy
    std::optional<lock::HolderRecord> abandoned;
    DeviceStatus statusWhenRefused;    // who holds it, when busy or timed out

    bool granted() const { return status == lock::AcquireStatus::Acquired; }
};

// Owns this process's lock of every device: one DeviceLock per device id, created on first
// claim. Thread-safe; claims of different devices run in parallel.
class Arbiter final {
public:
    explicit Arbiter(lock::Scope scope = lock::Scope::Machine);
    ~Arbiter();
    Arbiter(const Arbiter &) = delete;
    Arbiter &operator=(const Arbiter &) = delete;

    lock::Scope scope() const { return m_scope; }
    // The lock directory, or why there is none (e.g. XDG_RUNTIME_DIR unset for the user scope).
    QString lockDirectory() const { return m_directory; }
    QString directoryError() const { return m_directoryError; }

    ClaimResult claim(const Device &device, const ClaimOptions &options = {});
    bool release(const QString &deviceId);
    void releaseAll();
    bool isHeldByMe(const QString &deviceId) const;
    // Publishes a new note in the holder record of a device this process holds.
    bool setNote(const QString &deviceId, const QString &note);
    // The holder record this process published for a device it holds.
    std::optional<lock::HolderRecord> myRecord(const QString &deviceId) const;

    // Who holds the device, found without taking its lock. With `foreignUse`, also which
    // programs use its nodes outside devlatch (a /proc scan: not free with many devices).
    DeviceStatus status(const Device &device, bool foreignUse = false) const;

private:
    std::shared_ptr<lock::DeviceLock> lockFor(const Device &device, QString &error);

    lock::Scope m_scope;
    QString m_directory;
    QString m_directoryError;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<lock::DeviceLock>> m_locks;
    QHash<QString, lock::HolderRecord> m_records;        // what we published, by device id
    mutable QHash<QString, std::shared_ptr<lock::LockReader>> m_readers; // kept open between reads
};

} // namespace devlatch
