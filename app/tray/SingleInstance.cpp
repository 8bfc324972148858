// SPDX-License-Identifier: MIT
#include "SingleInstance.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

namespace devlatch::tray {

namespace {
QString defaultName()
{
    const QString overridden = qEnvironmentVariable("DEVLATCH_INSTANCE_NAME");
    if (!overridden.isEmpty())
        return overridden;
    return QStringLiteral("devlatch-tray-%1").arg(SingleInstance::userKey());
}
} // namespace

SingleInstance::SingleInstance(QObject *parent) : QObject(parent), m_name(defaultName()) {}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::becomePrimary()
{
    // Two launches at the same instant must not both decide they are first.
    QLockFile guard(QDir::temp().filePath(m_name + QStringLiteral(".startup-lock")));
    guard.lock();
    if (sendToPrimary(QByteArrayLiteral("ping"), 1000))
        return false;
    QLocalServer::removeServer(m_name); // a stale socket of a crashed instance
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name))
        return false;
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                while (socket->canReadLine()) {
                    const QByteArray message = socket->readLine().trimmed();
                    QByteArray reply = answer ? answer(message) : QByteArray();
                    if (reply.isEmpty())
                        reply = "ok";
                    socket->write(reply.replace('\n', ' ') + '\n');
                    socket->flush();
                    if (message != "ping")
                        Q_EMIT messageReceived(message);
                }
            });
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return true;
}

bool SingleInstance::sendToPrimary(const QByteArray &message, int timeoutMs) const
{
    return !request(message, timeoutMs).isEmpty();
}

QByteArray SingleInstance::request(const QByteArray &message, int timeoutMs) const
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(message + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return {};
    while (!socket.canReadLine())
        if (!socket.waitForReadyRead(timeoutMs))
            return {};
    return socket.readLine().trimmed();
}

} // namespace devlatch::tray
