# SPDX-License-Identifier: MIT
# Thin wrapper: the README's two commands. Everything real lives in CMake and CTest.
BUILD_PACKAGES := cmake g++ make pkg-config scdoc ccache qt6-base-dev qt6-tools-dev qt6-l10n-tools \
                  qt6-tools-dev-tools qt6-translations-l10n libgl-dev libudev-dev
TEST_PACKAGES  := util-linux mount procps btrfs-progs python3 python3-fasteners python3-filelock python3-pytest \
                  xvfb xauth openbox tint2 xdotool imagemagick x11-utils dbus-x11 dbus-daemon fonts-dejavu-core \
                  umockdev libumockdev-dev python3-jsonschema desktop-file-utils appstream \
                  bash-completion zsh fish man-db etcd-server etcd-client openssl faketime

DEB_PACKAGES   := debhelper dpkg-dev lintian

.PHONY: run test build deb windows deps-build deps-test lock-dir test-default test-asan test-windows screenshots clean

# Run as your desktop user: sudo is used only to install packages and to create the machine
# lock directory as root (only root may create it: whoever owns it could delete lock files).
run: deps-build lock-dir
	cmake --preset default >/dev/null
	cmake --build --preset default --target devlatch devlatchctl
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then ./build/default/app/tray/devlatch; \
	else echo "No desktop session (DISPLAY unset): showing devlatchctl list instead of the tray."; \
	     ./build/default/app/cli/devlatchctl list; fi

build: deps-build
	cmake --preset default >/dev/null
	cmake --build --preset default

# The three parts run one after the other, each to its end; the time of each is printed last.
test: deps-build deps-test
	@.ci/test-parts test-default test-asan test-windows

test-default: build
	ctest --preset default

test-asan:
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan

# devlatch for Windows (mingw-w64, static Qt built once into ~/.cache/devlatch), its tests
# under wine64.
test-windows:
	bash tests/windows/run-wine-tests.sh build/windows

# devlatchctl.exe, devlatch.exe and the NSIS installer, into build/windows/.
windows:
	bash cmake/build-windows.sh build/windows

# The Debian packages devlatch and devlatchctl, lintian-clean, into build/deb/.
deb: deps-build
	@.ci/ensure-packages $(DEB_PACKAGES)
	.ci/build-deb build/deb

deps-build:
	@.ci/ensure-packages $(BUILD_PACKAGES)

# What the package's tmpfiles snippet does at boot: /run/lock/devlatch, root's, mode 1777.
lock-dir:
	@[ -d /run/lock/devlatch ] || { echo "creating /run/lock/devlatch (root's, mode 1777) from resources/tmpfiles.d/devlatch.conf"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) systemd-tmpfiles --create resources/tmpfiles.d/devlatch.conf 2>/dev/null \
	  || $$( [ "$$(id -u)" = 0 ] || echo sudo ) install -d -m 1777 -o root -g root /run/lock/devlatch; }

deps-test:
	@.ci/ensure-packages $(DEB_PACKAGES)
	@.ci/ensure-packages $(TEST_PACKAGES)

clean:
	rm -rf build

# The pictures README.md and docs/ show, made anew into resources/screenshots/ by the
# end-to-end tests (tst_tray_e2e; tst_tray_win under Wine for docs/windows.md); the tests fail
# when the ones there no longer match the program.
screenshots: build deps-test
	DEVLATCH_UPDATE_SCREENSHOTS=1 ctest --preset default -R '^tst_tray_e2e$$' --output-on-failure
	DEVLATCH_UPDATE_SCREENSHOTS=1 bash tests/windows/run-wine-tests.sh build/windows -R '^tst_tray_win$$'
