// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace devlatch {

// One lockable thing: a physical device or a named resource. `id` is the stable identity the
// lock name is derived from; everything else is presentation.
struct Device {
    QString id;
    QString key;        // the config section's short name ([device.KEY]); also resolves
    QString name;       // display name; the id when none is configured
    QString alias;      // the name a person gave it (aliases.conf): shown first, also resolves
    QString kind;       // e.g. serial, probe, camera, instrument, resource
    QStringList nodes;  // device node paths that name the same device
    QString source;     // config file that defined it; empty for ad-hoc named resources
    bool discovered = false; // found by udev discovery (core/discovery/)
    bool present = true;     // false: unplugged (kept listed while this process holds it)

    QString displayName() const { return !alias.isEmpty() ? alias : name.isEmpty() ? id : name; }
    bool isConfigured() const { return !source.isEmpty(); }
    bool isKnown() const { return isConfigured() || discovered; }
};

} // namespace devlatch
