// SPDX-License-Identifier: MIT
#include "Output.h"

#include "model/DeviceStatus.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdio>

namespace devlatch::cli {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString &text)
{
    const QByteArray bytes = "devlatchctl: " + text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

void printStatus(bool json, bool whoOnly, const QJsonObject &device, const QStringList &holderLines, const QString &summary)
{
    if (json) {
        QJsonObject document = jsonDocumentFor(whoOnly ? QStringLiteral("who") : QStringLiteral("status"));
        document[QStringLiteral("device")] = device;
        printOut(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)).trimmed());
    } else if (whoOnly) {
        printOut(holderLines.isEmpty() ? QStringLiteral("nobody") : holderLines.join(u'\n'));
    } else {
        printOut(summary);
    }
}

} // namespace devlatch::cli
