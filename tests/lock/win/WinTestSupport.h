// SPDX-License-Identifier: MIT
#pragma once

// What the Windows tests share (Debian has no Qt and no GoogleTest for mingw): a check macro
// that prints every check and counts failures, and a child process (usually
// devlatch-wintest-helper.exe, "the other process") driven through its stdin and read line by
// line from its stdout.

#include "lock/LockTypes.h"

#include <windows.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace wintest {

inline int &failures()
{
    static int count = 0;
    return count;
}
inline int &passes()
{
    static int count = 0;
    return count;
}

inline void report(bool ok, const char *file, int line, const char *expression, const std::string &detail)
{
    const char *base = file;
    for (const char *p = file; *p; ++p)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    ++(ok ? passes() : failures());
    std::printf("%s %s:%d: %s%s%s\n", ok ? "  ok  " : "FAIL  ", base, line, expression, detail.empty() ? "" : "  -- ",
                detail.c_str());
    std::fflush(stdout);
}

// CHECK(condition) and CHECK_MSG(condition, text shown with the result, e.g. an error message).
#define CHECK(condition) wintest::report(bool(condition), __FILE__, __LINE__, #condition, std::string())
#define CHECK_MSG(condition, detail) wintest::report(bool(condition), __FILE__, __LINE__, #condition, std::string(detail))

// The facts of a problem, for failure messages (the wording is the model layer's).
inline std::string facts(const devlatch::lock::LockProblem &problem)
{
    return "problem " + std::to_string(int(problem.kind)) + " at " + problem.path + ", error "
           + std::to_string(problem.systemError);
}

inline std::string facts(const devlatch::lock::AcquireResult &result)
{
    return "status " + std::to_string(int(result.status)) + ", " + facts(result.problem);
}

inline void section(const char *name)
{
    std::printf("-- %s\n", name);
    std::fflush(stdout);
}

inline void note(const std::string &text)
{
    std::printf("   %s\n", text.c_str());
    std::fflush(stdout);
}

inline int finish()
{
    std::printf("%d passed, %d failed\n", passes(), failures());
    std::fflush(stdout);
    return failures() == 0 ? 0 : 1;
}

// Wine's ntdll exports wine_get_version; Windows' does not.
inline bool runningUnderWine()
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr;
}

// A check that Wine cannot answer (e.g. it keeps no DACLs on files): enforced on Windows,
// only reported under Wine.
#define CHECK_ON_WINDOWS(condition, detail)                                                        \
    do {                                                                                           \
        if (wintest::runningUnderWine() && !(condition))                                           \
            wintest::note(std::string("skip (Wine cannot show this; verify on Windows): ") + #condition); \
        else                                                                                       \
            CHECK_MSG(condition, detail);                                                          \
    } while (false)

inline std::wstring wide(const std::string &ascii)
{
    return std::wstring(ascii.begin(), ascii.end()); // mutex names are ASCII by the name rule
}

inline std::string directoryOfThisExe()
{
    char path[MAX_PATH] = {};
    GetModuleFileNameA(nullptr, path, MAX_PATH);
    std::string text(path);
    return text.substr(0, text.find_last_of("\\/"));
}

// The quoted path of the helper, which CMake builds next to the tests.
inline std::string helper()
{
    return "\"" + directoryOfThisExe() + "\\devlatch-wintest-helper.exe\"";
}

inline long long millisecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

// A child process whose stdout is read line by line on a thread and whose stdin we write.
class Child {
public:
    Child() = default;
    explicit Child(const std::string &commandLine) { start(commandLine); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    bool start(const std::string &commandLine)
    {
        SECURITY_ATTRIBUTES inherit {sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
        HANDLE childOut = nullptr, childIn = nullptr;
        if (!CreatePipe(&m_out, &childOut, &inherit, 0) || !CreatePipe(&childIn, &m_in, &inherit, 0))
            return false;
        // Our ends stay ours: a child holding them would keep the pipes open after we close.
        SetHandleInformation(m_out, HANDLE_FLAG_INHERIT, 0);
        SetHandleInformation(m_in, HANDLE_FLAG_INHERIT, 0);
        STARTUPINFOW startup {};
        startup.cb = sizeof startup;
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdInput = childIn;
        startup.hStdOutput = childOut;
        startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        std::wstring mutableLine(commandLine.begin(), commandLine.end());
        const BOOL ok = CreateProcessW(nullptr, mutableLine.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &m_info);
        CloseHandle(childOut);
        CloseHandle(childIn);
        if (!ok)
            return false;
        m_reader = std::thread([this] { readLoop(); });
        return true;
    }
    ~Child()
    {
        // Let a helper that still holds release normally (end of stdin), so no run leaves a
        // record behind for the next one; kill what does not end in time.
        closeStdin();
        if (m_info.hProcess)
            WaitForSingleObject(m_info.hProcess, 5000);
        kill();
        if (m_reader.joinable())
            m_reader.join();
        if (m_out)
            CloseHandle(m_out);
        if (m_info.hProcess)
            CloseHandle(m_info.hProcess);
        if (m_info.hThread)
            CloseHandle(m_info.hThread);
    }
    // The next line starting with `prefix` (earlier lines are dropped), "" when none comes in time.
    std::string waitForLine(const std::string &prefix, int timeoutMs = 30000)
    {
        std::unique_lock lock(m_mutex);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        for (;;) {
            while (!m_lines.empty()) {
                std::string line = m_lines.front();
                m_lines.pop_front();
                if (line.rfind(prefix, 0) == 0)
                    return line;
            }
            if (m_eof || m_changed.wait_until(lock, deadline) == std::cv_status::timeout)
                return {};
        }
    }
    // The next line, whatever it is ("" at the end or after the timeout).
    std::string nextLine(int timeoutMs = 30000) { return waitForLine("", timeoutMs); }
    void writeLine(const std::string &line)
    {
        const std::string text = line + "\n";
        DWORD written = 0;
        if (m_in)
            WriteFile(m_in, text.data(), DWORD(text.size()), &written, nullptr);
    }
    void closeStdin()
    {
        if (m_in) {
            CloseHandle(m_in);
            m_in = nullptr;
        }
    }
    // TerminateProcess: like kill -9, the child gets no chance to release or clean up.
    void kill()
    {
        if (m_info.hProcess && WaitForSingleObject(m_info.hProcess, 0) == WAIT_TIMEOUT) {
            TerminateProcess(m_info.hProcess, 9);
            WaitForSingleObject(m_info.hProcess, 30000);
        }
    }
    int waitForExit(int timeoutMs = 30000)
    {
        if (WaitForSingleObject(m_info.hProcess, DWORD(timeoutMs)) != WAIT_OBJECT_0)
            return -1;
        DWORD code = 0;
        GetExitCodeProcess(m_info.hProcess, &code);
        return int(code);
    }
    DWORD pid() const { return m_info.dwProcessId; }

private:
    void readLoop()
    {
        std::string partial;
        char buffer[256];
        DWORD got = 0;
        while (ReadFile(m_out, buffer, sizeof buffer, &got, nullptr) && got > 0) {
            partial.append(buffer, got);
            size_t newline;
            while ((newline = partial.find('\n')) != std::string::npos) {
                std::string line = partial.substr(0, newline);
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                partial.erase(0, newline + 1);
                std::printf("   [child %lu] %s\n", m_info.dwProcessId, line.c_str());
                std::fflush(stdout);
                std::lock_guard lock(m_mutex);
                m_lines.push_back(line);
                m_changed.notify_all();
            }
        }
        std::lock_guard lock(m_mutex);
        m_eof = true;
        m_changed.notify_all();
    }

    PROCESS_INFORMATION m_info {};
    HANDLE m_in = nullptr;
    HANDLE m_out = nullptr;
    std::thread m_reader;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_lines;
    bool m_eof = false;
};

} // namespace wintest
