// SPDX-License-Identifier: MIT
// StateWording: every state's words and look, decided once (what the menu, the window,
// notifications and --state all show).

#include "tray/StateWording.h"

#include "lock/ProcessInfo.h"

#include <QTest>

using namespace devlatch;
using devlatch::tray::DeviceView;
using devlatch::tray::StateWording;
using Look = devlatch::tray::Icons::Look;

namespace {

DeviceStatus status(DeviceStatus::State state)
{
    DeviceStatus s;
    s.device.id = QStringLiteral("psu");
    s.device.name = QStringLiteral("Bench PSU");
    s.device.kind = QStringLiteral("serial");
    s.state = state;
    return s;
}

lock::HolderRecord record(const char *user, const char *host, long long uid, const char *program, const char *note = "")
{
    lock::HolderRecord r;
    r.pid = 4242;
    r.uid = uid;
    r.user = user;
    r.host = host;
    r.program = program;
    r.note = note;
    r.since = "2001-02-03T10:15:00Z"; // long ago: shown with its date
    return r;
}

ForeignUse use(qint64 pid, const QString &program)
{
    return {ForeignUse::How::Open, pid, program, QStringLiteral("/dev/ttyUSB0")};
}

} // namespace

class TestStateWording final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freeAndAnEndedHolder()
    {
        DeviceStatus s = status(DeviceStatus::State::Free);
        DeviceView v = StateWording::view(s, {});
        QCOMPARE(v.stateText, QStringLiteral("Free"));
        QCOMPARE(v.description, QStringLiteral("Free"));
        QCOMPARE(v.look, Look::Free);
        QCOMPARE(v.click, DeviceView::Click::Claim);
        QVERIFY(!v.dimmed);
        s.lock.abandoned = record("lab1", "bench3", 1001, "flash.py");
        v = StateWording::view(s, {});
        QCOMPARE(v.description, QStringLiteral("Free — flash.py (pid 4242) ended without releasing it"));
        QVERIFY(v.dimmed);
    }

    void yoursWithACollision()
    {
        DeviceStatus s = status(DeviceStatus::State::HeldByMe);
        s.lock.holder = record("me", "", lock::processIdentity().uid, "devlatch", "soak");
        DeviceView v = StateWording::view(s, {});
        QVERIFY(v.description.startsWith(QStringLiteral("Yours since ")));
        QVERIFY(v.description.endsWith(QStringLiteral(" (soak)")));
        QCOMPARE(v.look, Look::Mine);
        QVERIFY(!v.attention);
        QCOMPARE(v.click, DeviceView::Click::Release);
        s.foreignUse << use(77, QStringLiteral("picocom"));
        v = StateWording::view(s, {});
        QVERIFY(v.description.endsWith(QStringLiteral("(soak) — also in use by picocom (pid 77)")));
        QCOMPARE(v.look, Look::Collision);
        QVERIFY(v.attention);
        s.device.present = false;
        v = StateWording::view(s, {});
        QCOMPARE(v.stateText, QStringLiteral("Yours, unplugged"));
        QCOMPARE(v.look, Look::Unplugged);
        QVERIFY(v.attention);
        QVERIFY(v.description.startsWith(QStringLiteral("Unplugged (Yours since ")));
    }

    void heldBySomeoneElseOrByYouElsewhere()
    {
        DeviceStatus s = status(DeviceStatus::State::Held);
        s.lock.holder = record("lab1", "bench3", 1001, "flash.py", "rev B");
        DeviceView v = StateWording::view(s, {});
        QVERIFY2(v.description.startsWith(QStringLiteral("Held by lab1@bench3: flash.py (pid 4242) since ")), qPrintable(v.description));
        QCOMPARE(v.holder, QStringLiteral("lab1@bench3 · flash.py (pid 4242)"));
        QCOMPARE(v.note, QStringLiteral("rev B"));
        QCOMPARE(v.stateText, QStringLiteral("Held"));
        QCOMPARE(v.look, Look::Busy);
        QCOMPARE(v.click, DeviceView::Click::None);
        // This user's devlatchctl on this machine: "You", not "Held by user root".
        s.lock.holder = record("root", "", lock::processIdentity().uid, "devlatchctl");
        v = StateWording::view(s, {});
        QVERIFY2(v.description.startsWith(QStringLiteral("You, in devlatchctl (pid 4242) since ")), qPrintable(v.description));
        QCOMPARE(v.stateText, QStringLiteral("Held by you"));
        QCOMPARE(v.holder, QStringLiteral("You · devlatchctl (pid 4242)"));
        s.lock.holder.reset();
        QCOMPARE(StateWording::describe(s), QStringLiteral("Held by a program that left no holder record"));
    }

    // A foreign holder whose name cannot be read (it ended; another user's) is said so,
    // never "by  (pid N)".
    void foreignHolderWithoutAName()
    {
        DeviceStatus s = status(DeviceStatus::State::HeldForeign);
        lock::OsHolder holder;
        holder.pid = 991;
        s.lock.osHolders.push_back(holder);
        QCOMPARE(StateWording::describe(s),
                 QStringLiteral("In use outside devlatch by a process whose name cannot be read (pid 991)"));
        QCOMPARE(StateWording::view(s, {}).holder, QStringLiteral("unnamed process (pid 991)"));
        s.lock.osHolders.front().program = "picocom";
        QCOMPARE(StateWording::describe(s), QStringLiteral("In use outside devlatch by picocom (pid 991)"));
        DeviceStatus inUse = status(DeviceStatus::State::InUse);
        inUse.foreignUse << use(55, QString());
        QCOMPARE(StateWording::describe(inUse), QStringLiteral("In use outside devlatch by a process whose name cannot be read (pid 55)"));
        // The OS names no process at all (a Windows mutex): the column says whose it is not.
        DeviceStatus unnamed = status(DeviceStatus::State::HeldForeign);
        unnamed.lock.osHolders.push_back(lock::OsHolder{lock::OsHolder::Kind::Mutex, -1, {}, false, false});
        QCOMPARE(StateWording::view(unnamed, {}).holder, QStringLiteral("a program outside devlatch"));
        QCOMPARE(StateWording::describe(unnamed), QStringLiteral("In use outside devlatch"));
    }

    void queuedAndUnknownAndUnplugged()
    {
        DeviceStatus s = status(DeviceStatus::State::Held);
        s.lock.holder = record("lab1", "", 1001, "flash.py");
        DeviceView v = StateWording::view(s, {QString(), true});
        QCOMPARE(v.stateText, QStringLiteral("Waiting"));
        QCOMPARE(v.look, Look::Waiting);
        QVERIFY(v.description.startsWith(QStringLiteral("Waiting — you are queued; Held by lab1: flash.py")));
        QVERIFY(v.queued);
        DeviceStatus unknown = status(DeviceStatus::State::Unknown);
        unknown.error = QStringLiteral("the lock file is a symlink");
        v = StateWording::view(unknown, {});
        QCOMPARE(v.description, QStringLiteral("Unknown: the lock file is a symlink"));
        QCOMPARE(v.look, Look::Unknown);
        QCOMPARE(v.click, DeviceView::Click::None); // never offered as free
        DeviceStatus gone = status(DeviceStatus::State::Free);
        gone.device.present = false;
        v = StateWording::view(gone, {});
        QCOMPARE(v.stateText, QStringLiteral("Unplugged"));
        QVERIFY(v.dimmed);
    }

    void recordTextIsEscapedEverywhere()
    {
        DeviceStatus s = status(DeviceStatus::State::Held);
        s.lock.holder = record("ev\x1bil", "", 1001, "pro\ngram", "note\u202e");
        const DeviceView v = StateWording::view(s, {});
        for (const QString &text : {v.description, v.holder, v.note})
            for (QChar c : text)
                QVERIFY2(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format, qPrintable(text));
    }

    void kindsAreWords()
    {
        QCOMPARE(StateWording::kindText(QStringLiteral("probe")), QStringLiteral("probe"));
        QCOMPARE(StateWording::kindText(QStringLiteral("odd\tkind")), QStringLiteral("odd\\x09kind"));
    }
};

QTEST_GUILESS_MAIN(TestStateWording)
#include "tst_statewording.moc"
