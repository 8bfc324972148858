// SPDX-License-Identifier: MIT
#include "ClaimHistory.h"

#include "StateWording.h"

#include "model/DeviceStatus.h"
#include "model/LockWording.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSysInfo>

namespace devlatch::tray {

namespace {

// The claim a status shows, as a history entry (not yet ended); nothing when free.
std::optional<ClaimHistory::Entry> claimOf(const DeviceStatus &status)
{
    ClaimHistory::Entry entry;
    entry.deviceId = status.device.id;
    if (const auto &holder = status.lock.holder) {
        entry.mine = isMine(*holder) || status.state == DeviceStatus::State::HeldByMe;
        entry.who = LockWording::escaped(holder->user);
        if (!holder->host.empty() && QString::fromStdString(holder->host) != QSysInfo::machineHostName())
            entry.who += u'@' + LockWording::escaped(holder->host);
        entry.program = LockWording::escaped(holder->program);
        entry.pid = holder->pid;
        entry.from = QDateTime::fromString(QString::fromStdString(holder->since), Qt::ISODate);
    } else if (status.state == DeviceStatus::State::HeldForeign) {
        for (const auto &os : status.lock.osHolders)
            if (!os.waiting && os.pid > 0) {
                entry.program = LockWording::escaped(os.program);
                entry.pid = os.pid;
                break;
            }
    }
    if (entry.pid <= 0)
        return std::nullopt;
    if (!entry.from.isValid())
        entry.from = QDateTime::currentDateTimeUtc();
    return entry;
}

bool sameClaim(const ClaimHistory::Entry &a, const ClaimHistory::Entry &b)
{
    return a.pid == b.pid && a.program == b.program;
}

} // namespace

QString ClaimHistory::defaultFile()
{
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty())
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/devlatch/history.json");
}

ClaimHistory::ClaimHistory(const QString &file) : m_file(file)
{
    load();
}

void ClaimHistory::observe(const DeviceStatus &previous, const DeviceStatus &current)
{
    const QString &id = current.device.id;
    const auto before = m_inProgress.contains(id) ? std::optional<Entry>(m_inProgress.value(id)) : claimOf(previous);
    const auto now = claimOf(current);
    if (before && now && sameClaim(*before, *now))
        return;
    if (before) {
        Entry ended = *before;
        ended.until = QDateTime::currentDateTimeUtc();
        m_entries << ended;
        m_inProgress.remove(id);
        save();
    }
    if (now)
        m_inProgress.insert(id, *now);
}

QList<ClaimHistory::Entry> ClaimHistory::of(const QString &deviceId) const
{
    QList<Entry> entries;
    if (m_inProgress.contains(deviceId))
        entries << m_inProgress.value(deviceId);
    for (auto it = m_entries.crbegin(); it != m_entries.crend() && entries.size() < kPerDevice; ++it)
        if (it->deviceId == deviceId)
            entries << *it;
    return entries;
}

void ClaimHistory::load()
{
    QFile file(m_file);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read %1: %2").arg(m_file, file.errorString());
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close(); // Windows renames no file that is open
    if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
        // Kept aside, not overwritten: the person may want to look at it.
        m_error = QStringLiteral("%1 is damaged (%2); a new history starts").arg(m_file, parseError.errorString());
        const QString aside = m_file + QStringLiteral(".damaged");
        QFile::remove(aside); // an older one: rename() never replaces
        if (!QFile::rename(m_file, aside))
            m_error += QStringLiteral(" (and it could not be set aside as %1)").arg(aside);
        return;
    }
    for (const QJsonValue &value : document.array()) {
        const QJsonObject object = value.toObject();
        Entry entry{object.value(QStringLiteral("device")).toString(),
                    object.value(QStringLiteral("who")).toString(),
                    object.value(QStringLiteral("mine")).toBool(),
                    object.value(QStringLiteral("program")).toString(),
                    object.value(QStringLiteral("pid")).toInteger(),
                    QDateTime::fromString(object.value(QStringLiteral("from")).toString(), Qt::ISODate),
                    QDateTime::fromString(object.value(QStringLiteral("until")).toString(), Qt::ISODate)};
        if (!entry.deviceId.isEmpty() && entry.from.isValid() && entry.until.isValid())
            m_entries << entry;
    }
}

void ClaimHistory::save()
{
    // Per device at most kPerDevice; in all at most kMaxEntries, the oldest go first.
    QHash<QString, int> perDevice;
    QList<Entry> kept;
    for (auto it = m_entries.crbegin(); it != m_entries.crend() && kept.size() < kMaxEntries; ++it)
        if (++perDevice[it->deviceId] <= kPerDevice)
            kept.prepend(*it);
    m_entries = kept;
    QJsonArray array;
    for (const Entry &entry : std::as_const(m_entries))
        array.append(QJsonObject{{QStringLiteral("device"), entry.deviceId},
                                 {QStringLiteral("who"), entry.who},
                                 {QStringLiteral("mine"), entry.mine},
                                 {QStringLiteral("program"), entry.program},
                                 {QStringLiteral("pid"), entry.pid},
                                 {QStringLiteral("from"), entry.from.toString(Qt::ISODate)},
                                 {QStringLiteral("until"), entry.until.toString(Qt::ISODate)}});
    QDir().mkpath(QFileInfo(m_file).path());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(array).toJson(QJsonDocument::Compact)) < 0
        || !file.commit())
        m_error = QStringLiteral("cannot write %1: %2").arg(m_file, file.errorString());
    else
        m_error.clear();
}

} // namespace devlatch::tray
