# Compiler settings shared by every tern target: warnings, sanitizers, ccache.

find_program(TERN_CCACHE ccache)
if(TERN_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${TERN_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${TERN_CCACHE})
endif()

add_library(tern_warnings INTERFACE)
target_compile_options(tern_warnings INTERFACE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
                       -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(tern_warnings INTERFACE -Wshadow=local)
else()
  target_compile_options(tern_warnings INTERFACE -Wshadow-uncaptured-local)
endif()
if(TERN_WERROR)
  target_compile_options(tern_warnings INTERFACE -Werror)
endif()

if(TERN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false maybe-uninitialized warnings inside libstdc++'s <regex> and
    # std::function when instrumented; they would stop a -Werror sanitizer build.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=address,undefined)
endif()
