// SPDX-License-Identifier: MIT
// "Start at login" on Windows (RegistryAutostart) against a registry key of the test's own
// (DEVLATCH_AUTOSTART_PATH_MOCK stands in for HKCU\Software\Microsoft\Windows\CurrentVersion).

#include "tray/autostart/Autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>

#include <windows.h>

using namespace devlatch::tray;

namespace {

const wchar_t kBase[] = L"Software\\devlatch-autostart-test";

std::wstring key(const wchar_t *below)
{
    return std::wstring(kBase) + below;
}

bool hasValue(const wchar_t *below, DWORD types)
{
    return RegGetValueW(HKEY_CURRENT_USER, key(below).c_str(), L"devlatch", types, nullptr, nullptr, nullptr) == ERROR_SUCCESS;
}

QString runValue()
{
    wchar_t text[1024] = {};
    DWORD size = sizeof text;
    if (RegGetValueW(HKEY_CURRENT_USER, key(L"\\Run").c_str(), L"devlatch", RRF_RT_REG_SZ, nullptr, text, &size) != ERROR_SUCCESS)
        return {};
    return QString::fromWCharArray(text);
}

} // namespace

class TestAutostartWin final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        RegDeleteTreeW(HKEY_CURRENT_USER, kBase);
        qputenv("DEVLATCH_AUTOSTART_PATH_MOCK", QString::fromWCharArray(kBase).toUtf8());
    }
    void cleanupTestCase() { RegDeleteTreeW(HKEY_CURRENT_USER, kBase); }

    void onAndOffWriteTheRunValue()
    {
        const auto autostart = Autostart::forThisPlatform();
        QVERIFY(!autostart->isEnabled());
        QVERIFY(autostart->systemEntry().isEmpty());
        QCOMPARE(autostart->setEnabled(true), QString());
        QVERIFY(autostart->isEnabled());
        // Quoted: Program Files has a space in it.
        QCOMPARE(runValue(), u'"' + QDir::toNativeSeparators(QCoreApplication::applicationFilePath()) + u'"');
        QVERIFY(autostart->location().endsWith(QStringLiteral("\\Run\\devlatch")));
        QCOMPARE(autostart->setEnabled(false), QString());
        QVERIFY(!autostart->isEnabled());
        QVERIFY(!hasValue(L"\\Run", RRF_RT_ANY));
        QCOMPARE(autostart->setEnabled(false), QString()); // already off: not an error
    }

    // An administrator's entry counts; turning it off for one person uses Task Manager's switch,
    // and turning it on again clears that switch.
    void theMachineEntryAndTaskManagersSwitch()
    {
        const std::wstring command = L"\"C:\\Program Files\\devlatch\\bin\\devlatch.exe\"";
        QCOMPARE(RegSetKeyValueW(HKEY_CURRENT_USER, key(L"\\Machine\\Run").c_str(), L"devlatch", REG_SZ, command.c_str(),
                                 DWORD((command.size() + 1) * sizeof(wchar_t))),
                 LONG(ERROR_SUCCESS));
        const auto autostart = Autostart::forThisPlatform();
        QVERIFY(autostart->isEnabled());
        QVERIFY(!autostart->systemEntry().isEmpty());
        QCOMPARE(autostart->setEnabled(false), QString());
        QVERIFY(!autostart->isEnabled());
        QVERIFY(hasValue(L"\\Machine\\Run", RRF_RT_REG_SZ)); // the administrator's entry stays
        QVERIFY(hasValue(L"\\Explorer\\StartupApproved\\Run", RRF_RT_REG_BINARY));
        QCOMPARE(autostart->setEnabled(true), QString());
        QVERIFY(autostart->isEnabled());
        QVERIFY(!hasValue(L"\\Explorer\\StartupApproved\\Run", RRF_RT_ANY));
        // Switched off in Task Manager (first byte 3): off, though the value is there.
        const BYTE off[12] = {3};
        RegSetKeyValueW(HKEY_CURRENT_USER, key(L"\\Explorer\\StartupApproved\\Run").c_str(), L"devlatch", REG_BINARY, off,
                        sizeof off);
        QVERIFY(!autostart->isEnabled());
    }
};

QTEST_GUILESS_MAIN(TestAutostartWin)
#include "tst_autostart_win.moc"
