// SPDX-License-Identifier: MIT
#pragma once

// Real etcd for the lab tests: members on free loopback ports with data in a temporary
// directory, always stopped (SIGTERM, then SIGKILL: a member that lost its peers can hang on
// SIGTERM). Skips the test with a clear message when etcd is not installed (make test
// installs etcd-server etcd-client).

#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>
#include <memory>
#include <vector>

namespace devlatch::test {

inline quint16 freeLoopbackPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// One blocking POST (or GET with an empty body) to a member; the JSON answer, or an empty
// object when it does not answer in time.
inline QJsonObject etcdRequest(const QString &url, const QByteArray &body, const QString &caFile = {}, int timeoutMs = 3000,
                               const QByteArray &token = {}, const QString &certFile = {}, const QString &keyFile = {})
{
    const QUrl u(url);
    std::unique_ptr<QTcpSocket> socket;
    if (u.scheme() == u"https") {
        auto *ssl = new QSslSocket;
        QSslConfiguration config = ssl->sslConfiguration();
        config.setCaCertificates(QSslCertificate::fromPath(caFile));
        if (!certFile.isEmpty()) {
            QFile key(keyFile);
            if (key.open(QIODevice::ReadOnly))
                config.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
            config.setLocalCertificateChain(QSslCertificate::fromPath(certFile));
        }
        ssl->setSslConfiguration(config);
        ssl->connectToHostEncrypted(u.host(), quint16(u.port()));
        socket.reset(ssl);
        if (!ssl->waitForEncrypted(timeoutMs))
            return {};
    } else {
        socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(u.host(), quint16(u.port()));
        if (!socket->waitForConnected(timeoutMs))
            return {};
    }
    QByteArray request = (body.isNull() ? "GET " : "POST ") + u.path().toLatin1() + " HTTP/1.0\r\nHost: " + u.host().toLatin1()
                         + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (!token.isEmpty())
        request += "Authorization: " + token + "\r\n";
    socket->write(request + "\r\n" + body);
    QByteArray answer;
    QDeadlineTimer deadline(timeoutMs);
    while (socket->state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
        if (socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            answer += socket->readAll();
    answer += socket->readAll();
    return QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
}

class EtcdCluster final {
public:
    struct Tls {
        QString caFile, certFile, keyFile;
        // --client-cert-auth: every client shows a certificate of caFile's CA; the fixture's
        // own requests use this one.
        QString clientCertFile, clientKeyFile;
    };

    static QString program() { return QStandardPaths::findExecutable(QStringLiteral("etcd")); }

    // Starts `members` members and waits until each is healthy; false (and `error`) if not.
    // The ports are free when chosen, but another test running beside this one may take one
    // before etcd binds it: a cluster that does not come up is started anew on other ports.
    bool start(int members, QString &error, const Tls &tls = {}, const QStringList &extraArguments = {})
    {
        QStringList failures;
        for (int attempt = 1; attempt <= 3; ++attempt) {
            if (startOnce(members, error, tls, extraArguments, attempt))
                return true;
            failures << QStringLiteral("attempt %1: %2").arg(attempt).arg(error);
            for (int i = 0; i < int(m_members.size()); ++i)
                stop(i);
            m_members.clear();
        }
        error = failures.join(QStringLiteral("\n"));
        return false;
    }

private:
    bool startOnce(int members, QString &error, const Tls &tls, const QStringList &extraArguments, int attempt)
    {
        m_tls = tls;
        const QString scheme = tls.certFile.isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
        QStringList cluster;
        // All ports chosen while each is still bound, so no two are the same.
        std::vector<std::unique_ptr<QTcpServer>> held;
        const auto port = [&held] {
            held.push_back(std::make_unique<QTcpServer>());
            held.back()->listen(QHostAddress::LocalHost, 0);
            return held.back()->serverPort();
        };
        for (int i = 0; i < members; ++i) {
            Member member;
            member.name = QStringLiteral("m%1-%2").arg(i).arg(attempt);
            member.clientUrl = QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(port());
            member.peerUrl = QStringLiteral("http://127.0.0.1:%1").arg(port());
            cluster << member.name + u'=' + member.peerUrl;
            m_members.push_back(std::move(member));
        }
        held.clear();
        for (Member &member : m_members) {
            QStringList arguments = {QStringLiteral("--name"), member.name,
                                     QStringLiteral("--data-dir"), m_dir.path() + u'/' + member.name,
                                     QStringLiteral("--log-level"), QStringLiteral("error"),
                                     QStringLiteral("--listen-client-urls"), member.clientUrl,
                                     QStringLiteral("--advertise-client-urls"), member.clientUrl,
                                     QStringLiteral("--listen-peer-urls"), member.peerUrl,
                                     QStringLiteral("--initial-advertise-peer-urls"), member.peerUrl,
                                     QStringLiteral("--initial-cluster"), cluster.join(u','),
                                     QStringLiteral("--initial-cluster-state"), QStringLiteral("new")};
            // Server TLS only: with --trusted-ca-file etcd asks every client for a certificate.
            if (!tls.certFile.isEmpty())
                arguments << QStringLiteral("--cert-file") << tls.certFile << QStringLiteral("--key-file") << tls.keyFile;
            if (!tls.clientCertFile.isEmpty())
                arguments << QStringLiteral("--client-cert-auth") << QStringLiteral("--trusted-ca-file") << tls.caFile;
            arguments << extraArguments;
            member.process = std::make_unique<QProcess>();
            // A test that crashes or is killed by CTest's timeout takes its etcd with it.
            member.process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
            member.process->setStandardOutputFile(m_dir.path() + u'/' + member.name + QStringLiteral(".log"));
            member.process->setStandardErrorFile(m_dir.path() + u'/' + member.name + QStringLiteral(".log"));
            member.process->start(program(), arguments);
            if (!member.process->waitForStarted(10000)) {
                error = QStringLiteral("etcd did not start: ") + member.process->errorString();
                return false;
            }
        }
        QElapsedTimer started;
        started.start();
        for (int i = 0; i < int(m_members.size()); ++i) {
            if (!waitHealthy(i, 20000)) {
                const Member &member = m_members[size_t(i)];
                QFile log(m_dir.path() + u'/' + member.name + QStringLiteral(".log"));
                const QByteArray tail = log.open(QIODevice::ReadOnly) ? log.readAll().right(600) : QByteArray();
                error = QStringLiteral("etcd member %1 (%2) %3; its log ends: %4")
                            .arg(i)
                            .arg(member.clientUrl,
                                 running(i) ? QStringLiteral("was not healthy within 20 s") : QStringLiteral("exited"),
                                 QString::fromUtf8(tail));
                return false;
            }
        }
        m_startMs = started.elapsed();
        return true;
    }

public:
    ~EtcdCluster()
    {
        for (int i = 0; i < int(m_members.size()); ++i)
            stop(i);
    }

    qint64 startMs() const { return m_startMs; }
    int size() const { return int(m_members.size()); }
    QString clientUrl(int i) const { return m_members[size_t(i)].clientUrl; }
    QString endpoints() const
    {
        QStringList urls;
        for (const Member &member : m_members)
            urls << member.clientUrl;
        return urls.join(u',');
    }
    bool waitHealthy(int i, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            if (status(i).contains(QStringLiteral("leader")) && status(i).value(QStringLiteral("leader")).toString() != u"0")
                return true;
            if (m_members[size_t(i)].process->state() == QProcess::NotRunning)
                return false;
            QThread::msleep(50);
        }
        return false;
    }
    // POST /v3/maintenance/status on member i.
    QJsonObject status(int i)
    {
        return etcdRequest(clientUrl(i) + QStringLiteral("/v3/maintenance/status"), "{}", m_tls.caFile, 1000, {}, m_tls.clientCertFile,
                           m_tls.clientKeyFile);
    }
    // The member that leads, by index; -1 when none answers as leader.
    int leader()
    {
        for (int i = 0; i < size(); ++i) {
            if (!running(i))
                continue;
            const QJsonObject s = status(i);
            if (!s.isEmpty() && s.value(QStringLiteral("leader")).toString()
                                    == s.value(QStringLiteral("header")).toObject().value(QStringLiteral("member_id")).toString())
                return i;
        }
        return -1;
    }
    bool running(int i) const { return m_members[size_t(i)].process && m_members[size_t(i)].process->state() != QProcess::NotRunning; }
    void signal(int i, int sig) { ::kill(pid_t(m_members[size_t(i)].process->processId()), sig); }
    void kill(int i)
    {
        if (!running(i))
            return;
        m_members[size_t(i)].process->kill();
        m_members[size_t(i)].process->waitForFinished(5000);
    }
    void stop(int i)
    {
        QProcess *process = m_members[size_t(i)].process.get();
        if (!process || process->state() == QProcess::NotRunning)
            return;
        signal(i, SIGCONT);
        process->terminate();
        if (!process->waitForFinished(3000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }

private:
    struct Member {
        QString name, clientUrl, peerUrl;
        std::unique_ptr<QProcess> process;
    };
    QTemporaryDir m_dir;
    std::vector<Member> m_members;
    Tls m_tls;
    qint64 m_startMs = 0;
};

// In a test's initTestCase: a single-node cluster in `cluster`, or the test case skipped with
// a message when etcd is not installed (a macro: QSKIP and QVERIFY2 return from the caller).
#define DEVLATCH_START_SINGLE_ETCD(cluster)                                                        \
    do {                                                                                          \
        if (devlatch::test::EtcdCluster::program().isEmpty())                                     \
            QSKIP("etcd is not installed (make test installs etcd-server etcd-client)");          \
        QString etcdError;                                                                        \
        QVERIFY2((cluster).start(1, etcdError), qPrintable(etcdError));                           \
    } while (false)

// The TLS lab tests' users and roles: devlatch-lab-rbac (as a lab admin runs it) for the
// admin, alice and bob, whose passwords are in DIR/<user>.pw, over ETCDCTL_ENDPOINTS.
inline Finished grantLabRoles(const QString &dir)
{
    const auto password = [&dir](const char *user) { return dir + QStringLiteral("/%1.pw").arg(QLatin1String(user)); };
    return run(TestPaths::sourceDir(QStringLiteral("/resources/lab/devlatch-lab-rbac")),
               {QStringLiteral("/devlatch/lab/v2/"), password("root"), QStringLiteral("admin"), password("admin"),
                QStringLiteral("alice"), password("alice"), QStringLiteral("bob"), password("bob")});
}

} // namespace devlatch::test
