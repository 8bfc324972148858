// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QObject;

namespace devlatch {

// Tells when device nodes are opened or closed: a program outside devlatch (picocom,
// ModemManager, an IDE) starting or stopping to use a device, without polling. One
// implementation per OS (NodeWatch_<os>.cpp; Linux: inotify on the nodes). Reports arrive on
// the thread of `context`. This process never opens nodes, so every report is someone else.
class NodeWatch {
public:
    using Report = std::function<void(const QSet<QString> &nodes)>;

    virtual ~NodeWatch() = default;
    // Watches exactly these nodes from now on (as spelled here; links are followed).
    virtual void setNodes(const QStringList &nodes) = 0;
    // Nodes that exist but cannot be watched (this user may not read them): their use can
    // be learnt only by looking again.
    virtual QSet<QString> unwatched() const = 0;

    static std::unique_ptr<NodeWatch> create(Report report, QObject *context);
};

} // namespace devlatch
