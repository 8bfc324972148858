// SPDX-License-Identifier: MIT
#include "QuitOnSignal.h"

// Windows: Ctrl+C, Ctrl+Break and the console closing (when started from a console) quit
// cleanly. Logging off reaches a GUI program as WM_QUERYENDSESSION / WM_ENDSESSION, which Qt
// turns into a quit of its own; nothing more is needed for it.

#include <QMetaObject>
#include <QPointer>

#include <windows.h>

namespace devlatch::tray {

namespace {

QPointer<QuitOnSignal> g_instance;

BOOL WINAPI onConsoleEvent(DWORD event)
{
    const int signal = event == CTRL_C_EVENT ? 2 : event == CTRL_BREAK_EVENT ? 21 : 1;
    if (event > CTRL_SHUTDOWN_EVENT || !g_instance)
        return FALSE;
    QMetaObject::invokeMethod(g_instance.data(), [signal] {
        if (g_instance)
            Q_EMIT g_instance->quitRequested(signal);
    }, Qt::QueuedConnection);
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT)
        Sleep(5000); // returning would end the process before the claims are released
    return TRUE;
}

} // namespace

QuitOnSignal::QuitOnSignal(QObject *parent) : QObject(parent)
{
    g_instance = this;
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

} // namespace devlatch::tray
