// SPDX-License-Identifier: MIT
#include "DesktopExec.h"

namespace devlatch::tray {

QString desktopExecArgument(const QString &argument)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    bool quote = argument.isEmpty();
    for (const QChar c : argument)
        quote = quote || reserved.contains(c);
    QString text;
    if (quote) {
        text += u'"';
        for (const QChar c : argument) {
            if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
                text += u'\\';
            text += c;
        }
        text += u'"';
    } else {
        text = argument;
    }
    // The value escape comes on top of the quoting: a literal backslash ends up as four.
    text.replace(u'\\', QStringLiteral("\\\\"));
    text.replace(u'%', QStringLiteral("%%"));
    return text;
}

} // namespace devlatch::tray
