// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <functional>

class QLocalServer;

namespace devlatch::tray {

// One tray per user session: the first instance listens on a local socket; a later launch
// hands its request ("show") to it and exits. DEVLATCH_INSTANCE_NAME overrides the name (tests).
class SingleInstance final : public QObject {
    Q_OBJECT

public:
    explicit SingleInstance(QObject *parent = nullptr);
    ~SingleInstance() override;

    // True when this process is now the primary instance.
    bool becomePrimary();
    // Sends a message to the running primary; false when none answers.
    bool sendToPrimary(const QByteArray &message, int timeoutMs = 3000) const;
    // Sends a message and returns the primary's one-line answer; empty when none answers.
    QByteArray request(const QByteArray &message, int timeoutMs = 3000) const;
    // How the primary answers a message; unset or empty answer: "ok".
    std::function<QByteArray(const QByteArray &message)> answer;
    QString name() const { return m_name; }
    // Tells this user's sessions apart from other users' (SingleInstance_<os>.cpp).
    static QString userKey();

Q_SIGNALS:
    void messageReceived(const QByteArray &message);

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace devlatch::tray
