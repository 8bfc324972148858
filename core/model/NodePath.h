// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace devlatch {

// How this OS names device nodes (NodePath_<os>.cpp).
namespace NodePath {

// Whether a name given by a person or the configuration is a node path rather than an id
// or alias (Linux: an absolute path such as /dev/ttyUSB0 or a /dev/serial/by-id link;
// Windows: a DOS device name such as COM3 or \\.\COM3).
bool looksLikeNode(const QString &name);
// What a node name looks like here, for messages ("an absolute path such as /dev/ttyUSB0").
QString expectedForm();

// The one spelling of a node name, whether or not the node exists now (Windows: \\.\com3
// is COM3; Linux: the name itself, since a path's spelling is its identity there).
QString canonicalSpelling(const QString &name);

// The node a path names with its links followed (/dev/serial/by-id/... -> /dev/ttyUSB0);
// empty when it leads nowhere. So a node and every link to it compare equal (Windows:
// \\.\COM3 and com3 are COM3).
QString followLinks(const QString &path);

} // namespace NodePath

} // namespace devlatch
