#pragma once

// What the Windows tests share (no Qt for mingw, so no Qt Test): a check macro that counts,
// and a child process driven line by line through pipes.

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

#define CHECK(condition)                                                                                   \
    do {                                                                                                   \
        if (condition) {                                                                                   \
            ++wintest::passes();                                                                           \
        } else {                                                                                           \
            ++wintest::failures();                                                                         \
            std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition);                              \
        }                                                                                                  \
    } while (false)

#define CHECK_MSG(condition, message)                                                                      \
    do {                                                                                                   \
        if (condition) {                                                                                   \
            ++wintest::passes();                                                                           \
        } else {                                                                                           \
            ++wintest::failures();                                                                         \
            std::printf("FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #condition, std::string(message).c_str()); \
        }                                                                                                  \
    } while (false)

inline void section(const char *name)
{
    std::printf("-- %s\n", name);
    std::fflush(stdout);
}

inline int finish()
{
    std::printf("%d passed, %d failed\n", passes(), failures());
    return failures() == 0 ? 0 : 1;
}

inline std::string directoryOfThisExe()
{
    char path[MAX_PATH] = {};
    GetModuleFileNameA(nullptr, path, MAX_PATH);
    std::string text(path);
    return text.substr(0, text.find_last_of("\\/"));
}

// A child process whose stdout is read line by line on a thread and whose stdin we write.
class Child {
public:
    bool start(const std::string &commandLine)
    {
        SECURITY_ATTRIBUTES inherit {sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
        HANDLE childOut = nullptr, childIn = nullptr;
        if (!CreatePipe(&m_out, &childOut, &inherit, 0) || !CreatePipe(&childIn, &m_in, &inherit, 0))
            return false;
        SetHandleInformation(m_out, HANDLE_FLAG_INHERIT, 0);
        SetHandleInformation(m_in, HANDLE_FLAG_INHERIT, 0);
        STARTUPINFOA startup {};
        startup.cb = sizeof startup;
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdInput = childIn;
        startup.hStdOutput = childOut;
        startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        std::string mutableLine = commandLine;
        const BOOL ok = CreateProcessA(nullptr, mutableLine.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &m_info);
        CloseHandle(childOut);
        CloseHandle(childIn);
        if (!ok)
            return false;
        m_reader = std::thread([this] { readLoop(); });
        return true;
    }
    ~Child()
    {
        kill();
        closeStdin();
        if (m_reader.joinable())
            m_reader.join();
        if (m_out)
            CloseHandle(m_out);
        if (m_info.hProcess)
            CloseHandle(m_info.hProcess);
        if (m_info.hThread)
            CloseHandle(m_info.hThread);
    }
    // The next line starting with `prefix`, or "" when none comes in time.
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
    void writeLine(const std::string &line)
    {
        const std::string text = line + "\n";
        DWORD written = 0;
        WriteFile(m_in, text.data(), DWORD(text.size()), &written, nullptr);
    }
    void closeStdin()
    {
        if (m_in) {
            CloseHandle(m_in);
            m_in = nullptr;
        }
    }
    // TerminateProcess: like kill -9, no chance to clean up.
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
