// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace devlatch::tray {

// Asks for a claim's note: shown to others in the holder record while the device is held.
// It belongs to that one claim unless "for every claim" is ticked (pinned).
class NoteDialog final : public QDialog {
    Q_OBJECT

public:
    NoteDialog(const QString &deviceName, const QString &note, bool pinned, bool held, QWidget *parent = nullptr);
    QString note() const;
    bool pinned() const;

    // Shows the dialog; true when accepted, with the answers in `note` and `pinned`.
    static bool ask(QWidget *parent, const QString &deviceName, bool held, QString &note, bool &pinned);

private:
    QLineEdit *m_note;
    QCheckBox *m_pinned;
};

} // namespace devlatch::tray
