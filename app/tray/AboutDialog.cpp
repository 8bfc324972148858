// SPDX-License-Identifier: MIT
#include "AboutDialog.h"

#include "Icons.h"
#include "TrayController.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QUrl>
#include <QVBoxLayout>

namespace devlatch::tray {

QString AboutDialog::readmeLocation()
{
    for (const QString &candidate : {QStringLiteral(DEVLATCH_INSTALLED_README), QStringLiteral(DEVLATCH_SOURCE_README)})
        if (QFileInfo::exists(candidate))
            return candidate;
    return {};
}

AboutDialog::AboutDialog(TrayController &controller, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About devlatch"));
    const QString readme = readmeLocation();
    auto escaped = [](const QString &text) { return text.toHtmlEscaped(); };
    const QString readmeText = readme.isEmpty()
                                   ? tr("the README")
                                   : QStringLiteral("<a href=\"%1\">%2</a>")
                                         .arg(escaped(QUrl::fromLocalFile(readme).toString()), escaped(readme));
    m_text = tr("<h3>devlatch %1</h3>"
                "<p>One lock per lab device, shared by the tray, devlatchctl and other programs.</p>"
                "<p>Scope: <b>%2</b><br>Locks: <code>%3</code></p>"
                "<p>See %4 and the manual it links to (docs/) for the tray, devlatchctl, the lock "
                "protocol (for your own scripts), the scopes and the lab.</p><p>MIT licence.</p>")
                 .arg(escaped(QCoreApplication::applicationVersion()), escaped(controller.scopeName()),
                      escaped(controller.lockDirectory()), readmeText);
    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::application().pixmap(64, 64));
    auto *label = new QLabel(m_text, this);
    label->setObjectName(QStringLiteral("aboutText"));
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignHCenter);
    layout->addWidget(label);
    layout->addWidget(buttons);
    resize(440, sizeHint().height());
}

} // namespace devlatch::tray
