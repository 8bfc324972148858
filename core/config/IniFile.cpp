// SPDX-License-Identifier: MIT
#include "IniFile.h"

#include <QFile>

namespace devlatch {

namespace {

QString sectionName(const QString &inside)
{
    const QString name = inside.trimmed();
    return name.compare(u"general", Qt::CaseInsensitive) == 0 ? QStringLiteral("General") : name;
}

// Cuts a trailing comment: a ';' after a blank, outside double quotes.
QString withoutComment(const QString &text)
{
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'"')
            quoted = !quoted;
        else if (c == u';' && !quoted && i > 0 && text.at(i - 1).isSpace())
            return text.left(i);
    }
    return text;
}

QString unquoted(const QString &value)
{
    if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"') && value.count(u'"') == 2)
        return value.mid(1, value.size() - 2);
    return value;
}

} // namespace

std::optional<IniFile::Entry> IniFile::Section::entry(const QString &key) const
{
    for (auto it = entries.crbegin(); it != entries.crend(); ++it)
        if (it->key == key)
            return *it;
    return std::nullopt;
}

const IniFile::Section *IniFile::section(const QString &name) const
{
    for (const Section &s : sections)
        if (s.name == name)
            return &s;
    return nullptr;
}

IniFile IniFile::parse(const QByteArray &content)
{
    IniFile file;
    file.sections.push_back({QStringLiteral("General"), 0, {}});
    qsizetype current = 0;
    const QByteArray data = content.startsWith("\xef\xbb\xbf") ? content.mid(3) : content;
    const QList<QByteArray> lines = data.split('\n');
    for (int index = 0; index < lines.size(); ++index) {
        const int number = index + 1;
        QByteArray bytes = lines.at(index);
        if (bytes.endsWith('\r'))
            bytes.chop(1);
        const QString text = QString::fromUtf8(bytes).trimmed();
        if (text.contains(QChar::ReplacementCharacter) || bytes.contains('\0')) {
            file.problems.push_back({number, QStringLiteral("not valid UTF-8 text (line ignored)")});
            continue;
        }
        if (text.isEmpty() || text.startsWith(u';') || text.startsWith(u'#'))
            continue;
        if (text.startsWith(u'[')) {
            const qsizetype close = text.indexOf(u']');
            const QString name = sectionName(text.mid(1, close < 0 ? -1 : close - 1));
            if (close < 0)
                file.problems.push_back(
                    {number, QStringLiteral("section header without closing ']'; what follows is read as section [%1]").arg(name)});
            else if (const QString rest = withoutComment(text.mid(close + 1)).trimmed(); !rest.isEmpty())
                file.problems.push_back({number, QStringLiteral("text after ']' is ignored: \"%1\"").arg(rest.left(60))});
            current = -1;
            for (qsizetype i = 0; i < file.sections.size(); ++i)
                if (file.sections.at(i).name == name)
                    current = i;
            if (current < 0) {
                file.sections.push_back({name, number, {}});
                current = file.sections.size() - 1;
            } else if (file.sections[current].line == 0) {
                file.sections[current].line = number;
            }
            continue;
        }
        const qsizetype equals = text.indexOf(u'=');
        if (equals < 0) {
            file.problems.push_back({number, QStringLiteral("expected key=value, found \"%1\" (line ignored)").arg(text.left(60))});
            continue;
        }
        const QString key = text.left(equals).trimmed();
        if (key.isEmpty()) {
            file.problems.push_back({number, QStringLiteral("a value without a key (line ignored)")});
            continue;
        }
        file.sections[current].entries.push_back({key, unquoted(withoutComment(text.mid(equals + 1)).trimmed()), number});
    }
    return file;
}

IniFile IniFile::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    return parse(file.readAll());
}

} // namespace devlatch
