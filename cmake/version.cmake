# What --version prints: the project version, and the commit when the source tree is a git
# checkout. smpp_git_commit() leaves OUT empty where there is none (a tarball, a source tree
# copied for a package build, no git installed); tests/version-commit.cmake runs it both ways.
#
#   include(cmake/version.cmake)   # sets SMPP_GIT_COMMIT for the source tree
#   cmake -DSMPP_VERSION_TEST_DIR=DIR -P cmake/version.cmake   # prints DIR's commit, or nothing

# smpp_git_commit(OUT DIR): the abbreviated commit of DIR, when DIR is the top of a checkout
# (not a directory inside someone else's repository).
function(smpp_git_commit out dir)
  set(${out} "" PARENT_SCOPE)
  find_program(SMPP_GIT git)
  if(NOT SMPP_GIT)
    return()
  endif()
  execute_process(COMMAND "${SMPP_GIT}" -C "${dir}" rev-parse --show-toplevel --short=12 HEAD
                  RESULT_VARIABLE rc OUTPUT_VARIABLE lines ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    return()
  endif()
  string(REPLACE "\n" ";" lines "${lines}")
  list(GET lines 0 top)
  list(GET lines 1 commit)
  file(REAL_PATH "${dir}" dir)
  file(REAL_PATH "${top}" top)
  if(top STREQUAL dir)
    set(${out} "${commit}" PARENT_SCOPE)
  endif()
endfunction()

# smpp_watch_head(DIR): re-configure when DIR's HEAD moves (a commit, a checkout), so the commit
# --version names is never that of an older configure.
function(smpp_watch_head dir)
  execute_process(COMMAND "${SMPP_GIT}" -C "${dir}" rev-parse --path-format=absolute --git-path HEAD
                          --git-path packed-refs
                  OUTPUT_VARIABLE files ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND "${SMPP_GIT}" -C "${dir}" symbolic-ref -q HEAD
                  OUTPUT_VARIABLE ref ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(ref)
    execute_process(COMMAND "${SMPP_GIT}" -C "${dir}" rev-parse --path-format=absolute --git-path "${ref}"
                    OUTPUT_VARIABLE ref_file ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    string(APPEND files "\n${ref_file}")
  endif()
  string(REPLACE "\n" ";" files "${files}")
  foreach(file IN LISTS files)
    # Only files that exist: a missing one would make every build re-configure.
    if(EXISTS "${file}")
      set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
    endif()
  endforeach()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  smpp_git_commit(commit "${SMPP_VERSION_TEST_DIR}")
  message("${commit}")
else()
  smpp_git_commit(SMPP_GIT_COMMIT "${PROJECT_SOURCE_DIR}")
  if(SMPP_GIT_COMMIT)
    smpp_watch_head("${PROJECT_SOURCE_DIR}")
  endif()
endif()
