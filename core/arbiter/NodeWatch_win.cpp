// SPDX-License-Identifier: MIT
// Windows: opening COM3 leaves no trace a user program may watch (no inotify on devices, and
// the handle table is out of reach; see discovery/win/ForeignUseScan.cpp). Nothing is
// reported and nothing is "unwatched", since looking again would learn nothing either.

#include "NodeWatch.h"

namespace devlatch {

namespace {

class NoNodeWatch final : public NodeWatch {
public:
    void setNodes(const QStringList &) override {}
    QSet<QString> unwatched() const override { return {}; }
};

} // namespace

std::unique_ptr<NodeWatch> NodeWatch::create(Report, QObject *)
{
    return std::make_unique<NoNodeWatch>();
}

} // namespace devlatch
