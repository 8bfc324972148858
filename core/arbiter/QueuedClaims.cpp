// SPDX-License-Identifier: MIT
#include "QueuedClaims.h"

#include "Arbiter.h"

#include "lock/CancelToken.h"

#include <QMetaObject>
#include <QPointer>

#include <atomic>

#include <thread>

namespace devlatch {

struct QueuedClaims::Wait {
    lock::CancelToken cancel;
    std::thread thread;
    std::atomic<int> outcome{-1}; // lock::AcquireStatus, once the thread has it
    bool settled = false;         // its outcome was dealt with before its result arrived
};

QueuedClaims::QueuedClaims(Arbiter &arbiter, QObject *parent) : QObject(parent), m_arbiter(arbiter) {}

QueuedClaims::~QueuedClaims()
{
    for (const auto &wait : std::as_const(m_waits))
        wait->cancel.cancel();
    for (const auto &wait : std::as_const(m_waits))
        if (wait->thread.joinable())
            wait->thread.join();
}

bool QueuedClaims::queue(const Device &device, const QString &note, const QString &program)
{
    if (isQueued(device.id))
        return false;
    if (const auto old = m_waits.take(device.id)) { // cancelled, maybe still ending
        if (old->thread.joinable())
            old->thread.join();
        if (old->outcome == int(lock::AcquireStatus::Acquired))
            m_arbiter.release(device.id); // granted in the instant of the cancel: cancel wins
        old->settled = true;
    }
    if (m_arbiter.isHeldByMe(device.id))
        return false;
    auto wait = std::make_shared<Wait>();
    m_waits.insert(device.id, wait);
    QPointer<QueuedClaims> self(this);
    wait->thread = std::thread([this, self, wait, device, note, program] {
        ClaimOptions options;
        options.wait = lock::WaitPolicy::forever();
        options.note = note;
        options.program = program;
        options.cancel = &wait->cancel;
        const ClaimResult result = m_arbiter.claim(device, options);
        wait->outcome = int(result.status);
        // The destructor joins this thread before `this` goes away, so posting is safe.
        QMetaObject::invokeMethod(
            this,
            [this, wait, id = device.id, status = int(result.status), message = result.message, abandoned = result.abandoned] {
                finished(wait, id, status, message, abandoned);
            },
            Qt::QueuedConnection);
    });
    return true;
}

void QueuedClaims::cancel(const QString &deviceId)
{
    if (const auto wait = m_waits.value(deviceId))
        wait->cancel.cancel();
}

bool QueuedClaims::isQueued(const QString &deviceId) const
{
    const auto wait = m_waits.value(deviceId);
    return wait && !wait->cancel.isCancelled();
}

QStringList QueuedClaims::queued() const
{
    QStringList ids;
    for (auto it = m_waits.cbegin(); it != m_waits.cend(); ++it)
        if (!it.value()->cancel.isCancelled())
            ids << it.key();
    return ids;
}

void QueuedClaims::cancelAll()
{
    for (const auto &wait : std::as_const(m_waits))
        wait->cancel.cancel();
}

void QueuedClaims::finished(const std::shared_ptr<Wait> &wait, const QString &deviceId, int status,
                            const QString &message, const std::optional<lock::HolderRecord> &abandoned)
{
    if (m_waits.value(deviceId) == wait)
        m_waits.remove(deviceId);
    if (wait->thread.joinable())
        wait->thread.join();
    if (wait->settled)
        return;
    if (lock::AcquireStatus(status) == lock::AcquireStatus::Acquired && wait->cancel.isCancelled()) {
        // Granted in the instant before the cancel: the person asked not to have it.
        m_arbiter.release(deviceId);
        Q_EMIT cancelled(deviceId);
        return;
    }
    switch (lock::AcquireStatus(status)) {
    case lock::AcquireStatus::Acquired: Q_EMIT granted(deviceId, abandoned); break;
    case lock::AcquireStatus::Cancelled: Q_EMIT cancelled(deviceId); break;
    default: Q_EMIT failed(deviceId, message); break;
    }
}

} // namespace devlatch
