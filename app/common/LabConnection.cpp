// SPDX-License-Identifier: MIT
#include "LabConnection.h"

#include "model/LockWording.h"

#include "lab/EtcdClient.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"

#include "lock/ProcessInfo.h"
#include "model/DeviceCatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSysInfo>

namespace devlatch {

namespace {

constexpr int kMaxLabNameBytes = 200;

QString expandHome(const QString &path)
{
    return path.startsWith(QStringLiteral("~/")) ? QDir::homePath() + path.mid(1) : path;
}

} // namespace

std::unique_ptr<LabConnection> LabConnection::open(const LabSettings &settings, QString &error, QObject *parent)
{
    error = settings.validate();
    if (!error.isEmpty())
        return nullptr;
    lab::EtcdClient::Options options;
    options.endpoints = settings.endpoints;
    options.caFile = expandHome(settings.caFile);
    options.certFile = expandHome(settings.certFile);
    options.keyFile = expandHome(settings.keyFile);
    options.user = settings.user;
    // A request to a hung member must give up in time to keep the lease alive elsewhere:
    // keepalives go every TTL/3, so half a TTL (at most 3 s, at least 1 s).
    options.timeoutMs = qBound(1000, settings.ttlSeconds * 1000 / 2, 3000);
    if (!settings.passwordFile.isEmpty()) {
        QFile file(expandHome(settings.passwordFile));
        if (!file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot read the lab password file %1: %2").arg(file.fileName(), file.errorString());
            return nullptr;
        }
        options.password = QString::fromUtf8(file.readLine(4096)).trimmed();
    }
    std::unique_ptr<LabConnection> connection(new LabConnection(parent));
    connection->m_settings = settings;
    connection->m_client = new lab::EtcdClient(options, connection.get());
    if (!connection->m_client->setupError().isEmpty()) {
        error = connection->m_client->setupError();
        return nullptr;
    }
    connection->m_session = new lab::LabSession(connection->m_client, settings.ttlSeconds, connection.get());
    const lock::HolderRecord me = lock::processIdentity();
    lab::LabIdentity identity;
    identity.user = settings.user.isEmpty() ? QString::fromStdString(me.user) : settings.user;
    // Test seam: two "hosts" on one machine.
    identity.host = qEnvironmentVariable("DEVLATCH_LAB_HOST", QString::fromStdString(me.host));
    identity.pid = QCoreApplication::applicationPid();
    identity.client = QStringLiteral("devlatch " DEVLATCH_VERSION);
    connection->m_claims = new lab::LabClaims(connection->m_client, connection->m_session,
                                              settings.prefix.toUtf8(), identity, connection.get());
    return connection;
}

LabConnection::~LabConnection() = default;

QString LabConnection::deviceName(const QString &typed, const DeviceCatalog &catalog, QString &error)
{
    const DeviceCatalog::Resolved resolved = catalog.resolve(typed);
    const bool path = typed.startsWith(u'/') || typed.startsWith(u'\\');
    const bool known = resolved.ok() && (resolved.device.isConfigured() || resolved.device.discovered);
    // A node path is this machine's name for a device: only its stable id means the same
    // device on every machine of the lab.
    if (known && !(path && resolved.device.id == typed))
        return resolved.device.id;
    if (path) {
        error = QStringLiteral("%1 is not a device this machine knows, so it names nothing in the lab; use the device's id")
                    .arg(LockWording::escaped(typed));
        return {};
    }
    // Any other name is an ad-hoc lab resource, as every machine of the lab will type it.
    if (typed.isEmpty() || typed.toUtf8().size() > kMaxLabNameBytes
        || std::any_of(typed.begin(), typed.end(), [](QChar c) { return c.category() == QChar::Other_Control; })) {
        error = QStringLiteral("\"%1\": a lab device name has 1 to %2 bytes and no control characters")
                    .arg(LockWording::escaped(typed))
                    .arg(kMaxLabNameBytes);
        return {};
    }
    return resolved.ok() ? resolved.device.id : typed;
}

} // namespace devlatch
