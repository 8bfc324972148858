# SPDX-License-Identifier: MIT
# The Windows test suite (included by tests/CMakeLists.txt when building for Windows): every
# test runs as an .exe under wine64, headless (cmake/mingw-w64.cmake's emulator), started by
# tests/windows/run-wine-tests.sh, which prepares one Wine prefix for all of them.

# Every Windows test runs through wine-run.sh (see there why); set before any test target.
set(CMAKE_CROSSCOMPILING_EMULATOR
    env -u DISPLAY -u WAYLAND_DISPLAY WINEDEBUG=-all "WINEDLLOVERRIDES=mscoree,mshtml="
    sh ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh ${DEVLATCH_WINE64})

# The paths the tests use (tests/helpers/TestPaths.h). Under Wine, Z: is the Linux root: the
# source tree's test data by its own path.
add_library(devlatch-test-paths STATIC ${PROJECT_SOURCE_DIR}/tests/helpers/TestPaths.cpp)
target_link_libraries(devlatch-test-paths PUBLIC Qt6::Core)
target_include_directories(devlatch-test-paths PUBLIC ${PROJECT_SOURCE_DIR}/tests/helpers)
target_compile_definitions(devlatch-test-paths PRIVATE
  DEVLATCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  DEVLATCH_BUILD_DIR="${CMAKE_BINARY_DIR}")

function(devlatch_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  qt_add_executable(${name} ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/tests/windows/LogToStderr.cpp)
  target_link_libraries(${name} PRIVATE Qt6::Test devlatch-test-paths ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "windows;wine;${ARG_LABELS}" TIMEOUT 300
                       ENVIRONMENT "DEVLATCH_DISCOVERY=off")
endfunction()

# The Qt Test cases that need nothing of Linux, built from the same sources as there.
set(portable_tests
  lock/tst_holderrecord devlatch-lock
  model/tst_lockwording devlatch-model
  arbiter/tst_probeschedule devlatch-arbiter
  discovery/tst_devicerecords devlatch-discovery
  lab/tst_labrecord devlatch-lab
  cli/tst_claimrequest devlatch-cli
  tray/tst_claimhistory devlatch-tray)
while(portable_tests)
  list(POP_FRONT portable_tests source library)
  get_filename_component(name ${source} NAME)
  devlatch_add_test(${name} SOURCES ${PROJECT_SOURCE_DIR}/tests/${source}.cpp LIBS ${library})
endwhile()

# "Start at login" in the registry, against a key of the test's own.
devlatch_add_test(tst_autostart_win SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_autostart_win.cpp LIBS devlatch-tray)

add_subdirectory(${PROJECT_SOURCE_DIR}/tests/lock/win ${CMAKE_CURRENT_BINARY_DIR}/lock/win)
add_subdirectory(${PROJECT_SOURCE_DIR}/tests/cli/win ${CMAKE_CURRENT_BINARY_DIR}/cli/win)

# The installer (resources/windows/Installer.cmake), installed, used and uninstalled silently.
devlatch_add_test(tst_installer_win SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_installer_win.cpp LABELS installer)
add_dependencies(tst_installer_win devlatch-installer)
target_link_libraries(tst_installer_win PRIVATE shell32)
target_compile_definitions(tst_installer_win PRIVATE DEVLATCH_INSTALLER="${DEVLATCH_INSTALLER}" DEVLATCH_VERSION="${PROJECT_VERSION}")
set_tests_properties(tst_installer_win PROPERTIES RUN_SERIAL TRUE)

# The tray end to end on a real X server with Wine's own tray window, in a Wine prefix of its
# own whose first program started with that display (tray-display.sh, a CTest fixture).
set(tray_prefix ${CMAKE_BINARY_DIR}/wineprefix-tray)
add_test(NAME tray_display_start COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tray-display.sh start ${tray_prefix})
add_test(NAME tray_display_stop COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tray-display.sh stop ${tray_prefix})
set_tests_properties(tray_display_start PROPERTIES FIXTURES_SETUP wine_tray LABELS "windows;wine;e2e")
set_tests_properties(tray_display_stop PROPERTIES FIXTURES_CLEANUP wine_tray LABELS "windows;wine;e2e")
devlatch_add_test(tst_tray_win SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_tray_win.cpp LIBS Qt6::Gui LABELS e2e)
add_dependencies(tst_tray_win devlatch devlatchctl devlatch-win32-peer)
target_compile_definitions(tst_tray_win PRIVATE
  DEVLATCH_TRAY="$<TARGET_FILE:devlatch>"
  DEVLATCH_CTL="$<TARGET_FILE:devlatchctl>"
  DEVLATCH_PEER="$<TARGET_FILE:devlatch-win32-peer>"
  DEVLATCH_RECORDING="${PROJECT_SOURCE_DIR}/tests/discovery/windows-bench.json"
  DEVLATCH_ARTIFACT_DIR="${CMAKE_BINARY_DIR}/artifacts/tray-wine"
  DEVLATCH_SHOWN_PICTURES="${PROJECT_SOURCE_DIR}/resources/screenshots")
# This one test sees the display (the others run without one) in its own prefix.
set_target_properties(tst_tray_win PROPERTIES CROSSCOMPILING_EMULATOR
  "env;WINEPREFIX=${tray_prefix};WINEDEBUG=-all;WINEDLLOVERRIDES=mscoree,mshtml=;bash;${CMAKE_CURRENT_LIST_DIR}/tray-display.sh;run;${tray_prefix};sh;${CMAKE_CURRENT_LIST_DIR}/wine-run.sh;${DEVLATCH_WINE64}")
set_tests_properties(tst_tray_win PROPERTIES FIXTURES_REQUIRED wine_tray RUN_SERIAL TRUE)
