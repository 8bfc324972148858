// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

class QAction;
class QMenu;
class QTimer;

namespace devlatch::tray {

class DeviceListModel;
struct DeviceView;
class TrayController;

// The context menu, a view of DeviceListModel: devices with their state in words (click a
// free one to claim it, one of yours to release it; a busy one offers "Claim when free" and
// "Notify when free"), then Release all, Devices…, Settings…, About, Start at login, Quit.
// It is kept current as the model changes. While it is open only its entries change in
// place (text, icon, enabled): clearing an open popup closes it on X11 (a right-click just
// after any change opened nothing), and a StatusNotifierItem host shows the old layout and
// then scrolls. A change of layout (a device becomes busy, one more is shown) waits until it
// closes; a click always acts on the device's state at the moment of the click. With more devices than the menu size it
// lists yours, the queued, busy and recently used ones, fills up with the rest by name, and
// points to the Devices window for what does not fit. Long names and notes are elided. With
// a lab configured, its devices follow in a Lab section (LabListModel): click to claim or
// release, "Wait in the queue" for a busy one.
class TrayMenu final : public QObject {
    Q_OBJECT

public:
    TrayMenu(TrayController &controller, DeviceListModel &model, QObject *parent = nullptr);
    ~TrayMenu() override;

    QMenu *menu() const { return m_menu; }
    void rebuild();
    QStringList shownDevices() const { return m_shown; }

    static constexpr int kNameWidth = 220;        // pixels, then elided in the middle
    static constexpr int kDescriptionWidth = 380; // pixels, then elided at the end

Q_SIGNALS:
    void devicesWindowRequested();
    void settingsRequested();
    void aboutRequested();
    void quitRequested();

private:
    QStringList chooseDevices() const;
    QString labelOf(const DeviceView &view) const;
    QMenu *addSubmenu(const DeviceView &view, const QString &namePrefix);
    void addDevice(const DeviceView &view, const QString &namePrefix);
    void addLocalDevice(const DeviceView &view);
    void addLabSection();
    void addFooter();
    void scheduleRebuild();
    void update();          // rebuild, or in place while open
    void updateInPlace();
    QString shapeOf(const DeviceView &view, bool lab) const; // what decides an entry's layout
    void onClick(const QString &id); // claim or release, as the device is now
    void updateReleaseAll(QAction *releaseAll) const;

    TrayController &m_controller;
    DeviceListModel &m_model;
    QMenu *m_menu;
    QTimer *m_pending;
    QStringList m_shown;
    QHash<QString, QString> m_shapes; // object name -> shape, as last built
    QList<QMenu *> m_submenus;        // QMenu::clear() leaves them
    bool m_layoutStale = false;       // a layout change is waiting for the menu to close
    bool m_labWired = false;
};

} // namespace devlatch::tray
