// SPDX-License-Identifier: MIT
#include "IniDiagnostics.h"

#include <QFile>

namespace devlatch {

namespace {

// One logical line as QSettings' readIniLine() delimits it.
struct IniLine {
    QByteArray text;
    int number = 0;        // physical line it starts on
    qsizetype equals = -1; // first '=' outside quotes
};

class LineReader {
public:
    explicit LineReader(const QByteArray &data) : m_data(data)
    {
        if (m_data.startsWith("\xef\xbb\xbf"))
            m_pos = 3;
    }

    bool next(IniLine &line)
    {
        for (;;) {
            skipBlanks();
            if (m_pos >= m_data.size())
                return false;
            if (m_data.at(m_pos) == ';') { // a comment line
                skipToLineEnd();
                continue;
            }
            line = {};
            line.number = m_line;
            const qsizetype start = m_pos;
            bool quoted = false;
            while (m_pos < m_data.size()) {
                const char c = m_data.at(m_pos);
                if (c == '\n' || c == '\r' || (c == ';' && !quoted))
                    break;
                if (c == '"')
                    quoted = !quoted;
                else if (c == '=' && !quoted && line.equals < 0)
                    line.equals = m_pos - start;
                else if (c == '\\' && m_pos + 1 < m_data.size()) {
                    ++m_pos; // the escaped byte, a line break included (a continuation)
                    countBreak(m_data.at(m_pos));
                }
                ++m_pos;
            }
            line.text = m_data.mid(start, m_pos - start);
            skipToLineEnd(); // a trailing "; comment" belongs to this line
            return true;
        }
    }

private:
    void countBreak(char c)
    {
        if (c == '\n')
            ++m_line;
    }
    void skipBlanks()
    {
        while (m_pos < m_data.size()) {
            const char c = m_data.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            countBreak(c);
            ++m_pos;
        }
    }
    void skipToLineEnd()
    {
        while (m_pos < m_data.size() && m_data.at(m_pos) != '\n' && m_data.at(m_pos) != '\r')
            ++m_pos;
    }

    const QByteArray &m_data;
    qsizetype m_pos = 0;
    int m_line = 1;
};

QString sectionName(const QByteArray &inside)
{
    const QString name = QString::fromUtf8(inside.trimmed());
    return name.compare(u"general", Qt::CaseInsensitive) == 0 ? QStringLiteral("General") : name;
}

} // namespace

IniDiagnostics IniDiagnostics::scan(const QByteArray &content)
{
    IniDiagnostics result;
    LineReader reader(content);
    QString section = QStringLiteral("General");
    IniLine line;
    while (reader.next(line)) {
        const QByteArray text = line.text.trimmed();
        if (QString::fromUtf8(text).contains(QChar::ReplacementCharacter) || text.contains('\0')) {
            result.problems.push_back({line.number, QStringLiteral("not valid UTF-8 text")});
            continue;
        }
        if (text.startsWith('[')) {
            const qsizetype close = text.indexOf(']');
            section = sectionName(text.mid(1, close < 0 ? -1 : close - 1));
            result.sectionLine.insert(section, line.number);
            if (close < 0)
                result.problems.push_back({line.number, QStringLiteral("section header without closing ']'; what follows "
                                                                       "is read as section [%1]").arg(section)});
            else if (!text.mid(close + 1).trimmed().isEmpty())
                result.problems.push_back({line.number, QStringLiteral("text after ']' is ignored: \"%1\"")
                                                            .arg(QString::fromUtf8(text.mid(close + 1).trimmed().left(60)))});
            continue;
        }
        if (line.equals < 0) {
            // QSettings ignores it; a '#' line is a comment to most people, so say nothing.
            if (!text.startsWith('#'))
                result.problems.push_back({line.number, QStringLiteral("expected key=value, found \"%1\" (line ignored)")
                                                            .arg(QString::fromUtf8(text.left(60)))});
            continue;
        }
        const QString key = QString::fromUtf8(line.text.left(line.equals).trimmed());
        if (key.startsWith(u'#'))
            result.problems.push_back({line.number, QStringLiteral("'#' does not start a comment here: this line sets key "
                                                                   "\"%1\"; use ';' for comments").arg(key.left(60))});
        result.keyLine.insert(section + u'/' + key, line.number);
    }
    return result;
}

IniDiagnostics IniDiagnostics::scanFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return scan(file.readAll());
}

} // namespace devlatch
