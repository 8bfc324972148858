#include "Arbiter.h"

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <QFileInfo>
#include <QMutexLocker>

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
    m_directoryError = qs(directory.error);
}

Arbiter::~Arbiter()
{
    releaseAll();
}

std::shared_ptr<lock::DeviceLock> Arbiter::lockFor(const Device &device, QString &error)
{
    if (!m_directoryError.isEmpty()) {
        error = m_directoryError;
        return nullptr;
    }
    QMutexLocker locker(&m_mutex);
    if (auto existing = m_locks.value(device.id))
        return existing;
    const lock::LockNameResult name = lock::lockNameForId(utf8(device.id));
    if (!name.ok()) {
        error = qs(name.error);
        return nullptr;
    }
    lock::LockLocation location{utf8(m_directory), name.name, m_scope, {}};
    // Who may use the device may claim it: the first node that exists decides the group.
    for (const QString &node : device.nodes)
        if (QFileInfo::exists(node)) {
            location.accessFromNode = utf8(node);
            break;
        }
    auto created = std::make_shared<lock::DeviceLock>(location);
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
    if (acquired.acquired()) {
        QMutexLocker locker(&m_mutex);
        m_records.insert(device.id, me);
    }
    result.status = acquired.status;
    result.message = qs(acquired.message);
    result.abandoned = acquired.abandoned;
    if (acquired.status == lock::AcquireStatus::Busy || acquired.status == lock::AcquireStatus::TimedOut) {
        result.statusWhenRefused = status(device, true);
        const QString who = result.statusWhenRefused.summary();
        result.message = acquired.status == lock::AcquireStatus::Busy
                             ? QStringLiteral("%1 is busy: %2").arg(device.displayName(), who)
                             : QStringLiteral("timed out waiting for %1: %2").arg(device.displayName(), who);
    } else if (acquired.status == lock::AcquireStatus::AlreadyHeld) {
        result.message = QStringLiteral("%1: %2").arg(device.displayName(), result.message);
    } else if (acquired.status == lock::AcquireStatus::Cancelled) {
        result.message = QStringLiteral("waiting for %1 was cancelled").arg(device.displayName());
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

bool Arbiter::setNote(const QString &deviceId, const QString &note)
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    if (!deviceLock || !m_records.contains(deviceId))
        return false;
    lock::HolderRecord record = m_records.value(deviceId);
    record.note = utf8(note);
    if (!deviceLock->updateRecord(record))
        return false;
    m_records.insert(deviceId, record);
    return true;
}

std::optional<lock::HolderRecord> Arbiter::myRecord(const QString &deviceId) const
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    if (!deviceLock || !deviceLock->isHeld() || !m_records.contains(deviceId))
        return std::nullopt;
    return m_records.value(deviceId);
}

bool Arbiter::isHeldByMe(const QString &deviceId) const
{
    QMutexLocker locker(&m_mutex);
    const auto deviceLock = m_locks.value(deviceId);
    return deviceLock && deviceLock->isHeld();
}

DeviceStatus Arbiter::status(const Device &device, bool foreignUse) const
{
    DeviceStatus status;
    status.device = device;
    const lock::LockNameResult name = lock::lockNameForId(utf8(device.id));
    if (!name.ok()) {
        status.error = qs(name.error);
        return status;
    }
    status.lockName = qs(name.name);
    if (!m_directoryError.isEmpty()) {
        status.error = m_directoryError;
        return status;
    }
    const lock::LockLocation location{utf8(m_directory), name.name, m_scope, {}};
    status.lockPath = qs(lock::lockObjectName(location));
    std::shared_ptr<lock::LockReader> reader;
    {
        QMutexLocker locker(&m_mutex);
        reader = m_readers.value(device.id);
        if (!reader || reader->location().name != location.name) {
            reader = std::make_shared<lock::LockReader>(location);
            m_readers.insert(device.id, reader);
        }
    }
    status.lock = reader->read();
    if (!status.lock.error.empty()) {
        status.error = qs(status.lock.error);
        status.state = DeviceStatus::State::Unknown;
    } else if (isHeldByMe(device.id)) {
        status.state = DeviceStatus::State::HeldByMe;
        if (!status.lock.holder)
            status.lock.holder = myRecord(device.id);
    } else if (!status.lock.held) {
        status.state = DeviceStatus::State::Free;
        if (foreignUse && device.present) {
            status.foreignUse = findForeignUse(device.nodes);
            if (!status.foreignUse.isEmpty())
                status.state = DeviceStatus::State::InUse;
        }
    } else {
        status.state = status.lock.holder ? DeviceStatus::State::Held : DeviceStatus::State::HeldForeign;
    }
    if (foreignUse && device.present && status.state != DeviceStatus::State::Free
        && status.state != DeviceStatus::State::InUse)
        status.foreignUse = findForeignUse(device.nodes);
    return status;
}

} // namespace devlatch
