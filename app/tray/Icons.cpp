#include "Icons.h"

#include <QHash>

namespace devlatch::tray::Icons {

namespace {
QIcon load(const QString &name)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
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
