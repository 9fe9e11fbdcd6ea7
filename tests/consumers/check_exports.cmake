# Fails unless every symbol the shared library LIB exports is API, named
# cors_* (and not cors__*, the prefix of internals): the rest of libcors is
# hidden (C_VISIBILITY_PRESET hidden plus CORS_API), so nothing else can
# clash with a host's own symbols or be mistaken for API.
#
#   cmake -DNM=nm -DLIB=libcors.so -P check_exports.cmake

cmake_minimum_required(VERSION 3.21)

if(NOT NM OR NOT LIB)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DLIB=<shared library> -P ${CMAKE_SCRIPT_MODE_FILE}")
endif()

execute_process(COMMAND ${NM} -D --defined-only ${LIB}
  OUTPUT_VARIABLE listing ERROR_VARIABLE nm_errors RESULT_VARIABLE nm_status)
if(NOT nm_status EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIB}: ${nm_errors}")
endif()

# Markers the linker itself defines in every shared object.
set(linker_symbols _init _fini _edata _end __bss_start)

string(REPLACE "\n" ";" lines "${listing}")
set(exported 0)
set(leaked "")
foreach(line IN LISTS lines)
  # "<address> <type> <name>[@version]"
  if(NOT line MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ @]+)")
    continue()
  endif()
  set(name "${CMAKE_MATCH_1}")
  if(name IN_LIST linker_symbols)
    continue()
  endif()
  # cors_ is the API; cors__ names internals shared between libcors's
  # own files, which must stay hidden too.
  if(name MATCHES "^cors_" AND NOT name MATCHES "^cors__")
    math(EXPR exported "${exported} + 1")
  else()
    list(APPEND leaked "${name}")
  endif()
endforeach()

if(leaked)
  list(JOIN leaked "\n  " leaked_text)
  message(FATAL_ERROR
    "${LIB} exports symbols that are not API (cors_*, not cors__*):\n  "
    "${leaked_text}")
endif()
if(exported EQUAL 0)
  message(FATAL_ERROR "${LIB} exports no cors_ symbol at all")
endif()
message(STATUS "${LIB}: ${exported} symbols exported, all API (cors_*)")
