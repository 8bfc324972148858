// SPDX-License-Identifier: MIT
#include "UdevHotplug.h"

#include <QSocketNotifier>

#include <libudev.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace devlatch {

UdevHotplug::UdevHotplug(QObject *parent) : QObject(parent) {}

UdevHotplug::~UdevHotplug()
{
    if (m_monitor)
        udev_monitor_unref(m_monitor);
    if (m_udev)
        udev_unref(m_udev);
}

QString UdevHotplug::start()
{
    m_udev = udev_new();
    if (!m_udev)
        return QStringLiteral("libudev could not be initialised");
    // "udev": events after udevd processed them (nodes and links exist); without udevd
    // (containers) those never come, so listen to the kernel's directly.
    const bool udevd = access("/run/udev/control", F_OK) == 0;
    m_monitor = udev_monitor_new_from_netlink(m_udev, udevd ? "udev" : "kernel");
    if (!m_monitor)
        return QStringLiteral("cannot open a netlink socket for device events: %1")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    for (const char *subsystem : {"tty", "hidraw", "video4linux", "sound", "usb", "block"})
        udev_monitor_filter_add_match_subsystem_devtype(m_monitor, subsystem, nullptr);
    if (const int error = udev_monitor_enable_receiving(m_monitor); error < 0)
        return QStringLiteral("cannot receive device events: %1").arg(QString::fromLocal8Bit(std::strerror(-error)));
    m_notifier = new QSocketNotifier(udev_monitor_get_fd(m_monitor), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UdevHotplug::readEvents);
    return {};
}

void UdevHotplug::readEvents()
{
    bool any = false;
    while (udev_device *device = udev_monitor_receive_device(m_monitor)) {
        any = true;
        udev_device_unref(device);
    }
    if (any)
        Q_EMIT changed();
}

} // namespace devlatch
