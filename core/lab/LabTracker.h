// SPDX-License-Identifier: MIT
#pragma once

#include "LabRecord.h"
#include "LabStatus.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace devlatch::lab {

class EtcdClient;
class EtcdWatch;

// Every lab device's queue for a long-running client (the tray): one read of the queue,
// the users and the descriptors (in pages, at one revision), then one watch from its revision + 1, resumed after a break from the last revision
// + 1 (re-read after a compaction). The devices are those with queue entries or a descriptor
// (devices/<device>) plus the ones asked for. While the cluster cannot be reached every
// status is Unknown with the reason, never free.
class LabTracker final : public QObject {
    Q_OBJECT
public:
    LabTracker(EtcdClient *client, const LabKeys &keys, QObject *parent = nullptr);
    ~LabTracker() override;

    void start();
    // Devices to list even when nobody uses them (devlatch.conf [lab] devices=).
    void setWanted(const QStringList &devices);
    // Whose entries count as this process's (its session lease; 0: none yet).
    void setMyLease(qint64 lease);

    bool connected() const { return m_connected; }
    QString error() const { return m_error; }
    QStringList devices() const;
    LabStatus status(const QString &device) const;

Q_SIGNALS:
    void deviceChanged(const QString &device);
    void devicesReset();
    // Reachable or not, with the reason when not.
    void connectionChanged(bool connected, const QString &error);

private:
    void read();
    void watchFrom(qint64 revision);
    void onEvents(const QJsonArray &events);
    void setConnected(bool connected, const QString &error);
    void rebuild(const QString &device);

    EtcdClient *m_client;
    LabKeys m_keys;
    QHash<QString, QList<LabEntry>> m_queues;  // by device, in create-revision order
    QHash<QString, QString> m_maintenance;     // by device: the reason
    QSet<QString> m_described;                 // devices with a descriptor
    QSet<QString> m_users;                     // the lab's registry (users/)
    QStringList m_wanted;
    qint64 m_myLease = 0;
    qint64 m_revision = 0;
    bool m_connected = false;
    bool m_started = false;
    QString m_error;
    QPointer<EtcdWatch> m_watch;
    QTimer m_retry;
};

} // namespace devlatch::lab
