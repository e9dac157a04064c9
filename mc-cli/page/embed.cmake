# Turns status.html into a C++ source holding it as one string, so the binary serves the page
# without a file beside it. Run at build time: cmake -DIN=... -DOUT=... -P embed.cmake
file(READ "${IN}" html)
file(WRITE "${OUT}" "// Generated from mc-cli/page/status.html by embed.cmake: edit that file.\n"
  "#include <string_view>\nnamespace smpp::mc_app {\nextern const std::string_view status_page;\n"
  "const std::string_view status_page = R\"smpp_page(${html})smpp_page\";\n}\n")
