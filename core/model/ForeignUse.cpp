// SPDX-License-Identifier: MIT
#include "ForeignUse.h"

#include "LockWording.h"

namespace devlatch {

QString ForeignUse::describe() const
{
    const QString who = program.isEmpty() ? QStringLiteral("pid %1").arg(pid)
                                          : QStringLiteral("%1 (pid %2)").arg(LockWording::escaped(program)).arg(pid);
    switch (how) {
    case How::Open: return QStringLiteral("%1 has %2 open").arg(who, node);
    case How::Lock: return QStringLiteral("%1 locks %2").arg(who, node);
    case How::UucpLock: return QStringLiteral("%1 holds the UUCP lock of %2").arg(who, node);
    }
    return who;
}

} // namespace devlatch
