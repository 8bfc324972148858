// SPDX-License-Identifier: MIT
#pragma once

#include "config/LabSettings.h"

#include <QObject>
#include <QString>

#include <memory>

namespace devlatch {

class DeviceCatalog;

namespace lab {
class EtcdClient;
class LabClaims;
class LabSession;
} // namespace lab

// Everything a client needs to use the lab scope, made from LabSettings: the etcd client
// (endpoints, TLS, the user with the password read from its file), this process's session
// and the claims over it. Both devlatchctl and the tray open one.
class LabConnection final : public QObject {
    Q_OBJECT
public:
    // Nothing, with `error` saying why, when the settings cannot work (no endpoints, an
    // unreadable password file or CA, ...).
    static std::unique_ptr<LabConnection> open(const LabSettings &settings, QString &error, QObject *parent = nullptr);
    ~LabConnection() override;

    lab::EtcdClient &client() { return *m_client; }
    lab::LabSession &session() { return *m_session; }
    lab::LabClaims &claims() { return *m_claims; }
    const LabSettings &settings() const { return m_settings; }

    // The lab name of what the user typed: a device this machine knows by that name (any node
    // path, alias or id maps to its stable id, as for local locks), else the name itself as an
    // ad-hoc lab resource. Empty, with `error`, for a name that cannot be one (a node path of
    // no known device, control characters, too long).
    static QString deviceName(const QString &typed, const DeviceCatalog &catalog, QString &error);

private:
    explicit LabConnection(QObject *parent) : QObject(parent) {}
    LabSettings m_settings;
    lab::EtcdClient *m_client = nullptr;
    lab::LabSession *m_session = nullptr;
    lab::LabClaims *m_claims = nullptr;
};

} // namespace devlatch
