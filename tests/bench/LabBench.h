// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace devlatch::bench {

// Section (6) of devlatch-bench: the lab scope against real etcd on loopback, single node and
// through a follower of a 3-node cluster, next to raw etcd round trips of the same run.
void labSection(int rounds);
// Its publishing part (PublishBench.cpp): a published device's claim, a local hand-over.
void publishedSection(const QString &endpoint, int rounds);

} // namespace devlatch::bench
