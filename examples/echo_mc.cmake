# echo_mc: an MC in under 80 lines on the public server API (smpp/net/server.hpp) only.
add_executable(echo_mc ${CMAKE_CURRENT_LIST_DIR}/echo_mc.cpp)
target_link_libraries(echo_mc PRIVATE smpp_net)

if(BUILD_TESTING)
  # The real smpp-esme against it: 3 submits, 3 MO deliver_sm back, both sides exit 0.
  add_test(NAME examples.echo_mc
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/echo_mc_test.sh $<TARGET_FILE:echo_mc> $<TARGET_FILE:smpp-esme>)
  set_tests_properties(examples.echo_mc PROPERTIES TIMEOUT 60 LABELS example)
endif()
