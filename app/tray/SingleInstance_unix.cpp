// SPDX-License-Identifier: MIT
#include "SingleInstance.h"

#include <unistd.h>

namespace devlatch::tray {

QString SingleInstance::userKey()
{
    return QString::number(getuid());
}

} // namespace devlatch::tray
