// SPDX-License-Identifier: MIT
#include "ProcessSetup.h"

#include "SignalWatcher.h"

// Windows: no SIGPIPE (a write to a closed pipe is an error already) and no inherited signal
// dispositions to keep; missing standard handles stay missing (Qt writes nowhere then). What
// is left is the console handler, installed before anything else runs.

#include <QString>

#include <windows.h>

namespace devlatch::cli {

void prepareProcess()
{
    SignalWatcher::block();
}

QByteArrayList rawArguments(int, char *[])
{
    QByteArrayList arguments;
    int count = 0;
    wchar_t **wide = CommandLineToArgvW(GetCommandLineW(), &count);
    for (int i = 1; wide && i < count; ++i)
        arguments << QString::fromWCharArray(wide[i]).toUtf8();
    LocalFree(wide);
    return arguments;
}

bool wasIgnoredAtStart(int)
{
    return false;
}

} // namespace devlatch::cli
