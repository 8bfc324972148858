// SPDX-License-Identifier: MIT
#include "NodePath.h"

// Windows names serial ports and similar devices by DOS device names: COM3, also written
// \\.\COM3 (required by CreateFile from COM10 on). Names are case-insensitive.

#include <QRegularExpression>

#include <windows.h>

namespace devlatch::NodePath {

namespace {

// COM3, LPT1, \\.\COM12, \\?\COM3 -> COM3 / LPT1 / COM12; empty for anything else.
QString dosDeviceName(const QString &name)
{
    static const QRegularExpression form(QStringLiteral(R"(^(?:\\\\[.?]\\)?((?:COM|LPT)[1-9][0-9]{0,2})$)"),
                                         QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = form.match(name);
    return match.hasMatch() ? match.captured(1).toUpper() : QString();
}

} // namespace

bool looksLikeNode(const QString &name)
{
    return !dosDeviceName(name).isEmpty();
}

QString expectedForm()
{
    return QStringLiteral("a port name such as COM3 or \\\\.\\COM3");
}

QString canonicalSpelling(const QString &name)
{
    const QString dos = dosDeviceName(name);
    return dos.isEmpty() ? name : dos;
}

QString followLinks(const QString &path)
{
    const QString name = dosDeviceName(path);
    if (name.isEmpty())
        return {};
    // Exists right now: the object manager has the name (no device is opened for this).
    wchar_t target[512];
    const std::wstring wide = name.toStdWString();
    return QueryDosDeviceW(wide.c_str(), target, DWORD(std::size(target))) ? name : QString();
}

} // namespace devlatch::NodePath
