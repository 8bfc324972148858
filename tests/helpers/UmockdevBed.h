// SPDX-License-Identifier: MIT
#pragma once

// umockdev's test bed for tests that run under umockdev-wrapper: real libudev sees the
// devices described in tests/discovery/*.umockdev instead of this machine's. Child
// processes (devlatchctl) inherit LD_PRELOAD and UMOCKDEV_DIR and see the same bed.

#include "TestSupport.h"

#include "model/Device.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <umockdev.h>

#include <sys/inotify.h>
#include <unistd.h>

namespace devlatch::test {

inline const QString kFtdi = QStringLiteral("usb:0403:6001:A50285BI");
inline const QString kFtdiById = QStringLiteral("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0");
inline const QString kFtdiByPath = QStringLiteral("/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0");
inline const QString kProbe = QStringLiteral("usb:0d28:0204:0240000034544e45001a00018aa90000");
inline const QString kFtdiSyspath = QStringLiteral("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1");

class UmockdevBed final {
public:
    UmockdevBed() : m_bed(umockdev_testbed_new())
    {
        qputenv("DEVLATCH_DISCOVERY", "on");
        qunsetenv("DEVLATCH_UUCP_LOCK_DIR");
    }
    ~UmockdevBed() { g_object_unref(m_bed); }
    UmockdevBed(const UmockdevBed &) = delete;
    UmockdevBed &operator=(const UmockdevBed &) = delete;

    static bool underWrapper() { return qEnvironmentVariable("LD_PRELOAD").contains(QStringLiteral("umockdev")); }

    bool load(const char *file)
    {
        GError *error = nullptr;
        const QByteArray path = TestPaths::discoveryData(QLatin1Char('/') + QLatin1String(file)).toLocal8Bit();
        if (umockdev_testbed_add_from_file(m_bed, path.constData(), &error))
            return true;
        qWarning("%s", error ? error->message : path.constData());
        return false;
    }
    bool loadAll()
    {
        bool ok = true;
        for (const char *file : {"ftdi-adapter.umockdev", "cdc-acm-board.umockdev", "debug-probe.umockdev", "uvc-camera.umockdev",
                                 "no-serial.umockdev", "twin-adapters.umockdev", "serial-ports.umockdev"})
            ok &= load(file);
        return ok;
    }
    bool addFromString(const QByteArray &description)
    {
        GError *error = nullptr;
        if (umockdev_testbed_add_from_string(m_bed, description.constData(), &error))
            return true;
        qWarning("%s", error ? error->message : "umockdev_testbed_add_from_string failed");
        return false;
    }
    void uevent(const QString &syspath, const char *action)
    {
        umockdev_testbed_uevent(m_bed, syspath.toUtf8().constData(), action);
    }
    // The kernel removes the tty, the interface, then the device.
    void unplugFtdi()
    {
        for (const QString &path : {kFtdiSyspath + QStringLiteral("/1-1:1.0/ttyUSB0/tty/ttyUSB0"),
                                    kFtdiSyspath + QStringLiteral("/1-1:1.0"), kFtdiSyspath}) {
            uevent(path, "remove");
            umockdev_testbed_remove_device(m_bed, path.toUtf8().constData());
        }
    }
    // The FTDI adapter plugged into another port (1-9), where it becomes ttyUSB7.
    bool replugFtdiElsewhere()
    {
        QFile description(TestPaths::discoveryData(QStringLiteral("/ftdi-adapter.umockdev")));
        if (!description.open(QIODevice::ReadOnly))
            return false;
        const QByteArray moved = description.readAll().replace("1-1", "1-9").replace("ttyUSB0", "ttyUSB7").replace("/002", "/009");
        if (!addFromString(moved))
            return false;
        uevent(QStringLiteral("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-9"), "add");
        return true;
    }
    QString rootDir() const
    {
        gchar *root = umockdev_testbed_get_root_dir(m_bed);
        const QString path = QString::fromUtf8(root);
        g_free(root);
        return path;
    }

private:
    UMockdevTestbed *m_bed;
};

// Watches every node of the bed (regular files, and the ptys umockdev gives ttys) for
// being opened; openedNodes() lists what was opened since.
class NodeOpenWatch final {
public:
    explicit NodeOpenWatch(const UmockdevBed &bed) : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC))
    {
        QDirIterator it(bed.rootDir() + QStringLiteral("/dev"), QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo node(it.next());
            const QString path = node.isSymLink() ? node.symLinkTarget() : node.filePath();
            if (node.isSymLink() && path.startsWith(bed.rootDir()))
                continue; // the by-id and by-path links
            if (!node.isDir() && inotify_add_watch(m_fd, QFile::encodeName(path).constData(), IN_OPEN | IN_ACCESS | IN_MODIFY) >= 0)
                m_watched << path;
        }
    }
    ~NodeOpenWatch() { close(m_fd); }
    QStringList watched() const { return m_watched; }
    QStringList openedNodes()
    {
        alignas(inotify_event) char buffer[8192];
        const ssize_t got = read(m_fd, buffer, sizeof buffer);
        QStringList opened;
        for (ssize_t offset = 0; offset < got;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
            opened << QStringLiteral("watch %1 mask %2").arg(event->wd).arg(event->mask, 0, 16);
            offset += ssize_t(sizeof(inotify_event) + event->len);
        }
        return opened;
    }

private:
    int m_fd;
    QStringList m_watched;
};

// A private configuration for devlatchctl children and DeviceConfig::load().
class TempConfig final {
public:
    explicit TempConfig(const QByteArray &content)
    {
        QDir().mkpath(m_dir.path() + QStringLiteral("/devlatch"));
        QFile file(m_dir.path() + QStringLiteral("/devlatch/devlatch.conf"));
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        qputenv("XDG_CONFIG_HOME", m_dir.path().toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", (m_dir.path() + QStringLiteral("/system")).toLocal8Bit());
    }
    ~TempConfig()
    {
        qunsetenv("XDG_CONFIG_HOME");
        qunsetenv("XDG_CONFIG_DIRS");
    }

private:
    QTemporaryDir m_dir;
};

inline const Device *byId(const QList<Device> &devices, const QString &id)
{
    for (const Device &d : devices)
        if (d.id == id)
            return &d;
    return nullptr;
}

inline QString ids(const QList<Device> &devices)
{
    QStringList list;
    for (const Device &d : devices)
        list << d.id;
    return list.join(u'\n');
}

} // namespace devlatch::test
