// SPDX-License-Identifier: MIT
#include "Autostart.h"

#include "model/LockWording.h"

// Windows: the value "devlatch" under HKCU\Software\Microsoft\Windows\CurrentVersion\Run. An
// administrator's value of the same name under HKLM counts too, and so does the switch Task
// Manager's Startup tab keeps in ...\Explorer\StartupApproved\Run (first byte 2 = on, 3 = off),
// which is what turns an HKLM entry off for one person. DEVLATCH_AUTOSTART_PATH_MOCK names an
// HKCU key that stands in for ...\CurrentVersion (tests); the machine's entry is then its
// subkey Machine\Run.

#include <QCoreApplication>
#include <QDir>

#include <windows.h>

namespace devlatch::tray {

QString Autostart::launchProgram()
{
    return QDir::toNativeSeparators(QCoreApplication::applicationFilePath());
}

namespace {

const wchar_t kValueName[] = L"devlatch";
const QString kVersionKey = QStringLiteral("Software\\Microsoft\\Windows\\CurrentVersion");

struct Place {
    HKEY root;
    std::wstring key;
};

QString errorText(LSTATUS code)
{
    return LockWording::systemError(int(code));
}

class RegistryAutostart final : public Autostart {
public:
    RegistryAutostart()
    {
        const QString mock = qEnvironmentVariable("DEVLATCH_AUTOSTART_PATH_MOCK");
        const QString base = mock.isEmpty() ? kVersionKey : mock;
        m_user = {HKEY_CURRENT_USER, (base + QStringLiteral("\\Run")).toStdWString()};
        m_approved = {HKEY_CURRENT_USER, (base + QStringLiteral("\\Explorer\\StartupApproved\\Run")).toStdWString()};
        m_machine = mock.isEmpty() ? Place{HKEY_LOCAL_MACHINE, (kVersionKey + QStringLiteral("\\Run")).toStdWString()}
                                   : Place{HKEY_CURRENT_USER, (mock + QStringLiteral("\\Machine\\Run")).toStdWString()};
    }

    QString location() const override { return describe(m_user); }

    QString systemEntry() const override { return hasValue(m_machine) ? describe(m_machine) : QString(); }

    bool isEnabled() const override
    {
        return (hasValue(m_user) || hasValue(m_machine)) && !switchedOff();
    }

    QString setEnabled(bool enabled) override
    {
        if (enabled) {
            const std::wstring command = (u'"' + launchProgram() + u'"').toStdWString();
            const LSTATUS written = RegSetKeyValueW(m_user.root, m_user.key.c_str(), kValueName, REG_SZ, command.c_str(),
                                                    DWORD((command.size() + 1) * sizeof(wchar_t)));
            if (written != ERROR_SUCCESS)
                return QStringLiteral("cannot write %1: %2").arg(location(), errorText(written));
            RegDeleteKeyValueW(m_approved.root, m_approved.key.c_str(), kValueName); // Task Manager's "off"
            return {};
        }
        const LSTATUS removed = RegDeleteKeyValueW(m_user.root, m_user.key.c_str(), kValueName);
        if (removed != ERROR_SUCCESS && removed != ERROR_FILE_NOT_FOUND)
            return QStringLiteral("cannot remove %1: %2").arg(location(), errorText(removed));
        if (hasValue(m_machine)) {
            // The administrator's entry stays; switch it off for this person as Task Manager does.
            const BYTE off[12] = {3};
            const LSTATUS written =
                RegSetKeyValueW(m_approved.root, m_approved.key.c_str(), kValueName, REG_BINARY, off, sizeof off);
            if (written != ERROR_SUCCESS)
                return QStringLiteral("cannot switch off %1: %2").arg(systemEntry(), errorText(written));
        }
        return {};
    }

private:
    static QString describe(const Place &place)
    {
        return (place.root == HKEY_LOCAL_MACHINE ? QStringLiteral("HKEY_LOCAL_MACHINE\\") : QStringLiteral("HKEY_CURRENT_USER\\"))
               + QString::fromStdWString(place.key) + QStringLiteral("\\devlatch");
    }

    static bool hasValue(const Place &place)
    {
        // REG_EXPAND_SZ may be asked for only with RRF_NOEXPAND (else: invalid parameter).
        const DWORD types = RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND;
        return RegGetValueW(place.root, place.key.c_str(), kValueName, types, nullptr, nullptr, nullptr) == ERROR_SUCCESS;
    }

    bool switchedOff() const
    {
        BYTE state[12] = {};
        DWORD size = sizeof state;
        if (RegGetValueW(m_approved.root, m_approved.key.c_str(), kValueName, RRF_RT_REG_BINARY, nullptr, state, &size)
            != ERROR_SUCCESS)
            return false;
        return size > 0 && (state[0] & 1) != 0; // 2 on, 3 off (odd: off)
    }

    Place m_user, m_approved, m_machine;
};

} // namespace

std::unique_ptr<Autostart> Autostart::forThisPlatform()
{
    return std::make_unique<RegistryAutostart>();
}

} // namespace devlatch::tray
