// SPDX-License-Identifier: MIT
#include "TrayController.h"

#include "ClaimHistory.h"
#include "Notifier.h"
#include "StateWording.h"
#include "LabController.h"
#include "LabListModel.h"
#include "TrayNotices.h"

#include "arbiter/Arbiter.h"
#include "arbiter/QueuedClaims.h"
#include "arbiter/StateTracker.h"
#include "common/DeviceInventory.h"

namespace devlatch::tray {

namespace {
const QString kProgram = QStringLiteral("devlatch");
} // namespace

TrayController::TrayController(Parts parts, QObject *parent)
    : QObject(parent),
      m_settings(std::move(parts.settings)),
      m_autostart(std::move(parts.autostart)),
      m_history(std::make_unique<ClaimHistory>(parts.historyFile.isEmpty() ? ClaimHistory::defaultFile() : parts.historyFile)),
      m_inventory(new DeviceInventory({}, this))
{
    if (!m_settings)
        m_settings = std::make_unique<TraySettings>();
    if (!m_autostart)
        m_autostart = Autostart::forThisPlatform();
    m_notifier = new Notifier(*m_settings, this);
    m_notices = std::make_unique<TrayNotices>(*this, *m_notifier);
    connect(m_notifier, &Notifier::actionInvoked, this, &TrayController::onNotificationAction);
}

TrayController::~TrayController()
{
    delete m_queue; // joins waiting threads before the arbiter goes
    m_queue = nullptr;
    if (m_arbiter)
        m_arbiter->releaseAll();
}

void TrayController::start()
{
    m_settings->moveLegacyAliases();
    m_inventory->load(true);
    QString scope = m_settings->scope();
    if (scope.isEmpty())
        scope = m_inventory->configuredScope();
    m_arbiter = std::make_unique<Arbiter>(scope == u"user" ? lock::Scope::User : lock::Scope::Machine);
    m_tracker = new StateTracker(*m_arbiter, this);
    connect(m_inventory, &DeviceInventory::devicesChanged, m_tracker,
            [this] { m_tracker->setDevices(m_inventory->devices()); });
    connect(m_tracker, &StateTracker::statusChanged, this, &TrayController::onStatusChanged);
    connect(m_tracker, &StateTracker::lockFileReplaced, this,
            [this](const QString &id, const lock::DeviceLock::IntegrityResult &result) {
                m_notices->lockFileReplaced(id, result);
                raiseAttention();
            });
    connect(m_tracker, &StateTracker::devicesChanged, this, [this] {
        Q_EMIT devicesReset();
        Q_EMIT changed();
    });
    m_queue = new QueuedClaims(*m_arbiter, this);
    wireQueue();
    m_tracker->start(m_inventory->devices());
    for (const QString &warning : m_inventory->warnings())
        m_notifier->notify(tr("Configuration problem"), warning, Notifier::Kind::Warning);
    if (!m_tracker->watchError().isEmpty())
        m_notifier->notify(tr("Cannot watch the lock directory"), m_tracker->watchError(), Notifier::Kind::Warning);
    if (!m_history->error().isEmpty())
        m_notifier->notify(tr("Claim history"), m_history->error(), Notifier::Kind::Warning);
    // The lab scope, when [lab] is configured: its own section of the menu and the window.
    if ((m_lab = LabController::create(m_inventory->labSettings(), *m_notifier, this))) {
        m_labModel = new LabListModel(*m_lab, this);
        // A lab claim held or given up changes the icon and the tooltip as a local one does.
        connect(m_lab, &LabController::deviceChanged, this, &TrayController::changed);
        connect(m_lab, &LabController::devicesReset, this, &TrayController::changed);
    }
}

void TrayController::wireQueue()
{
    connect(m_queue, &QueuedClaims::granted, this,
            [this](const QString &id, const std::optional<lock::HolderRecord> &abandoned) {
                m_settings->touch(id);
                m_notices->granted(id, abandoned);
                m_tracker->refresh(id);
                announce(id); // the row said "Waiting"
            });
    connect(m_queue, &QueuedClaims::failed, this, [this](const QString &id, const QString &message) {
        m_notices->queueFailed(id, message);
        raiseAttention();
        announce(id);
    });
    connect(m_queue, &QueuedClaims::cancelled, this, &TrayController::announce);
}

QList<DeviceStatus> TrayController::statuses() const
{
    return m_tracker ? m_tracker->statuses() : QList<DeviceStatus>();
}

DeviceStatus TrayController::status(const QString &deviceId) const
{
    return m_tracker ? m_tracker->status(deviceId) : DeviceStatus();
}

DeviceView TrayController::view(const QString &deviceId) const
{
    const DeviceStatus current = status(deviceId);
    return StateWording::view(current, {displayName(deviceId), isQueued(deviceId)});
}

QString TrayController::displayName(const QString &deviceId) const
{
    const DeviceStatus current = status(deviceId);
    return current.device.id.isEmpty() ? deviceId : current.device.displayName();
}

int TrayController::heldCount() const
{
    return int(heldNames().size());
}

QStringList TrayController::heldNames() const
{
    QStringList names;
    for (const DeviceStatus &s : statuses())
        if (s.state == DeviceStatus::State::HeldByMe)
            names << s.device.displayName();
    if (m_lab)
        for (const QString &device : m_lab->heldDevices())
            names << tr("%1 (lab)").arg(device);
    return names;
}

int TrayController::labWaitingCount() const
{
    return m_lab ? m_lab->waitingCount() : 0;
}

QString TrayController::tooltip() const
{
    int busy = 0, free = 0;
    for (const DeviceStatus &s : statuses()) {
        busy += s.isBusy();
        free += s.state == DeviceStatus::State::Free;
    }
    QString text = tr("devlatch: %1 held by you · %2 busy · %3 free").arg(heldCount()).arg(busy).arg(free);
    const int waiting = (m_queue ? int(m_queue->queued().size()) : 0) + labWaitingCount();
    if (waiting > 0)
        text += tr(" · %n waiting", nullptr, waiting);
    return text;
}

Icons::TrayState TrayController::trayState() const
{
    bool holding = false;
    for (const DeviceStatus &s : statuses()) {
        if (s.state != DeviceStatus::State::HeldByMe)
            continue;
        holding = true;
        if (!s.foreignUse.isEmpty() || !s.device.present) // a collision, or unplugged: while it lasts
            return Icons::TrayState::Attention;
    }
    if (m_attention)
        return Icons::TrayState::Attention;
    return holding || (m_lab && m_lab->heldCount() > 0) ? Icons::TrayState::Holding : Icons::TrayState::Idle;
}

QString TrayController::lockDirectory() const
{
    return m_arbiter ? (m_arbiter->directoryError().isEmpty() ? m_arbiter->lockDirectory() : m_arbiter->directoryError())
                     : QString();
}

QString TrayController::scopeName() const
{
    return m_arbiter && m_arbiter->scope() == lock::Scope::User ? QStringLiteral("user") : QStringLiteral("machine");
}

TrayController::Outcome TrayController::claim(const QString &deviceId)
{
    const DeviceStatus current = status(deviceId);
    if (!m_arbiter || current.device.id.isEmpty())
        return {false, tr("No such device: %1").arg(deviceId)};
    ClaimOptions options;
    options.note = m_nextNote.contains(deviceId) ? m_nextNote.value(deviceId) : m_settings->pinnedNote(deviceId);
    options.program = kProgram;
    const ClaimResult result = m_arbiter->claim(current.device, options);
    m_tracker->refresh(deviceId); // the line says at once who has it, also when refused
    if (!result.granted()) {
        const DeviceStatus now = status(deviceId);
        const QString why = now.isBusy() ? StateWording::describe(now) : result.message;
        m_notices->refused(deviceId, why);
        raiseAttention();
        return {false, tr("%1 is busy: %2").arg(displayName(deviceId), why)};
    }
    m_nextNote.remove(deviceId); // a note belongs to one claim unless pinned
    m_settings->touch(deviceId);
    QString message = tr("%1 is yours").arg(displayName(deviceId));
    if (result.abandoned) {
        const QString text = TrayNotices::abandonedText(*result.abandoned);
        m_notifier->notify(message, text, Notifier::Kind::Information, deviceId);
        message += QStringLiteral(". ") + text;
    }
    return {true, message};
}

TrayController::Outcome TrayController::release(const QString &deviceId)
{
    if (!m_arbiter || !m_arbiter->release(deviceId))
        return {false, tr("%1 is not yours").arg(displayName(deviceId))};
    m_tracker->refresh(deviceId);
    return {true, tr("%1 released").arg(displayName(deviceId))};
}

TrayController::Outcome TrayController::releaseAll()
{
    if (!m_arbiter)
        return {};
    const int held = heldCount();
    const QStringList queued = m_queue->queued();
    const int labWaiting = labWaitingCount();
    m_queue->cancelAll(); // first: a queued claim must not grab a device right after
    m_arbiter->releaseAll();
    if (m_lab)
        m_lab->releaseAll();
    m_tracker->refreshAll();
    for (const QString &id : queued)
        announce(id);
    QString message = tr("Released %n device(s)", nullptr, held);
    const int cancelled = int(queued.size()) + labWaiting;
    if (cancelled > 0)
        message += tr("; cancelled %n queued claim(s)", nullptr, cancelled);
    if (held > 0 || cancelled > 0)
        m_notifier->notify(tr("Release all"), message);
    Q_EMIT changed();
    return {true, message};
}

void TrayController::shutDown(const std::function<void()> &done)
{
    if (m_queue)
        m_queue->cancelAll();
    if (m_arbiter)
        m_arbiter->releaseAll(); // the kernel frees them at once
    if (m_tracker)
        m_tracker->refreshAll();
    Q_EMIT changed();
    m_lab ? m_lab->shutDown(done) : done();
}

TrayController::Outcome TrayController::claimWhenFree(const QString &deviceId)
{
    const DeviceStatus current = status(deviceId);
    if (!m_queue || current.device.id.isEmpty())
        return {false, tr("No such device: %1").arg(deviceId)};
    const QString note = m_nextNote.contains(deviceId) ? m_nextNote.take(deviceId) : m_settings->pinnedNote(deviceId);
    if (!m_queue->queue(current.device, note, kProgram))
        return {false, tr("%1 is already yours or queued").arg(displayName(deviceId))};
    announce(deviceId);
    return {true, tr("Waiting for %1: it is yours the moment it is free").arg(displayName(deviceId))};
}

void TrayController::cancelClaimWhenFree(const QString &deviceId)
{
    if (!m_queue || !m_queue->isQueued(deviceId))
        return;
    m_queue->cancel(deviceId);
    announce(deviceId);
}

bool TrayController::isQueued(const QString &deviceId) const
{
    return m_queue && m_queue->isQueued(deviceId);
}

void TrayController::notifyWhenFree(const QString &deviceId, bool on)
{
    m_notices->notifyWhenFree(deviceId, on);
}

bool TrayController::isWatchedForFree(const QString &deviceId) const
{
    return m_notices->isWatchedForFree(deviceId);
}

QString TrayController::noteFor(const QString &deviceId) const
{
    if (const auto record = status(deviceId).lock.holder; record && status(deviceId).state == DeviceStatus::State::HeldByMe)
        return QString::fromStdString(record->note);
    return m_nextNote.contains(deviceId) ? m_nextNote.value(deviceId) : m_settings->pinnedNote(deviceId);
}

void TrayController::setNote(const QString &deviceId, const QString &note, bool pinned)
{
    m_settings->setPinnedNote(deviceId, pinned ? note : QString());
    if (m_arbiter && m_arbiter->isHeldByMe(deviceId)) {
        if (m_arbiter->setNote(deviceId, note))
            m_tracker->refresh(deviceId);
    } else if (!pinned) {
        m_nextNote.insert(deviceId, note);
    }
}

QString TrayController::setAlias(const QString &deviceId, const QString &alias)
{
    return m_arbiter ? m_inventory->setAlias(deviceId, alias, *m_arbiter) : tr("not started");
}

void TrayController::setClaimAtLogin(const QString &deviceId, bool on)
{
    m_settings->setClaimAtLogin(deviceId, on);
}

int TrayController::claimAtLogin()
{
    int claimed = 0;
    for (const QString &id : m_settings->claimAtLoginDevices()) {
        if (!m_tracker || !m_tracker->contains(id))
            continue;
        const DeviceStatus current = status(id);
        if (current.state == DeviceStatus::State::HeldByMe)
            continue;
        if (current.state == DeviceStatus::State::Free)
            claimed += claim(id).ok;
        else
            claimWhenFree(id); // someone has it now: take it the moment they let go
    }
    return claimed;
}

bool TrayController::startsAtLogin() const
{
    return m_autostart && m_autostart->isEnabled();
}

QString TrayController::setStartsAtLogin(bool on)
{
    if (!m_autostart)
        return tr("Starting at login is not supported on this system");
    const QString error = m_autostart->setEnabled(on);
    if (!error.isEmpty())
        m_notifier->notify(tr("Start at login"), error, Notifier::Kind::Warning);
    Q_EMIT changed();
    return error;
}

void TrayController::acknowledgeAttention()
{
    if (!m_attention)
        return;
    m_attention = false;
    Q_EMIT changed();
}

void TrayController::setLooking(const QObject *view, bool looking)
{
    if (looking)
        m_lookingViews.insert(view);
    else
        m_lookingViews.remove(view);
    if (m_tracker)
        m_tracker->setAttention(!m_lookingViews.isEmpty());
}

void TrayController::raiseAttention()
{
    m_attention = true;
    Q_EMIT changed();
}

void TrayController::announce(const QString &deviceId)
{
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
}

void TrayController::onNotificationAction(const QString &deviceId, const QString &action)
{
    if (action == u"release")
        release(deviceId);
    else if (action == u"claim")
        claim(deviceId);
}

void TrayController::onStatusChanged(const QString &deviceId, const DeviceStatus &previous, const DeviceStatus &current)
{
    m_history->observe(previous, current);
    if (m_notices->statusChanged(deviceId, previous, current))
        raiseAttention();
    announce(deviceId);
}

} // namespace devlatch::tray
