#include "DeviceCatalog.h"

#include "lock/LockName.h"

#include <QFileInfo>

namespace devlatch {

DeviceCatalog::DeviceCatalog(QList<Device> devices) : m_devices(std::move(devices)) {}

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

    for (const Device &device : m_devices)
        if (device.id == name)
            return {device, {}};
    for (const Device &device : m_devices)
        if (!device.key.isEmpty() && device.key == name)
            return {device, {}};
    for (const Device &device : m_devices)
        if (!device.name.isEmpty() && device.name.compare(name, Qt::CaseInsensitive) == 0)
            return {device, {}};
    if (name.startsWith(u'/')) {
        // /dev/serial/by-id/... links and the node itself name the same device.
        const QString canonical = QFileInfo(name).canonicalFilePath();
        for (const Device &device : m_devices) {
            for (const QString &node : device.nodes) {
                if (node == name)
                    return {device, {}};
                if (!canonical.isEmpty() && QFileInfo(node).canonicalFilePath() == canonical)
                    return {device, {}};
            }
        }
    }
    Device resource;
    resource.id = name;
    resource.kind = QStringLiteral("resource");
    return {resource, {}};
}

} // namespace devlatch
