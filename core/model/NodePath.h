// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace devlatch {

// How this OS names device nodes (NodePath_<os>.cpp).
namespace NodePath {

// Whether a name given by a person or the configuration is a node path rather than an id
// or alias (Linux: an absolute path such as /dev/ttyUSB0 or a /dev/serial/by-id link).
bool looksLikeNode(const QString &name);

// The node a path names with its links followed (/dev/serial/by-id/... -> /dev/ttyUSB0);
// empty when it leads nowhere. So a node and every link to it compare equal.
QString followLinks(const QString &path);

} // namespace NodePath

} // namespace devlatch
