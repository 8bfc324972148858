// SPDX-License-Identifier: MIT
#include "CommandGuard.h"

#include "ChildProcess.h"

#include "model/LockWording.h"

#include <iterator>
#include <string>

#include <windows.h>

// Windows: a suspended devlatchctl.exe (a debugger, Process Explorer, a starved VM) has every
// thread stopped, so no thread of its own can end CMD in time: the guard is a process, this
// program started again as
//   devlatchctl.exe --command-guard JOB CMD DEVLATCHCTL DEADLINES REARMED
// with those handles (decimal values) inherited and no others. It waits on CMD (ended: done),
// devlatchctl (gone: end the Job) and REARMED (new deadlines in the shared DEADLINES section)
// with the deadline as timeout; at the deadline it ends the Job. The Job's kill-on-close stays
// the end of CMD when devlatchctl exits; the guard's handle to it goes with the guard.

namespace devlatch::cli {

namespace {

constexpr char kGuardArgument[] = "--command-guard";

// GetTickCount64 milliseconds (one clock for every process); 0: disarmed.
struct Deadlines {
    volatile LONG64 endAt;
};

QString errorText(DWORD code)
{
    return LockWording::systemError(int(code));
}

HANDLE handleFrom(const QByteArray &text)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok);
    return ok ? reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(value)) : nullptr;
}

std::wstring number(HANDLE handle)
{
    return std::to_wstring(static_cast<unsigned long long>(reinterpret_cast<ULONG_PTR>(handle)));
}

} // namespace

struct CommandGuard::Private {
    HANDLE guard = nullptr;
    HANDLE section = nullptr;
    HANDLE rearmed = nullptr;
    Deadlines *deadlines = nullptr;
    qint64 pid = 0;
    ~Private()
    {
        // CMD has ended, or devlatchctl is leaving while it runs (which ends the claim, and
        // the Job with our handle): the guard has nothing left to do.
        if (guard) {
            TerminateProcess(guard, 0);
            CloseHandle(guard);
        }
        if (deadlines)
            UnmapViewOfFile(deadlines);
        for (HANDLE handle : {section, rearmed})
            if (handle)
                CloseHandle(handle);
    }
};

CommandGuard::CommandGuard() : d(std::make_unique<Private>()) {}

CommandGuard::~CommandGuard() = default;

bool CommandGuard::start(const ChildProcess &command, QString &error)
{
    const auto fail = [&error](const char *what) {
        error = QStringLiteral("cannot start the guard of the command (%1): %2").arg(QLatin1String(what), errorText(GetLastError()));
        return false;
    };
    SECURITY_ATTRIBUTES inheritable{sizeof inheritable, nullptr, TRUE};
    d->section = CreateFileMappingW(INVALID_HANDLE_VALUE, &inheritable, PAGE_READWRITE, 0, sizeof(Deadlines), nullptr);
    if (!d->section)
        return fail("CreateFileMapping");
    d->deadlines = static_cast<Deadlines *>(MapViewOfFile(d->section, FILE_MAP_WRITE, 0, 0, sizeof(Deadlines)));
    d->rearmed = CreateEventW(&inheritable, FALSE, FALSE, nullptr);
    if (!d->deadlines || !d->rearmed)
        return fail(d->deadlines ? "CreateEvent" : "MapViewOfFile");
    d->deadlines->endAt = 0;

    // The guard's own handles, inheritable, closed here once it has them.
    HANDLE job = nullptr, cmd = nullptr, self = nullptr;
    const HANDLE here = GetCurrentProcess();
    const bool duplicated = DuplicateHandle(here, static_cast<HANDLE>(command.job()), here, &job, JOB_OBJECT_TERMINATE, TRUE, 0)
                            && (cmd = OpenProcess(SYNCHRONIZE, TRUE, DWORD(command.pid()))) != nullptr
                            && DuplicateHandle(here, here, here, &self, SYNCHRONIZE, TRUE, 0);
    const auto closeInherited = [&] {
        for (HANDLE handle : {job, cmd, self})
            if (handle)
                CloseHandle(handle);
    };
    if (!duplicated) {
        fail("handles for it");
        closeInherited();
        return false;
    }

    wchar_t program[32768];
    const DWORD length = GetModuleFileNameW(nullptr, program, DWORD(std::size(program)));
    if (length == 0 || length >= std::size(program)) {
        fail("its path");
        closeInherited();
        return false;
    }
    std::wstring line = L'"' + std::wstring(program, length) + L"\" " + QString::fromLatin1(kGuardArgument).toStdWString();
    for (HANDLE handle : {job, cmd, self, d->section, d->rearmed})
        line += L' ' + number(handle);

    // These five handles and no other (not devlatchctl's standard handles: a pipe a script
    // reads to its end must close when devlatchctl exits, not when its guard does).
    HANDLE inherited[] = {job, cmd, self, d->section, d->rearmed};
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    std::string attributeBuffer(size, '\0');
    auto *attributes = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attributeBuffer.data());
    const bool listed = size > 0 && InitializeProcThreadAttributeList(attributes, 1, 0, &size)
                        && UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited, sizeof inherited,
                                                     nullptr, nullptr);
    STARTUPINFOEXW startup {};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES; // none: it prints nothing
    startup.lpAttributeList = listed ? attributes : nullptr;
    PROCESS_INFORMATION created {};
    const BOOL started = CreateProcessW(program, line.data(), nullptr, nullptr, TRUE,
                                        CREATE_NO_WINDOW | (listed ? EXTENDED_STARTUPINFO_PRESENT : 0), nullptr, nullptr,
                                        &startup.StartupInfo, &created);
    const DWORD startError = GetLastError();
    if (listed)
        DeleteProcThreadAttributeList(attributes);
    closeInherited();
    if (!started) {
        SetLastError(startError);
        return fail("CreateProcess");
    }
    CloseHandle(created.hThread);
    d->guard = created.hProcess;
    d->pid = created.dwProcessId;
    return true;
}

void CommandGuard::arm(qint64 terminateInMs, qint64)
{
    // No polite step on Windows: the guard ends the Job at the first deadline.
    if (!d->deadlines)
        return;
    InterlockedExchange64(&d->deadlines->endAt, LONG64(GetTickCount64()) + qMax<qint64>(0, terminateInMs));
    SetEvent(d->rearmed);
}

qint64 CommandGuard::pid() const
{
    return d->pid;
}

std::optional<int> runAsCommandGuard(const QByteArrayList &arguments)
{
    // The arguments after the program's name.
    if (arguments.size() != 6 || arguments.at(0) != kGuardArgument)
        return std::nullopt;
    const HANDLE job = handleFrom(arguments.at(1)), command = handleFrom(arguments.at(2)), devlatchctl = handleFrom(arguments.at(3));
    const HANDLE section = handleFrom(arguments.at(4)), rearmed = handleFrom(arguments.at(5));
    auto *deadlines = static_cast<Deadlines *>(MapViewOfFile(section, FILE_MAP_READ, 0, 0, sizeof(Deadlines)));
    if (!job || !command || !devlatchctl || !rearmed || !deadlines)
        return 3;
    const HANDLE objects[] = {command, devlatchctl, rearmed};
    for (;;) {
        // A plain read: the view is read-only (an interlocked read would write), and an
        // aligned 64-bit load is atomic on every Windows target.
        const LONG64 endAt = deadlines->endAt;
        const LONG64 now = LONG64(GetTickCount64());
        const DWORD timeout = endAt == 0 ? INFINITE : endAt <= now ? 0 : DWORD(qMin<LONG64>(endAt - now, 0x7fffffff));
        const DWORD woke = WaitForMultipleObjects(DWORD(std::size(objects)), objects, FALSE, timeout);
        if (woke == WAIT_OBJECT_0)
            return 0; // CMD has ended
        if (woke == WAIT_OBJECT_0 + 2)
            continue; // new deadlines
        if (woke == WAIT_TIMEOUT) {
            const LONG64 armed = deadlines->endAt;
            if (armed != endAt || armed > LONG64(GetTickCount64()))
                continue; // re-armed meanwhile
        }
        // The deadline, or devlatchctl is gone (and so is its claim), or waiting failed.
        TerminateJobObject(job, 128 + 9);
        return woke == WAIT_FAILED ? 3 : 0;
    }
}

} // namespace devlatch::cli
