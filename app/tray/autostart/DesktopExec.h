// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace devlatch::tray {

// One argument of a desktop entry's Exec= line, escaped as the Desktop Entry Specification
// asks: quoted when it has a reserved character (inside quotes ", `, $ and \ get a
// backslash), then the string-value escape (\ as \\) and a literal % as %%.
QString desktopExecArgument(const QString &argument);

} // namespace devlatch::tray
