#include "QueuedClaims.h"

#include "Arbiter.h"

#include "lock/CancelToken.h"

#include <QMetaObject>
#include <QPointer>

#include <thread>

namespace devlatch {

struct QueuedClaims::Wait {
    lock::CancelToken cancel;
    std::thread thread;
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
    if (m_waits.contains(device.id) || m_arbiter.isHeldByMe(device.id))
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
        // The destructor joins this thread before `this` goes away, so posting is safe.
        QMetaObject::invokeMethod(
            this,
            [this, id = device.id, status = int(result.status), message = result.message, abandoned = result.abandoned] {
                finished(id, status, message, abandoned);
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

void QueuedClaims::cancelAll()
{
    for (const auto &wait : std::as_const(m_waits))
        wait->cancel.cancel();
}

void QueuedClaims::finished(const QString &deviceId, int status, const QString &message,
                            const std::optional<lock::HolderRecord> &abandoned)
{
    const auto wait = m_waits.take(deviceId);
    if (wait && wait->thread.joinable())
        wait->thread.join();
    switch (lock::AcquireStatus(status)) {
    case lock::AcquireStatus::Acquired: Q_EMIT granted(deviceId, abandoned); break;
    case lock::AcquireStatus::Cancelled: Q_EMIT cancelled(deviceId); break;
    default: Q_EMIT failed(deviceId, message); break;
    }
}

} // namespace devlatch
