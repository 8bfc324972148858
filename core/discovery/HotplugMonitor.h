#pragma once

#include <QObject>

struct udev;
struct udev_monitor;
class QSocketNotifier;

namespace devlatch {

// Tells when devices come and go: a udev monitor (kernel uevents as udevd relays them, or
// the kernel's own where udevd does not run) on a QSocketNotifier, so nothing polls.
class HotplugMonitor final : public QObject {
    Q_OBJECT

public:
    explicit HotplugMonitor(QObject *parent = nullptr);
    ~HotplugMonitor() override;
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
