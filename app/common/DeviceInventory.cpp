// SPDX-License-Identifier: MIT
#include "DeviceInventory.h"

#include "arbiter/Arbiter.h"
#include "config/DeviceAliases.h"
#include "config/DeviceConfig.h"
#include "discovery/DeviceDiscovery.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

#include <algorithm>

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
        // One reload for a burst of events: an editor creates, writes and renames in a row,
        // and a reload between two of them must not be the last one.
        m_reloadSoon = new QTimer(this);
        m_reloadSoon->setSingleShot(true);
        m_reloadSoon->setInterval(100);
        connect(m_reloadSoon, &QTimer::timeout, this, &DeviceInventory::reload);
        // Editors replace files (new inode), so watch the directories as well as the files.
        connect(m_watcher, &QFileSystemWatcher::fileChanged, m_reloadSoon, qOverload<>(&QTimer::start));
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DeviceInventory::onDirectoryChanged);
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

namespace {

// The directory that exists on the way to `directory` (itself if it exists), "" if none.
QString nearestExisting(QString directory)
{
    while (!directory.isEmpty() && !QFileInfo(directory).isDir()) {
        const QString parent = QFileInfo(directory).path();
        if (parent == directory)
            return {};
        directory = parent;
    }
    return directory;
}

} // namespace

void DeviceInventory::watchConfigFiles()
{
    // A config directory that does not exist yet (a newcomer's ~/.config/devlatch/ before
    // the first devlatch.conf): its nearest existing ancestor is watched until it appears.
    QSet<QString> ancestors;
    const QStringList files = DeviceConfig::defaultFiles() << DeviceAliases::defaultFile();
    for (const QString &file : files) {
        const QString directory = QFileInfo(file).path();
        if (QFileInfo::exists(file) && !m_watcher->files().contains(file))
            m_watcher->addPath(file);
        const QString watched = nearestExisting(directory);
        if (watched.isEmpty())
            continue;
        if (watched != directory)
            ancestors.insert(watched);
        if (!m_watcher->directories().contains(watched))
            m_watcher->addPath(watched);
    }
    // Ancestors no longer on the way to a missing directory: their other changes are noise.
    for (const QString &old : std::as_const(m_ancestors))
        if (!ancestors.contains(old) && !isConfigDirectory(old))
            m_watcher->removePath(old);
    m_ancestors = ancestors;
}

bool DeviceInventory::isConfigDirectory(const QString &directory)
{
    const QStringList files = DeviceConfig::defaultFiles() << DeviceAliases::defaultFile();
    return std::any_of(files.begin(), files.end(), [&](const QString &file) { return QFileInfo(file).path() == directory; });
}

void DeviceInventory::onDirectoryChanged(const QString &directory)
{
    // A config directory: a file in it came, went or was replaced. An ancestor: reload only
    // once the way to a config directory got further (~/.config changes for every program).
    if (!m_ancestors.contains(directory) || isConfigDirectory(directory)) {
        m_reloadSoon->start();
        return;
    }
    const QStringList files = DeviceConfig::defaultFiles() << DeviceAliases::defaultFile();
    for (const QString &file : files) {
        const QString directoryOfFile = QFileInfo(file).path();
        const QString nearest = nearestExisting(directoryOfFile);
        if (nearest != directory && m_ancestors.contains(directory) && nearest.startsWith(directory)) {
            m_reloadSoon->start();
            return;
        }
    }
}

} // namespace devlatch
