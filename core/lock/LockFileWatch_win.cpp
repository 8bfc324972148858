// SPDX-License-Identifier: MIT
#include "LockFileWatch.h"

namespace devlatch::lock {

struct LockFileWatch::Private {};

LockFileWatch::LockFileWatch(const LockLocation &) : d(std::make_unique<Private>()) {}
LockFileWatch::~LockFileWatch() = default;

int LockFileWatch::descriptor() const
{
    return -1;
}

bool LockFileWatch::takeEvents()
{
    return false;
}

} // namespace devlatch::lock
