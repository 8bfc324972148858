// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace devlatch {

// The lab scope's connection, from devlatch.conf's [lab] section:
//
//   [lab]
//   endpoints=https://etcd1.lab:2379, https://etcd2.lab:2379
//   prefix=/devlatch/lab/v2/   ; every key devlatch writes lives under it
//   ttl=15                     ; seconds a dead client's claims outlive it (2..3600)
//   ca=/etc/devlatch/lab-ca.pem
//   cert=/etc/devlatch/me.pem  ; client certificate (its CN must be empty: etcd's gateway)
//   key=/etc/devlatch/me.key
//   user=alice                 ; etcd user; the password only ever comes from a file
//   password-file=~/.config/devlatch/lab-password
//   devices=dut-7, probe-3     ; lab devices the tray lists even when nobody uses them
//
// DEVLATCH_LAB_ENDPOINTS (comma-separated) replaces endpoints=, DEVLATCH_LAB_TTL ttl=.
struct LabSettings {
    QStringList endpoints;
    QString prefix = QStringLiteral("/devlatch/lab/v2/");
    int ttlSeconds = 15;
    QString caFile;
    QString certFile;
    QString keyFile;
    QString user;
    QString passwordFile;
    QStringList devices;

    static constexpr int kMinTtl = 2;    // etcd's minimum lease TTL with its default timing
    static constexpr int kMaxTtl = 3600;

    bool configured() const { return !endpoints.isEmpty(); }
    // The environment's overrides applied; a warning for each value it refuses.
    void applyEnvironment(QStringList &warnings);
    // "endpoint is not http(s)://host:port", "plain http:// with a password" and friends;
    // empty when usable.
    QString validate() const;
};

} // namespace devlatch
