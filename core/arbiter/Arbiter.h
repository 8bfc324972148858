// SPDX-License-Identifier: MIT
#pragma once

#include "model/Device.h"
#include "model/DeviceCatalog.h"
#include "model/DeviceStatus.h"

#include "lock/DeviceLock.h"
#include "lock/LockTypes.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace devlatch {

namespace lock {
class CancelToken;
class LockReading;
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
    // Where a device's lock lives; nothing (and why, in `error`) when it has none here.
    std::optional<lock::LockLocation> lockLocation(const Device &device, QString *error = nullptr) const
    {
        return locationOf(device, error);
    }

    ClaimResult claim(const Device &device, const ClaimOptions &options = {});
    bool release(const QString &deviceId);
    void releaseAll();
    bool isHeldByMe(const QString &deviceId) const;
    // Publishes a new note in the holder record of a device this process holds.
    bool setNote(const QString &deviceId, const QString &note);
    // Names the command that shares a held device's lock (`claim DEV -- CMD`) in its record.
    bool setCommand(const QString &deviceId, qint64 pid);
    // The holder record this process published for a device it holds.
    std::optional<lock::HolderRecord> myRecord(const QString &deviceId) const;
    // A descriptor of a held device's lock for a child to inherit (see DeviceLock); -1 when
    // not held or not possible here. The caller closes it.
    int inheritableDescriptor(const QString &deviceId) const;

    // After a hint that lock files changed: for every device this process holds whose lock
    // file was removed or replaced, takes the new one too. The devices and what happened.
    QList<QPair<QString, lock::DeviceLock::IntegrityResult>> verifyHeld();

    // Who holds the device, found without taking its lock. With `foreignUse`, also which
    // programs use its nodes outside devlatch (a /proc scan: not free with many devices).
    DeviceStatus status(const Device &device, bool foreignUse = false) const;
    // Which programs use the device's nodes outside devlatch (not its lock).
    QList<ForeignUse> foreignUseOf(const Device &device) const;
    // Many devices in one look at the system (the OS's tables read once).
    QList<DeviceStatus> statuses(const QList<Device> &devices, bool foreignUse = false) const;

    // Lock files in the directory that belong to no known device and cannot be used
    // (symlinks, hard links, modes that shut users out): never silently left out.
    struct BrokenLock {
        QString lockName;
        QString lockPath;
        QString problem;
    };
    // What `devlatchctl list` shows, in one look at the system: every device of `catalog`,
    // the named resources outside it that some process holds right now (ad-hoc names
    // claimed like flock(1) on a name; a lock file whose record's id does not hash to its
    // name is not that id's), the lock files held with no record that names them (flock(1)
    // on the file: `unnamed`, their device without an id), and the broken lock files.
    struct Listing {
        QList<DeviceStatus> devices;
        QList<DeviceStatus> unnamed;
        QList<BrokenLock> broken;
    };
    Listing listing(const DeviceCatalog &catalog, bool foreignUse = true) const;

private:
    std::shared_ptr<lock::DeviceLock> lockFor(const Device &device, QString &error);
    std::optional<lock::LockLocation> locationOf(const Device &device, QString *error) const;
    DeviceStatus read(const Device &device, bool foreignUse, lock::LockReading &reading) const;
    bool republish(const QString &deviceId, const std::function<void(lock::HolderRecord &)> &change);

    lock::Scope m_scope;
    QString m_directory;
    QString m_directoryError;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<lock::DeviceLock>> m_locks;
};

} // namespace devlatch
