// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>

class QColor;

namespace devlatch::tray {

// Every icon of the tray app comes from here (resources/icons/: SVG sources, PNGs 16-256
// rendered by render.sh, since SVG does not survive the StatusNotifierItem transfer). Every
// state has its own shape, so colour-blind people and monochrome panels tell them apart.
namespace Icons {

enum class TrayState { Idle, Holding, Attention };
// `monochrome`: the panel-coloured variant, painted in `color` (the panel's text colour).
QIcon tray(TrayState state, bool monochrome = false);
QIcon tray(TrayState state, const QColor &color);
QIcon application();

// How one device looks: its icon in the menu and the window.
enum class Look { Free, Mine, Busy, Waiting, Collision, Unplugged, Unknown };
QIcon device(Look look);

} // namespace Icons

} // namespace devlatch::tray
