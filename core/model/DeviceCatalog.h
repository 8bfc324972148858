// SPDX-License-Identifier: MIT
#pragma once

#include "Device.h"

#include <QList>

namespace devlatch {

// A name a person gave a device (kept in aliases.conf, see config/DeviceAliases.h). The kind
// is remembered so the device can be named and shown while it is unplugged.
struct DeviceAlias {
    QString id;
    QString name;
    QString kind;
    friend bool operator==(const DeviceAlias &a, const DeviceAlias &b)
    {
        return a.id == b.id && a.name == b.name && a.kind == b.kind;
    }
};

// The devices devlatch knows and how a name given by a person maps to one of them.
class DeviceCatalog final {
public:
    DeviceCatalog() = default;
    // `hidden`: discovered devices a hide rule leaves out of devices(); their names still
    // resolve to them, so a hidden /dev/ttyS0 still takes the port's lock, not a new one.
    // `aliases`: names people gave devices; an alias of a device not present still resolves
    // to its id, so it never becomes a new named resource of the same name.
    explicit DeviceCatalog(QList<Device> devices, QList<Device> hidden = {}, const QList<DeviceAlias> &aliases = {});

    const QList<Device> &devices() const { return m_devices; }

    // Configured and discovered devices as one list, one entry per physical device:
    // - a configured device whose id is a discovered one names it (an alias: its name,
    //   and its kind unless that is a default, win; the nodes are merged);
    // - a configured device that lists a discovered device's node claims that device under
    //   the configured id (so the node and the config key take the same lock);
    // - discovered devices matching a hide pattern (glob on id, node path or node name,
    //   display name) are left out unless configured;
    // - configured devices nothing was found for stay (network instruments).
    static QList<Device> merge(const QList<Device> &configured, const QList<Device> &discovered,
                               const QStringList &hidePatterns, QList<Device> *hidden = nullptr);
    // merge() as a catalog that keeps the hidden devices for resolution.
    static DeviceCatalog build(const QList<Device> &configured, const QList<Device> &discovered,
                               const QStringList &hidePatterns, const QList<DeviceAlias> &aliases = {});

    const QList<DeviceAlias> &aliases() const { return m_aliases; }
    // Why `alias` cannot name the device `deviceId` (empty: it can): it must be a valid id,
    // not a path, and name no other device by its id, key, name or alias.
    QString aliasProblem(const QString &alias, const QString &deviceId) const;

    struct Resolved {
        Device device;
        QString error; // bad input: empty name, invalid UTF-8 id, ...
        bool ok() const { return error.isEmpty(); }
    };
    // A known device by id, config key, alias, configured name or node path, including a
    // /dev/serial/by-id/... or by-path link to a node; anything else that is a valid id
    // becomes an ad-hoc named resource (like flock(1) on a name).
    Resolved resolve(const QString &name) const;
    Resolved resolve(const QByteArray &rawName) const;

private:
    static const Device *find(const QList<Device> &devices, const QString &name);

    QList<Device> m_devices;
    QList<Device> m_hidden;
    QList<Device> m_absent; // aliased devices that are not here now (unplugged)
    QList<DeviceAlias> m_aliases;
};

} // namespace devlatch
