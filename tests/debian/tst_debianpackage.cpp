// SPDX-License-Identifier: MIT
// make deb's packages as an administrator meets them: built with dpkg-buildpackage and
// lintian-clean at --pedantic, the CLI package free of GUI libraries, installed with apt,
// the machine lock directory created by the postinst, the programs working, every file
// where it belongs, and removed without a trace. Root only (it installs packages).

#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace devlatch::test;

namespace {

const QString kVersion = QStringLiteral(DEVLATCH_VERSION);
const QString kAppId = QStringLiteral(DEVLATCH_APP_ID);
const QString kLockDir = QStringLiteral("/run/lock/devlatch");

Finished sh(const QString &script, int timeoutMs = 600000)
{
    return run(QStringLiteral("sh"), {QStringLiteral("-c"), script}, timeoutMs);
}

} // namespace

class TestDebianPackage final : public QObject {
    Q_OBJECT

private:
    QString m_out;
    QString package(const char *name) const
    {
        return QStringLiteral("%1/%2_%3_%4.deb").arg(m_out, QLatin1String(name), kVersion, QStringLiteral(DEB_ARCH));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!isRoot())
            QSKIP("installing a package needs root (CI runs as root); make deb builds and checks it as anyone");
        for (const char *tool : {"dpkg-buildpackage", "lintian", "dh", "apt-get"})
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 is missing (make test installs debhelper, dpkg-dev, lintian)").arg(QLatin1String(tool))));
        m_out = TestPaths::buildDir(QStringLiteral("/deb-test"));
    }

    // The very command make deb runs: dpkg-buildpackage -b -us -uc, then lintian --pedantic
    // failing on any tag that is not overridden with a reason.
    void buildsLintianClean()
    {
        const Finished build = run(TestPaths::sourceDir(QStringLiteral("/.ci/build-deb")), {m_out}, 1500000);
        QVERIFY2(build.exitCode == 0, (build.out + build.err).constData());
        qInfo().noquote() << build.out;
        QVERIFY(QFileInfo::exists(package("devlatch")));
        QVERIFY(QFileInfo::exists(package("devlatchctl")));
    }

    // A CI runner or headless bench PC installs devlatchctl alone: no Qt GUI, no X.
    void cliPackageNeedsNoGui()
    {
        const Finished depends = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), package("devlatchctl"), QStringLiteral("Depends")});
        QCOMPARE(depends.exitCode, 0);
        QVERIFY2(depends.out.contains("libqt6core6"), depends.out.constData());
        for (const char *gui : {"libqt6gui", "libqt6widgets", "libqt6dbus", "libx11", "libgl"})
            QVERIFY2(!depends.out.contains(gui), depends.out.constData());
        const Finished tray = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), package("devlatch"), QStringLiteral("Depends")});
        for (const char *needed : {"devlatchctl (= ", "qt6-qpa-plugins", "hicolor-icon-theme", "libqt6widgets6"})
            QVERIFY2(tray.out.contains(needed), tray.out.constData());
    }

    void installsWorksAndRemovesCleanly()
    {
        // The postinst must create the lock directory: take it away when nothing is in it
        // (nobody can hold a lock there then); otherwise check the snippet is called.
        if (QDir(kLockDir).exists() && QDir(kLockDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
            QVERIFY(QDir().rmdir(kLockDir));
        const bool observed = !QDir(kLockDir).exists();
        const Finished install = sh(QStringLiteral("DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
                                                   "--reinstall '%1' '%2' </dev/null")
                                        .arg(package("devlatchctl"), package("devlatch")));
        QVERIFY2(install.exitCode == 0, (install.out + install.err).constData());
        const Finished postinst = sh(QStringLiteral("cat /var/lib/dpkg/info/devlatchctl.postinst"));
        QVERIFY2(postinst.out.contains("systemd-tmpfiles") && postinst.out.contains("devlatch.conf"), postinst.out.constData());

        struct stat info {};
        QVERIFY2(::stat("/run/lock/devlatch", &info) == 0, "the postinst did not create /run/lock/devlatch");
        QCOMPARE(info.st_uid, uid_t(0));
        QCOMPARE(info.st_mode & 07777, mode_t(01777));
        if (!observed)
            qInfo("%s was in use before the test: its creation by the postinst was not observed", qPrintable(kLockDir));

        const Finished version = run(QStringLiteral("/usr/bin/devlatchctl"), {QStringLiteral("--version")});
        QCOMPARE(version.out, (QStringLiteral("devlatchctl ") + kVersion + u'\n').toUtf8());
        QCOMPARE(run(QStringLiteral("/usr/bin/devlatch"), {QStringLiteral("--version")}).exitCode, 0);
        const Finished claim = sh(QStringLiteral("env -u DEVLATCH_LOCK_DIR /usr/bin/devlatchctl claim devlatch-package-test -- true"));
        QVERIFY2(claim.exitCode == 0, claim.err.constData());

        const QStringList files{QStringLiteral("/usr/share/applications/%1.desktop").arg(kAppId),
                                QStringLiteral("/usr/share/metainfo/%1.metainfo.xml").arg(kAppId),
                                QStringLiteral("/usr/share/icons/hicolor/48x48/apps/%1.png").arg(kAppId),
                                QStringLiteral("/usr/share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId),
                                QStringLiteral("/usr/share/devlatch/autostart/%1.desktop").arg(kAppId),
                                QStringLiteral("/usr/share/man/man1/devlatch.1.gz"),
                                QStringLiteral("/usr/share/man/man1/devlatchctl.1.gz"),
                                QStringLiteral("/usr/share/bash-completion/completions/devlatchctl"),
                                QStringLiteral("/usr/share/zsh/vendor-completions/_devlatchctl"),
                                QStringLiteral("/usr/share/fish/vendor_completions.d/devlatchctl.fish"),
                                QStringLiteral("/usr/lib/tmpfiles.d/devlatch.conf"),
                                QStringLiteral("/usr/share/doc/devlatch/README.md"),
                                QStringLiteral("/usr/share/doc/devlatch/docs/tray.md"),
                                QStringLiteral("/usr/share/doc/devlatch/resources/screenshots/tray-menu.png"),
                                QStringLiteral("/usr/share/doc/devlatch/copyright"),
                                QStringLiteral("/usr/share/doc/devlatchctl/devlatch.schema.json")};
        for (const QString &file : files)
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        QCOMPARE(sh(QStringLiteral("man -w devlatchctl")).exitCode, 0);

        const Finished remove = sh(QStringLiteral("DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y devlatch devlatchctl </dev/null"));
        QVERIFY2(remove.exitCode == 0, (remove.out + remove.err).constData());
        for (const QString &file : files)
            QVERIFY2(!QFileInfo::exists(file), qPrintable(file + QStringLiteral(" left behind")));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/usr/bin/devlatchctl")));
    }
};

QTEST_GUILESS_MAIN(TestDebianPackage)
#include "tst_debianpackage.moc"
