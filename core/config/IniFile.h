// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace devlatch {

// devlatch.conf's INI dialect, read as people type it. Not QSettings: its INI reader turns a
// value with a comma into a list, ends a value at any ';', drops quotes and backslashes, so
// "name=Bench PSU, left" or "note=CH1;CH2" came out as something else, silently.
//   - UTF-8 (a BOM is skipped); lines end at a newline, a CR before it is dropped.
//   - A line whose first non-blank character is ';' or '#' is a comment, as are blank lines.
//   - "[name]" starts a section; "General" (any case) is also what comes before the first.
//   - "key = value": the key is what comes before the first '=', the value the rest, both
//     trimmed. A ';' after a blank starts a comment ("id=usb:1:2:3   ; stable id"); every
//     other character is text: ',' '=' '#' '"' '\' and a ';' right after text ("CH1;CH2").
//   - A value in double quotes with no other '"' inside is the text between them, kept as
//     it is: leading or trailing blanks, " ; " ("  padded", "Bench ; left").
//   - A key set twice in a section: the later line wins. A section named twice: one section.
// Lines it cannot read are problems with their line number; the rest of the file still counts.
struct IniFile {
    struct Entry {
        QString key, value;
        int line = 0;
    };
    struct Section {
        QString name;
        int line = 0; // of its first header; 0 for General without one
        QList<Entry> entries;
        // The last value given to `key`, if any.
        std::optional<Entry> entry(const QString &key) const;
    };
    struct Problem {
        int line = 0;
        QString text;
    };

    QList<Section> sections; // General first, then in the file's order
    QList<Problem> problems;

    const Section *section(const QString &name) const;

    static IniFile parse(const QByteArray &content);
    // An unreadable file: no sections, and `error` says why.
    static IniFile readFile(const QString &path, QString *error = nullptr);
};

} // namespace devlatch
