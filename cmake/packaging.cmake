# CPack: `cpack -G DEB` in the build tree makes smpp-toolkit_<version>_<arch>.deb from the
# install rules in install.cmake (one package: the binaries and the development files).
set(CPACK_PACKAGE_NAME "smpp-toolkit")
set(CPACK_PACKAGE_VENDOR "smpp-toolkit")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SMPP 3.4 message centre simulator, ESME client and C++20 library")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "smpp-mc, an SMPP 3.4 message centre simulator, and smpp-esme, a traffic\n"
  "client, which always end sessions with unbind/unbind_resp; and the static\n"
  "C++20 libraries they are built on (smpp::proto: codec and sans-io session\n"
  "state machine; smpp::net: Asio network layer), with headers, a CMake\n"
  "package (find_package(smpp)) and a pkg-config file (smpp.pc).")
set(CPACK_PACKAGE_CONTACT "smpp-toolkit dev <dev@smpp-toolkit.local>")
set(CPACK_STRIP_FILES ON)  # the executables; CMake never strips static libraries

set(CPACK_DEBIAN_PACKAGE_NAME "smpp-toolkit")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Runtime Depends (libc6, libstdc++6, libssl3, libspdlog1.10, libfmt9,
# libboost-program-options1.81.0, ...) are read from the binaries by dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Building against the library (find_package(smpp) or pkg-config) needs the headers of what it
# links; not needed to run the two commands, so suggested only.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libboost1.81-dev, libfmt-dev, libssl-dev, pkg-config, bash-completion")

include(CPack)
