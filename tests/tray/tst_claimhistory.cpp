// SPDX-License-Identifier: MIT
// ClaimHistory: who had a device, when, how long; kept in a small local log that survives a
// restart, is bounded, and is set aside (not lost, not fatal) when damaged.

#include "tray/ClaimHistory.h"

#include "model/DeviceStatus.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace devlatch;
using devlatch::tray::ClaimHistory;

namespace {

DeviceStatus free(const QString &id)
{
    DeviceStatus s;
    s.device.id = id;
    s.state = DeviceStatus::State::Free;
    return s;
}

DeviceStatus held(const QString &id, long long pid, const char *program)
{
    DeviceStatus s = free(id);
    s.state = DeviceStatus::State::Held;
    lock::HolderRecord r;
    r.pid = pid;
    r.uid = 999999;
    r.user = "lab1";
    r.program = program;
    r.since = QDateTime::currentDateTimeUtc().addSecs(-90).toString(Qt::ISODate).toStdString();
    s.lock.holder = r;
    return s;
}

} // namespace

class TestClaimHistory final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void claimsAreRecordedAndKept()
    {
        const QString file = m_dir.filePath(QStringLiteral("a/history.json"));
        {
            ClaimHistory history(file);
            history.observe(free(QStringLiteral("psu")), held(QStringLiteral("psu"), 10, "flash.py"));
            QCOMPARE(history.of(QStringLiteral("psu")).size(), 1);
            QVERIFY(!history.of(QStringLiteral("psu")).first().until.isValid()); // still held
            history.observe(held(QStringLiteral("psu"), 10, "flash.py"), held(QStringLiteral("psu"), 11, "picocom"));
            history.observe(held(QStringLiteral("psu"), 11, "picocom"), free(QStringLiteral("psu")));
            const QList<ClaimHistory::Entry> entries = history.of(QStringLiteral("psu"));
            QCOMPARE(entries.size(), 2);
            QCOMPARE(entries.first().program, QStringLiteral("picocom")); // newest first
            QCOMPARE(entries.last().who, QStringLiteral("lab1"));
            QVERIFY(entries.last().from.secsTo(entries.last().until) >= 89);
            QCOMPARE(history.error(), QString());
        }
        ClaimHistory reread(file); // after a restart
        QCOMPARE(reread.of(QStringLiteral("psu")).size(), 2);
        QVERIFY(reread.of(QStringLiteral("other")).isEmpty());
    }

    // "You" is decided when shown, in the language of the day, not frozen into the log.
    void ownClaimsAreMarkedNotWorded()
    {
        const QString file = m_dir.filePath(QStringLiteral("mine.json"));
        {
            ClaimHistory history(file);
            DeviceStatus mine = held(QStringLiteral("psu"), 20, "devlatch");
            mine.state = DeviceStatus::State::HeldByMe;
            history.observe(free(QStringLiteral("psu")), mine);
            history.observe(mine, free(QStringLiteral("psu")));
            history.observe(free(QStringLiteral("psu")), held(QStringLiteral("psu"), 21, "picocom"));
        }
        const QList<ClaimHistory::Entry> entries = ClaimHistory(file).of(QStringLiteral("psu"));
        QCOMPARE(entries.size(), 1); // the claim in progress is not in the file
        QVERIFY(entries.first().mine);
        QCOMPARE(entries.first().who, QStringLiteral("lab1"));
        ClaimHistory again(file);
        again.observe(free(QStringLiteral("psu")), held(QStringLiteral("psu"), 21, "picocom"));
        QVERIFY(!again.of(QStringLiteral("psu")).first().mine);
    }

    void boundedPerDevice()
    {
        ClaimHistory history(m_dir.filePath(QStringLiteral("bounded.json")));
        for (int i = 0; i < ClaimHistory::kPerDevice + 10; ++i) {
            history.observe(free(QStringLiteral("psu")), held(QStringLiteral("psu"), 100 + i, "x"));
            history.observe(held(QStringLiteral("psu"), 100 + i, "x"), free(QStringLiteral("psu")));
        }
        QCOMPARE(history.of(QStringLiteral("psu")).size(), ClaimHistory::kPerDevice);
        QCOMPARE(history.of(QStringLiteral("psu")).first().pid, qint64(100 + ClaimHistory::kPerDevice + 9));
    }

    void damagedLogIsSetAsideNotLost()
    {
        const QString file = m_dir.filePath(QStringLiteral("damaged.json"));
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("[{\"device\": ");
        damaged.close();
        ClaimHistory history(file);
        QVERIFY(history.error().contains(QStringLiteral("damaged")));
        QVERIFY(QFile::exists(file + QStringLiteral(".damaged")));
        history.observe(free(QStringLiteral("psu")), held(QStringLiteral("psu"), 5, "x"));
        history.observe(held(QStringLiteral("psu"), 5, "x"), free(QStringLiteral("psu")));
        QCOMPARE(ClaimHistory(file).of(QStringLiteral("psu")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestClaimHistory)
#include "tst_claimhistory.moc"
