// SPDX-License-Identifier: MIT
// The lab scope over TLS with etcd's users and roles (resources/lab/devlatch-lab-rbac):
// certificates made with openssl, three users (alice, bob, the admin), each with its own
// devlatch.conf. A user cannot delete or overwrite another's entries; the admin can steal,
// and the audit record appears; a wrong password or an unknown CA is a clear error.

#include "EtcdFixture.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTcpServer>
#include <QUrl>

#include <csignal>

using namespace devlatch::test;

class TestDevlatchctlLabTls final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    EtcdCluster m_etcd;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    static bool write(const QString &file, const QByteArray &content)
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
    }
    // A devlatch.conf for `user` in its own XDG_CONFIG_HOME; returns that directory. The TTL is
    // long: nothing here is about expiry, and a slow machine (ASan, a CPU hog) must not let a
    // live holder's claim lapse between two keepalives.
    QString configFor(const QString &user, const QString &password, const QString &ca, int ttl = 20)
    {
        const QString home = path(QStringLiteral("home-") + user);
        QDir().mkpath(home + QStringLiteral("/devlatch"));
        write(home + QStringLiteral("/password"), password.toUtf8() + '\n');
        write(home + QStringLiteral("/devlatch/devlatch.conf"),
              QStringLiteral("[lab]\nendpoints=%1\nca=%2\nuser=%3\npassword-file=%4/password\nttl=%5\n")
                  .arg(m_etcd.endpoints(), ca, user, home, QString::number(ttl))
                  .toUtf8());
        return home;
    }
    Finished as(const QString &home, const QStringList &arguments)
    {
        qputenv("XDG_CONFIG_HOME", home.toUtf8());
        return run(TestPaths::ctl(), arguments);
    }
    static QStringList lab(const QStringList &arguments) { return QStringList{QStringLiteral("--scope"), QStringLiteral("lab")} + arguments; }

private Q_SLOTS:
    void initTestCase()
    {
        if (EtcdCluster::program().isEmpty() || QStandardPaths::findExecutable(QStringLiteral("etcdctl")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("etcd, etcdctl or openssl is not installed (make test installs etcd-server etcd-client openssl)");
        // Valid 2000-2099: etcd and etcdctl keep the real clock when the test runs under faketime.
        const Finished certificates = run(TestPaths::sourceDir(QStringLiteral("/tests/helpers/make-test-certificates.sh")), {m_dir.path()});
        for (const char *user : {"root", "admin", "alice", "bob"})
            QVERIFY(write(path(QStringLiteral("%1.pw").arg(QLatin1String(user))), QByteArray(user) + "-secret\n"));
        QVERIFY2(certificates.exitCode == 0, certificates.err);
        QString error;
        // Tokens expire 2 s after their last use, so every case meets expired ones.
        QVERIFY2(m_etcd.start(1, error, {path(QStringLiteral("ca.pem")), path(QStringLiteral("server.pem")), path(QStringLiteral("server.key"))},
                              {QStringLiteral("--auth-token-ttl"), QStringLiteral("2")}),
                 qPrintable(error));
        qputenv("ETCDCTL_ENDPOINTS", m_etcd.endpoints().toUtf8());
        qputenv("ETCDCTL_CACERT", path(QStringLiteral("ca.pem")).toUtf8());
        const Finished rbac = grantLabRoles(m_dir.path());
        QVERIFY2(rbac.exitCode == 0, rbac.err);
        qunsetenv("DEVLATCH_LAB_ENDPOINTS");
        qunsetenv("DEVLATCH_LAB_TTL");
    }

    void usersExcludeAndCannotTouchEachOthersEntries()
    {
        const QString ca = path(QStringLiteral("ca.pem"));
        const QString alice = configFor(QStringLiteral("alice"), QStringLiteral("alice-secret"), ca);
        const QString bob = configFor(QStringLiteral("bob"), QStringLiteral("bob-secret"), ca);
        const QString admin = configFor(QStringLiteral("admin"), QStringLiteral("admin-secret"), ca);
        qputenv("XDG_CONFIG_HOME", alice.toUtf8());
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("scope-1"), QStringLiteral("--hold")})));
        QVERIFY2(!holder.waitForLine("holding").isEmpty(), holder.stderrSoFar());

        const Finished busy = as(bob, lab({QStringLiteral("claim"), QStringLiteral("scope-1"), QStringLiteral("--"), QStringLiteral("true")}));
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains("alice@"), busy.err);
        // bob's steal is refused by etcd (he may write only his own range) and changes nothing.
        const Finished steal = as(bob, {QStringLiteral("lab"), QStringLiteral("steal"), QStringLiteral("scope-1"), QStringLiteral("--reason"), QStringLiteral("mine now")});
        QCOMPARE(steal.exitCode, 3);
        QVERIFY2(steal.err.contains("permission denied") && steal.err.contains("you are not a lab admin"), steal.err);
        // Nor can he overwrite alice's entry by hand, with his own token.
        // Tokens last 2 s after their last use here: one fresh for each request.
        const auto bobsToken = [&] {
            return etcdRequest(m_etcd.endpoints() + QStringLiteral("/v3/auth/authenticate"), R"({"name":"bob","password":"bob-secret"})", ca)
                .value(QStringLiteral("token"))
                .toString()
                .toUtf8();
        };
        QVERIFY(!bobsToken().isEmpty());
        const QJsonObject who = deviceJson(as(bob, lab({QStringLiteral("who"), QStringLiteral("scope-1"), QStringLiteral("--json")})).out);
        const QByteArray aliceKey = who.value(QStringLiteral("holder")).toObject().value(QStringLiteral("key")).toString().toUtf8();
        QVERIFY(aliceKey.contains("/q/alice/"));
        const QJsonObject overwrite = etcdRequest(m_etcd.endpoints() + QStringLiteral("/v3/kv/put"),
                                                  "{\"key\":\"" + aliceKey.toBase64() + "\",\"value\":\"eA==\"}", ca, 3000,
                                                  bobsToken());
        QVERIFY2(overwrite.value(QStringLiteral("message")).toString().contains(QStringLiteral("permission denied")),
                 QJsonDocument(overwrite).toJson());
        QCOMPARE(as(bob, lab({QStringLiteral("status"), QStringLiteral("scope-1")})).exitCode, 1);

        // In his own range he may write a record that says it is alice's: it shows as his, the
        // claim flagged. Without a lease it would never expire: it is no claim at all.
        const QJsonObject lease = etcdRequest(m_etcd.endpoints() + QStringLiteral("/v3/lease/grant"), R"({"TTL":"60"})", ca, 3000, bobsToken());
        const qint64 leaseId = lease.value(QStringLiteral("ID")).toString().toLongLong();
        QVERIFY2(leaseId != 0, QJsonDocument(lease).toJson());
        const QByteArray forged = R"({"schema":1,"device":"scope-forged","user":"alice","host":"alice-laptop","pid":1,"program":"flash.py"})";
        const QByteArray forgedKey = "/devlatch/lab/v2/q/bob/scope-forged/" + QByteArray::number(quint64(leaseId), 16);
        const QJsonObject put = etcdRequest(m_etcd.endpoints() + QStringLiteral("/v3/kv/put"),
                                            "{\"key\":\"" + forgedKey.toBase64() + "\",\"value\":\"" + forged.toBase64()
                                                + "\",\"lease\":\"" + QByteArray::number(leaseId) + "\"}",
                                            ca, 3000, bobsToken());
        QVERIFY2(put.contains(QStringLiteral("header")), QJsonDocument(put).toJson());
        const Finished forgedStatus = as(alice, lab({QStringLiteral("status"), QStringLiteral("scope-forged")}));
        QVERIFY2(forgedStatus.out.contains("held by bob@alice-laptop") && forgedStatus.out.contains("[its record claims user alice]"),
                 forgedStatus.out + forgedStatus.err);
        const QByteArray eternalKey = "/devlatch/lab/v2/q/bob/scope-eternal/1";
        etcdRequest(m_etcd.endpoints() + QStringLiteral("/v3/kv/put"),
                    "{\"key\":\"" + eternalKey.toBase64() + "\",\"value\":\"" + forged.toBase64() + "\"}", ca, 3000, bobsToken());
        const Finished eternal = as(alice, lab({QStringLiteral("status"), QStringLiteral("scope-eternal")}));
        QVERIFY2(eternal.exitCode == 0 && eternal.out.contains("ignored an entry of bob without its own lease"), eternal.out + eternal.err);

        // The admin can, and it is audited; alice is told.
        const Finished taken = as(admin, {QStringLiteral("lab"), QStringLiteral("steal"), QStringLiteral("scope-1"), QStringLiteral("--reason"), QStringLiteral("end of shift")});
        QVERIFY2(taken.exitCode == 0, taken.err);
        QVERIFY2(holder.waitForStderr("taken away by admin@"), holder.stderrSoFar());
        const int holderExit = holder.waitForExit();
        QVERIFY2(holderExit == 3, holder.stderrSoFar());
        const Finished audit = as(admin, {QStringLiteral("lab"), QStringLiteral("audit")});
        QVERIFY2(audit.out.contains("admin@") && audit.out.contains("steal scope-1: end of shift (from alice@"), audit.out);
        const Finished after = as(bob, lab({QStringLiteral("claim"), QStringLiteral("scope-1"), QStringLiteral("--"), QStringLiteral("true")}));
        QVERIFY2(after.exitCode == 0, after.err);
    }

    void wrongPasswordOrUnknownCaIsAClearError()
    {
        const QString mallory = configFor(QStringLiteral("bob"), QStringLiteral("wrong"), path(QStringLiteral("ca.pem")));
        const Finished denied = as(mallory, lab({QStringLiteral("status"), QStringLiteral("scope-1")}));
        QCOMPARE(denied.exitCode, 3);
        QVERIFY2(denied.err.contains("cannot log in") && !denied.out.contains("free"), denied.out + denied.err);
        const QString stranger = configFor(QStringLiteral("alice"), QStringLiteral("alice-secret"), path(QStringLiteral("other.pem")));
        const Finished untrusted = as(stranger, lab({QStringLiteral("status"), QStringLiteral("scope-1")}));
        QCOMPARE(untrusted.exitCode, 3);
        QVERIFY2(!untrusted.out.contains("free") && untrusted.err.contains(m_etcd.endpoints().toUtf8()), untrusted.out + untrusted.err);
        const QString noFile = configFor(QStringLiteral("alice"), QStringLiteral("x"), path(QStringLiteral("missing.pem")));
        const Finished missing = as(noFile, lab({QStringLiteral("status"), QStringLiteral("scope-1")}));
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("missing.pem"), missing.err);
    }

    // A waiter's watch that breaks after its token expired must log in again, not retry with
    // the dead token until some other request happens to log in (its next keepalive, a third
    // of the TTL later: 20 s here).
    void aWaiterWatchesOnAfterItsTokenExpired()
    {
        const QString ca = path(QStringLiteral("ca.pem"));
        const QString alice = configFor(QStringLiteral("alice"), QStringLiteral("alice-secret"), ca, 60);
        const QString bob = configFor(QStringLiteral("bob"), QStringLiteral("bob-secret"), ca, 60);
        qputenv("XDG_CONFIG_HOME", alice.toUtf8());
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("scope-token"), QStringLiteral("--hold")})));
        QVERIFY2(!holder.waitForLine("holding").isEmpty(), holder.stderrSoFar());
        Helper proxy;
        QVERIFY(proxy.start(TestPaths::tcpProxy(), {QString::number(QUrl(m_etcd.endpoints()).port())}));
        const QByteArray ready = proxy.waitForLine("ready");
        QVERIFY(!ready.isEmpty());
        qputenv("XDG_CONFIG_HOME", bob.toUtf8());
        qputenv("DEVLATCH_LAB_ENDPOINTS", (QStringLiteral("https://127.0.0.1:") + QString::fromLatin1(ready.mid(6)) + u',' + m_etcd.endpoints()).toUtf8());
        Helper waiter;
        QVERIFY(waiter.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("scope-token"), QStringLiteral("--wait"),
                                                    QStringLiteral("--hold")})));
        qunsetenv("DEVLATCH_LAB_ENDPOINTS");
        QVERIFY2(waiter.waitForStderr("waiting for scope-token"), waiter.stderrSoFar());
        QTest::qWait(3500); // bob's token expires (2 s after its last use); no event tells when
        proxy.write("cut\n"); // his watch breaks and moves to the direct endpoint
        QVERIFY(!proxy.waitForLine("cut").isEmpty());
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
        QVERIFY2(!waiter.waitForLine("holding", 15000).isEmpty(), waiter.stderrSoFar());
        waiter.signal(SIGTERM);
        QCOMPARE(waiter.waitForExit(), 0);
    }

    // The documented lab setup: etcd with --client-cert-auth, so a client needs a certificate
    // of the lab's CA before it may send anything. etcd 3.4 lets any TLS client keep any
    // lease alive by its id, password or not: without a certificate, neither that nor a read.
    void withClientCertificatesAStrangerCanNeitherReadNorKeepAlive()
    {
        const QString ca = path(QStringLiteral("ca.pem"));
        EtcdCluster cluster;
        QString error;
        QVERIFY2(cluster.start(1, error,
                               {ca, path(QStringLiteral("server.pem")), path(QStringLiteral("server.key")), path(QStringLiteral("client.pem")),
                                path(QStringLiteral("client.key"))}),
                 qPrintable(error));
        qputenv("ETCDCTL_ENDPOINTS", cluster.endpoints().toUtf8());
        qputenv("ETCDCTL_CERT", path(QStringLiteral("client.pem")).toUtf8());
        qputenv("ETCDCTL_KEY", path(QStringLiteral("client.key")).toUtf8());
        const Finished rbac = run(TestPaths::sourceDir(QStringLiteral("/resources/lab/devlatch-lab-rbac")),
                                  {QStringLiteral("/devlatch/lab/v2/"), path(QStringLiteral("root.pw")), QStringLiteral("admin"),
                                   path(QStringLiteral("admin.pw")), QStringLiteral("alice"), path(QStringLiteral("alice.pw"))});
        qputenv("ETCDCTL_ENDPOINTS", m_etcd.endpoints().toUtf8());
        qunsetenv("ETCDCTL_CERT");
        qunsetenv("ETCDCTL_KEY");
        QVERIFY2(rbac.exitCode == 0, rbac.err);

        // alice with the lab's client certificate and her password: claims as ever.
        const QString alice = configFor(QStringLiteral("alice"), QStringLiteral("alice-secret"), ca);
        {
            QFile conf(alice + QStringLiteral("/devlatch/devlatch.conf"));
            QVERIFY(conf.open(QIODevice::Append));
            conf.write(QStringLiteral("cert=%1\nkey=%2\n").arg(path(QStringLiteral("client.pem")), path(QStringLiteral("client.key"))).toUtf8());
        }
        qputenv("DEVLATCH_LAB_ENDPOINTS", cluster.endpoints().toUtf8());
        qputenv("XDG_CONFIG_HOME", alice.toUtf8());
        Helper holder;
        QVERIFY(holder.start(TestPaths::ctl(), lab({QStringLiteral("claim"), QStringLiteral("scope-cert"), QStringLiteral("--hold")})));
        QVERIFY2(!holder.waitForLine("holding").isEmpty(), holder.stderrSoFar());
        const QJsonObject who = deviceJson(as(alice, lab({QStringLiteral("who"), QStringLiteral("scope-cert"), QStringLiteral("--json")})).out);
        const QByteArray key = who.value(QStringLiteral("holder")).toObject().value(QStringLiteral("key")).toString().toUtf8();
        bool ok = false;
        const qint64 lease = qint64(key.mid(key.lastIndexOf('/') + 1).toULongLong(&ok, 16));
        QVERIFY2(ok && lease != 0, key);

        // Her password without the certificate: no connection at all.
        const QString noCertificate = configFor(QStringLiteral("alice"), QStringLiteral("alice-secret"), ca);
        const Finished refused = as(noCertificate, lab({QStringLiteral("status"), QStringLiteral("scope-cert")}));
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(!refused.out.contains("free") && refused.err.contains(cluster.endpoints().toUtf8()), refused.out + refused.err);
        // A stranger who knows the lease id: no keepalive, no read.
        const QJsonObject keepAlive = etcdRequest(cluster.endpoints() + QStringLiteral("/v3/lease/keepalive"),
                                                  "{\"ID\":\"" + QByteArray::number(lease) + "\"}", ca);
        QVERIFY2(keepAlive.isEmpty(), QJsonDocument(keepAlive).toJson());
        const QJsonObject read = etcdRequest(cluster.endpoints() + QStringLiteral("/v3/kv/range"),
                                             "{\"key\":\"" + QByteArray("/devlatch/lab/v2/").toBase64() + "\",\"range_end\":\""
                                                 + QByteArray("/devlatch/lab/v20").toBase64() + "\"}",
                                             ca);
        QVERIFY2(read.isEmpty(), QJsonDocument(read).toJson());
        // With the certificate, the same keepalive is answered (so the refusal above is the
        // certificate's doing, not a wrong request).
        const QJsonObject answered = etcdRequest(cluster.endpoints() + QStringLiteral("/v3/lease/keepalive"),
                                                 "{\"ID\":\"" + QByteArray::number(lease) + "\"}", ca, 3000, {},
                                                 path(QStringLiteral("client.pem")), path(QStringLiteral("client.key")));
        QVERIFY2(!answered.isEmpty(), "no answer with the certificate either");
        qunsetenv("DEVLATCH_LAB_ENDPOINTS");
        holder.signal(SIGTERM);
        QCOMPARE(holder.waitForExit(), 0);
    }

    // A plain http:// member next to the https:// one, with a password: refused before anything
    // is sent, so the password never goes out in clear (not even when the https:// one is down).
    void plainHttpBesideAPasswordIsRefused()
    {
        QTcpServer listener; // an http endpoint that would take the password, if one were sent
        QVERIFY(listener.listen(QHostAddress::LocalHost));
        const QString home = configFor(QStringLiteral("alice"), QStringLiteral("alice-secret"), path(QStringLiteral("ca.pem")));
        qputenv("DEVLATCH_LAB_ENDPOINTS", QStringLiteral("https://127.0.0.1:1,http://127.0.0.1:%1").arg(listener.serverPort()).toUtf8());
        const Finished refused = as(home, lab({QStringLiteral("status"), QStringLiteral("scope-1")}));
        qunsetenv("DEVLATCH_LAB_ENDPOINTS");
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("is plain http:// but user= is set") && !refused.out.contains("free"), refused.out + refused.err);
        QVERIFY2(!listener.hasPendingConnections() && !listener.waitForNewConnection(0), "devlatchctl connected to the http:// endpoint");
    }
};

QTEST_GUILESS_MAIN(TestDevlatchctlLabTls)
#include "tst_devlatchctl_lab_tls.moc"
