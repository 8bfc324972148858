; SPDX-License-Identifier: MIT
; Read by makensis before the installer script (NSISCONFDIR points here; see Installer.cmake):
; a 64-bit installer for 64-bit programs, so it installs into Program Files (not "(x86)") and
; writes the native registry view. Debian's nsis ships the amd64 stubs.
Target amd64-unicode
