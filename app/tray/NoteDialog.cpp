// SPDX-License-Identifier: MIT
#include "NoteDialog.h"

#include "lock/HolderRecord.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace devlatch::tray {

NoteDialog::NoteDialog(const QString &deviceName, const QString &note, bool pinned, bool held, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("noteDialog"));
    setWindowTitle(tr("Note for %1").arg(deviceName));
    auto *label = new QLabel(held ? tr("Shown to others while you hold %1:").arg(deviceName)
                                  : tr("Shown to others with your next claim of %1:").arg(deviceName),
                             this);
    label->setWordWrap(true);
    m_note = new QLineEdit(note, this);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setMaxLength(int(lock::kMaxNoteLength));
    m_note->setClearButtonEnabled(true);
    label->setBuddy(m_note);
    m_pinned = new QCheckBox(tr("Use this note for every claim of this device"), this);
    m_pinned->setObjectName(QStringLiteral("pinned"));
    m_pinned->setChecked(pinned);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_note);
    layout->addWidget(m_pinned);
    layout->addWidget(buttons);
    resize(420, sizeHint().height());
}

QString NoteDialog::note() const
{
    return m_note->text();
}

bool NoteDialog::pinned() const
{
    return m_pinned->isChecked();
}

bool NoteDialog::ask(QWidget *parent, const QString &deviceName, bool held, QString &note, bool &pinned)
{
    NoteDialog dialog(deviceName, note, pinned, held, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    note = dialog.note();
    pinned = dialog.pinned();
    return true;
}

} // namespace devlatch::tray
