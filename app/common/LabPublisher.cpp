// SPDX-License-Identifier: MIT
#include "LabPublisher.h"

#include "LabConnection.h"

#include "arbiter/Arbiter.h"
#include "arbiter/StateTracker.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"
#include "model/DeviceStatus.h"

namespace devlatch {

namespace {
constexpr int kRetryMs = 2000;
const QString kProgram = QStringLiteral("devlatchctl lab publish");

// "alice@laptop (flash.py)": whom a local lock is held for.
QString labHolderName(const lab::LabEntry &entry)
{
    if (!entry.record)
        return QStringLiteral("%1 (an entry devlatch cannot read)").arg(lab::escapedText(entry.user));
    return QStringLiteral("%1@%2 (%3)")
        .arg(lab::escapedText(entry.record->user), lab::escapedText(entry.record->host), lab::escapedText(entry.record->program));
}

// Who holds or uses the device here, outside the lab; empty when nobody does.
QString localHolderOf(const DeviceStatus &status)
{
    if (status.state == DeviceStatus::State::Unknown)
        return QStringLiteral("nobody can tell: %1").arg(status.error);
    if (!status.isBusy())
        return {};
    QString text = status.summary();
    if (text.startsWith(QStringLiteral("held by ")))
        text.remove(0, 8);
    return text;
}
} // namespace

struct LabPublisher::Entry {
    Device device;
    QString labName;
    lab::LabStatus status; // the gate's queue as last known
    bool statusKnown = false;
    bool holdingLocal = false;
    QString heldFor;
    bool stepping = false;  // the gate is being released for the first waiter
    bool published = false; // the published/ key is ours
    QTimer retry;
};

LabPublisher::LabPublisher(LabConnection &lab, Arbiter &arbiter, QObject *parent)
    : QObject(parent), m_lab(lab), m_arbiter(arbiter), m_tracker(new StateTracker(arbiter, this))
{
    lab::LabClaims &claims = m_lab.claims();
    connect(&claims, &lab::LabClaims::queued, this, &LabPublisher::onQueue);
    connect(&claims, &lab::LabClaims::queueChanged, this, &LabPublisher::onQueue);
    connect(&claims, &lab::LabClaims::refused, this, [this](const QString &name, lock::AcquireStatus, const lab::LabStatus &status) {
        Entry *entry = byLabName(name);
        if (!entry)
            return;
        const QString why = status.publisher.isEmpty() ? status.summary()
                                                       : QStringLiteral("%1 publishes it already").arg(status.publisher);
        if (entry->holdingLocal)
            letGoLocally(*entry, QStringLiteral("not published"));
        m_entries.remove(name);
        Q_EMIT refused(name, why);
    });
    connect(&claims, &lab::LabClaims::failed, this, &LabPublisher::onClaimEnded);
    connect(&claims, &lab::LabClaims::lost, this, &LabPublisher::onClaimEnded);
    // Queued: the publisher's own take and release are read back (refresh) in the middle of a
    // decision, which must not start a second one.
    connect(m_tracker, &StateTracker::statusChanged, this,
            [this](const QString &id, const DeviceStatus &, const DeviceStatus &current) { onLocal(id, current); },
            Qt::QueuedConnection);
}

LabPublisher::~LabPublisher() = default;

void LabPublisher::publish(const QList<Device> &devices, const QStringList &labNames)
{
    m_tracker->start(devices);
    for (qsizetype i = 0; i < devices.size(); ++i) {
        auto entry = std::make_shared<Entry>();
        entry->device = devices.at(i);
        entry->labName = labNames.at(i);
        entry->retry.setSingleShot(true);
        const QString name = entry->labName;
        connect(&entry->retry, &QTimer::timeout, this, [this, name] {
            if (Entry *e = byLabName(name))
                claimGate(*e, !e->published);
        });
        m_entries.insert(name, entry);
        claimGate(*entry, true);
    }
}

bool LabPublisher::holdsLocally(const QString &labName) const
{
    const auto entry = m_entries.value(labName);
    return entry && entry->holdingLocal;
}

LabPublisher::Entry *LabPublisher::byLabName(const QString &labName)
{
    return m_entries.value(labName).get();
}

void LabPublisher::claimGate(Entry &entry, bool publish)
{
    if (m_stopping)
        return;
    entry.statusKnown = false;
    lab::LabClaimOptions options;
    options.wait = lock::WaitPolicy::forever();
    options.gate = true;
    options.publish = publish;
    options.program = kProgram;
    options.localHolder = entry.holdingLocal ? QString() : localHolderOf(m_tracker->status(entry.device.id));
    m_lab.claims().claim(entry.labName, options);
}

void LabPublisher::onQueue(const QString &labName, const lab::LabStatus &status)
{
    Entry *entry = byLabName(labName);
    if (!entry || entry->stepping)
        return;
    entry->status = status;
    entry->statusKnown = true;
    if (!entry->published && status.myPosition >= 0) {
        entry->published = true;
        Q_EMIT published(labName);
    }
    evaluate(*entry);
}

void LabPublisher::onLocal(const QString &deviceId, const DeviceStatus &current)
{
    Q_UNUSED(current)
    for (const auto &entry : std::as_const(m_entries))
        if (entry->device.id == deviceId) {
            updateLocalHolder(*entry);
            evaluate(*entry); // a lab waiter may get it now
        }
}

void LabPublisher::evaluate(Entry &entry)
{
    if (entry.stepping || m_stopping || !entry.statusKnown)
        return;
    const lab::LabStatus &status = entry.status;
    const int position = status.myPosition;
    if (position > 0) {
        // A lab claim stands first: this machine holds the device for it.
        holdLocally(entry, labHolderName(*status.owner()));
    } else if (position == 0) {
        if (status.queue.size() > 1) {
            if (holdLocally(entry, labHolderName(status.queue.at(1))))
                stepAside(entry);
        } else if (entry.holdingLocal) {
            letGoLocally(entry, QStringLiteral("let go of the local lock: nobody holds it through the lab now"));
        }
    }
    updateLocalHolder(entry);
}

bool LabPublisher::holdLocally(Entry &entry, const QString &forWhom)
{
    const QString note = QStringLiteral("held by %1 through the lab").arg(forWhom);
    if (entry.holdingLocal) {
        if (entry.heldFor != forWhom) {
            entry.heldFor = forWhom;
            m_arbiter.setNote(entry.device.id, note);
            Q_EMIT event(entry.labName, QStringLiteral("the local lock is now held for %1").arg(forWhom));
        }
        return true;
    }
    // Someone here has it (a lock, or the node open): the lab waits, its gate naming them.
    if (!localHolderOf(m_tracker->status(entry.device.id)).isEmpty())
        return false;
    ClaimOptions options;
    options.note = note;
    options.program = kProgram;
    const ClaimResult result = m_arbiter.claim(entry.device, options);
    if (!result.granted()) {
        m_tracker->refresh(entry.device.id); // who took it first is named by the gate then
        return false;
    }
    entry.holdingLocal = true;
    entry.heldFor = forWhom;
    m_tracker->refresh(entry.device.id);
    Q_EMIT event(entry.labName, QStringLiteral("took the local lock for %1").arg(forWhom));
    return true;
}

void LabPublisher::letGoLocally(Entry &entry, const QString &why)
{
    if (!entry.holdingLocal)
        return;
    m_arbiter.release(entry.device.id);
    entry.holdingLocal = false;
    entry.heldFor.clear();
    m_tracker->refresh(entry.device.id);
    Q_EMIT event(entry.labName, why);
}

void LabPublisher::stepAside(Entry &entry)
{
    if (entry.stepping)
        return;
    entry.stepping = true;
    const QString name = entry.labName;
    // The release deletes the gate and says "released" at one revision: the waiter is granted
    // now that the local lock is taken for it. The gate queues again, behind it.
    m_lab.claims().release(name, [this, name] {
        Entry *e = byLabName(name);
        if (!e)
            return;
        e->stepping = false;
        claimGate(*e, false);
    });
}

void LabPublisher::updateLocalHolder(Entry &entry)
{
    if (entry.stepping || !entry.statusKnown)
        return;
    m_lab.claims().setLocalHolder(entry.labName, entry.holdingLocal ? QString() : localHolderOf(m_tracker->status(entry.device.id)));
}

void LabPublisher::onClaimEnded(const QString &labName, const QString &why)
{
    Entry *entry = byLabName(labName);
    if (!entry || m_stopping)
        return;
    const lab::LabSession::State session = m_lab.session().state();
    const bool sessionOver = session == lab::LabSession::State::Lost || session == lab::LabSession::State::Closed;
    if (sessionOver) {
        // The lease is gone (or unconfirmed for twice its TTL): the lab holder has been told that
        // the claim no longer binds this machine. Only now does the local lock go.
        letGoLocally(*entry, QStringLiteral("let go of the local lock: the lab session is over: %1").arg(why));
        entry->published = false;
    }
    Q_EMIT event(labName, QStringLiteral("%1: %2; trying again in %3 s")
                              .arg(entry->published ? QStringLiteral("the gate left the queue") : QStringLiteral("not published now"),
                                   why)
                              .arg(kRetryMs / 1000));
    entry->statusKnown = false;
    entry->retry.start(kRetryMs);
}

void LabPublisher::stop(const std::function<void()> &done, int graceMs)
{
    m_stopping = true;
    bool bound = false;
    for (const auto &entry : std::as_const(m_entries)) {
        entry->retry.stop();
        bound = bound || entry->holdingLocal;
    }
    const auto letGo = [this, done] {
        for (const auto &entry : std::as_const(m_entries))
            letGoLocally(*entry, QStringLiteral("let go of the local lock: no longer published"));
        done();
    };
    // The lease first: every gate and published/ key goes at once, and bound lab holders learn
    // that the claim no longer binds this machine; the local locks a moment later, when they
    // have had the time to stop.
    m_lab.session().close([this, bound, graceMs, letGo] {
        if (bound)
            QTimer::singleShot(graceMs, this, letGo);
        else
            letGo();
    });
}

} // namespace devlatch
