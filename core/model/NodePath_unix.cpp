// SPDX-License-Identifier: MIT
#include "NodePath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace devlatch::NodePath {

bool looksLikeNode(const QString &name)
{
    return name.startsWith(u'/');
}

QString expectedForm()
{
    return QStringLiteral("an absolute path such as /dev/ttyUSB0");
}

QString canonicalSpelling(const QString &name)
{
    return name;
}

QString followLinks(const QString &path)
{
    // readlink() itself rather than realpath(): umockdev's realpath shim corrupts memory,
    // and where a node is presented as a device but is a link underneath (umockdev's ttys)
    // lstat() and readlink() disagree; following the links as far as they go gives the same
    // answer for a node and its links.
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

} // namespace devlatch::NodePath
