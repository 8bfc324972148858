// SPDX-License-Identifier: MIT
// The NSIS installer under Wine, as an administrator's deployment script runs it: silently
// (/S) into a folder of the test's, the installed programs work, nothing starts at login
// unless asked, and the uninstaller takes it all away again.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <windows.h>
#include <shlobj.h>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
};

Run run(const QString &program, const QStringList &arguments, int timeoutMs = 180000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAll()};
}

bool loginEntryExists()
{
    return RegGetValueW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Windows\\CurrentVersion\\Run", L"devlatch", RRF_RT_REG_SZ,
                        nullptr, nullptr, nullptr)
           == ERROR_SUCCESS;
}

// The Start-menu entry, for all users (an elevated install) or for this one.
bool startMenuEntryExists()
{
    for (const int folder : {CSIDL_COMMON_PROGRAMS, CSIDL_PROGRAMS}) {
        wchar_t path[MAX_PATH] = {};
        if (SHGetFolderPathW(nullptr, folder, nullptr, 0, path) == S_OK
            && QFile::exists(QString::fromWCharArray(path) + QStringLiteral("\\devlatch\\devlatch.lnk")))
            return true;
    }
    return false;
}

} // namespace

class TestInstallerWin final : public QObject {
    Q_OBJECT

private:
    // NSIS wants /D last, unquoted, with backslashes.
    const QString m_target = QStringLiteral("C:\\devlatch-installer-test");

private Q_SLOTS:
    void installUseUninstall()
    {
        QDir(m_target).removeRecursively();
        const QString installer = QStringLiteral(DEVLATCH_INSTALLER);
        QVERIFY2(QFile::exists(installer), qPrintable(installer));
        QCOMPARE(run(installer, {QStringLiteral("/S"), QStringLiteral("/D=") + m_target}).exitCode, 0);

        const QString bin = m_target + QStringLiteral("\\bin\\");
        for (const QString &file : {bin + QStringLiteral("devlatchctl.exe"), bin + QStringLiteral("devlatch.exe"),
                                    m_target + QStringLiteral("\\doc\\README.md"), m_target + QStringLiteral("\\doc\\docs\\windows.md"),
                                    m_target + QStringLiteral("\\Uninstall.exe")})
            QVERIFY2(QFile::exists(file), qPrintable(file));
        QVERIFY(!loginEntryExists()); // silent: "start at login" answered no
        QVERIFY(startMenuEntryExists());

        const Run version = run(bin + QStringLiteral("devlatchctl.exe"), {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), QByteArray("devlatchctl " DEVLATCH_VERSION));
        const Run claim = run(bin + QStringLiteral("devlatchctl.exe"),
                              {QStringLiteral("claim"), QStringLiteral("installer-test-bench"), QStringLiteral("--"),
                               QStringLiteral("cmd"), QStringLiteral("/c"), QStringLiteral("exit 3")});
        QCOMPARE(claim.exitCode, 3);
        const Run tray = run(bin + QStringLiteral("devlatch.exe"), {QStringLiteral("--version")});
        QCOMPARE(tray.exitCode, 0);

        // _?= runs the uninstaller in place, so this waits for it (it then stays behind).
        QCOMPARE(run(m_target + QStringLiteral("\\Uninstall.exe"), {QStringLiteral("/S"), QStringLiteral("_?=") + m_target})
                     .exitCode,
                 0);
        QVERIFY(!QFile::exists(bin + QStringLiteral("devlatchctl.exe")));
        QVERIFY(!QFile::exists(bin + QStringLiteral("devlatch.exe")));
        QVERIFY(!loginEntryExists());
        QVERIFY(!startMenuEntryExists());
        QDir(m_target).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestInstallerWin)
#include "tst_installer_win.moc"
