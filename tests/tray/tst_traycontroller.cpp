// SPDX-License-Identifier: MIT
#include "TrayTestSupport.h"

#include "tray/ClaimHistory.h"
#include "tray/Notifier.h"
#include "tray/StateWording.h"
#include "arbiter/StateTracker.h"
#include "lock/LockName.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>

#include <csignal>
#include <sys/resource.h>

using namespace devlatch;
using namespace devlatch::test;
using devlatch::tray::TrayController;

class TestTrayController final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TrayWorld> m_world;
    std::unique_ptr<TrayController> m_controller;

    void holdElsewhere(Helper &helper, const QString &device, const QString &note = {})
    {
        QVERIFY(helper.start(TestPaths::ctl(), QStringList{QStringLiteral("claim"), device, QStringLiteral("--hold")}
                                                              + (note.isEmpty() ? QStringList() : QStringList{QStringLiteral("--note"), note})));
        QVERIFY(!helper.waitForLine("holding").isEmpty());
    }
    DeviceStatus::State state(const QString &id) const { return m_controller->status(id).state; }
    static QString describe(const DeviceStatus &status) { return tray::StateWording::describe(status); }
    QString shown(const QString &id) const { return m_controller->view(id).description; }
    QString lockFile(const QString &id) const
    {
        return m_world->lockDir() + u'/' + QString::fromStdString(lock::lockNameForId(id.toStdString()).name)
               + QStringLiteral(".lock");
    }

private Q_SLOTS:
    void init()
    {
        m_world = std::make_unique<TrayWorld>(QStringList{QStringLiteral("psu=Bench PSU"), QStringLiteral("probe=J-Link"),
                                                          QStringLiteral("scope=Rigol")});
        m_controller = m_world->controller();
    }
    void cleanup()
    {
        m_controller.reset();
        m_world.reset();
    }

    void startsWithConfiguredDevicesAllFree()
    {
        QCOMPARE(m_controller->statuses().size(), 3);
        for (const DeviceStatus &s : m_controller->statuses())
            QCOMPARE(s.state, DeviceStatus::State::Free);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Idle);
        QCOMPARE(m_controller->tooltip(), QStringLiteral("devlatch: 0 held by you · 0 busy · 3 free"));
        QCOMPARE(m_controller->displayName(QStringLiteral("psu")), QStringLiteral("Bench PSU"));
    }

    // A held state without a record (a reader that raced a release) is worded, never
    // dereferenced.
    void heldWithoutARecordIsWorded()
    {
        DeviceStatus status = m_controller->status(QStringLiteral("psu"));
        status.state = DeviceStatus::State::Held;
        status.lock.holder.reset();
        QCOMPARE(describe(status), QStringLiteral("Held by a program that left no holder record"));
    }

    void claimAndReleaseAreRealLocks()
    {
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::HeldByMe);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Holding);
        QVERIFY(describe(m_controller->status(QStringLiteral("psu"))).startsWith(QStringLiteral("Yours since ")));
        // Another process sees it, with us as the holder.
        const Finished seen = run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")});
        QCOMPARE(seen.exitCode, 1);
        QVERIFY2(seen.out.contains("held by devlatch (pid " + QByteArray::number(QCoreApplication::applicationPid()) + ")"),
                 seen.out.constData());
        m_controller->release(QStringLiteral("psu"));
        QCOMPARE(state(QStringLiteral("psu")), DeviceStatus::State::Free);
        QCOMPARE(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")}).exitCode, 0);
    }

    void otherProcessesShowUpWithoutPolling()
    {
        QSignalSpy changed(m_controller.get(), &TrayController::deviceChanged);
        Helper holder;
        holdElsewhere(holder, QStringLiteral("probe"), QStringLiteral("flashing"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Held, 5000);
        const QString text = describe(m_controller->status(QStringLiteral("probe")));
        // This user's own devlatchctl, not "held by user root" as if it were someone else.
        QVERIFY2(text.startsWith(QStringLiteral("You, in devlatchctl (pid %1) since ").arg(holder.pid())), qPrintable(text));
        QCOMPARE(m_controller->view(QStringLiteral("probe")).stateText, QStringLiteral("Held by you"));
        QVERIFY(text.endsWith(QStringLiteral("(flashing)")));
        QVERIFY(changed.contains({QStringLiteral("probe")}));
        QCOMPARE(m_controller->tooltip(), QStringLiteral("devlatch: 0 held by you · 1 busy · 2 free"));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Free, 5000);
    }

    // A lock file pulled away while the tray holds it is taken again, and the person told.
    void removedLockFileIsTakenAgainAndSaid()
    {
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(QFile::remove(m_controller->status(QStringLiteral("psu")).lockPath));
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->notifier().history().join(u'\n').contains(
                                     QStringLiteral("The lock file of Bench PSU was removed: devlatch took the new one as well")),
                                 5000);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
        const Finished newcomer = run(TestPaths::ctl(), {QStringLiteral("claim"), QStringLiteral("psu"),
                                                                     QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(newcomer.exitCode, 1);
    }

    // Another user's note reaches the tray's words escaped.
    void recordTextIsEscaped()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("probe"), QStringLiteral("\x1b[2Jgone\x07"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Held, 5000);
        const QString text = describe(m_controller->status(QStringLiteral("probe")));
        QVERIFY2(text.endsWith(QStringLiteral("(\\x1b[2Jgone\\x07)")), qPrintable(text));
    }

    // No descriptor per device: more devices than the usual soft limit of descriptors.
    void moreDevicesThanDescriptors()
    {
        struct rlimit saved {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &saved), 0);
        struct rlimit usual = saved;
        usual.rlim_cur = std::min<rlim_t>(1024, saved.rlim_max);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &usual), 0);
        m_controller.reset();
        QStringList devices;
        for (int i = 0; i < 1100; ++i)
            devices << QStringLiteral("bench%1=Bench %1").arg(i);
        m_world = std::make_unique<TrayWorld>(devices);
        QDir().mkpath(m_world->lockDir());
        m_controller = m_world->controller();
        for (int i = 0; i < 1100; i += 3) // lock files exist for a third of them
            QVERIFY(m_controller->claim(QStringLiteral("bench%1").arg(i)).ok);
        m_controller->releaseAll();
        QVERIFY(m_controller->claim(QStringLiteral("bench1099")).ok);
        m_controller->tracker().refreshAll();
        int free = 0, mine = 0;
        for (const DeviceStatus &status : m_controller->statuses()) {
            free += status.state == DeviceStatus::State::Free;
            mine += status.state == DeviceStatus::State::HeldByMe;
        }
        setrlimit(RLIMIT_NOFILE, &saved);
        QCOMPARE(free, 1099);
        QCOMPARE(mine, 1);
    }

    void foreignFlockHolderIsNamed()
    {
        Helper flockHolder;
        QDir().mkpath(m_world->lockDir());
        const QString file = m_controller->status(QStringLiteral("scope")).lockPath;
        QVERIFY(startFlockHolder(flockHolder, file));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::HeldForeign, 5000);
        QCOMPARE(describe(m_controller->status(QStringLiteral("scope"))),
                 QStringLiteral("In use outside devlatch by flock (pid %1)").arg(flockHolder.pid()));
    }

    void refusedClaimNotifiesAndRaisesAttention()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("psu"));
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        QVERIFY(!m_controller->claim(QStringLiteral("psu")).ok);
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Bench PSU is busy"));
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("devlatchctl (pid %1)").arg(holder.pid())));
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
        m_controller->acknowledgeAttention();
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Idle);
    }

    void claimWhenFreeIsGrantedTheMomentItFrees()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("psu"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::Held, 5000);
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        m_controller->claimWhenFree(QStringLiteral("psu"));
        QVERIFY(m_controller->isQueued(QStringLiteral("psu")));
        QVERIFY(m_controller->tooltip().endsWith(QStringLiteral(" · 1 waiting")));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::HeldByMe, 10000);
        // The lock directory may report the grant before the waiting thread's result arrives.
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->isQueued(QStringLiteral("psu")), 5000);
        QTRY_VERIFY(!notified.isEmpty());
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("Bench PSU is yours"));
        const Finished seen = run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("psu")});
        QVERIFY(seen.out.contains("held by devlatch (pid " + QByteArray::number(QCoreApplication::applicationPid())));
    }

    void queuedClaimCanBeCancelled()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("psu"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::Held, 5000);
        m_controller->claimWhenFree(QStringLiteral("psu"));
        QVERIFY(m_controller->isQueued(QStringLiteral("psu")));
        m_controller->cancelClaimWhenFree(QStringLiteral("psu"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->isQueued(QStringLiteral("psu")), 5000);
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("psu")), DeviceStatus::State::Free, 5000);
    }

    void abandonedPreviousHolderIsReported()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("probe"));
        const qint64 pid = holder.pid();
        holder.signal(SIGKILL);
        holder.waitForExit();
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        QVERIFY(m_controller->claim(QStringLiteral("probe")).ok);
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(1).toString(),
                 QStringLiteral("Its previous holder, devlatchctl (pid %1), ended without releasing it.").arg(pid));
    }

    void notifyWhenFree()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("scope"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Held, 5000);
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        m_controller->notifyWhenFree(QStringLiteral("scope"));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 5000);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Rigol is free"));
        QVERIFY(!m_controller->isWatchedForFree(QStringLiteral("scope")));
        QCOMPARE(state(QStringLiteral("scope")), DeviceStatus::State::Free); // told, not claimed
    }

    // A note belongs to one claim unless pinned; a pinned one to every claim.
    void noteBelongsToOneClaimUnlessPinned()
    {
        auto who = [] { return run(TestPaths::ctl(), {QStringLiteral("who"), QStringLiteral("psu")}).out; };
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        m_controller->setNote(QStringLiteral("psu"), QStringLiteral("soak test until 18:00"), false);
        QVERIFY2(who().contains("soak test until 18:00"), who().constData());
        m_controller->release(QStringLiteral("psu"));
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY2(!who().contains("soak test"), "an unpinned note stuck to the next claim");
        m_controller->setNote(QStringLiteral("psu"), QStringLiteral("rack 3"), true);
        m_controller->release(QStringLiteral("psu"));
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(who().contains("rack 3"));
        QCOMPARE(tray::TraySettings(m_world->settingsPath()).pinnedNote(QStringLiteral("psu")), QStringLiteral("rack 3"));
        // Given before claiming, unpinned: for the next claim only.
        m_controller->release(QStringLiteral("psu"));
        m_controller->setNote(QStringLiteral("psu"), QStringLiteral("just once"), false);
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(who().contains("just once"));
        m_controller->release(QStringLiteral("psu"));
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(!who().contains("just once"));
    }

    // Item 1: an alias set in the tray is the same device's lock for devlatchctl.
    void aliasIsTheSameDeviceEverywhere()
    {
        QCOMPARE(m_controller->setAlias(QStringLiteral("psu"), QStringLiteral("Bench-3 PSU")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->displayName(QStringLiteral("psu")), QStringLiteral("Bench-3 PSU"), 5000);
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        const Finished byAlias = run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("Bench-3 PSU")});
        QCOMPARE(byAlias.exitCode, 1); // held: by us, through the same lock
        QVERIFY2(byAlias.out.startsWith("psu (Bench-3 PSU): held by devlatch"), byAlias.out.constData());
        QVERIFY(QFile::exists(m_world->aliasesPath()));
        // Ambiguous names are refused, with the reason.
        QVERIFY(m_controller->setAlias(QStringLiteral("probe"), QStringLiteral("bench-3 psu")).contains(QStringLiteral("already names")));
        QVERIFY(m_controller->setAlias(QStringLiteral("probe"), QStringLiteral("Rigol")).contains(QStringLiteral("already names")));
        // A resource someone holds under that very name would change meaning under them.
        Helper holder;
        holdElsewhere(holder, QStringLiteral("rack-relay"));
        QVERIFY(m_controller->setAlias(QStringLiteral("probe"), QStringLiteral("rack-relay")).contains(QStringLiteral("held")));
        // Cleared: the configured name again.
        QCOMPARE(m_controller->setAlias(QStringLiteral("psu"), QString()), QString());
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->displayName(QStringLiteral("psu")), QStringLiteral("Bench PSU"), 5000);
    }

    // Aliases of earlier versions, kept in the tray's settings only, move to aliases.conf.
    void legacyAliasesMoveWhereDevlatchctlReadsThem()
    {
        m_controller.reset();
        {
            QSettings legacy(m_world->settingsPath(), QSettings::IniFormat);
            legacy.setValue(QStringLiteral("devices/%1/alias").arg(QString::fromLatin1(QByteArray("probe").toBase64(
                                QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))),
                            QStringLiteral("Old J-Link"));
        }
        m_controller = m_world->controller();
        QCOMPARE(m_controller->displayName(QStringLiteral("probe")), QStringLiteral("Old J-Link"));
        const Finished status = run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("Old J-Link"), QStringLiteral("--json")});
        QCOMPARE(deviceJson(status.out).value(QStringLiteral("id")).toString(), QStringLiteral("probe"));
        QVERIFY(tray::TraySettings(m_world->settingsPath()).takeLegacyAliases().isEmpty());
    }

    void claimAtLoginClaimsMarkedDevices()
    {
        m_controller->setClaimAtLogin(QStringLiteral("probe"), true);
        m_controller->setClaimAtLogin(QStringLiteral("scope"), true);
        Helper holder;
        holdElsewhere(holder, QStringLiteral("scope"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Held, 5000);
        QCOMPARE(m_controller->claimAtLogin(), 1);
        QCOMPARE(state(QStringLiteral("probe")), DeviceStatus::State::HeldByMe);
        QVERIFY2(m_controller->isQueued(QStringLiteral("scope")), "a busy login device is claimed the moment it frees");
    }

    // Item 5: Release all cancels queued claims too, and says so; none grabs a device later.
    void releaseAllCancelsQueuedClaims()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("scope"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Held, 5000);
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(m_controller->claimWhenFree(QStringLiteral("scope")).ok);
        QCOMPARE(m_controller->view(QStringLiteral("scope")).stateText, QStringLiteral("Waiting"));
        QVERIFY(m_controller->view(QStringLiteral("scope")).description.startsWith(QStringLiteral("Waiting — you are queued; ")));
        const TrayController::Outcome outcome = m_controller->releaseAll();
        QCOMPARE(outcome.message, QStringLiteral("Released 1 device; cancelled 1 queued claim"));
        QVERIFY(!m_controller->isQueued(QStringLiteral("scope")));
        QVERIFY(m_controller->notifier().history().first().contains(QStringLiteral("cancelled 1 queued claim")));
        holder.signal(SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Free, 5000);
        QTest::qWait(300); // a cancelled wait that raced the release must not have claimed it
        QCOMPARE(state(QStringLiteral("scope")), DeviceStatus::State::Free);
        QCOMPARE(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("scope")}).exitCode, 0);
    }

    // One claim, one announcement: the model and the menu update once, not twice.
    void eachChangeIsAnnouncedOnce()
    {
        QSignalSpy changed(m_controller.get(), &TrayController::deviceChanged);
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QCOMPARE(changed.size(), 1);
        m_controller->release(QStringLiteral("psu"));
        QCOMPARE(changed.size(), 2);
        QTest::qWait(200); // the lock directory's own report of it changes nothing more
        QCOMPARE(changed.size(), 2);
    }

    // Item 2: "Claim anyway" keeps saying who else uses the device, with attention.
    void claimAnywayKeepsShowingTheCollision()
    {
        const QString node = m_world->root() + QStringLiteral("/ttyUSB7");
        QFile(node).open(QIODevice::WriteOnly);
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::Append));
        file.write(QStringLiteral("[device.uart]\nname=Debug UART\nnodes=%1\n").arg(node).toUtf8());
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->tracker().contains(QStringLiteral("uart")), 5000);
        Helper picocom; // a terminal program that opens the node and never takes the lock
        QVERIFY(picocom.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("exec 3<>\"$1\"; echo open; cat >/dev/null"),
                                                     QStringLiteral("picocom"), node}));
        QVERIFY(!picocom.waitForLine("open").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("uart")), DeviceStatus::State::InUse, 5000);
        QVERIFY(m_controller->claim(QStringLiteral("uart")).ok);
        const tray::DeviceView view = m_controller->view(QStringLiteral("uart"));
        QVERIFY2(view.description.contains(QStringLiteral(" — also in use by sh (pid %1)").arg(picocom.pid())),
                 qPrintable(view.description));
        QVERIFY(view.attention);
        QCOMPARE(view.look, tray::Icons::Look::Collision);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
        m_controller->acknowledgeAttention(); // looking does not end the collision
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
        picocom.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->view(QStringLiteral("uart")).attention, 5000);
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Holding);
    }

    // Item 3: a holder that locks a descriptor it opened earlier (no event of its own) shows
    // as held, and a click that meets it updates the line at once.
    void heldThroughAnEarlierDescriptorIsNeverShownFree()
    {
        QDir().mkpath(m_world->lockDir());
        Helper shell;
        QVERIFY(shell.start(QStringLiteral("sh"), {QStringLiteral("-c"),
                                                   QStringLiteral("exec 9>>\"$1\"; echo opened; read x; flock 9; echo locked; cat >/dev/null"),
                                                   QStringLiteral("sh"), lockFile(QStringLiteral("scope"))}));
        QVERIFY(!shell.waitForLine("opened").isEmpty());
        QTest::qWait(300);
        QCOMPARE(state(QStringLiteral("scope")), DeviceStatus::State::Free);
        shell.process().write("go\n");
        QVERIFY(!shell.waitForLine("locked").isEmpty());
        // Clicked before any re-read: refused, and the line says who has it, now.
        const TrayController::Outcome outcome = m_controller->claim(QStringLiteral("scope"));
        QVERIFY(!outcome.ok);
        QCOMPARE(state(QStringLiteral("scope")), DeviceStatus::State::HeldForeign);
        QVERIFY2(shown(QStringLiteral("scope")).startsWith(QStringLiteral("In use outside devlatch by sh (pid ")), qPrintable(shown(QStringLiteral("scope"))));
        QVERIFY2(outcome.message.startsWith(QStringLiteral("Rigol is busy: In use outside devlatch by sh")), qPrintable(outcome.message));
        // Without a click, the schedule finds it (tst_statetracker measures how fast).
        shell.stop();
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::Free, 5000);
        Helper again;
        QVERIFY(again.start(QStringLiteral("sh"), {QStringLiteral("-c"),
                                                   QStringLiteral("exec 9>>\"$1\"; echo opened; read x; flock 9; echo locked; cat >/dev/null"),
                                                   QStringLiteral("sh"), lockFile(QStringLiteral("scope"))}));
        QVERIFY(!again.waitForLine("opened").isEmpty());
        again.process().write("go\n");
        QVERIFY(!again.waitForLine("locked").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("scope")), DeviceStatus::State::HeldForeign, 5000);
    }

    // A holder that died without releasing: "ended without releasing", dimmed, until the
    // next claim; its claim is in the history.
    void crashedHolderIsShownUntilTheNextClaim()
    {
        Helper holder;
        holdElsewhere(holder, QStringLiteral("probe"));
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Held, 5000);
        const qint64 pid = holder.pid();
        holder.signal(SIGKILL);
        holder.waitForExit();
        QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("probe")), DeviceStatus::State::Free, 5000);
        const tray::DeviceView view = m_controller->view(QStringLiteral("probe"));
        QCOMPARE(view.description, QStringLiteral("Free — devlatchctl (pid %1) ended without releasing it").arg(pid));
        QVERIFY(view.dimmed);
        const QList<tray::ClaimHistory::Entry> history = m_controller->history().of(QStringLiteral("probe"));
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().pid, pid);
        QVERIFY(history.first().until.isValid());
        QVERIFY(m_controller->claim(QStringLiteral("probe")).ok);
        m_controller->release(QStringLiteral("probe"));
        QCOMPARE(shown(QStringLiteral("probe")), QStringLiteral("Free"));
        QVERIFY(!m_controller->view(QStringLiteral("probe")).dimmed);
        QCOMPARE(m_controller->history().of(QStringLiteral("probe")).size(), 2);
    }

    void releaseAllAndDestructionRelease()
    {
        QVERIFY(m_controller->claim(QStringLiteral("psu")).ok);
        QVERIFY(m_controller->claim(QStringLiteral("probe")).ok);
        QCOMPARE(m_controller->heldCount(), 2);
        m_controller->releaseAll();
        QCOMPARE(m_controller->heldCount(), 0);
        QVERIFY(m_controller->claim(QStringLiteral("scope")).ok);
        m_controller.reset();
        QCOMPARE(run(TestPaths::ctl(), {QStringLiteral("status"), QStringLiteral("scope")}).exitCode, 0);
    }

    // A held device that disappears from the device list (unplugged; here: taken out of the
    // configuration, which drives the same path without udev) stays listed and held.
    void heldDeviceThatDisappearsStaysListedAsUnplugged()
    {
        QVERIFY(m_controller->claim(QStringLiteral("probe")).ok);
        QSignalSpy notified(&m_controller->notifier(), &tray::Notifier::notified);
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[device.psu]\nname=Bench PSU\n[device.scope]\nname=Rigol\n");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->status(QStringLiteral("probe")).device.present, 5000);
        QCOMPARE(m_controller->status(QStringLiteral("probe")).state, DeviceStatus::State::HeldByMe);
        QVERIFY(describe(m_controller->status(QStringLiteral("probe"))).startsWith(QStringLiteral("Unplugged (Yours since ")));
        QTRY_VERIFY(!notified.isEmpty());
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("J-Link was unplugged"));
        // Not the green "yours" look while it is gone, and attention while it lasts.
        QCOMPARE(m_controller->view(QStringLiteral("probe")).look, tray::Icons::Look::Unplugged);
        QCOMPARE(m_controller->view(QStringLiteral("probe")).stateText, QStringLiteral("Yours, unplugged"));
        m_controller->acknowledgeAttention();
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Attention);
        // Back, on another node: said so.
        QVERIFY(file.open(QIODevice::Append));
        file.write("[device.probe]\nname=J-Link\nnodes=/dev/ttyACM7\n");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->status(QStringLiteral("probe")).device.present, 5000);
        QTRY_COMPARE(notified.last().at(0).toString(), QStringLiteral("J-Link is back"));
        QCOMPARE(notified.last().at(1).toString(), QStringLiteral("It is still yours, now at /dev/ttyACM7."));
        QCOMPARE(m_controller->trayState(), tray::Icons::TrayState::Holding);
    }

    void configEditsAreFollowed()
    {
        QSignalSpy reset(m_controller.get(), &TrayController::devicesReset);
        QFile file(qEnvironmentVariable("XDG_CONFIG_HOME") + QStringLiteral("/devlatch/devlatch.conf"));
        QVERIFY(file.open(QIODevice::Append));
        file.write("[device.camera]\nname=UVC camera\n");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->tracker().contains(QStringLiteral("camera")), 5000);
        QCOMPARE(m_controller->statuses().size(), 4);
    }
};

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
