// SPDX-License-Identifier: MIT
#include "config/DeviceAliases.h"
#include "config/DeviceConfig.h"

#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using devlatch::DeviceAlias;
using devlatch::DeviceAliases;

class TestDeviceAliases final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(content);
        return path;
    }

private Q_SLOTS:
    // The manual's aliases.conf example (docs/discovery.md; its block is marked
    // "ini aliases.conf") is valid.
    void manualExampleLoads()
    {
        QFile readme(TestPaths::sourceDir(QStringLiteral("/docs/discovery.md")));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const QString fence = QStringLiteral("```ini aliases.conf\n");
        const qsizetype start = text.indexOf(fence);
        QVERIFY2(start >= 0, "the aliases.conf example of docs/discovery.md was not found");
        const qsizetype from = start + fence.size();
        const QString example = text.mid(from, text.indexOf(QStringLiteral("```"), from) - from);
        const DeviceAliases loaded = DeviceAliases::load(write(QStringLiteral("readme-aliases.conf"), example.toUtf8()));
        QCOMPARE(loaded.warnings, QStringList());
        QCOMPARE(loaded.entries.size(), 1);
        QCOMPARE(loaded.entries.first().name, QStringLiteral("Bench-3 J-Link"));
    }

    void savedAliasesLoadBack()
    {
        const QString file = m_dir.filePath(QStringLiteral("sub/dir/aliases.conf")); // directories are created
        const QList<DeviceAlias> entries{{QStringLiteral("usb-SEGGER_J-Link_000123"), QStringLiteral("Bench-3 J-Link"),
                                          QStringLiteral("probe")},
                                         {QStringLiteral("a/b=c;d"), QStringLiteral("Name with = ; and \"quotes\""), {}}};
        QCOMPARE(DeviceAliases::save(entries, file), QString());
        const DeviceAliases loaded = DeviceAliases::load(file);
        QCOMPARE(loaded.warnings, QStringList());
        QCOMPARE(loaded.entries, entries);
        // Saving fewer entries removes the others.
        QCOMPARE(DeviceAliases::save({entries.first()}, file), QString());
        QCOMPARE(DeviceAliases::load(file).entries, QList<DeviceAlias>{entries.first()});
    }

    void badEntriesAreWarningsAndTheRestApplies()
    {
        const QString file = write(QStringLiteral("bad.conf"),
                                   "[aliases]\n"
                                   "1\\id=usb-one\n1\\name=Probe\n"
                                   "2\\id=usb-two\n2\\name=probe\n"      // same name, other case
                                   "3\\id=usb-one\n3\\name=Other\n"      // second alias of one device
                                   "4\\id=\n4\\name=Nothing\n"           // no id
                                   "5\\id=usb-five\n5\\name=Five\n"
                                   "size=5\n");
        const DeviceAliases loaded = DeviceAliases::load(file);
        QCOMPARE(loaded.entries.size(), 2);
        QCOMPARE(loaded.entries.at(0).name, QStringLiteral("Probe"));
        QCOMPARE(loaded.entries.at(1).name, QStringLiteral("Five"));
        QCOMPARE(loaded.warnings.size(), 3);
        for (const QString &warning : loaded.warnings)
            QVERIFY2(warning.startsWith(file + QStringLiteral(": alias ")), qPrintable(warning));
    }

    void missingUnreadableAndUnwritable()
    {
        QVERIFY(DeviceAliases::load(m_dir.filePath(QStringLiteral("none.conf"))).entries.isEmpty());
        QVERIFY(DeviceAliases::load(m_dir.filePath(QStringLiteral("none.conf"))).warnings.isEmpty());
        if (geteuid() == 0)
            QSKIP("root reads and writes any file");
        const QString unreadable = write(QStringLiteral("unreadable.conf"), "[aliases]\n1\\id=x\n1\\name=y\nsize=1\n");
        QFile::setPermissions(unreadable, QFileDevice::WriteOwner);
        QVERIFY(DeviceAliases::load(unreadable).warnings.first().contains(QStringLiteral("cannot be read")));
        const QString readOnlyDir = m_dir.filePath(QStringLiteral("ro"));
        QVERIFY(QDir().mkpath(readOnlyDir));
        QFile::setPermissions(readOnlyDir, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        const QString error = DeviceAliases::save({{QStringLiteral("x"), QStringLiteral("y"), {}}},
                                                  readOnlyDir + QStringLiteral("/aliases.conf"));
        QVERIFY2(error.contains(QStringLiteral("cannot write")), qPrintable(error));
    }

    // devlatch.conf's loader brings the user's aliases along, from $XDG_CONFIG_HOME.
    void configLoadReadsTheUsersAliases()
    {
        const QString home = m_dir.filePath(QStringLiteral("xdg"));
        qputenv("XDG_CONFIG_HOME", home.toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", m_dir.filePath(QStringLiteral("nowhere")).toLocal8Bit());
        QCOMPARE(DeviceAliases::defaultFile(), home + QStringLiteral("/devlatch/aliases.conf"));
        QCOMPARE(DeviceAliases::save({{QStringLiteral("usb-x"), QStringLiteral("Bench X"), {}}}), QString());
        const devlatch::DeviceConfig config = devlatch::DeviceConfig::load();
        QCOMPARE(config.aliases.size(), 1);
        QCOMPARE(config.aliases.first().name, QStringLiteral("Bench X"));
    }
};

QTEST_GUILESS_MAIN(TestDeviceAliases)
#include "tst_devicealiases.moc"
