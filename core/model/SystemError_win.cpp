// SPDX-License-Identifier: MIT
#include "LockWording.h"

#include "lock/WinStrings_win.h"

namespace devlatch::LockWording {

QString systemError(int code)
{
    return QString::fromStdString(lock::win::systemMessage(DWORD(code))); // "... (5)"
}

} // namespace devlatch::LockWording
