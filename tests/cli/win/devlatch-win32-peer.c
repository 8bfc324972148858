/* SPDX-License-Identifier: MIT */
/* A program outside devlatch, written as the Win32 documentation shows (plain C, no devlatch
 * code): what a lab's own tool or a script's ctypes call does with a named mutex. Also the
 * CMD of `devlatchctl claim DEV -- CMD` in the Windows tests.
 *
 *   devlatch-win32-peer hold NAME           CreateMutexW + WaitForSingleObject(0); prints
 *                                           "held", "abandoned" or "busy"; holds until stdin
 *                                           says "release" or closes, then ReleaseMutex
 *   devlatch-win32-peer args ARG...         prints each argument as [ARG], one per line
 *   devlatch-win32-peer exit N              exits with status N
 *   devlatch-win32-peer pidfile FILE        writes its pid to FILE, then sleeps forever
 *   devlatch-win32-peer running PID         prints "running" if process PID runs, else "gone"
 */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void say(const char *line)
{
    printf("%s\n", line);
    fflush(stdout);
}

static void waitForRelease(void)
{
    char line[64];
    while (fgets(line, sizeof line, stdin))
        if (strncmp(line, "release", 7) == 0)
            return;
}

int main(void)
{
    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv || argc < 2)
        return 2;
    if (wcscmp(argv[1], L"hold") == 0 && argc == 3) {
        HANDLE mutex = CreateMutexW(NULL, FALSE, argv[2]);
        if (!mutex) {
            printf("error %lu\n", GetLastError());
            return 3;
        }
        DWORD result = WaitForSingleObject(mutex, 0);
        if (result == WAIT_TIMEOUT) {
            say("busy");
            return 1;
        }
        say(result == WAIT_ABANDONED ? "abandoned" : "held");
        waitForRelease();
        if (!ReleaseMutex(mutex))
            return 4;
        CloseHandle(mutex);
        say("released");
        return 0;
    }
    if (wcscmp(argv[1], L"args") == 0) {
        for (int i = 2; i < argc; ++i) {
            char utf8[1024];
            WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8, sizeof utf8, NULL, NULL);
            printf("[%s]\n", utf8);
        }
        fflush(stdout);
        return 0;
    }
    if (wcscmp(argv[1], L"exit") == 0 && argc == 3)
        return _wtoi(argv[2]);
    if (wcscmp(argv[1], L"pidfile") == 0 && argc == 3) {
        FILE *file = _wfopen(argv[2], L"w");
        if (!file)
            return 3;
        fprintf(file, "%lu\n", GetCurrentProcessId());
        fclose(file);
        Sleep(INFINITE);
    }
    if (wcscmp(argv[1], L"running") == 0 && argc == 3) {
        HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)_wtoi(argv[2]));
        const int runs = process && WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
        if (process)
            CloseHandle(process);
        say(runs ? "running" : "gone");
        return 0;
    }
    return 2;
}
