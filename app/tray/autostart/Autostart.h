#pragma once

#include <QString>

#include <memory>

namespace devlatch::tray {

// "Start at login", one small implementation per desktop platform, chosen by the build:
//   XdgAutostart     ~/.config/autostart/devlatch.desktop (XDG_CONFIG_HOME honoured)
// DEVLATCH_AUTOSTART_PATH_MOCK points it at a file of the test's choosing.
class Autostart {
public:
    virtual ~Autostart() = default;
    virtual bool isEnabled() const = 0;
    // Returns an error message, empty on success.
    virtual QString setEnabled(bool enabled) = 0;
    // Where the entry lives, for messages.
    virtual QString location() const = 0;

    static std::unique_ptr<Autostart> forThisPlatform();
    // The command that starts devlatch at login.
    static QString launchProgram();
};

} // namespace devlatch::tray
