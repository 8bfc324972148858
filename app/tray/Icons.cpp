#include "Icons.h"

namespace devlatch::tray::Icons {

namespace {
QIcon fromResources(const QString &name)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/%1-%2.png").arg(name).arg(size), QSize(size, size));
    return icon;
}
} // namespace

QIcon tray(TrayState state)
{
    switch (state) {
    case TrayState::Idle: return fromResources(QStringLiteral("devlatch-idle"));
    case TrayState::Holding: return fromResources(QStringLiteral("devlatch-holding"));
    case TrayState::Attention: return fromResources(QStringLiteral("devlatch-attention"));
    }
    return {};
}

QIcon application()
{
    return tray(TrayState::Holding);
}

QIcon free()
{
    return fromResources(QStringLiteral("state-free"));
}

QIcon mine()
{
    return fromResources(QStringLiteral("state-mine"));
}

QIcon busy()
{
    return fromResources(QStringLiteral("state-busy"));
}

QIcon unplugged()
{
    return fromResources(QStringLiteral("state-unplugged"));
}

} // namespace devlatch::tray::Icons
