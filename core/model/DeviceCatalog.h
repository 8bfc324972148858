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
