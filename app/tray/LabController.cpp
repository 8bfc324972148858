// SPDX-License-Identifier: MIT
#include "LabController.h"

#include "LabWording.h"
#include "Notifier.h"

#include "common/LabConnection.h"
#include "lab/EtcdClient.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"
#include "lab/LabTracker.h"

#include <QUrl>

#include <memory>

namespace devlatch::tray {

namespace {
constexpr int kClockMs = 30 * 1000; // "until 14:05 (in 12 min)" stays current
// How long quitting waits for the lab's answer (a cut-off server must not hold the quit).
constexpr int kShutDownMs = 3000;
} // namespace

LabController *LabController::create(const LabSettings &settings, Notifier &notifier, QObject *parent)
{
    if (!settings.configured())
        return nullptr;
    return new LabController(settings, notifier, parent);
}

LabController::LabController(const LabSettings &settings, Notifier &notifier, QObject *parent)
    : QObject(parent), m_settings(settings), m_notifier(notifier)
{
    m_connection = LabConnection::open(settings, m_setupError);
    if (!m_connection)
        return;
    m_tracker = new lab::LabTracker(&m_connection->client(), m_connection->claims().keys(), this);
    m_tracker->setWanted(settings.devices);
    wire();
    m_tracker->start();
    m_clock.setInterval(kClockMs);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        for (const QString &device : devices())
            if (!status(device).queue.isEmpty())
                Q_EMIT deviceChanged(device);
    });
    m_clock.start();
}

LabController::~LabController()
{
    if (m_connection && !m_shutDown)
        m_connection->session().close([] {});
}

QStringList LabController::heldDevices() const
{
    QStringList devices(m_held.cbegin(), m_held.cend());
    devices.sort();
    return devices;
}

void LabController::shutDown(const std::function<void()> &done)
{
    if (!m_connection || m_shutDown) {
        done();
        return;
    }
    m_shutDown = true;
    // Both answers, or the deadline: whichever comes first ends it, once.
    auto finished = std::make_shared<bool>(false);
    auto finish = [finished, done] {
        if (*finished)
            return;
        *finished = true;
        done();
    };
    auto *deadline = new QTimer(this);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, finish);
    deadline->start(kShutDownMs);
    const QSet<QString> all = m_held + m_waiting + m_pending;
    m_held.clear();
    m_waiting.clear();
    m_pending.clear();
    auto pending = std::make_shared<int>(int(all.size()) + 1);
    auto oneDone = [this, pending, finish] {
        if (--*pending == 1) // every release answered: now the lease, with nothing left on it
            m_connection->session().close(finish);
    };
    for (const QString &device : all)
        m_connection->claims().release(device, oneDone);
    if (all.isEmpty())
        m_connection->session().close(finish);
}

void LabController::wire()
{
    lab::LabClaims &claims = m_connection->claims();
    connect(m_tracker, &lab::LabTracker::deviceChanged, this, &LabController::deviceChanged);
    connect(m_tracker, &lab::LabTracker::devicesReset, this, &LabController::devicesReset);
    connect(m_tracker, &lab::LabTracker::connectionChanged, this, [this](bool connected, const QString &error) {
        if (connected)
            m_notifier.notify(tr("Lab connection back"), tr("%1 can be read again.").arg(title()));
        else
            m_notifier.notify(tr("Lab connection lost"), tr("%1: %2. Lab devices show as unknown until it is back.").arg(title(), error),
                              Notifier::Kind::Warning);
    });
    connect(&claims, &lab::LabClaims::granted, this, [this](const QString &device, const QString &vanished) {
        const bool waited = m_waiting.contains(device);
        m_pending.remove(device);
        m_waiting.remove(device);
        m_held.insert(device);
        m_tracker->setMyLease(m_connection->session().lease());
        if (waited)
            m_notifier.notify(tr("Lab device is yours"),
                              vanished.isEmpty() ? tr("%1 is yours now.").arg(device)
                              : lab::LabClaims::vanishedBeforeItsTurn(vanished)
                                  ? tr("%1 is yours now; the waiter ahead of you vanished before its turn came.").arg(device)
                                  : tr("%1 is yours now; its previous holder vanished without releasing.").arg(device),
                              Notifier::Kind::Information, device);
        Q_EMIT deviceChanged(device);
    });
    connect(&claims, &lab::LabClaims::queued, this, [this](const QString &device) {
        m_pending.remove(device);
        m_waiting.insert(device);
        m_tracker->setMyLease(m_connection->session().lease());
        Q_EMIT deviceChanged(device);
    });
    connect(&claims, &lab::LabClaims::refused, this, [this](const QString &device, lock::AcquireStatus, const lab::LabStatus &status) {
        m_pending.remove(device);
        m_notifier.notify(tr("Lab device is busy"), LabWording::refusal(device, status), Notifier::Kind::Warning, device);
        Q_EMIT deviceChanged(device);
    });
    connect(&claims, &lab::LabClaims::failed, this, [this](const QString &device, const QString &error) {
        m_pending.remove(device);
        m_waiting.remove(device);
        m_notifier.notify(tr("Lab claim failed"), tr("%1: %2").arg(device, error), Notifier::Kind::Warning, device);
        Q_EMIT deviceChanged(device);
    });
    connect(&claims, &lab::LabClaims::lost, this, [this](const QString &device, const QString &why) {
        m_held.remove(device);
        m_notifier.notify(tr("Lab claim lost"),
                          tr("%1 is no longer yours: %2. Stop using it: lab claims are not fenced.").arg(device, why),
                          Notifier::Kind::Warning, device);
        Q_EMIT deviceChanged(device);
    });
    connect(&m_connection->session(), &lab::LabSession::stateChanged, this, [this](lab::LabSession::State state, const QString &why) {
        const bool uncertain = state == lab::LabSession::State::Uncertain;
        if (uncertain && !m_held.isEmpty())
            m_notifier.notify(tr("Lab claims uncertain"), why, Notifier::Kind::Warning);
        if (uncertain != m_uncertain) {
            m_uncertain = uncertain;
            for (const QString &device : std::as_const(m_held))
                Q_EMIT deviceChanged(device);
        }
    });
}

QString LabController::title() const
{
    const QUrl first(m_settings.endpoints.value(0));
    return tr("Lab (%1)").arg(first.port() > 0 ? QStringLiteral("%1:%2").arg(first.host()).arg(first.port()) : first.host());
}

QString LabController::problem() const
{
    if (!m_setupError.isEmpty())
        return m_setupError;
    if (m_tracker && !m_tracker->connected())
        return m_tracker->error().isEmpty() ? tr("connecting…") : m_tracker->error();
    return {};
}

QStringList LabController::devices() const
{
    return m_tracker ? m_tracker->devices() : QStringList();
}

lab::LabStatus LabController::status(const QString &device) const
{
    if (!m_tracker) {
        lab::LabStatus status;
        status.device = device;
        status.error = m_setupError;
        return status;
    }
    return m_tracker->status(device);
}

DeviceView LabController::view(const QString &device) const
{
    LabWording::Mine mine;
    mine.held = m_held.contains(device);
    mine.waiting = m_waiting.contains(device);
    mine.asking = m_pending.contains(device);
    mine.uncertain = m_uncertain && mine.held;
    return LabWording::view(status(device), mine, m_connection ? m_connection->client().serverNow() : QDateTime::currentDateTimeUtc());
}

void LabController::startClaim(const QString &device, bool wait)
{
    if (!m_connection || m_pending.contains(device) || m_held.contains(device) || m_waiting.contains(device))
        return;
    lab::LabClaimOptions options;
    options.wait = wait ? lock::WaitPolicy::forever() : lock::WaitPolicy::noWait();
    options.program = QStringLiteral("devlatch");
    m_pending.insert(device);
    if (!m_settings.devices.contains(device)) {
        // Listed from now on, also once nobody uses it.
        m_settings.devices << device;
        m_tracker->setWanted(m_settings.devices);
    }
    m_connection->claims().claim(device, options);
    Q_EMIT deviceChanged(device);
}

void LabController::claim(const QString &device)
{
    startClaim(device, false);
}

void LabController::waitInQueue(const QString &device)
{
    startClaim(device, true);
}

void LabController::leave(const QString &device)
{
    if (!m_connection)
        return;
    m_held.remove(device);
    m_waiting.remove(device);
    m_connection->claims().release(device, [this, device] { Q_EMIT deviceChanged(device); });
    Q_EMIT deviceChanged(device);
}

void LabController::releaseAll()
{
    const QSet<QString> all = m_held + m_waiting;
    for (const QString &device : all)
        leave(device);
}

} // namespace devlatch::tray
