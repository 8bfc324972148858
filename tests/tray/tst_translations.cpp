// SPDX-License-Identifier: MIT
// Every user-visible string of the tray is translated, the .ts files match the sources, and
// installTranslations() brings ours and Qt's own (dialog buttons) in the person's language.

#include "tray/Translations.h"

#include "TestPaths.h"

#include <QCoreApplication>

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
        const QString committed = TestPaths::sourceDir(QStringLiteral("/translations/devlatch_%1.ts")).arg(language);
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

    // "occupé(s)", "Gerät(e)": a hedged plural reads as a form, not a sentence; numbers take
    // %n forms instead.
    void noHedgedPlurals_data() { complete_data(); }
    void noHedgedPlurals()
    {
        QFETCH(QString, language);
        QFile file(TestPaths::sourceDir(QStringLiteral("/translations/devlatch_%1.ts")).arg(language));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString ts = QString::fromUtf8(file.readAll());
        static const QRegularExpression translation(QStringLiteral("<(translation|numerusform)>([^<]*)</"));
        static const QRegularExpression hedge(QStringLiteral("\\w\\((s|e|en|n|es)\\)"));
        for (auto it = translation.globalMatch(ts); it.hasNext();) {
            const QString text = it.next().captured(2);
            QVERIFY2(!hedge.match(text).hasMatch(), qPrintable(text));
        }
    }

    // The English plurals come from devlatch_en (lupdate -pluralonly); Qt's Yes/No/Cancel from
    // qtbase's catalogue (qt6-translations-l10n), or dialogs stay English under de/fr.
    void installedTranslationsCoverOursAndQts()
    {
        const auto released = [](int n) {
            return QCoreApplication::translate("devlatch::tray::TrayController", "Released %n device(s)", nullptr, n);
        };
        devlatch::tray::installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
        QCOMPARE(released(1), QStringLiteral("Released 1 device"));
        QCOMPARE(released(3), QStringLiteral("Released 3 devices"));
        devlatch::tray::installTranslations(*QCoreApplication::instance(), QStringLiteral("de"));
        QCOMPARE(released(3), QStringLiteral("3 Geräte freigegeben"));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "&Yes"), QStringLiteral("&Ja"));
        devlatch::tray::installTranslations(*QCoreApplication::instance(), QStringLiteral("fr"));
        QCOMPARE(released(1), QStringLiteral("1 appareil libéré"));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Annuler"));
    }

    // lupdate over the sources must not change the committed file: otherwise someone added or
    // changed a string without updating the translations.
    void notStale_data()
    {
        complete_data();
        QTest::newRow("en (plural forms only)") << QStringLiteral("en");
    }
    void notStale()
    {
        QFETCH(QString, language);
        const QString committed = TestPaths::sourceDir(QStringLiteral("/translations/devlatch_%1.ts")).arg(language);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("devlatch_%1.ts").arg(language));
        QVERIFY(QFile::copy(committed, copy));
        QStringList arguments{TestPaths::sourceDir(QStringLiteral("/app/tray")), QStringLiteral("-no-obsolete"),
                              QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-ts"), copy};
        if (language == u"en")
            arguments << QStringLiteral("-pluralonly");
        QProcess lupdate;
        lupdate.start(TestPaths::lupdate(), arguments);
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
