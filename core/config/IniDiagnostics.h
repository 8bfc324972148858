// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace devlatch {

// QSettings reads devlatch.conf and is the parser of record, but it only says "format
// error" without a line. This scanner splits the file into lines exactly as QSettings'
// INI reader does (leading blanks skipped; a line ends at a newline or at a ';' outside
// quotes; a backslash escapes the next byte, newline included; a line starting with ';' is
// a comment; '[' starts a section that ends at the first ']'), so it can say where QSettings
// ignored something, and where each section and key QSettings applied came from.
struct IniDiagnostics {
    struct Problem {
        int line = 0;
        QString text;
    };
    QList<Problem> problems;
    QHash<QString, int> sectionLine; // section as QSettings names it -> line of its header
    QHash<QString, int> keyLine;     // "section/key" ("General/key" before any section) -> line

    static IniDiagnostics scan(const QByteArray &content);
    static IniDiagnostics scanFile(const QString &path);
};

} // namespace devlatch
