// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace devlatch::tray {

// SIGTERM, SIGINT and SIGHUP quit the event loop cleanly (so claims are released and
// settings written) instead of killing the process mid-write (QuitOnSignal_<os>.cpp).
class QuitOnSignal final : public QObject {
    Q_OBJECT

public:
    explicit QuitOnSignal(QObject *parent = nullptr);

Q_SIGNALS:
    void quitRequested(int signal);
};

} // namespace devlatch::tray
