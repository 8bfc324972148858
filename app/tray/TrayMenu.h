#pragma once

#include <QObject>

class QMenu;

namespace devlatch::tray {

class TrayController;

// The context menu: devices with their state in words (click a free one to claim it, one of
// yours to release it; a busy one offers "Claim when free" and "Notify when free"), then
// Release all, Devices…, Start at login, Quit. Rebuilt in aboutToShow and kept live while
// open. With many devices it lists yours, the busy and queued ones and the most recently
// used, at most kMaxDevices, and points to the Devices window for the rest.
class TrayMenu final : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxDevices = 15;

    TrayMenu(TrayController &controller, QObject *parent = nullptr);
    ~TrayMenu() override;

    QMenu *menu() const { return m_menu; }
    void rebuild();

Q_SIGNALS:
    void devicesWindowRequested();
    void quitRequested();

private:
    void addDevice(const QString &deviceId);

    TrayController &m_controller;
    QMenu *m_menu;
};

} // namespace devlatch::tray
