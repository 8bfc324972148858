// SPDX-License-Identifier: MIT
// Who a process is on Windows (pid, creation time, user, host, program) and whether the
// process a record names still runs.

#include "WinTestSupport.h"

#include "lock/ProcessInfo.h"

#include <windows.h>

using namespace devlatch::lock;
using wintest::Child;

int main()
{
    wintest::section("the record of this process");
    const HolderRecord me = currentProcessRecord("dev-1", "", "note");
    CHECK(me.isValid());
    CHECK(me.pid == long(GetCurrentProcessId()));
    CHECK(me.startTicks != 0);
    CHECK(me.id == "dev-1" && me.note == "note");
    CHECK_MSG(!me.user.empty(), me.user);
    CHECK_MSG(!me.host.empty(), me.host);
    CHECK_MSG(me.program == "tst_win_processinfo", me.program);
    CHECK_MSG(me.since.empty(), me.since); // DeviceLock stamps the grant
    CHECK_MSG(currentUtcTimestamp().size() == 20 && currentUtcTimestamp().back() == 'Z', currentUtcTimestamp());
    CHECK(currentProgramName() == "tst_win_processinfo");
    CHECK(currentProcessRecord("dev-1", "other-name", "").program == "other-name");
    CHECK(processIdentity().startTicks == me.startTicks);

    wintest::section("alive: same pid and creation time");
    CHECK(isRecordedProcessAlive(me));
    HolderRecord reused = me;
    reused.startTicks = me.startTicks - 10'000'000; // a second earlier: another process that had this pid
    CHECK(!isRecordedProcessAlive(reused));
    HolderRecord noTime = me;
    noTime.startTicks = 0; // written by something that did not know it: the pid alone decides
    CHECK(isRecordedProcessAlive(noTime));
    HolderRecord bogus;
    bogus.pid = 0;
    CHECK(!isRecordedProcessAlive(bogus));
    bogus.pid = -1;
    CHECK(!isRecordedProcessAlive(bogus));
    bogus.pid = 0x1'0000'0004LL; // wider than a Windows pid
    CHECK(!isRecordedProcessAlive(bogus));

    wintest::section("another process: alive while it runs, dead once killed");
    {
        Child child(wintest::helper() + " raw-open processinfo");
        CHECK(child.waitForLine("opened") == "opened");
        CHECK(programNameOfPid(child.pid()) == "devlatch-wintest-helper");
        HolderRecord other;
        other.pid = child.pid();
        HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, child.pid());
        FILETIME created {}, exited {}, kernel {}, user {};
        CHECK(process && GetProcessTimes(process, &created, &exited, &kernel, &user));
        other.startTicks = (std::uint64_t(created.dwHighDateTime) << 32) | created.dwLowDateTime;
        CHECK(isRecordedProcessAlive(other));
        child.kill();
        CHECK(!isRecordedProcessAlive(other)); // even while our handle keeps its pid reserved
        if (process)
            CloseHandle(process);
        CHECK(!isRecordedProcessAlive(other));
        CHECK(programNameOfPid(0).empty());
        CHECK(programNameOfPid(-5).empty());
    }
    return wintest::finish();
}
