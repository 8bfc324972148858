// SPDX-License-Identifier: MIT
#include "Icons.h"

#include <QApplication>
#include <QHash>
#include <QPainter>
#include <QPalette>

namespace devlatch::tray::Icons {

namespace {
constexpr int kSizes[] = {16, 22, 24, 32, 48, 64, 128, 256};

QIcon load(const QString &name)
{
    QIcon icon;
    for (int size : kSizes)
        icon.addFile(QStringLiteral(":/icons/%1-%2.png").arg(name).arg(size), QSize(size, size));
    return icon;
}

// Built once per name: views ask for decorations on every paint.
QIcon fromResources(const QString &name)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, load(name));
    return *it;
}

QString trayName(TrayState state)
{
    switch (state) {
    case TrayState::Idle: return QStringLiteral("devlatch-idle");
    case TrayState::Holding: return QStringLiteral("devlatch-holding");
    case TrayState::Attention: return QStringLiteral("devlatch-attention");
    }
    return {};
}
} // namespace

QIcon tray(TrayState state, bool monochrome)
{
    if (!monochrome)
        return fromResources(trayName(state));
    const QColor text = qobject_cast<QApplication *>(QCoreApplication::instance())
                            ? QApplication::palette().color(QPalette::WindowText)
                            : QColor(Qt::black);
    return tray(state, text);
}

QIcon tray(TrayState state, const QColor &color)
{
    // The monochrome renditions are black shapes on transparency: keep the shape, take the colour.
    QIcon icon;
    for (int size : kSizes) {
        QImage image(QStringLiteral(":/icons/%1-mono-%2.png").arg(trayName(state)).arg(size));
        image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(image.rect(), color);
        painter.end();
        icon.addPixmap(QPixmap::fromImage(image));
    }
    return icon;
}

QIcon application()
{
    // The installed theme icon (hicolor, or the desktop theme's own) first, ours otherwise.
    return QIcon::fromTheme(QStringLiteral(DEVLATCH_APP_ID), tray(TrayState::Holding));
}

QIcon device(Look look)
{
    switch (look) {
    case Look::Free: return fromResources(QStringLiteral("state-free"));
    case Look::Mine: return fromResources(QStringLiteral("state-mine"));
    case Look::Busy: return fromResources(QStringLiteral("state-busy"));
    case Look::Waiting: return fromResources(QStringLiteral("state-waiting"));
    case Look::Collision: return fromResources(QStringLiteral("state-collision"));
    case Look::Unplugged: return fromResources(QStringLiteral("state-unplugged"));
    case Look::Unknown: return fromResources(QStringLiteral("state-unknown"));
    }
    return {};
}

} // namespace devlatch::tray::Icons
