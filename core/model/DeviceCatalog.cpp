#include "DeviceCatalog.h"

#include "lock/LockName.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace devlatch {

DeviceCatalog::DeviceCatalog(QList<Device> devices, QList<Device> hidden)
    : m_devices(std::move(devices)), m_hidden(std::move(hidden))
{
}

DeviceCatalog DeviceCatalog::build(const QList<Device> &configured, const QList<Device> &discovered,
                                   const QStringList &hidePatterns)
{
    QList<Device> hidden;
    QList<Device> devices = merge(configured, discovered, hidePatterns, &hidden);
    return DeviceCatalog(std::move(devices), std::move(hidden));
}

QString DeviceCatalog::followLinks(const QString &path)
{
    // readlink() itself rather than lstat() first: where a node is presented as a device but
    // is a link underneath (umockdev's ttys), lstat() and readlink() disagree, and only
    // following the links as far as they go gives the same answer for a node and its links.
    QString current = path;
    for (int hops = 0; hops < 16; ++hops) {
        const QByteArray name = QFile::encodeName(current);
        char target[4096];
        const ssize_t length = ::readlink(name.constData(), target, sizeof target);
        if (length < 0) {
            struct stat info {};
            return (errno == EINVAL && ::stat(name.constData(), &info) == 0) ? current : QString();
        }
        const QString next = QFile::decodeName(QByteArray(target, int(length)));
        current = QDir::cleanPath(next.startsWith(u'/') ? next : QFileInfo(current).path() + u'/' + next);
    }
    return {};
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
                if (found.nodes.contains(node))
                    return true;
                const QString canonical = DeviceCatalog::followLinks(node); // a by-id or by-path link
                return !canonical.isEmpty() && std::any_of(found.nodes.begin(), found.nodes.end(), [&canonical](const QString &n) {
                    return n == canonical || DeviceCatalog::followLinks(n) == canonical;
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
        if (!device.name.isEmpty() && device.name.compare(name, Qt::CaseInsensitive) == 0)
            return &device;
    if (!name.startsWith(u'/'))
        return nullptr;
    // /dev/serial/by-id/... and by-path links and the node itself name the same device.
    for (const Device &device : devices)
        if (device.nodes.contains(name))
            return &device;
    const QString canonical = followLinks(name);
    if (canonical.isEmpty())
        return nullptr;
    for (const Device &device : devices)
        for (const QString &node : device.nodes)
            if (followLinks(node) == canonical)
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
    Device resource;
    resource.id = name;
    resource.kind = QStringLiteral("resource");
    return {resource, {}};
}

} // namespace devlatch
