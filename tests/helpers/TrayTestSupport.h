// SPDX-License-Identifier: MIT
#pragma once

// A private world for tray tests: lock directory, devlatch.conf with the given devices,
// tray settings file and autostart location, all in one temporary directory.

#include "TestSupport.h"
#include "tray/TrayController.h"
#include "tray/Translations.h"

#include <QCoreApplication>

#include <QDir>
#include <QFile>

namespace devlatch::test {

class TrayWorld final {
public:
    // devices: "key=Display name" entries
    explicit TrayWorld(const QStringList &devices)
    {
        // As the app does: English plural forms ("1 device"), Qt's own strings.
        static const bool translated = !tray::installTranslations(*QCoreApplication::instance(), {}).isEmpty();
        Q_UNUSED(translated);
        const QString config = m_locks.root() + QStringLiteral("/config");
        QDir().mkpath(config + QStringLiteral("/devlatch"));
        qputenv("XDG_CONFIG_HOME", config.toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", (m_locks.root() + QStringLiteral("/system-config")).toLocal8Bit());
        qputenv("DEVLATCH_AUTOSTART_PATH_MOCK", autostartPath().toLocal8Bit());
        qputenv("XDG_STATE_HOME", (m_locks.root() + QStringLiteral("/state")).toLocal8Bit());
        QFile file(config + QStringLiteral("/devlatch/devlatch.conf"));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write config");
        for (const QString &entry : devices) {
            const QString key = entry.section(u'=', 0, 0);
            const QString name = entry.section(u'=', 1);
            file.write(QStringLiteral("[device.%1]\nname=%2\n").arg(key, name).toUtf8());
        }
    }
    ~TrayWorld() { unsetIfStill("DEVLATCH_AUTOSTART_PATH_MOCK", autostartPath().toLocal8Bit()); }

    QString lockDir() const { return m_locks.path(); }
    QString root() const { return m_locks.root(); }
    QString settingsPath() const { return m_locks.root() + QStringLiteral("/devlatch-tray.ini"); }
    QString aliasesPath() const { return m_locks.root() + QStringLiteral("/config/devlatch/aliases.conf"); }
    QString historyPath() const { return m_locks.root() + QStringLiteral("/state/devlatch/history.json"); }
    QString autostartPath() const { return m_locks.root() + QStringLiteral("/autostart/devlatch.desktop"); }

    std::unique_ptr<tray::TrayController> controller() const
    {
        // Never a controller on the real lock directory (shared with every other process).
        if (qgetenv("DEVLATCH_LOCK_DIR") != lockDir().toLocal8Bit())
            qFatal("TrayWorld::controller(): DEVLATCH_LOCK_DIR is not this world's lock directory");
        tray::TrayController::Parts parts;
        parts.settings = std::make_unique<tray::TraySettings>(settingsPath());
        auto controller = std::make_unique<tray::TrayController>(std::move(parts));
        controller->start();
        return controller;
    }

private:
    TempLockDir m_locks;
};

} // namespace devlatch::test
