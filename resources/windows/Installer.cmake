# SPDX-License-Identifier: MIT
# The Windows installer: NSIS through CPack (Debian's nsis package provides makensis).
#   cmake --build build/windows  ->  build/windows/devlatch-<version>-win64-setup.exe
# Installs both programs into Program Files\devlatch\bin, a Start-menu entry for the tray,
# an uninstaller, optionally the bin folder on PATH (a page; off when silent) and "start at
# login" (a question; no when silent: /S). The uninstaller removes the login entry too.

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/docs/devlatch.schema.json
        DESTINATION doc)
file(GLOB devlatch_manual CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
file(GLOB devlatch_screenshots CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/screenshots/*.png)
install(FILES ${devlatch_manual} DESTINATION doc/docs)
install(FILES ${devlatch_screenshots} DESTINATION doc/resources/screenshots)

set(CPACK_GENERATOR NSIS)
set(CPACK_VERBATIM_VARIABLES ON) # the NSIS lines below keep their quotes and backslashes
set(CPACK_PACKAGE_NAME devlatch)
set(CPACK_PACKAGE_VENDOR devlatch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(devlatch_installer_name devlatch-${PROJECT_VERSION}-win64-setup)
set(CPACK_PACKAGE_FILE_NAME ${devlatch_installer_name})
set(CPACK_PACKAGE_INSTALL_DIRECTORY devlatch)
set(CPACK_PACKAGE_EXECUTABLES devlatch devlatch) # Start menu: "devlatch" -> bin\devlatch.exe
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_PACKAGE_NAME devlatch)
set(CPACK_NSIS_DISPLAY_NAME devlatch)
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\devlatch.exe)
set(CPACK_NSIS_MUI_ICON ${CMAKE_CURRENT_LIST_DIR}/devlatch.ico)
set(CPACK_NSIS_MUI_UNIICON ${CMAKE_CURRENT_LIST_DIR}/devlatch.ico)
set(CPACK_NSIS_MODIFY_PATH ON) # devlatchctl for scripts
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_STRIP_FILES ON) # the debug symbols stay in the build tree: 38 MB -> 20 MB for the tray
# The same value the tray's "Start at login" writes (app/tray/autostart/RegistryAutostart.cpp).
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  MessageBox MB_YESNO|MB_ICONQUESTION "Start devlatch when you sign in?" /SD IDNO IDNO devlatch_no_autostart
    WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "devlatch" '"$INSTDIR\bin\devlatch.exe"'
  devlatch_no_autostart:
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "devlatch"
]=])
include(CPack)

# Part of every build (cmake/build-windows.sh, make windows), not only of `cpack`.
# (include(CPack) leaves CPACK_PACKAGE_FILE_NAME set to the source package's name.)
set(DEVLATCH_INSTALLER ${CMAKE_BINARY_DIR}/${devlatch_installer_name}.exe CACHE INTERNAL "the NSIS installer")
add_custom_command(OUTPUT ${DEVLATCH_INSTALLER}
  COMMAND ${CMAKE_COMMAND} -E env NSISCONFDIR=${CMAKE_CURRENT_LIST_DIR} # nsisconf.nsh: 64-bit
          ${CMAKE_CPACK_COMMAND} -G NSIS --config ${CMAKE_BINARY_DIR}/CPackConfig.cmake
  DEPENDS devlatch devlatchctl ${CMAKE_CURRENT_LIST_FILE} ${CMAKE_CURRENT_LIST_DIR}/nsisconf.nsh ${PROJECT_SOURCE_DIR}/README.md
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  COMMENT "NSIS installer ${devlatch_installer_name}.exe")
add_custom_target(devlatch-installer ALL DEPENDS ${DEVLATCH_INSTALLER})
