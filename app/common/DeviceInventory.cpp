// SPDX-License-Identifier: MIT
#include "DeviceInventory.h"

#include "arbiter/Arbiter.h"
#include "config/DeviceAliases.h"
#include "config/DeviceConfig.h"
#include "discovery/DeviceDiscovery.h"

#include <QFileInfo>
#include <QFileSystemWatcher>

namespace devlatch {

bool discoveryEnabled()
{
    return qEnvironmentVariable("DEVLATCH_DISCOVERY") != u"off";
}

DeviceInventory::DeviceInventory(std::unique_ptr<DeviceDiscovery> discovery, QObject *parent)
    : QObject(parent), m_discovery(std::move(discovery))
{
    if (!m_discovery && discoveryEnabled())
        m_discovery = DeviceDiscovery::createForThisPlatform();
}

DeviceInventory::~DeviceInventory() = default;

void DeviceInventory::load(bool watch)
{
    if (watch && !m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        // Editors replace files (new inode), so watch the directories as well as the files.
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DeviceInventory::reload);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DeviceInventory::reload);
        if (m_discovery) {
            connect(m_discovery.get(), &DeviceDiscovery::changed, this, &DeviceInventory::reload);
            if (!m_discovery->startWatching())
                m_watchWarning = QStringLiteral("devices plugged in or out are not noticed until devlatch restarts: %1")
                                     .arg(m_discovery->watchError());
        }
    }
    reload();
}

void DeviceInventory::reload()
{
    const DeviceConfig config = DeviceConfig::load();
    m_warnings = config.warnings;
    DiscoveryResult discovered;
    if (m_discovery) {
        discovered = m_discovery->enumerate();
        if (!discovered.error.isEmpty())
            m_warnings << QStringLiteral("device discovery failed, only configured devices are listed: %1")
                              .arg(discovered.error);
    }
    if (!m_watchWarning.isEmpty())
        m_warnings << m_watchWarning;
    m_catalog = DeviceCatalog::build(config.devices, discovered.devices, config.hide, config.aliases);
    m_scope = config.scope;
    m_lab = config.lab;
    m_lab.applyEnvironment(m_warnings);
    if (m_watcher)
        watchConfigFiles();
    Q_EMIT devicesChanged();
}

QString DeviceInventory::setAlias(const QString &deviceId, const QString &alias, const Arbiter &arbiter)
{
    const QString name = alias.trimmed();
    if (const QString problem = m_catalog.aliasProblem(name, deviceId); !problem.isEmpty())
        return problem;
    if (!name.isEmpty()) {
        Device resource;
        resource.id = name;
        const DeviceStatus held = arbiter.status(resource);
        if (held.isBusy() || held.state == DeviceStatus::State::HeldByMe)
            return QStringLiteral("a resource named \"%1\" is %2; choose another name").arg(name, held.summary());
    }
    DeviceAliases aliases = DeviceAliases::load();
    aliases.entries.erase(std::remove_if(aliases.entries.begin(), aliases.entries.end(),
                                         [&deviceId](const DeviceAlias &a) { return a.id == deviceId; }),
                          aliases.entries.end());
    if (!name.isEmpty()) {
        const Device device = m_catalog.resolve(deviceId).device;
        aliases.entries << DeviceAlias{deviceId, name, device.kind};
    }
    if (const QString error = DeviceAliases::save(aliases.entries); !error.isEmpty())
        return error;
    reload(); // every client view gets the new name through the device list
    return {};
}

void DeviceInventory::watchConfigFiles()
{
    const QStringList files = DeviceConfig::defaultFiles() << DeviceAliases::defaultFile();
    for (const QString &file : files) {
        const QString directory = QFileInfo(file).path();
        if (QFileInfo::exists(file) && !m_watcher->files().contains(file))
            m_watcher->addPath(file);
        if (QFileInfo(directory).isDir() && !m_watcher->directories().contains(directory))
            m_watcher->addPath(directory);
    }
}

} // namespace devlatch
