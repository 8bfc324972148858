// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

struct udev;
struct udev_monitor;
class QSocketNotifier;

namespace devlatch {

// Tells when devices come and go: a udev monitor (kernel uevents as udevd relays them, or
// the kernel's own where udevd does not run) on a QSocketNotifier, so nothing polls.
class UdevHotplug final : public QObject {
    Q_OBJECT

public:
    explicit UdevHotplug(QObject *parent = nullptr);
    ~UdevHotplug() override;

    // Empty on success, otherwise why hotplug cannot be followed.
    QString start();
    bool isWatching() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void changed();

private:
    void readEvents();

    udev *m_udev = nullptr;
    udev_monitor *m_monitor = nullptr;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace devlatch
