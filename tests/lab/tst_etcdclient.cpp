// SPDX-License-Identifier: MIT
// The etcd client against a server that misbehaves (an in-process fake: malformed JSON,
// endless answers, errors) and against real etcd for the gateway's JSON traps.

#include "EtcdFixture.h"

#include "lab/EtcdClient.h"
#include "lab/EtcdWatch.h"
#include "lab/LabTxn.h"
#include "lab/LabSession.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cstdlib>

using namespace devlatch::lab;
using namespace devlatch::test;

namespace {

// Answers every request on its port with `answer` (then closes), or with an endless body.
class FakeServer final : public QObject {
public:
    explicit FakeServer(QByteArray answer, bool endless = false) : m_answer(std::move(answer)), m_endless(endless)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    if (socket->property("answered").toBool())
                        return;
                    socket->setProperty("answered", true);
                    socket->write(m_answer);
                    if (m_endless) {
                        auto *timer = new QTimer(socket);
                        connect(timer, &QTimer::timeout, socket, [socket] { socket->write(QByteArray(256 * 1024, 'x')); });
                        timer->start(1);
                    } else {
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

private:
    QTcpServer m_server;
    QByteArray m_answer;
    bool m_endless;
};

// The fake server's clock runs this far ahead of ours, so its Date header is never today's.
constexpr qint64 kServerAheadSeconds = 400 * 24 * 3600 + 5 * 3600;

QDateTime fakeServerNow()
{
    return QDateTime::currentDateTimeUtc().addSecs(kServerAheadSeconds);
}

QByteArray http(const QByteArray &status, const QByteArray &body)
{
    // HTTP's own date form (RFC 9110 IMF-fixdate), as etcd's gateway sends it.
    const QByteArray date = QLocale::c().toString(fakeServerNow(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
    return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
           + "\r\nDate: " + date + "\r\n\r\n" + body;
}

EtcdReply callOnce(EtcdClient &client, const QString &path, const QJsonObject &body = {})
{
    EtcdReply result;
    bool done = false;
    client.call(path, body, [&](const EtcdReply &reply) {
        result = reply;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        result.error = QStringLiteral("no answer at all");
    return result;
}

} // namespace

class TestEtcdClient final : public QObject {
    Q_OBJECT

private:
    EtcdCluster m_etcd;
    bool m_haveEtcd = false;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_haveEtcd = !EtcdCluster::program().isEmpty() && m_etcd.start(1, error);
    }

    void malformedJsonIsAnErrorNotACrash()
    {
        FakeServer server(http("200 OK", "{\"header\": oops"));
        EtcdClient client({{server.url()}});
        const EtcdReply reply = callOnce(client, QStringLiteral("/v3/kv/range"));
        QVERIFY(!reply.ok);
        QVERIFY2(reply.error.contains(QStringLiteral("not an etcd answer")), qPrintable(reply.error));
        FakeServer array(http("200 OK", "[1,2,3]"));
        EtcdClient second({{array.url()}});
        QVERIFY(!callOnce(second, QStringLiteral("/v3/kv/range")).ok);
    }

    void anEndlessAnswerIsCutOff()
    {
        FakeServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{", true);
        EtcdClient client({{server.url()}});
        const EtcdReply reply = callOnce(client, QStringLiteral("/v3/kv/range"));
        QVERIFY(!reply.ok);
        QVERIFY2(reply.error.contains(QStringLiteral("larger than")), qPrintable(reply.error));
    }

    void unavailableFailsOverToTheNextEndpoint()
    {
        FakeServer down(http("503 Service Unavailable", R"({"error":"etcdserver: no leader","message":"etcdserver: no leader","code":14})"));
        FakeServer up(http("200 OK", R"({"header":{"revision":"7"}})"));
        EtcdClient client({{down.url(), up.url()}});
        const EtcdReply reply = callOnce(client, QStringLiteral("/v3/kv/range"));
        QVERIFY2(reply.ok, qPrintable(reply.error));
        QCOMPARE(client.currentEndpoint(), up.url());
        // The server's clock comes from its Date header, not ours: within the header's
        // one-second resolution and this test's own run time of the fake server's clock.
        const qint64 off = std::abs(client.serverNow().secsTo(fakeServerNow()));
        QVERIFY2(off < 120, qPrintable(QStringLiteral("serverNow() %1, the server's clock %2")
                                           .arg(client.serverNow().toString(Qt::ISODate), fakeServerNow().toString(Qt::ISODate))));
        EtcdClient alone({{down.url()}});
        const EtcdReply failed = callOnce(alone, QStringLiteral("/v3/kv/range"));
        QVERIFY(!failed.ok && failed.reached);
        QCOMPARE(failed.grpcCode, 14);
        QVERIFY2(failed.error.contains(QStringLiteral("no leader")) && failed.error.contains(down.url()), qPrintable(failed.error));
    }

    void aWatchThatSendsGarbageIsClosed()
    {
        QByteArray chunked;
        for (const QByteArray &chunk : {QByteArray("{\"result\":{\"created\":true"), QByteArray("}}\nnot json\n")})
            chunked += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
        FakeServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
                          + "0\r\n\r\n");
        EtcdClient client({{server.url()}});
        EtcdWatch *watch = client.watch({{QStringLiteral("key"), QStringLiteral("YQ==")}}, this);
        QSignalSpy closed(watch, &EtcdWatch::closed);
        QVERIFY(closed.wait(10000));
        QVERIFY2(closed.first().first().toString().contains(QStringLiteral("not JSON")), qPrintable(closed.first().first().toString()));
    }

    void realEtcdTraps()
    {
        if (!m_haveEtcd)
            QSKIP("etcd is not installed (make test installs etcd-server etcd-client)");
        EtcdClient client({{m_etcd.endpoints()}});
        // The TTL field is case-sensitive; LabSession asks with "TTL" and gets what it asked.
        LabSession session(&client, 15);
        QString error = QStringLiteral("pending");
        session.open([&](const QString &e) { error = e; });
        QTRY_VERIFY(error != u"pending");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(session.ttlSeconds(), 15);
        // A failed transaction has no "succeeded" field at all.
        const QJsonObject txn{{QStringLiteral("compare"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("eA==")},
                                                                                 {QStringLiteral("target"), QStringLiteral("VERSION")},
                                                                                 {QStringLiteral("result"), QStringLiteral("GREATER")},
                                                                                 {QStringLiteral("version"), QStringLiteral("5")}}}}};
        const EtcdReply failed = callOnce(client, QStringLiteral("/v3/kv/txn"), txn);
        QVERIFY(failed.ok);
        QVERIFY(!failed.body.contains(QStringLiteral("succeeded")));
        // A watched PUT has no "type"; the watch fills it in.
        EtcdWatch *watch = client.watch({{QStringLiteral("key"), QStringLiteral("eQ==")}}, this);
        QSignalSpy created(watch, &EtcdWatch::created);
        QSignalSpy events(watch, &EtcdWatch::events);
        QVERIFY(created.wait(5000));
        QVERIFY(callOnce(client, QStringLiteral("/v3/kv/put"), {{QStringLiteral("key"), QStringLiteral("eQ==")}, {QStringLiteral("value"), QStringLiteral("MQ==")}}).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty(), 5000);
        QCOMPARE(events.first().first().toJsonArray().first().toObject().value(QStringLiteral("type")).toString(), QStringLiteral("PUT"));
        // A keepalive of a lease the server no longer has has no TTL: the session is lost.
        QSignalSpy state(&session, &LabSession::stateChanged);
        QVERIFY(callOnce(client, QStringLiteral("/v3/lease/revoke"), {{QStringLiteral("ID"), QString::number(session.lease())}}).ok);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), LabSession::State::Lost, 10000);
        QVERIFY(session.lastError().contains(QStringLiteral("is gone")));
        // A long-running client claims again later: a new session, not the lost one's error.
        const qint64 lostLease = session.lease();
        error = QStringLiteral("pending");
        session.open([&](const QString &e) { error = e; });
        QTRY_VERIFY(error != u"pending");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(session.state(), LabSession::State::Alive);
        QVERIFY(session.lease() != lostLease);
    }

    // A watch that catches up over big values (5 MB written before it starts, one user's own
    // range could hold them): etcd would send them in one message, too large to accept, and
    // the watch would break on it for ever. In fragments, every event arrives.
    void aWatchCatchesUpOverBigValues()
    {
        if (!m_haveEtcd)
            QSKIP("etcd is not installed (make test installs etcd-server etcd-client)");
        EtcdClient client({{m_etcd.endpoints()}});
        const QByteArray megabyte(1000 * 1000, 'w');
        qint64 first = 0;
        for (int i = 0; i < 5; ++i) {
            const EtcdReply put = callOnce(client, QStringLiteral("/v3/kv/put"),
                                           LabTxn::put("big/" + QByteArray::number(i), megabyte, 0).value(QStringLiteral("request_put")).toObject());
            QVERIFY2(put.ok, qPrintable(put.error));
            if (i == 0)
                first = LabTxn::revision(put.body);
        }
        EtcdWatch *watch = client.watch({{QStringLiteral("key"), EtcdClient::base64("big/")},
                                         {QStringLiteral("range_end"), EtcdClient::base64(EtcdClient::prefixEnd("big/"))},
                                         {QStringLiteral("start_revision"), QString::number(first)}},
                                        this);
        QSignalSpy events(watch, &EtcdWatch::events);
        QSignalSpy closed(watch, &EtcdWatch::closed);
        int delivered = 0;
        QTRY_VERIFY_WITH_TIMEOUT((delivered = [&] {
                                     int n = 0;
                                     for (const QList<QVariant> &signal : std::as_const(events))
                                         n += int(signal.first().toJsonArray().size());
                                     return n;
                                 }()) == 5 || !closed.isEmpty(),
                                 20000);
        QVERIFY2(closed.isEmpty(), qPrintable(closed.isEmpty() ? QString() : closed.first().first().toString()));
        QCOMPARE(delivered, 5);
        QCOMPARE(watch->revision(), first + 4);
    }
};

QTEST_GUILESS_MAIN(TestEtcdClient)
#include "tst_etcdclient.moc"
