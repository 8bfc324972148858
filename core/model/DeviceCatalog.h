#pragma once

#include "model/Device.h"

#include <QList>

namespace devlatch {

// The devices devlatch knows and how a name given by a person maps to one of them.
class DeviceCatalog final {
public:
    DeviceCatalog() = default;
    explicit DeviceCatalog(QList<Device> devices);

    const QList<Device> &devices() const { return m_devices; }

    // Configured and discovered devices as one list, one entry per physical device:
    // - a configured device whose id is a discovered one names it (an alias: its name,
    //   and its kind unless that is a default, win; the nodes are merged);
    // - a configured device that lists a discovered device's node claims that device under
    //   the configured id (so the node and the config key take the same lock);
    // - discovered devices matching a hide pattern (glob on id, node path or node name,
    //   display name) are left out unless configured;
    // - configured devices nothing was found for stay (network instruments).
    // A node path with its symlinks followed (/dev/serial/by-id/... -> /dev/ttyUSB0), by
    // readlink(): realpath() is avoided on purpose, umockdev's shim for it corrupts memory.
    static QString followLinks(const QString &path);

    static QList<Device> merge(const QList<Device> &configured, const QList<Device> &discovered,
                               const QStringList &hidePatterns);

    struct Resolved {
        Device device;
        QString error; // bad input: empty name, invalid UTF-8 id, ...
        bool ok() const { return error.isEmpty(); }
    };
    // A configured device by id, config key, display name or node path; anything else that is
    // a valid id becomes an ad-hoc named resource (like flock(1) on a name).
    Resolved resolve(const QString &name) const;
    Resolved resolve(const QByteArray &rawName) const;

private:
    QList<Device> m_devices;
};

} // namespace devlatch
