# tern_add_library(NAME SOURCES... [DEPS ...]): one static library per module folder.
# tern_add_test(NAME SOURCES... DEPS ... [LABELS ...]): a GoogleTest binary registered with CTest.
# tern_add_bench(NAME SOURCES... DEPS ...): a standalone benchmark program (never run by ctest).
# tern_use_allocator(TARGET): links a program with mimalloc when TERN_MIMALLOC found it.

function(tern_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE tern_warnings ${ARG_PRIVATE_DEPS})
endfunction()

function(tern_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main
                        tern_warnings)
  target_compile_definitions(${name} PRIVATE
    TERN_SHARED_DIR="${TERN_SHARED_DIR}"
    TERN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    TERN_BINARY="$<TARGET_FILE:tern>")
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

function(tern_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} tern_warnings)
  tern_use_allocator(${name})
endfunction()

# The shared libmimalloc replaces malloc and free for the whole process once it is linked in
# (its symbols come before libc's); no source change needed.
function(tern_use_allocator target)
  if(TARGET mimalloc)
    target_link_libraries(${target} PRIVATE mimalloc)
  endif()
endfunction()

# tern_add_module_part(NAME DIR DEPS ...): a static library from every .cc under DIR (recursive).
# Module folders with sub-parts (asl/) use one library per part so a part's dependencies are
# spelled out in CMake and a broken part does not stop the others from building.
function(tern_add_module_part name)
  cmake_parse_arguments(ARG "" "DIR" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${ARG_DIR}/*.cc)
  if(srcs)
    tern_add_library(${name} SOURCES ${srcs} DEPS ${ARG_DEPS})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# tern_add_test_dir(NAME DEPS ...): one GoogleTest binary from every *_test.cc in the current
# source directory (tests/ mirrors the module folders; one binary per folder).
function(tern_add_test_dir name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "DEPS;LABELS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(NOT srcs)
    return()
  endif()
  tern_add_test(${name} SOURCES ${srcs} DEPS ${ARG_DEPS} LABELS ${ARG_LABELS}
                TIMEOUT ${ARG_TIMEOUT})
endfunction()
