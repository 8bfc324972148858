#pragma once

#include "model/Device.h"
#include "model/DeviceCatalog.h"

#include <QObject>
#include <QStringList>

class QFileSystemWatcher;

namespace devlatch {

// The devices this machine knows right now: configured ones (devlatch.conf, reloaded when a
// config file changes) merged with the ones udev discovery finds (followed through hotplug
// when watching). Long-running
// clients (the tray) keep one; devlatchctl takes a snapshot through catalog().
class DeviceInventory final : public QObject {
    Q_OBJECT

public:
    explicit DeviceInventory(QObject *parent = nullptr);
    ~DeviceInventory() override;

    // Loads the configuration now; with `watch`, reloads it whenever a config file changes.
    void load(bool watch);

    QList<Device> devices() const { return m_catalog.devices(); }
    const DeviceCatalog &catalog() const { return m_catalog; }
    QStringList warnings() const { return m_warnings; }
    QString configuredScope() const { return m_scope; }

Q_SIGNALS:
    void devicesChanged();

private:
    void reload();

    DeviceCatalog m_catalog;
    QStringList m_warnings;
    QString m_scope;
    QFileSystemWatcher *m_watcher = nullptr;
    QObject *m_hotplug = nullptr;
};

// Whether udev discovery runs: on, unless DEVLATCH_DISCOVERY=off (tests that want exactly
// their configured devices).
bool discoveryEnabled();

} // namespace devlatch
