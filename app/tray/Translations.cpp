// SPDX-License-Identifier: MIT
#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace devlatch::tray {

QString installTranslations(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale); // dates and numbers in the same language as the words
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("devlatch"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || ours->load(QStringLiteral("devlatch_en"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ours);
    auto *qt = new QTranslator(&app);
    // Qt's own words: where Qt is installed, else (a static Windows build) from the binary.
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))
        || qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(qt);
    return locale.name();
}

} // namespace devlatch::tray
