#include "DeviceInventory.h"

#include "config/DeviceConfig.h"
#include "discovery/HotplugMonitor.h"
#include "discovery/UdevDiscovery.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace devlatch {

bool discoveryEnabled()
{
    return qEnvironmentVariable("DEVLATCH_DISCOVERY") != u"off";
}

DeviceInventory::DeviceInventory(QObject *parent) : QObject(parent) {}

DeviceInventory::~DeviceInventory() = default;

void DeviceInventory::load(bool watch)
{
    if (watch && !m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        // Editors replace files (new inode), so watch the directories as well as the files.
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DeviceInventory::reload);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DeviceInventory::reload);
        if (discoveryEnabled()) {
            auto *hotplug = new HotplugMonitor(this);
            connect(hotplug, &HotplugMonitor::changed, this, &DeviceInventory::reload);
            m_hotplug = hotplug;
        }
    }
    reload();
}

void DeviceInventory::reload()
{
    const DeviceConfig config = DeviceConfig::load();
    const QList<Device> discovered = discoveryEnabled() ? UdevDiscovery::enumerate() : QList<Device>();
    m_catalog = DeviceCatalog::build(config.devices, discovered, config.hide);
    m_warnings = config.warnings;
    m_scope = config.scope;
    if (m_watcher) {
        for (const QString &file : DeviceConfig::defaultFiles()) {
            const QString directory = QFileInfo(file).path();
            if (QFileInfo::exists(file) && !m_watcher->files().contains(file))
                m_watcher->addPath(file);
            if (QFileInfo(directory).isDir() && !m_watcher->directories().contains(directory))
                m_watcher->addPath(directory);
        }
    }
    Q_EMIT devicesChanged();
}

} // namespace devlatch
