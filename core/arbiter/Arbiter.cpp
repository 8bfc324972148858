// SPDX-License-Identifier: MIT
#include "Arbiter.h"

#include "discovery/ForeignUseScan.h"
#include "model/LockWording.h"

#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <QFileInfo>
#include <QMutexLocker>
#include <QSet>

#include <set>

namespace devlatch {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string utf8(const QString &text)
{
    return text.toUtf8().toStdString();
}

} // namespace

Arbiter::Arbiter(lock::Scope scope) : m_scope(scope)
{
    const lock::LockDirectoryResult directory = lock::lockDirectoryFor(scope);
    m_directory = qs(directory.path);
    if (!directory.ok())
        m_directoryError = LockWording::problem(directory.problem);
}

Arbiter::~Arbiter()
{
    releaseAll();
}

std::optional<lock::LockLocation> Arbiter::locationOf(const Device &device, QString *error) const
{
    if (!m_directoryError.isEmpty()) {
        if (error)
            *error = m_directoryError;
        return std::nullopt;
    }
    const lock::LockNameResult name = lock::lockNameForId(utf8(device.id));
    if (!name.ok()) {
        if (error)
            *error = qs(name.error);
        return std::nullopt;
    }
    lock::LockLocation location{utf8(m_directory), name.name, m_scope, {}};
    // Who may use the device may claim it: the first node that exists decides.
    for (const QString &node : device.nodes)
        if (QFileInfo::exists(node)) {
            location.accessFromNode = utf8(node);
            break;
        }
    return location;
}

std::shared_ptr<lock::DeviceLock> Arbiter::lockFor(const Device &device, QString &error)
{
    QMutexLocker locker(&m_mutex);
    if (auto existing = m_locks.value(device.id))
        return existing;
    const auto location = locationOf(device, &error);
    if (!location)
        return nullptr;
    auto created = std::make_shared<lock::DeviceLock>(*location);
    m_locks.insert(device.id, created);
    return created;
}

ClaimResult Arbiter::claim(const Device &device, const ClaimOptions &options)
{
    ClaimResult result;
    QString error;
    const auto deviceLock = lockFor(device, error);
    if (!deviceLock) {
        result.message = error;
        return result;
    }
    const lock::HolderRecord me = lock::currentProcessRecord(utf8(device.id), utf8(options.program), utf8(options.note));
    const lock::AcquireResult acquired = deviceLock->acquire(me, options.wait, options.cancel);
    result.status = acquired.status;
    result.abandoned = acquired.abandoned;
    const QString name = device.displayName();
    switch (acquired.status) {
    case lock::AcquireStatus::Acquired: break;
    case lock::AcquireStatus::Busy:
    case lock::AcquireStatus::TimedOut:
        result.statusWhenRefused = status(device, true);
        result.message = acquired.status == lock::AcquireStatus::Busy
                             ? QStringLiteral("%1 is busy: %2").arg(name, result.statusWhenRefused.summary())
                             : QStringLiteral("timed out waiting for %1: %2").arg(name, result.statusWhenRefused.summary());
        break;
    case lock::AcquireStatus::AlreadyHeld:
        result.message = acquired.waitingHere ? QStringLiteral("%1: this process is already waiting for it").arg(name)
                                              : QStringLiteral("%1: already held by this process").arg(name);
        break;
    case lock::AcquireStatus::Cancelled:
        result.message = QStringLiteral("waiting for %1 was cancelled").arg(name);
        break;
    case lock::AcquireStatus::Error:
        result.message = LockWording::problem(acquired.problem, device.key.isEmpty() ? device.id : device.key);
        break;
    }
    return result;
}

bool Arbiter::release(const QString &deviceId)
{
    std::shared_ptr<lock::DeviceLock> deviceLock;
    {
        QMutexLocker locker(&m_mutex);
        deviceLock = m_locks.value(deviceId);
    }
    if (!deviceLock || !deviceLock->isHeld())
        return false;
    deviceLock->release();
    return true;
}

void Arbiter::releaseAll()
{
    QList<std::shared_ptr<lock::DeviceLock>> locks;
    {
        QMutexLocker locker(&m_mutex);
        locks = m_locks.values();
    }
    for (const auto &deviceLock : locks)
        deviceLock->release();
}

bool Arbiter::republish(const QString &deviceId, const std::function<void(lock::HolderRecord &)> &change)
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    if (!deviceLock)
        return false;
    std::optional<lock::HolderRecord> record = deviceLock->publishedRecord();
    if (!record)
        return false;
    change(*record);
    return !deviceLock->updateRecord(*record);
}

bool Arbiter::setNote(const QString &deviceId, const QString &note)
{
    return republish(deviceId, [&note](lock::HolderRecord &record) { record.note = utf8(note); });
}

bool Arbiter::setCommand(const QString &deviceId, qint64 pid)
{
    const auto facts = lock::processFacts(pid);
    return republish(deviceId, [&](lock::HolderRecord &record) {
        record.commandPid = pid;
        record.commandStartTicks = facts ? facts->startTicks : 0;
    });
}

std::optional<lock::HolderRecord> Arbiter::myRecord(const QString &deviceId) const
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    return deviceLock ? deviceLock->publishedRecord() : std::nullopt;
}

bool Arbiter::isHeldByMe(const QString &deviceId) const
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    return deviceLock && deviceLock->isHeld();
}

int Arbiter::inheritableDescriptor(const QString &deviceId) const
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    return deviceLock ? deviceLock->inheritableDescriptor() : -1;
}

QList<QPair<QString, lock::DeviceLock::IntegrityResult>> Arbiter::verifyHeld()
{
    QList<QPair<QString, lock::DeviceLock::IntegrityResult>> changed;
    QMutexLocker locker(&m_mutex);
    for (auto it = m_locks.cbegin(); it != m_locks.cend(); ++it) {
        const lock::DeviceLock::IntegrityResult result = it.value()->verify();
        if (result.state == lock::DeviceLock::Integrity::Restored || result.state == lock::DeviceLock::Integrity::Lost)
            changed.append({it.key(), result});
    }
    return changed;
}

DeviceStatus Arbiter::status(const Device &device, bool foreignUse) const
{
    lock::LockReading reading;
    return read(device, foreignUse, reading);
}

QList<ForeignUse> Arbiter::foreignUseOf(const Device &device) const
{
    return device.present && !device.nodes.isEmpty() ? findForeignUse(device.nodes) : QList<ForeignUse>();
}

QList<DeviceStatus> Arbiter::statuses(const QList<Device> &devices, bool foreignUse) const
{
    lock::LockReading reading;
    QList<DeviceStatus> result;
    result.reserve(devices.size());
    for (const Device &device : devices)
        result << read(device, foreignUse, reading);
    return result;
}

DeviceStatus Arbiter::read(const Device &device, bool foreignUse, lock::LockReading &reading) const
{
    DeviceStatus status;
    status.device = device;
    QString error;
    const auto location = locationOf(device, &error);
    const lock::LockNameResult name = lock::lockNameForId(utf8(device.id));
    status.lockName = qs(name.name);
    if (!location) {
        status.error = error;
        return status;
    }
    status.lockPath = qs(lock::lockObjectName(*location));
    status.lock = reading.read(*location);
    const bool present = foreignUse && device.present;
    if (isHeldByMe(device.id)) {
        status.state = DeviceStatus::State::HeldByMe;
        if (!status.lock.holder)
            status.lock.holder = myRecord(device.id);
    } else if (!status.lock.error.empty()) {
        status.state = DeviceStatus::State::Unknown;
        status.error = qs(status.lock.error);
    } else if (status.lock.problem && !status.lock.held) {
        // A lock file nobody holds but this user could not claim either: never "free".
        status.state = DeviceStatus::State::Unknown;
        status.error = LockWording::problem(status.lock.problem, device.key.isEmpty() ? device.id : device.key);
    } else if (!status.lock.held) {
        status.state = DeviceStatus::State::Free;
    } else {
        status.state = status.lock.heldByForeignProgram() ? DeviceStatus::State::HeldForeign : DeviceStatus::State::Held;
    }
    if (present)
        status.foreignUse = findForeignUse(device.nodes, reading);
    if (status.state == DeviceStatus::State::Free && !status.foreignUse.isEmpty())
        status.state = DeviceStatus::State::InUse;
    return status;
}

Arbiter::Listing Arbiter::listing(const DeviceCatalog &catalog, bool foreignUse) const
{
    Listing listing;
    lock::LockReading reading;
    QSet<QString> knownIds;
    std::set<std::string> knownNames;
    for (const Device &device : catalog.devices()) {
        listing.devices << read(device, foreignUse, reading);
        knownIds.insert(device.id);
        knownNames.insert(lock::lockNameForId(utf8(device.id)).name);
    }
    if (!m_directoryError.isEmpty())
        return listing;
    for (const std::string &name : lock::lockNamesIn(utf8(m_directory))) {
        if (knownNames.count(name))
            continue;
        const lock::LockLocation location{utf8(m_directory), name, m_scope, {}};
        const lock::LockState state = reading.read(location);
        // Any record whose id hashes to this file's name names it, believed or not (one left
        // by an earlier holder, under a flock(1) that wrote none of its own).
        const lock::HolderRecord *named = state.holder ? &*state.holder
                                          : state.unbelievedRecord ? &*state.unbelievedRecord
                                          : state.abandoned        ? &*state.abandoned
                                                                   : nullptr;
        if (named && lock::lockNameForId(named->id).name != name)
            named = nullptr;
        if (named && (state.holder || state.held)) {
            const QString id = qs(named->id);
            if (!knownIds.contains(id)) {
                knownIds.insert(id);
                listing.devices << read(catalog.resolve(id).device, foreignUse, reading);
            }
        } else if (state.held || !state.error.empty()) {
            // Held, but nothing says by which name: shown by its file, never left out.
            DeviceStatus status;
            status.lockName = qs(name);
            status.lockPath = qs(lock::lockObjectName(location));
            status.lock = state;
            if (!state.error.empty()) {
                status.state = DeviceStatus::State::Unknown;
                status.error = qs(state.error);
            } else {
                status.state = state.heldByForeignProgram() ? DeviceStatus::State::HeldForeign : DeviceStatus::State::Held;
            }
            listing.unnamed << status;
        } else if (state.problem) {
            listing.broken.append({qs(name), qs(lock::lockObjectName(location)), LockWording::problem(state.problem)});
        }
    }
    return listing;
}

} // namespace devlatch
