// Every user-visible string of the tray is translated, and the .ts files match the sources.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestTranslations final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void complete_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("fr") << QStringLiteral("fr");
    }

    void complete()
    {
        QFETCH(QString, language);
        const QString committed = QStringLiteral(DEVLATCH_SOURCE_DIR "/translations/devlatch_%1.ts").arg(language);
        QFile file(committed);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray ts = file.readAll();
        const int messages = int(ts.count("<message"));
        QVERIFY2(messages > 50, "the tray has more strings than that");
        QVERIFY2(!ts.contains("type=\"unfinished\""), qPrintable(committed + QStringLiteral(" has unfinished strings")));
        QVERIFY2(!ts.contains("type=\"vanished\"") && !ts.contains("type=\"obsolete\""),
                 qPrintable(committed + QStringLiteral(" keeps strings the sources no longer have")));
        QVERIFY2(!ts.contains("<translation></translation>"), "empty translation");
    }

    // lupdate over the sources must not change the committed file: otherwise someone added or
    // changed a string without updating the translations.
    void notStale_data() { complete_data(); }
    void notStale()
    {
        QFETCH(QString, language);
        const QString committed = QStringLiteral(DEVLATCH_SOURCE_DIR "/translations/devlatch_%1.ts").arg(language);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("devlatch_%1.ts").arg(language));
        QVERIFY(QFile::copy(committed, copy));
        QProcess lupdate;
        lupdate.start(QStringLiteral(DEVLATCH_LUPDATE),
                      {QStringLiteral(DEVLATCH_SOURCE_DIR "/app/tray"), QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                       QStringLiteral("none"), QStringLiteral("-ts"), copy});
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        QFile before(committed), after(copy);
        QVERIFY(before.open(QIODevice::ReadOnly) && after.open(QIODevice::ReadOnly));
        QVERIFY2(before.readAll() == after.readAll(),
                 qPrintable(QStringLiteral("%1 is stale; run: cmake --build build/default --target update_translations").arg(committed)));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
