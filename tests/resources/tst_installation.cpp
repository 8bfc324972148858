// SPDX-License-Identifier: MIT
// The installation as a distribution checks it: desktop entries (desktop-file-validate),
// AppStream metadata (appstreamcli validate), man pages that render without warnings, shell
// completions that complete device names, and `cmake --install` putting every file where
// Debian's packages look for it.

#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace devlatch::test;

namespace {

const QString kBuild = TestPaths::buildDir();
const QString kAppId = QStringLiteral(DEVLATCH_APP_ID);

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

} // namespace

class TestInstallation final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;  // DESTDIR of one `cmake --install`
    QTemporaryDir m_home;  // configuration for the completion tests

    QString installed(const QString &path) const { return m_root.path() + QStringLiteral("/usr/") + path; }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", m_home.filePath(QStringLiteral("etc-xdg")).toLocal8Bit());
        QDir().mkpath(m_home.filePath(QStringLiteral("config/devlatch")));
        QFile config(m_home.filePath(QStringLiteral("config/devlatch/devlatch.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[device.psu]\nid=usb:0403:6001:A50285BI\nname=Bench PSU\nkind=serial\n"
                     "[device.jlink]\nid=usb-SEGGER_J-Link_000123\nkind=probe\n");
    }

    void desktopEntriesValidate_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("application") << kBuild + QStringLiteral("/resources/") + kAppId + QStringLiteral(".desktop");
        QTest::newRow("autostart") << kBuild + QStringLiteral("/resources/autostart/") + kAppId + QStringLiteral(".desktop");
    }
    void desktopEntriesValidate()
    {
        QFETCH(QString, file);
        if (tool("desktop-file-validate").isEmpty())
            QSKIP("desktop-file-validate is not installed (make test installs desktop-file-utils)");
        const Finished result = run(tool("desktop-file-validate"), {file});
        QVERIFY2(result.exitCode == 0 && !result.out.contains("error") && !result.out.contains("warning"),
                 result.out.constData());
        QFile entry(file);
        QVERIFY(entry.open(QIODevice::ReadOnly));
        const QByteArray text = entry.readAll();
        for (const char *line : {"\nIcon=" DEVLATCH_APP_ID "\n", "\nCategories=Development;Utility;\n", "\nKeywords=",
                                 "\nComment[de]=", "\nComment[fr]=", "\nGenericName[de]=", "\nGenericName[fr]="})
            QVERIFY2(text.contains(line), line);
    }

    void metainfoValidates()
    {
        if (tool("appstreamcli").isEmpty())
            QSKIP("appstreamcli is not installed (make test installs appstream)");
        const QString file = kBuild + QStringLiteral("/resources/") + kAppId + QStringLiteral(".metainfo.xml");
        const Finished result = run(tool("appstreamcli"), {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                           QStringLiteral("--pedantic"), file});
        QVERIFY2(result.exitCode == 0, (result.out + result.err).constData());
        QFile metainfo(file);
        QVERIFY(metainfo.open(QIODevice::ReadOnly));
        const QByteArray xml = metainfo.readAll();
        for (const char *part : {"<binary>devlatch</binary>", "<binary>devlatchctl</binary>", "tray-menu.png", "devices-window.png",
                                 "<release version=\"", "<launchable type=\"desktop-id\">" DEVLATCH_APP_ID ".desktop<"})
            QVERIFY2(xml.contains(part), part);
    }

    void manPagesRenderWithoutWarnings_data()
    {
        QTest::addColumn<QString>("page");
        QTest::newRow("devlatch.1") << QStringLiteral("devlatch.1");
        QTest::newRow("devlatchctl.1") << QStringLiteral("devlatchctl.1");
    }
    void manPagesRenderWithoutWarnings()
    {
        QFETCH(QString, page);
        if (tool("man").isEmpty())
            QSKIP("man is not installed (make test installs man-db)");
        const QString file = kBuild + QStringLiteral("/resources/man/") + page;
        // What lintian runs: groff's warnings, in a UTF-8 locale. Without man-db's seccomp
        // sandbox, which kills its filters when a library is preloaded (faketime's needs sem_open).
        const Finished result = run(QStringLiteral("sh"), {QStringLiteral("-c"),
                                                           QStringLiteral("MAN_DISABLE_SECCOMP=1 LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 \"$0\""), file});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), result.err.constData());
        QString text = QString::fromUtf8(result.out);
        text.remove(QRegularExpression(QStringLiteral(".\\x08"))); // bold and underline as overstrikes
        for (const char *section : {"NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"})
            QVERIFY2(text.contains(QLatin1String(section)), section);
        if (page == u"devlatchctl.1")
            for (const char *part : {"LOCK PROTOCOL", "EXAMPLES", "126", "127", "--conflict-exit-code", "--any"})
                QVERIFY2(text.contains(QLatin1String(part)), part);
    }

    // Where Debian's own packages put each kind of file.
    void installPutsEverythingInPlace()
    {
        QProcess install;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DESTDIR"), m_root.path());
        install.setProcessEnvironment(environment);
        install.start(QStringLiteral("cmake"), {QStringLiteral("--install"), kBuild, QStringLiteral("--prefix"), QStringLiteral("/usr")});
        QVERIFY(install.waitForFinished(120000));
        QVERIFY2(install.exitCode() == 0, install.readAllStandardError().constData());
        QStringList expected{QStringLiteral("bin/devlatch"),
                             QStringLiteral("bin/devlatchctl"),
                             QStringLiteral("share/applications/%1.desktop").arg(kAppId),
                             QStringLiteral("share/metainfo/%1.metainfo.xml").arg(kAppId),
                             QStringLiteral("share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId),
                             QStringLiteral("share/devlatch/autostart/%1.desktop").arg(kAppId),
                             QStringLiteral("share/man/man1/devlatch.1"),
                             QStringLiteral("share/man/man1/devlatchctl.1"),
                             QStringLiteral("share/bash-completion/completions/devlatchctl"),
                             QStringLiteral("share/zsh/vendor-completions/_devlatchctl"),
                             QStringLiteral("share/fish/vendor_completions.d/devlatchctl.fish"),
                             QStringLiteral("share/doc/devlatch/README.md"),
                             QStringLiteral("share/doc/devlatch/docs/tray.md"),
                             QStringLiteral("share/doc/devlatch/docs/devlatchctl.md"),
                             QStringLiteral("share/doc/devlatch/resources/screenshots/tray-menu.png"),
                             QStringLiteral("share/doc/devlatch/devlatch.schema.json"),
                             QStringLiteral("lib/tmpfiles.d/devlatch.conf")};
        for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
            expected << QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId);
        for (const QString &path : std::as_const(expected))
            QVERIFY2(QFileInfo::exists(installed(path)), qPrintable(path));
        QFile tmpfiles(installed(QStringLiteral("lib/tmpfiles.d/devlatch.conf")));
        QVERIFY(tmpfiles.open(QIODevice::ReadOnly));
        QVERIFY(tmpfiles.readAll().contains("d /run/lock/devlatch 1777 root root"));
    }

    // Completion of DEV offers the names devlatchctl accepts now, quoted when they hold spaces.
    void bashCompletesDeviceNames()
    {
        if (!QFileInfo::exists(QStringLiteral("/usr/share/bash-completion/bash_completion")))
            QSKIP("bash-completion is not installed (make test installs it)");
        const QString script = QStringLiteral(
            "source /usr/share/bash-completion/bash_completion\n"
            "source \"$1\"\n"
            "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};\n"
            "  COMPREPLY=(); _devlatchctl; printf '%s\\n' \"${COMPREPLY[@]}\"; echo --; }\n"
            "complete_words devlatchctl ''\n"
            "complete_words devlatchctl claim Ben\n"
            "complete_words devlatchctl status ''\n"
            "complete_words devlatchctl --scope ''\n"
            "complete_words devlatchctl claim --\n");
        const QString path = QStringLiteral("PATH=%1:$PATH; ").arg(QFileInfo(TestPaths::ctl()).path());
        const Finished result = run(QStringLiteral("bash"), {QStringLiteral("-c"), path + script, QStringLiteral("bash"),
                                                             TestPaths::sourceDir(QStringLiteral("/resources/completions/devlatchctl.bash"))});
        QCOMPARE(result.exitCode, 0);
        const QString out = QString::fromUtf8(result.out);
        const QStringList blocks = out.split(QStringLiteral("--\n"));
        QVERIFY2(blocks.size() >= 5, result.out.constData());
        QVERIFY2(blocks.at(0).contains(QStringLiteral("claim\n")) && blocks.at(0).contains(QStringLiteral("list\n")), qPrintable(blocks.at(0)));
        QCOMPARE(blocks.at(1), QStringLiteral("Bench\\ PSU\n"));
        for (const char *name : {"psu\n", "jlink\n", "usb:0403:6001:A50285BI\n", "Bench\\ PSU\n"})
            QVERIFY2(blocks.at(2).contains(QLatin1String(name)), qPrintable(blocks.at(2)));
        QCOMPARE(blocks.at(3), QStringLiteral("machine\nuser\nlab\n"));
        QVERIFY2(blocks.at(4).contains(QStringLiteral("--conflict-exit-code\n")), qPrintable(blocks.at(4)));
    }

    void fishCompletesDeviceNames()
    {
        if (tool("fish").isEmpty())
            QSKIP("fish is not installed (make test installs it)");
        const Finished result = run(tool("fish"), {QStringLiteral("-c"),
                                                   QStringLiteral("set -x PATH %1 $PATH; source %2; complete -C 'devlatchctl claim '")
                                                       .arg(QFileInfo(TestPaths::ctl()).path(),
                                                            TestPaths::sourceDir(QStringLiteral("/resources/completions/devlatchctl.fish")))});
        QCOMPARE(result.exitCode, 0);
        for (const char *name : {"psu\t", "jlink\t", "Bench PSU\t"})
            QVERIFY2(result.out.contains(name), result.out.constData());
    }

    void zshCompletionParses()
    {
        if (tool("zsh").isEmpty())
            QSKIP("zsh is not installed (make test installs it)");
        const QString file = TestPaths::sourceDir(QStringLiteral("/resources/completions/_devlatchctl"));
        QCOMPARE(run(tool("zsh"), {QStringLiteral("-n"), file}).exitCode, 0);
        QFile completion(file);
        QVERIFY(completion.open(QIODevice::ReadOnly));
        QVERIFY(completion.readLine().startsWith("#compdef devlatchctl"));
    }
};

QTEST_GUILESS_MAIN(TestInstallation)
#include "tst_installation.moc"
