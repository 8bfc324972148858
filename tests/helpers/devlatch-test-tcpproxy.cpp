// SPDX-License-Identifier: MIT
// A TCP proxy a test controls through stdin, to cut a client off its etcd without root:
//   devlatch-test-tcpproxy TARGET_PORT      prints "ready PORT" (the port to connect to)
//   stdin "cut"        resets every connection and drops new ones (a peer that sends RST)
//   stdin "blackhole"  keeps every connection open and forwards nothing either way, new ones
//                      too (a powered-off host, a partition without RST: only timeouts tell)
//   stdin "restore"    forwards again; a blackholed connection delivers what it held back
//   stdin "target PORT"  new connections go to PORT (another etcd) from now on
// Each command is echoed on stdout once it has taken effect.
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdio>
#include <unistd.h>

namespace {

enum class Link { Forwarding, Cut, Blackholed };

// One client connection and its upstream; bytes wait in the sockets while blackholed.
struct Pair {
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    void pump() const
    {
        if (upstream->state() == QAbstractSocket::ConnectedState)
            upstream->write(client->readAll());
        client->write(upstream->readAll());
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return 2;
    quint16 target = quint16(QByteArray(argv[1]).toUInt());
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 3;
    Link link = Link::Forwarding;
    QList<Pair> open;
    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        while (QTcpSocket *client = server.nextPendingConnection()) {
            if (link == Link::Cut) {
                client->abort();
                client->deleteLater();
                continue;
            }
            const Pair pair{client, new QTcpSocket(client)};
            open << pair;
            const auto pump = [&link, pair] {
                if (link == Link::Forwarding)
                    pair.pump();
            };
            QObject::connect(client, &QTcpSocket::readyRead, pair.upstream, pump);
            QObject::connect(pair.upstream, &QTcpSocket::connected, pair.upstream, pump);
            QObject::connect(pair.upstream, &QTcpSocket::readyRead, client, pump);
            const auto close = [&open, client] {
                open.removeIf([client](const Pair &p) { return p.client == client; });
                client->disconnectFromHost();
                client->deleteLater();
            };
            QObject::connect(pair.upstream, &QTcpSocket::disconnected, client, close);
            QObject::connect(pair.upstream, &QTcpSocket::errorOccurred, client, close);
            QObject::connect(client, &QTcpSocket::disconnected, pair.upstream, [upstream = pair.upstream] { upstream->disconnectFromHost(); });
            pair.upstream->connectToHost(QHostAddress::LocalHost, target);
        }
    });
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, [&] {
        char line[64] = {};
        const ssize_t n = ::read(STDIN_FILENO, line, sizeof line - 1);
        if (n <= 0) {
            app.quit();
            return;
        }
        const QByteArray command = QByteArray(line, int(n)).trimmed();
        if (command == "cut") {
            link = Link::Cut;
            const QList<Pair> closing = std::exchange(open, {});
            for (const Pair &pair : closing) {
                pair.client->abort();
                pair.client->deleteLater();
            }
        } else if (command == "blackhole") {
            link = Link::Blackholed;
        } else if (command == "restore") {
            link = Link::Forwarding;
            for (const Pair &pair : std::as_const(open))
                pair.pump();
        } else if (command.startsWith("target ")) {
            target = quint16(command.mid(7).toUInt());
        }
        std::printf("%s\n", command.constData());
        std::fflush(stdout);
    });
    std::printf("ready %u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
