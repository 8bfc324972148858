// SPDX-License-Identifier: MIT
#include "LockFileOpeners.h"

namespace devlatch {

void LockFileOpeners::apply(const QHash<QString, int> &openDelta)
{
    for (auto it = openDelta.cbegin(); it != openDelta.cend(); ++it) {
        // A close of a descriptor opened before anything was counted: not below zero.
        const int count = std::max(0, m_count.value(it.key()) + it.value());
        if (count > 0)
            m_count.insert(it.key(), count);
        else
            m_count.remove(it.key());
    }
}

void LockFileOpeners::resync(const QSet<QString> &seenOpen, bool complete, const QSet<QString> &existing)
{
    // A seen name has at least one open; counted opens the walk did not see stay when the
    // walk could not see everyone (they may be another user's).
    if (complete)
        m_count.clear();
    for (const QString &name : seenOpen)
        m_count.insert(name, std::max(1, m_count.value(name)));
    m_unseen.clear();
    if (!complete)
        for (const QString &name : existing)
            if (!seenOpen.contains(name))
                m_unseen.insert(name);
}

} // namespace devlatch
