// SPDX-License-Identifier: MIT
#include "LockWording.h"

#include <cstring>

namespace devlatch::LockWording {

QString systemError(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

} // namespace devlatch::LockWording
