// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

namespace devlatch::tray {

class TrayController;

// Version, where the locks are and in which scope, and the README sections a lab engineer
// looks for (the lock protocol, scripts, troubleshooting).
class AboutDialog final : public QDialog {
    Q_OBJECT

public:
    AboutDialog(TrayController &controller, QWidget *parent = nullptr);
    QString text() const { return m_text; }

    // Where the README is: installed with the package, else the source tree's.
    static QString readmeLocation();

private:
    QString m_text;
};

} // namespace devlatch::tray
