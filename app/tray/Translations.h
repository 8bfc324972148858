// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QCoreApplication;

namespace devlatch::tray {

// Loads the tray's catalogue for `language` (empty: the system's; English for plural forms
// when there is none) and Qt's own, so dialog buttons (Yes, No, Cancel) speak it too.
// Returns the locale's name that was used.
QString installTranslations(QCoreApplication &app, const QString &language);

} // namespace devlatch::tray
