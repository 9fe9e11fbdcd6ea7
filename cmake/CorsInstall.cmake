# Install rules and package files for libcors: the library, its public
# headers, cors-check, the man pages, a CMake package (find_package(cors))
# and libcors.pc.
#
# Included by the top-level CMakeLists.txt only when CORS_INSTALL is on, so a
# parent project that vendors libcors (add_subdirectory, FetchContent) gets
# no install rules unless it asks for them.

include(CMakePackageConfigHelpers)

# Empty means <libdir>/cmake/cors, following CMAKE_INSTALL_LIBDIR even when
# that changes after the first configure.
set(CORS_INSTALL_CMAKEDIR "" CACHE STRING
  "Where the CMake package files of libcors go (default <libdir>/cmake/cors)")
mark_as_advanced(CORS_INSTALL_CMAKEDIR)
set(cors_install_cmakedir "${CORS_INSTALL_CMAKEDIR}")
if(NOT cors_install_cmakedir)
  set(cors_install_cmakedir "${CMAKE_INSTALL_LIBDIR}/cmake/cors")
endif()

get_target_property(cors_library_type cors TYPE)
if(cors_library_type STREQUAL "STATIC_LIBRARY")
  set(CORS_PACKAGE_STATIC ON)
else()
  set(CORS_PACKAGE_STATIC OFF)
endif()

# --- the library and its headers ---------------------------------------

install(TARGETS cors EXPORT corsTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
    NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)

# Every header of include/cors/ plus the generated ones (cors_version.h),
# so a header added later is installed without touching this file.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cors/
                  ${PROJECT_BINARY_DIR}/include/cors/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cors
  COMPONENT development
  FILES_MATCHING PATTERN "*.h")

# --- cors-check (built by tools/ when CORS_BUILD_TOOLS is on) ----------

if(TARGET cors-check)
  install(TARGETS cors-check
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  # An installed cors-check linked to the shared library must find it in a
  # prefix the dynamic linker does not search (/opt/..., $HOME/.local):
  # point its RUNPATH at the library directory, relative to itself, unless
  # that directory is a system one.
  if(NOT CORS_PACKAGE_STATIC)
    list(FIND CMAKE_C_IMPLICIT_LINK_DIRECTORIES
      "${CMAKE_INSTALL_FULL_LIBDIR}" cors_libdir_is_system)
    if(cors_libdir_is_system EQUAL -1)
      file(RELATIVE_PATH cors_bin_to_lib
        "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
      set_property(TARGET cors-check APPEND PROPERTY
        INSTALL_RPATH "$ORIGIN/${cors_bin_to_lib}")
    endif()
  endif()
endif()

# --- man pages: cors-check(1) with the tool, libcors(3) with the headers

if(TARGET cors-check)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/man/cors-check.1
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/libcors.3
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man3 COMPONENT development)

# --- CMake package: cors-config.cmake, cors-config-version.cmake -------

install(EXPORT corsTargets
  NAMESPACE cors::
  FILE cors-targets.cmake
  DESTINATION ${cors_install_cmakedir}
  COMPONENT development)

set(cors_package_dir ${PROJECT_BINARY_DIR}/package)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/cors-config.cmake.in
  ${cors_package_dir}/cors-config.cmake
  INSTALL_DESTINATION ${cors_install_cmakedir}
  NO_SET_AND_CHECK_MACRO)
# 1.x satisfies find_package(cors 1.0) but 2.0 does not: the SONAME changes
# with the major version, and so may the API.
write_basic_package_version_file(
  ${cors_package_dir}/cors-config-version.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
    ${cors_package_dir}/cors-config.cmake
    ${cors_package_dir}/cors-config-version.cmake
  DESTINATION ${cors_install_cmakedir}
  COMPONENT development)

# --- pkg-config: libcors.pc -------------------------------------------

# libdir and includedir stay relative to ${prefix} unless GNUInstallDirs was
# given absolute paths (-DCMAKE_INSTALL_LIBDIR=/usr/lib64), which are kept.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CORS_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(CORS_PC_LIBDIR "\${exec_prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(CORS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(CORS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# A static-only install must make every consumer define CORS_STATIC, as the
# CMake target does through its INTERFACE compile definitions.
set(CORS_PC_CFLAGS "")
if(CORS_PACKAGE_STATIC)
  set(CORS_PC_CFLAGS " -DCORS_STATIC")
endif()
# The library calls pthread_once and pthread_key_create (per-thread regex
# match data), so a static link needs the threads library. With glibc 2.34
# and later CMAKE_THREAD_LIBS_INIT is empty (they moved into libc), which
# would leave older or other C libraries without it: with a pthreads
# compiler driver, -pthread is right everywhere.
find_package(Threads REQUIRED)
if(CMAKE_USE_PTHREADS_INIT AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  set(CORS_PC_LIBS_PRIVATE "-pthread")
else()
  set(CORS_PC_LIBS_PRIVATE "${CMAKE_THREAD_LIBS_INIT}")
endif()
# A libcors built with libpsl needs it in a static link.
set(CORS_PC_REQUIRES_PSL "")
if(CORS_HAVE_LIBPSL)
  set(CORS_PC_REQUIRES_PSL " libpsl")
endif()

# The prefix is only known for sure at install time
# (cmake --install build --prefix DIR), so the file is generated in two
# passes: everything else now, the prefix by the install step.
set(CORS_PC_PREFIX "@CORS_PC_PREFIX@")
configure_file(${CMAKE_CURRENT_LIST_DIR}/libcors.pc.in
  ${cors_package_dir}/libcors.pc.stage1 @ONLY)
install(CODE "
  set(CORS_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${cors_package_dir}/libcors.pc.stage1\"
    \"${cors_package_dir}/libcors.pc\" @ONLY)
  " COMPONENT development)
install(FILES ${cors_package_dir}/libcors.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT development)
