// SPDX-License-Identifier: MIT
#include "ChildProcess.h"

#include "SignalWatcher_win.h"

#include "model/LockWording.h"

// Windows: CreateProcessW inside a Job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE. A mutex
// belongs to the thread that took it and cannot be handed to CMD, so devlatchctl keeps the
// claim itself; the Job makes sure CMD (and whatever it starts) never outlives it: when
// devlatchctl ends in any way, even TerminateProcess, its handle to the Job closes and Windows
// ends every process in it. The Job's completion port tells when any of them ends.

#include <QList>

#include <thread>

#include <windows.h>

namespace devlatch::cli {

namespace {

// One argument as the Microsoft C runtime (and CommandLineToArgvW) will split it again:
// quotes only when needed; backslashes doubled only before a quote, escaped quotes.
void appendQuoted(std::wstring &line, const std::wstring &argument)
{
    if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
        line += argument;
        return;
    }
    line += L'"';
    for (auto it = argument.begin();; ++it) {
        size_t backslashes = 0;
        while (it != argument.end() && *it == L'\\') {
            ++it;
            ++backslashes;
        }
        if (it == argument.end()) {
            line.append(backslashes * 2, L'\\'); // the closing quote must stay a quote
            break;
        }
        if (*it == L'"') {
            line.append(backslashes * 2 + 1, L'\\');
            line += L'"';
        } else {
            line.append(backslashes, L'\\');
            line += *it;
        }
    }
    line += L'"';
}

std::wstring wide(const QByteArray &utf8)
{
    return QString::fromUtf8(utf8).toStdWString();
}

QString errorText(DWORD code)
{
    return LockWording::systemError(int(code));
}

} // namespace

struct ChildProcess::Private {
    HANDLE job = nullptr;
    HANDLE port = nullptr;
    HANDLE process = nullptr;
    ~Private()
    {
        // Closing the Job ends what is left in it: nothing of CMD outlives devlatchctl's claim.
        for (HANDLE handle : {process, job, port})
            if (handle)
                CloseHandle(handle);
    }
};

ChildProcess::ChildProcess() : d(std::make_shared<Private>()) {}

ChildProcess::~ChildProcess() = default;

ChildProcess::StartError ChildProcess::start(const QByteArrayList &command, int, QString &error)
{
    std::wstring line;
    for (const QByteArray &part : command) {
        if (!line.empty())
            line += L' ';
        appendQuoted(line, wide(part));
    }
    d->job = CreateJobObjectW(nullptr, nullptr);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits {};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!d->job || !SetInformationJobObject(d->job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
        error = QStringLiteral("cannot create a Job object for %1: %2")
                    .arg(QString::fromUtf8(command.first()), errorText(GetLastError()));
        return StartError::Other;
    }
    d->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT association {};
    association.CompletionKey = d->job;
    association.CompletionPort = d->port;
    const bool portWorks = d->port
                           && SetInformationJobObject(d->job, JobObjectAssociateCompletionPortInformation, &association,
                                                      sizeof association);

    // CMD shares our console and standard handles, as a child in a shell would.
    STARTUPINFOW startup {};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    for (HANDLE handle : {startup.hStdInput, startup.hStdOutput, startup.hStdError})
        if (handle && handle != INVALID_HANDLE_VALUE)
            SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    PROCESS_INFORMATION created {};
    // Suspended until it is in the Job, so nothing it starts can escape.
    if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE, CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT,
                        nullptr, nullptr, &startup, &created)) {
        const DWORD code = GetLastError();
        error = QStringLiteral("cannot run %1: %2").arg(QString::fromUtf8(command.first()), errorText(code));
        return (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND) ? StartError::NotFound
               : (code == ERROR_ACCESS_DENIED || code == ERROR_BAD_EXE_FORMAT || code == ERROR_EXE_MACHINE_TYPE_MISMATCH)
                   ? StartError::NotExecutable
                   : StartError::Other;
    }
    if (!AssignProcessToJobObject(d->job, created.hProcess)) {
        const DWORD code = GetLastError();
        TerminateProcess(created.hProcess, 1);
        CloseHandle(created.hThread);
        CloseHandle(created.hProcess);
        error = QStringLiteral("cannot put %1 in a Job object, so it could outlive the claim: %2")
                    .arg(QString::fromUtf8(command.first()), errorText(code));
        return StartError::Other;
    }
    d->process = created.hProcess;
    m_pid = created.dwProcessId;
    ResumeThread(created.hThread);
    CloseHandle(created.hThread);

    // Tells ClaimSession whenever a process of the Job ends (the Job's port), or at least
    // when CMD does (its handle) where the port cannot be used.
    std::thread([state = d, portWorks] {
        if (!portWorks) {
            WaitForSingleObject(state->process, INFINITE);
            postChildEnded();
            return;
        }
        for (;;) {
            DWORD message = 0;
            ULONG_PTR key = 0;
            LPOVERLAPPED detail = nullptr;
            if (!GetQueuedCompletionStatus(state->port, &message, &key, &detail, INFINITE))
                return;
            if (message == JOB_OBJECT_MSG_EXIT_PROCESS || message == JOB_OBJECT_MSG_ABNORMAL_EXIT_PROCESS)
                postChildEnded();
            if (message == JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO) {
                postChildEnded();
                return;
            }
        }
    }).detach();
    return StartError::None;
}

void ChildProcess::signal(int signal) const
{
    // Windows has no polite signal for another program: the console already gave CMD its
    // Ctrl+C. What is asked for beyond that ends the Job (what CMD left behind, or all of it
    // when the console closes), with the exit code a shell would show for the signal.
    if (m_exitCode || signal == kConsoleClose)
        TerminateJobObject(d->job, UINT(128 + signal));
}

void ChildProcess::kill() const
{
    if (!m_exitCode)
        TerminateJobObject(d->job, UINT(128 + 9));
}

bool ChildProcess::canAskToEnd()
{
    return false;
}

void *ChildProcess::job() const
{
    return d->job;
}

bool ChildProcess::collect()
{
    if (!m_exitCode && d->process && WaitForSingleObject(d->process, 0) == WAIT_OBJECT_0) {
        DWORD code = 0;
        GetExitCodeProcess(d->process, &code);
        m_exitCode = int(code);
    }
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting {};
    m_childrenLeft = d->job
                     && QueryInformationJobObject(d->job, JobObjectBasicAccountingInformation, &accounting,
                                                  sizeof accounting, nullptr)
                     && accounting.ActiveProcesses > 0;
    return m_exitCode.has_value();
}

QList<qint64> ChildProcess::leftBehind() const
{
    struct {
        JOBOBJECT_BASIC_PROCESS_ID_LIST list;
        ULONG_PTR more[255];
    } ids {};
    ids.list.NumberOfAssignedProcesses = 256;
    QList<qint64> left;
    if (d->job && QueryInformationJobObject(d->job, JobObjectBasicProcessIdList, &ids, sizeof ids, nullptr))
        for (DWORD i = 0; i < ids.list.NumberOfProcessIdsInList; ++i)
            if (qint64(ids.list.ProcessIdList[i]) != m_pid)
                left << qint64(ids.list.ProcessIdList[i]);
    return left;
}

} // namespace devlatch::cli
