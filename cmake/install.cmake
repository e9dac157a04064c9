# Install rules (issue #9): the binaries, the public headers, the static libraries with an
# exported CMake package (smpp::proto, smpp::net) and a pkg-config file, man pages made with
# help2man from --help, and bash completion. Included from the top-level CMakeLists.txt after
# the targets exist; packaging.cmake turns the same rules into a .deb.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SMPP_BOOST_MIN_VERSION 1.81)
set(SMPP_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/smpp")

install(TARGETS smpp-mc smpp-esme RUNTIME COMPONENT runtime)

# The whole header tree, whatever it holds at build time.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/common/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

# smpp_cli is application support for the two binaries (and leaves common/): not exported.
install(TARGETS smpp_proto smpp_net EXPORT smppTargets
        ARCHIVE COMPONENT development
        )
install(EXPORT smppTargets NAMESPACE smpp:: DESTINATION "${SMPP_CMAKE_INSTALL_DIR}"
        COMPONENT development)

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/smppConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/smppConfig.cmake" INSTALL_DESTINATION "${SMPP_CMAKE_INSTALL_DIR}")
# 0.x: a minor release may break the API.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/smppConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/smppConfig.cmake" "${PROJECT_BINARY_DIR}/smppConfigVersion.cmake"
        DESTINATION "${SMPP_CMAKE_INSTALL_DIR}" COMPONENT development)

# pkg-config: prefix relative to the .pc file, so `cmake --install --prefix` and DESTDIR work.
file(RELATIVE_PATH SMPP_PC_PREFIX_FROM_PCDIR "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
string(REGEX REPLACE "/$" "" SMPP_PC_PREFIX_FROM_PCDIR "${SMPP_PC_PREFIX_FROM_PCDIR}")
configure_file("${CMAKE_CURRENT_LIST_DIR}/smpp.pc.in" "${PROJECT_BINARY_DIR}/smpp.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/smpp.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
        COMPONENT development)

# Man pages from --help. help2man is given the project version rather than asking --version,
# whose git commit would make the pages of two builds of one release differ.
find_program(SMPP_HELP2MAN help2man)
if(NOT SMPP_HELP2MAN)
  message(FATAL_ERROR "help2man not found: it makes the man pages that `cmake --install` installs. "
                      "Install it (Debian: apt-get install help2man; cmake/bootstrap.sh does).")
endif()
set(_smpp_man_pages)
foreach(_smpp_bin IN ITEMS smpp-mc smpp-esme)
  if(_smpp_bin STREQUAL "smpp-mc")
    set(_smpp_what "SMPP 3.4 message centre simulator")
  else()
    set(_smpp_what "SMPP 3.4 ESME traffic client")
  endif()
  set(_smpp_page "${PROJECT_BINARY_DIR}/man/${_smpp_bin}.1")
  # Compressed, as Debian installs man pages (man reads them either way).
  add_custom_command(OUTPUT "${_smpp_page}.gz"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/man"
    COMMAND "${SMPP_HELP2MAN}" --no-info --no-discard-stderr
            "--version-string=${PROJECT_VERSION}" "--name=${_smpp_what}"
            "--source=smpp-toolkit ${PROJECT_VERSION}" --output "${_smpp_page}"
            "$<TARGET_FILE:${_smpp_bin}>"
    COMMAND gzip -9 -n -f "${_smpp_page}"
    DEPENDS ${_smpp_bin}
    COMMENT "Generating the ${_smpp_bin}(1) man page from --help"
    VERBATIM)
  list(APPEND _smpp_man_pages "${_smpp_page}.gz")
endforeach()
add_custom_target(smpp_man_pages ALL DEPENDS ${_smpp_man_pages})
install(FILES ${_smpp_man_pages} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT runtime)

# Bash completion: one script that reads the flags from the binary's --help when completing,
# so it never goes stale; installed under each command's name, as bash-completion looks it up.
foreach(_smpp_bin IN ITEMS smpp-mc smpp-esme)
  install(FILES "${CMAKE_CURRENT_LIST_DIR}/smpp-completion.bash"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
          RENAME "${_smpp_bin}" COMPONENT runtime)
endforeach()

# Debian's policy wants the licence with every package; the same text serves other installs.
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/smpp-toolkit"
        RENAME copyright COMPONENT runtime)
