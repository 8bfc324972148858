// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <memory>

namespace devlatch::tray {

// "Start at login", one small implementation per desktop platform, chosen by the build:
//   XdgAutostart     ~/.config/autostart/<app id>.desktop (XDG_CONFIG_HOME honoured); an
//                    administrator's /etc/xdg/autostart/<app id>.desktop counts, and the
//                    person's own entry overrides it (Hidden=true to opt out)
//   RegistryAutostart HKCU\...\CurrentVersion\Run\devlatch (Windows); an HKLM entry counts,
//                    Task Manager's StartupApproved switch is honoured and used to opt out
// DEVLATCH_AUTOSTART_PATH_MOCK points the person's entry at a file of the test's choosing.
class Autostart {
public:
    virtual ~Autostart() = default;
    virtual bool isEnabled() const = 0;
    // Returns an error message, empty on success.
    virtual QString setEnabled(bool enabled) = 0;
    // Where the person's own entry lives, for messages.
    virtual QString location() const = 0;
    // The administrator's entry for every user, if there is one.
    virtual QString systemEntry() const = 0;

    static std::unique_ptr<Autostart> forThisPlatform();
    // The command that starts devlatch at login.
    static QString launchProgram();
};

} // namespace devlatch::tray
