// SPDX-License-Identifier: MIT
#pragma once

#include "config/LabSettings.h"

#include "discovery/DeviceDiscovery.h"
#include "model/Device.h"
#include "model/DeviceCatalog.h"

#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>

class QFileSystemWatcher;
class QTimer;

namespace devlatch {

class Arbiter;

// The one device loader of both clients: the configured devices (devlatch.conf) merged
// with the ones discovery finds, plus the configured scope and every warning (configuration
// problems, discovery that cannot run or cannot follow hotplug). devlatchctl loads once;
// the tray keeps one that reloads when a config file changes or a device comes or goes.
class DeviceInventory final : public QObject {
    Q_OBJECT

public:
    // `discovery`: null for the OS's own (unless DEVLATCH_DISCOVERY=off); tests inject one.
    explicit DeviceInventory(std::unique_ptr<DeviceDiscovery> discovery = {}, QObject *parent = nullptr);
    ~DeviceInventory() override;

    // Loads now; with `watch`, reloads whenever a config file changes or hotplug reports.
    void load(bool watch);

    // Reads configuration, aliases and discovery again now (after this process changed them).
    void reload();

    // Names a device for every devlatch program (aliases.conf) and reloads; empty `alias`
    // removes its alias. Refused (the reason is returned) when the name would be ambiguous
    // or is a resource someone holds right now under that very name.
    QString setAlias(const QString &deviceId, const QString &alias, const Arbiter &arbiter);

    QList<Device> devices() const { return m_catalog.devices(); }
    const DeviceCatalog &catalog() const { return m_catalog; }
    QStringList warnings() const { return m_warnings; }
    QString configuredScope() const { return m_scope; }
    // The [lab] section with the environment's overrides (DEVLATCH_LAB_ENDPOINTS, ...).
    LabSettings labSettings() const { return m_lab; }

Q_SIGNALS:
    void devicesChanged();

private:
    void watchConfigFiles();
    void onDirectoryChanged(const QString &directory);
    static bool isConfigDirectory(const QString &directory);

    std::unique_ptr<DeviceDiscovery> m_discovery;
    DeviceCatalog m_catalog;
    QStringList m_warnings;
    QString m_watchWarning;
    QString m_scope;
    LabSettings m_lab;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadSoon = nullptr;
    QSet<QString> m_ancestors; // watched only until a config directory below them exists
};

// Whether the OS's device discovery runs: yes, unless DEVLATCH_DISCOVERY=off (tests that
// want exactly their configured devices).
bool discoveryEnabled();

} // namespace devlatch
