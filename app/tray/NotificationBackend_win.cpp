// SPDX-License-Identifier: MIT
// Windows: the tray icon's balloons are the system's own notifications; nothing else needed.

#include "Notifier.h"

namespace devlatch::tray {

std::unique_ptr<NotificationBackend> NotificationBackend::forThisDesktop(QObject *)
{
    return nullptr;
}

} // namespace devlatch::tray
