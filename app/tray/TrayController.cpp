#include "TrayController.h"

#include "Notifier.h"
#include "autostart/Autostart.h"

#include "arbiter/Arbiter.h"
#include "arbiter/QueuedClaims.h"
#include "arbiter/StateTracker.h"
#include "model/DeviceInventory.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace devlatch::tray {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

QString TrayController::formatSince(const std::string &isoUtc)
{
    const QDateTime when = QDateTime::fromString(qs(isoUtc), Qt::ISODate).toLocalTime();
    if (!when.isValid())
        return qs(isoUtc);
    // Hours and minutes today; the date as well when the claim is older than that.
    const QLocale locale;
    const QString time = locale.toString(when.time(), QStringLiteral("HH:mm"));
    return when.date() == QDate::currentDate() ? time
                                               : locale.toString(when.date(), QLocale::ShortFormat) + u' ' + time;
}

TrayController::TrayController(Parts parts, QObject *parent)
    : QObject(parent),
      m_settings(std::move(parts.settings)),
      m_autostart(std::move(parts.autostart)),
      m_inventory(new DeviceInventory(this))
{
    if (!m_settings)
        m_settings = std::make_unique<TraySettings>();
    if (!m_autostart)
        m_autostart = Autostart::forThisPlatform();
    m_notifier = new Notifier(*m_settings, this);
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
    m_inventory->load(true);
    QString scope = m_settings->scope();
    if (scope.isEmpty())
        scope = m_inventory->configuredScope();
    m_arbiter = std::make_unique<Arbiter>(scope == u"user" ? lock::Scope::User : lock::Scope::Machine);
    m_tracker = new StateTracker(*m_arbiter, *m_inventory, this);
    m_queue = new QueuedClaims(*m_arbiter, this);
    connect(m_tracker, &StateTracker::statusChanged, this, &TrayController::onStatusChanged);
    connect(m_tracker, &StateTracker::devicesChanged, this, [this] {
        Q_EMIT devicesReset();
        Q_EMIT changed();
    });
    connect(m_queue, &QueuedClaims::granted, this,
            [this](const QString &id, const std::optional<lock::HolderRecord> &abandoned) {
                m_settings->touch(id);
                m_tracker->refresh(id);
                QString text = tr("It became free and was claimed for you.");
                if (abandoned)
                    text = tr("Its previous holder, %1 (pid %2), ended without releasing it.")
                               .arg(qs(abandoned->program))
                               .arg(abandoned->pid);
                m_notifier->notify(tr("%1 is yours").arg(displayName(id)), text);
                Q_EMIT deviceChanged(id);
                Q_EMIT changed();
            });
    connect(m_queue, &QueuedClaims::failed, this, [this](const QString &id, const QString &message) {
        m_notifier->notify(tr("Cannot claim %1").arg(displayName(id)), message, Notifier::Kind::Warning);
        raiseAttention();
    });
    connect(m_queue, &QueuedClaims::cancelled, this, [this](const QString &id) {
        Q_EMIT deviceChanged(id);
        Q_EMIT changed();
    });
    m_tracker->start();
    for (const QString &warning : m_inventory->warnings())
        m_notifier->notify(tr("Configuration problem"), warning, Notifier::Kind::Warning);
    if (!m_tracker->watchError().isEmpty())
        m_notifier->notify(tr("Cannot watch the lock directory"), m_tracker->watchError(), Notifier::Kind::Warning);
}

QList<DeviceStatus> TrayController::statuses() const
{
    return m_tracker ? m_tracker->statuses() : QList<DeviceStatus>();
}

DeviceStatus TrayController::status(const QString &deviceId) const
{
    return m_tracker ? m_tracker->status(deviceId) : DeviceStatus();
}

QString TrayController::displayName(const QString &deviceId) const
{
    const QString alias = m_settings->alias(deviceId);
    if (!alias.isEmpty())
        return alias;
    const DeviceStatus current = status(deviceId);
    return current.device.id.isEmpty() ? deviceId : current.device.displayName();
}

QString TrayController::holderText(const DeviceStatus &status) const
{
    const lock::HolderRecord &holder = *status.lock.holder;
    QString who = qs(holder.user);
    const QString host = qs(holder.host);
    if (!host.isEmpty() && status.lock.holder && host != QSysInfo::machineHostName())
        who += u'@' + host;
    QString text = tr("Held by user %1: %2 (pid %3) since %4")
                       .arg(who, qs(holder.program))
                       .arg(holder.pid)
                       .arg(formatSince(holder.since));
    if (!holder.note.empty())
        text += QStringLiteral(" (%1)").arg(qs(holder.note));
    return text;
}

QString TrayController::describeState(const DeviceStatus &status) const
{
    const QString state = describeLockState(status);
    return status.device.present ? state : tr("Unplugged (%1)").arg(state);
}

QString TrayController::describeLockState(const DeviceStatus &status) const
{
    switch (status.state) {
    case DeviceStatus::State::Free:
        return tr("Free");
    case DeviceStatus::State::HeldByMe: {
        const auto record = status.lock.holder;
        QString text = record ? tr("Yours since %1").arg(formatSince(record->since)) : tr("Yours");
        if (record && !record->note.empty())
            text += QStringLiteral(" (%1)").arg(qs(record->note));
        return text;
    }
    case DeviceStatus::State::Held:
        return holderText(status);
    case DeviceStatus::State::HeldForeign:
        for (const auto &holder : status.lock.osHolders)
            if (!holder.waiting && holder.pid > 0)
                return tr("In use outside devlatch by %1 (pid %2)").arg(qs(holder.program)).arg(holder.pid);
        return tr("In use outside devlatch");
    case DeviceStatus::State::InUse:
        for (const ForeignUse &use : status.foreignUse)
            return tr("In use outside devlatch by %1 (pid %2)").arg(use.program).arg(use.pid);
        return tr("In use outside devlatch");
    case DeviceStatus::State::Unknown:
        break;
    }
    return tr("Unknown: %1").arg(status.error);
}

int TrayController::heldCount() const
{
    int held = 0;
    for (const DeviceStatus &s : statuses())
        held += s.state == DeviceStatus::State::HeldByMe;
    return held;
}

bool TrayController::holdsAny() const
{
    return heldCount() > 0;
}

QString TrayController::tooltip() const
{
    int busy = 0, free = 0;
    for (const DeviceStatus &s : statuses()) {
        busy += s.isBusy();
        free += s.state == DeviceStatus::State::Free;
    }
    QString text = tr("devlatch: %1 held by you · %2 busy · %3 free").arg(heldCount()).arg(busy).arg(free);
    if (m_queue && !m_queue->queued().isEmpty())
        text += tr(" · %n waiting", nullptr, int(m_queue->queued().size()));
    return text;
}

Icons::TrayState TrayController::trayState() const
{
    if (m_attention)
        return Icons::TrayState::Attention;
    return holdsAny() ? Icons::TrayState::Holding : Icons::TrayState::Idle;
}

QByteArray TrayController::stateJson() const
{
    static const char *trayStates[] = {"idle", "holding", "attention"};
    QJsonArray devices;
    for (const DeviceStatus &s : statuses()) {
        QJsonObject device = s.toJson();
        device[QStringLiteral("name")] = displayName(s.device.id);
        device[QStringLiteral("shown")] = describeState(s);
        device[QStringLiteral("queued")] = isQueued(s.device.id);
        devices.append(device);
    }
    QJsonObject root;
    root[QStringLiteral("tray")] = QLatin1String(trayStates[int(trayState())]);
    root[QStringLiteral("tooltip")] = tooltip();
    root[QStringLiteral("devices")] = devices;
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

bool TrayController::claim(const QString &deviceId)
{
    const DeviceStatus current = status(deviceId);
    if (!m_arbiter || current.device.id.isEmpty())
        return false;
    ClaimOptions options;
    options.note = m_settings->note(deviceId);
    options.program = QStringLiteral("devlatch");
    const ClaimResult result = m_arbiter->claim(current.device, options);
    m_tracker->refresh(deviceId);
    if (!result.granted()) {
        const DeviceStatus now = status(deviceId);
        m_notifier->notify(tr("%1 is busy").arg(displayName(deviceId)),
                           now.isBusy() ? describeState(now) : result.message, Notifier::Kind::Warning);
        raiseAttention();
        return false;
    }
    m_settings->touch(deviceId);
    if (result.abandoned)
        m_notifier->notify(tr("%1 is yours").arg(displayName(deviceId)),
                           tr("Its previous holder, %1 (pid %2), ended without releasing it.")
                               .arg(qs(result.abandoned->program))
                               .arg(result.abandoned->pid));
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
    return true;
}

void TrayController::release(const QString &deviceId)
{
    if (!m_arbiter || !m_arbiter->release(deviceId))
        return;
    m_tracker->refresh(deviceId);
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
}

void TrayController::releaseAll()
{
    if (!m_arbiter)
        return;
    m_arbiter->releaseAll();
    m_tracker->refreshAll();
    Q_EMIT changed();
}

void TrayController::claimWhenFree(const QString &deviceId)
{
    const DeviceStatus current = status(deviceId);
    if (!m_queue || current.device.id.isEmpty())
        return;
    if (m_queue->queue(current.device, m_settings->note(deviceId), QStringLiteral("devlatch"))) {
        Q_EMIT deviceChanged(deviceId);
        Q_EMIT changed();
    }
}

void TrayController::cancelClaimWhenFree(const QString &deviceId)
{
    if (m_queue)
        m_queue->cancel(deviceId);
}

bool TrayController::isQueued(const QString &deviceId) const
{
    return m_queue && m_queue->isQueued(deviceId);
}

void TrayController::notifyWhenFree(const QString &deviceId, bool on)
{
    if (on)
        m_notifyWhenFree.insert(deviceId);
    else
        m_notifyWhenFree.remove(deviceId);
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
}

void TrayController::setNote(const QString &deviceId, const QString &note)
{
    m_settings->setNote(deviceId, note);
    if (m_arbiter && m_arbiter->setNote(deviceId, note))
        m_tracker->refresh(deviceId);
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
}

void TrayController::setAlias(const QString &deviceId, const QString &alias)
{
    m_settings->setAlias(deviceId, alias);
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
}

void TrayController::setClaimAtLogin(const QString &deviceId, bool on)
{
    m_settings->setClaimAtLogin(deviceId, on);
    Q_EMIT deviceChanged(deviceId);
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
            claimed += claim(id);
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

void TrayController::raiseAttention()
{
    m_attention = true;
    Q_EMIT changed();
}

void TrayController::onStatusChanged(const QString &deviceId, const DeviceStatus &previous, const DeviceStatus &current)
{
    const QString name = displayName(deviceId);
    if (previous.device.present && !current.device.present && current.state == DeviceStatus::State::HeldByMe) {
        m_notifier->notify(tr("%1 was unplugged").arg(name),
                           tr("You still hold its claim; plug it back in, or release it."), Notifier::Kind::Warning);
        raiseAttention();
    }
    if (m_notifyWhenFree.contains(deviceId) && current.state == DeviceStatus::State::Free) {
        m_notifyWhenFree.remove(deviceId);
        m_notifier->notify(tr("%1 is free").arg(name), tr("You asked to be told when it is free."));
    }
    // A device we queued for went to someone else: say so.
    if (isQueued(deviceId) && current.isBusy() && previous.isBusy() && previous.lock.holder && current.lock.holder
        && previous.lock.holder->pid != current.lock.holder->pid) {
        m_notifier->notify(tr("%1 went to someone else").arg(name), describeState(current), Notifier::Kind::Warning);
        raiseAttention();
    }
    Q_EMIT deviceChanged(deviceId);
    Q_EMIT changed();
}

} // namespace devlatch::tray
