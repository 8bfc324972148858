#pragma once

#include <QIcon>

namespace devlatch::tray {

// Every icon of the tray app comes from here (resources/icons/: SVG plus PNGs 16-256,
// since SVG does not survive the StatusNotifierItem D-Bus transfer).
namespace Icons {
enum class TrayState { Idle, Holding, Attention };
QIcon tray(TrayState state);
QIcon application();
QIcon free();
QIcon mine();
QIcon busy();
QIcon unplugged();
} // namespace Icons

} // namespace devlatch::tray
