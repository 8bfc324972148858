// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

namespace devlatch {

// Which lock files other processes may have open. A lock can change hands without a word
// from the lock directory only through a descriptor opened earlier (`exec 9>>F; flock 9`,
// Python fasteners' polling, `flock -u` without closing), so these are the locks worth
// reading again. Open and close events (they come from every user's processes) are counted;
// a walk of /proc seeds and corrects the counts for the processes this user may look at.
class LockFileOpeners final {
public:
    // Opens minus closes of one batch of events, by lock name.
    void apply(const QHash<QString, int> &openDelta);
    // What a walk saw: the names open by others; `complete`: it saw every process;
    // `existing`: the lock files there are. An incomplete walk leaves every existing name
    // it did not see open as unseen (another user's process may have it open).
    void resync(const QSet<QString> &seenOpen, bool complete, const QSet<QString> &existing);

    bool isOpen(const QString &name) const { return m_count.value(name) > 0; }
    bool isUnseen(const QString &name) const { return m_unseen.contains(name); }
    bool anyOpen() const { return !m_count.isEmpty(); }
    bool anyUnseen() const { return !m_unseen.isEmpty(); }

private:
    QHash<QString, int> m_count; // only names with a count above zero
    QSet<QString> m_unseen;
};

} // namespace devlatch
