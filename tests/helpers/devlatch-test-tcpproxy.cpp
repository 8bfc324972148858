// SPDX-License-Identifier: MIT
// A TCP proxy a test controls through stdin, to cut a client off its etcd without root:
//   devlatch-test-tcpproxy TARGET_PORT      prints "ready PORT" (the port to connect to)
//   stdin "cut"      closes every connection and drops new ones, as a dead link would
//   stdin "restore"  forwards again
//   stdin "target PORT"  new connections go to PORT (another etcd) from now on
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdio>
#include <unistd.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return 2;
    quint16 target = quint16(QByteArray(argv[1]).toUInt());
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 3;
    bool cut = false;
    QList<QTcpSocket *> open;
    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        while (QTcpSocket *client = server.nextPendingConnection()) {
            if (cut) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto *upstream = new QTcpSocket(client);
            open << client;
            QObject::connect(client, &QTcpSocket::readyRead, upstream, [=] { upstream->write(client->readAll()); });
            QObject::connect(upstream, &QTcpSocket::connected, upstream, [=] { upstream->write(client->readAll()); });
            QObject::connect(upstream, &QTcpSocket::readyRead, client, [=] { client->write(upstream->readAll()); });
            const auto close = [&open, client] {
                open.removeAll(client);
                client->disconnectFromHost();
                client->deleteLater();
            };
            QObject::connect(upstream, &QTcpSocket::disconnected, client, close);
            QObject::connect(upstream, &QTcpSocket::errorOccurred, client, close);
            QObject::connect(client, &QTcpSocket::disconnected, upstream, [=] { upstream->disconnectFromHost(); });
            upstream->connectToHost(QHostAddress::LocalHost, target);
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
            cut = true;
            for (QTcpSocket *client : std::as_const(open)) {
                client->abort();
                client->deleteLater();
            }
            open.clear();
        } else if (command == "restore") {
            cut = false;
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
