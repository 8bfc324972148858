// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;

namespace devlatch::tray {

class TrayController;

// Under the Devices window's table: the selected device's whole state sentence, its nodes and
// lock, and its history — the last claims this tray saw: who, when, how long.
class DeviceDetails final : public QWidget {
    Q_OBJECT

public:
    DeviceDetails(TrayController &controller, QWidget *parent = nullptr);
    void show(const QString &deviceId);
    void refresh() { show(m_device); }
    QListWidget *historyList() const { return m_history; }

    // "10:15–10:32 (17 min)  lab1 · flash.py (pid 4242)"
    static QString durationText(qint64 seconds);

private:
    TrayController &m_controller;
    QString m_device;
    QLabel *m_summary;
    QListWidget *m_history;
};

} // namespace devlatch::tray
