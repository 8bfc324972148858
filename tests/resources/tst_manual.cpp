// SPDX-License-Identifier: MIT
// The front door and the manual: a README a newcomer reads in two minutes, with the
// developers' two commands; every relative link and anchor in README.md and docs/ leading
// somewhere; the man pages and the programs' --help naming the same options.

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

using namespace devlatch::test;

namespace {

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The Markdown documents of the manual: README.md and docs/*.md.
QStringList documents()
{
    QStringList files{TestPaths::sourceDir(QStringLiteral("/README.md"))};
    const QDir docs(TestPaths::sourceDir(QStringLiteral("/docs")));
    for (const QString &name : docs.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        files << docs.filePath(name);
    return files;
}

// The lines outside fenced code blocks, with inline code blanked out: what Markdown renders
// as text, where links and headings live.
QStringList proseLines(const QString &text)
{
    static const QRegularExpression inlineCode(QStringLiteral("`[^`]*`"));
    QStringList lines;
    bool fenced = false;
    for (QString line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            fenced = !fenced;
            lines << QString();
            continue;
        }
        lines << (fenced ? QString() : line.replace(inlineCode, QStringLiteral("``")));
    }
    return lines;
}

// The anchors GitHub gives a document's headings: lower case, punctuation dropped, blanks
// as hyphens, "-1", "-2" … on repeats.
QSet<QString> anchorsOf(const QString &text)
{
    static const QRegularExpression heading(QStringLiteral("^#{1,6} +(.*?) *#* *$"));
    static const QRegularExpression dropped(QStringLiteral("[^\\w\\- ]"), QRegularExpression::UseUnicodePropertiesOption);
    QSet<QString> anchors;
    QHash<QString, int> seen;
    bool fenced = false;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().startsWith(QLatin1String("```")))
            fenced = !fenced;
        const QRegularExpressionMatch match = heading.match(line);
        if (fenced || !match.hasMatch())
            continue;
        QString slug = match.captured(1).toLower();
        slug.remove(dropped);
        slug.replace(QLatin1Char(' '), QLatin1Char('-'));
        const int repeat = seen.value(slug, 0);
        seen[slug] = repeat + 1;
        anchors << (repeat == 0 ? slug : slug + QLatin1Char('-') + QString::number(repeat));
    }
    return anchors;
}

// The options a program's help lists under "Options:" (and the command lines above them).
QSet<QString> optionsInHelp(const QString &help)
{
    static const QRegularExpression option(QStringLiteral("^ +((-[A-Za-z]), )*(--[a-z][a-z-]*)"));
    static const QRegularExpression shortOption(QStringLiteral("(?<![\\w-])-[A-Za-z](?=,)"));
    QSet<QString> options;
    for (const QString &line : help.split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch match = option.match(line);
        if (!match.hasMatch())
            continue;
        options << match.captured(3);
        const QString head = line.left(match.capturedEnd(3));
        for (auto it = shortOption.globalMatch(head); it.hasNext();)
            options << it.next().captured(0);
    }
    return options;
}

// The options a man page (scdoc) defines: the bold terms that start an option's paragraph.
QSet<QString> optionsInManPage(const QString &page)
{
    static const QRegularExpression term(QStringLiteral("\\*(--?[A-Za-z][a-z-]*)\\*"));
    QSet<QString> options;
    for (const QString &line : page.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("*-")))
            continue;
        for (auto it = term.globalMatch(line); it.hasNext();)
            options << it.next().captured(1);
    }
    return options;
}

QString sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list.join(QLatin1Char(' '));
}

} // namespace

class TestManual final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theReadmeIsShort()
    {
        const QString readme = readText(TestPaths::sourceDir(QStringLiteral("/README.md")));
        QVERIFY(!readme.isEmpty());
        const int lines = readme.count(QLatin1Char('\n'));
        QVERIFY2(lines <= 200, qPrintable(QStringLiteral("README.md has %1 lines; the manual (docs/) is the place for more").arg(lines)));
        for (const char *mustSay : {"## Install", "devlatchctl claim", "devlatchctl list", "docs/"})
            QVERIFY2(readme.contains(QLatin1String(mustSay)), mustSay);
    }

    // Exactly two commands: one builds and runs the app, one builds and runs every test.
    void theQuickStartHasTheTwoCommands()
    {
        const QString readme = readText(TestPaths::sourceDir(QStringLiteral("/README.md")));
        const qsizetype section = readme.indexOf(QLatin1String("\n## Quick start for developers"));
        QVERIFY2(section >= 0, "README.md has no Quick start for developers");
        const qsizetype open = readme.indexOf(QLatin1String("```sh\n"), section);
        const qsizetype close = readme.indexOf(QLatin1String("```"), open + 6);
        QVERIFY(open > section && close > open);
        QStringList commands;
        for (const QString &line : readme.mid(open + 6, close - open - 6).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            commands << line.section(QLatin1Char('#'), 0, 0).trimmed();
        QCOMPARE(commands, (QStringList{QStringLiteral("make run"), QStringLiteral("make test")}));
        QVERIFY(readText(TestPaths::sourceDir(QStringLiteral("/.ci/run"))).contains(QLatin1String("make test")));
    }

    // Every document starts with its title and a sentence on what a reader comes for.
    void everyDocumentHasATitle()
    {
        for (const QString &path : documents()) {
            const QStringList lines = readText(path).split(QLatin1Char('\n'));
            QVERIFY2(lines.size() > 3 && lines.at(0).startsWith(QLatin1String("# ")), qPrintable(path));
            QVERIFY2(lines.at(1).isEmpty() && !lines.at(2).isEmpty(), qPrintable(path + QStringLiteral(": no opening sentence")));
        }
    }

    void everyRelativeLinkResolves()
    {
        static const QRegularExpression link(QStringLiteral("\\]\\(([^)\\s]+)(?: \"[^\"]*\")?\\)"));
        QStringList broken;
        int checked = 0;
        for (const QString &path : documents()) {
            const QString text = readText(path);
            const QStringList lines = proseLines(text);
            for (int number = 0; number < lines.size(); ++number) {
                for (auto it = link.globalMatch(lines.at(number)); it.hasNext();) {
                    const QString target = it.next().captured(1);
                    if (target.contains(QLatin1String("://")) || target.startsWith(QLatin1String("mailto:")))
                        continue;
                    ++checked;
                    const QString file = target.section(QLatin1Char('#'), 0, 0);
                    const QString anchor = target.section(QLatin1Char('#'), 1);
                    const QString resolved = file.isEmpty() ? path : QFileInfo(path).dir().filePath(file);
                    const QString where = QStringLiteral("%1:%2: %3").arg(QFileInfo(path).fileName()).arg(number + 1).arg(target);
                    if (!QFileInfo::exists(resolved)) {
                        broken << where + QStringLiteral(" (no such file)");
                        continue;
                    }
                    if (!anchor.isEmpty() && !anchorsOf(readText(resolved)).contains(anchor))
                        broken << where + QStringLiteral(" (no such heading)");
                }
            }
        }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1Char('\n'))));
        QVERIFY2(checked >= 20, qPrintable(QStringLiteral("only %1 links found: is the link pattern still right?").arg(checked)));
    }

    // The man page is the reference: every option a --help lists is in it, and it lists no
    // option the program does not have.
    void theManPagesNameTheOptionsOfHelp_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QList<QStringList>>("helps");
        QTest::addColumn<QString>("page");
        QList<QStringList> ctl{{QStringLiteral("--help")}};
        for (const char *command : {"list", "status", "who", "claim", "lab"})
            ctl << QStringList{QString::fromLatin1(command), QStringLiteral("--help")};
        QTest::newRow("devlatchctl") << TestPaths::ctl() << ctl << QStringLiteral("/docs/man/devlatchctl.1.scd");
        QTest::newRow("devlatch") << TestPaths::tray() << QList<QStringList>{{QStringLiteral("--help")}}
                                  << QStringLiteral("/docs/man/devlatch.1.scd");
    }
    void theManPagesNameTheOptionsOfHelp()
    {
        QFETCH(QString, program);
        QFETCH(QList<QStringList>, helps);
        QFETCH(QString, page);
        QSet<QString> inHelp;
        for (const QStringList &arguments : helps) {
            const Finished help = run(program, arguments);
            QVERIFY2(help.exitCode == 0, qPrintable(arguments.join(QLatin1Char(' ')) + QLatin1Char('\n') + QString::fromUtf8(help.err)));
            inHelp |= optionsInHelp(QString::fromUtf8(help.out));
        }
        const QSet<QString> inPage = optionsInManPage(readText(TestPaths::sourceDir(page)));
        QVERIFY2(inHelp.size() >= 4, qPrintable(sorted(inHelp)));
        QVERIFY2((inHelp - inPage).isEmpty(), qPrintable(QStringLiteral("in --help, not in %1: %2").arg(page, sorted(inHelp - inPage))));
        QVERIFY2((inPage - inHelp).isEmpty(), qPrintable(QStringLiteral("in %1, not in --help: %2").arg(page, sorted(inPage - inHelp))));
    }
};

QTEST_GUILESS_MAIN(TestManual)
#include "tst_manual.moc"
