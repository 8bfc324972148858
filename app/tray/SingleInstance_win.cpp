// SPDX-License-Identifier: MIT
#include "SingleInstance.h"

// Windows: the user's SID. QLocalServer's pipe names are global to the machine, and two
// people signed in at once (fast user switching, a terminal server) each get their own tray.

// clang-format off: windows.h first
#include <windows.h>
#include <sddl.h>
// clang-format on

namespace devlatch::tray {

QString SingleInstance::userKey()
{
    QString key;
    HANDLE token = nullptr;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        union {
            TOKEN_USER user;
            BYTE bytes[512];
        } info {};
        DWORD size = 0;
        wchar_t *sid = nullptr;
        if (GetTokenInformation(token, TokenUser, &info, sizeof info, &size) && ConvertSidToStringSidW(info.user.User.Sid, &sid)) {
            key = QString::fromWCharArray(sid);
            LocalFree(sid);
        }
        CloseHandle(token);
    }
    if (key.isEmpty()) {
        wchar_t name[256];
        DWORD length = DWORD(std::size(name));
        key = GetUserNameW(name, &length) ? QString::fromWCharArray(name) : QStringLiteral("unknown");
    }
    return key;
}

} // namespace devlatch::tray
