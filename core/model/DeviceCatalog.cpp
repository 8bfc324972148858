// SPDX-License-Identifier: MIT
#include "DeviceCatalog.h"

#include "NodePath.h"

#include "lock/LockName.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace devlatch {

DeviceCatalog::DeviceCatalog(QList<Device> devices, QList<Device> hidden, const QList<DeviceAlias> &aliases)
    : m_devices(std::move(devices)), m_hidden(std::move(hidden)), m_aliases(aliases)
{
    auto byId = [](QList<Device> &list, const QString &id) -> Device * {
        for (Device &device : list)
            if (device.id == id)
                return &device;
        return nullptr;
    };
    for (const DeviceAlias &alias : aliases) {
        Device *device = byId(m_devices, alias.id);
        if (!device)
            device = byId(m_hidden, alias.id);
        if (device) {
            device->alias = alias.name;
            continue;
        }
        Device absent;
        absent.id = alias.id;
        absent.alias = alias.name;
        absent.kind = alias.kind.isEmpty() ? QStringLiteral("device") : alias.kind;
        absent.present = false;
        m_absent << absent;
    }
}

DeviceCatalog DeviceCatalog::build(const QList<Device> &configured, const QList<Device> &discovered,
                                   const QStringList &hidePatterns, const QList<DeviceAlias> &aliases)
{
    QList<Device> hidden;
    QList<Device> devices = merge(configured, discovered, hidePatterns, &hidden);
    return DeviceCatalog(std::move(devices), std::move(hidden), aliases);
}

static bool isHidden(const Device &device, const QList<QRegularExpression> &patterns)
{
    QStringList names{device.id, device.name};
    for (const QString &node : device.nodes)
        names << node << QFileInfo(node).fileName();
    for (const QRegularExpression &pattern : patterns)
        for (const QString &name : std::as_const(names))
            if (pattern.match(name).hasMatch())
                return true;
    return false;
}

QList<Device> DeviceCatalog::merge(const QList<Device> &configured, const QList<Device> &discovered,
                                   const QStringList &hidePatterns, QList<Device> *hidden)
{
    QList<QRegularExpression> patterns;
    for (const QString &glob : hidePatterns)
        patterns << QRegularExpression(QRegularExpression::wildcardToRegularExpression(glob)); // anchored
    QList<Device> result = configured;
    for (const Device &found : discovered) {
        auto match = std::find_if(result.begin(), result.end(), [&found](const Device &c) {
            if (!c.isConfigured() || c.discovered)
                return false;
            if (c.id == found.id)
                return true;
            return std::any_of(c.nodes.begin(), c.nodes.end(), [&found](const QString &node) {
                if (found.nodes.contains(NodePath::canonicalSpelling(node)))
                    return true;
                const QString canonical = NodePath::followLinks(node); // a by-id or by-path link
                return !canonical.isEmpty() && std::any_of(found.nodes.begin(), found.nodes.end(), [&canonical](const QString &n) {
                    return n == canonical || NodePath::followLinks(n) == canonical;
                });
            });
        });
        if (match != result.end()) {
            Device &device = *match;
            if (device.name.isEmpty())
                device.name = found.name;
            if (device.kind.isEmpty() || device.kind == u"resource" || device.kind == u"device")
                device.kind = found.kind;
            for (const QString &node : found.nodes)
                if (!device.nodes.contains(node))
                    device.nodes << node;
            device.discovered = true;
            continue;
        }
        if (isHidden(found, patterns)) {
            if (hidden)
                *hidden << found;
            continue;
        }
        result << found;
    }
    return result;
}

const Device *DeviceCatalog::find(const QList<Device> &devices, const QString &name)
{
    for (const Device &device : devices)
        if (device.id == name)
            return &device;
    for (const Device &device : devices)
        if (!device.key.isEmpty() && device.key == name)
            return &device;
    for (const Device &device : devices)
        if (!device.alias.isEmpty() && device.alias.compare(name, Qt::CaseInsensitive) == 0)
            return &device;
    for (const Device &device : devices)
        if (!device.name.isEmpty() && device.name.compare(name, Qt::CaseInsensitive) == 0)
            return &device;
    if (!NodePath::looksLikeNode(name))
        return nullptr;
    // /dev/serial/by-id/... and by-path links and the node itself name the same device.
    const QString spelled = NodePath::canonicalSpelling(name);
    for (const Device &device : devices)
        for (const QString &node : device.nodes)
            if (NodePath::canonicalSpelling(node) == spelled)
                return &device;
    const QString canonical = NodePath::followLinks(name);
    if (canonical.isEmpty())
        return nullptr;
    for (const Device &device : devices)
        for (const QString &node : device.nodes)
            if (NodePath::followLinks(node) == canonical)
                return &device;
    return nullptr;
}

DeviceCatalog::Resolved DeviceCatalog::resolve(const QByteArray &rawName) const
{
    const std::string problem = lock::validateId({rawName.constData(), size_t(rawName.size())});
    if (!problem.empty())
        return {{}, QString::fromStdString(problem)};
    return resolve(QString::fromUtf8(rawName));
}

DeviceCatalog::Resolved DeviceCatalog::resolve(const QString &name) const
{
    const QByteArray bytes = name.toUtf8();
    const std::string problem = lock::validateId({bytes.constData(), size_t(bytes.size())});
    if (!problem.empty())
        return {{}, QString::fromStdString(problem)};

    if (const Device *device = find(m_devices, name))
        return {*device, {}};
    if (const Device *device = find(m_hidden, name))
        return {*device, {}};
    if (const Device *device = find(m_absent, name))
        return {*device, {}};
    Device resource;
    // One lock for a port however it is spelt (Windows: \\.\com7 is COM7).
    resource.id = NodePath::looksLikeNode(name) ? NodePath::canonicalSpelling(name) : name;
    resource.kind = QStringLiteral("resource");
    return {resource, {}};
}

QString DeviceCatalog::aliasProblem(const QString &alias, const QString &deviceId) const
{
    if (alias.isEmpty())
        return {};
    if (alias.trimmed() != alias)
        return QStringLiteral("an alias cannot begin or end with spaces");
    const QByteArray bytes = alias.toUtf8();
    const std::string problem = lock::validateId({bytes.constData(), size_t(bytes.size())});
    if (!problem.empty())
        return QString::fromStdString(problem);
    if (NodePath::looksLikeNode(alias))
        return QStringLiteral("an alias cannot be a path");
    // It is shown in menus and titles: no line breaks, no invisible direction changes.
    if (std::any_of(alias.begin(), alias.end(), [](QChar c) {
            return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
        }))
        return QStringLiteral("an alias cannot contain control characters");
    for (const QList<Device> *list : {&m_devices, &m_hidden, &m_absent}) {
        for (const Device &other : *list) {
            if (other.id == deviceId)
                continue;
            const bool clash = other.id == alias || other.key == alias
                               || other.alias.compare(alias, Qt::CaseInsensitive) == 0
                               || (!other.name.isEmpty() && other.name.compare(alias, Qt::CaseInsensitive) == 0);
            if (clash)
                return QStringLiteral("\"%1\" already names %2").arg(alias, other.id);
        }
    }
    return {};
}

} // namespace devlatch
