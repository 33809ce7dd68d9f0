# The Debian package: `cmake --build BUILD --target package` makes strata_<version>_<arch>.deb with
# everything `cmake --install` installs (binary, library, headers, CMake package, pkg-config file, man
# page, completions) under /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME strata)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "versioned database migrations, safely")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "strata applies, reverts and checks versioned SQL and MongoDB migrations on SQLite,\n"
    "PostgreSQL, MySQL/MariaDB, MongoDB and DuckDB, with a history, a runner lock and\n"
    "a risk analysis. This package holds the strata command and libstrata, the library\n"
    "that embeds the same engine in an application.")
string(JOIN " " CPACK_DEBIAN_PACKAGE_DESCRIPTION ${CPACK_DEBIAN_PACKAGE_DESCRIPTION})
string(REPLACE "\n " "\n" CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_DEBIAN_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "strata maintainers <strata@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # strata_0.1.0_amd64.deb
# Depends: the shared libraries the command links, with versions, from dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcrypto, which strata opens on its first checksum (src/source/checksum.cc): no ELF file names it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libssl3")
# libduckdb.so, when built with DuckDB, ships in the package itself (it is no Debian package): the
# command's RPATH finds it there, and dpkg-shlibdeps, finding no package for it, adds nothing.
# Recommends: what a program built against libstrata (static) needs; the config file and strata.pc
# ask for these. One list, one package a line; a new driver or feature adds its -dev package here.
set(STRATA_DEB_DEVELOPMENT_PACKAGES
  libsqlite3-dev
  libssl-dev
  libfmt-dev
  nlohmann-json3-dev
  libpg-query-dev
  libcpp-httplib-dev)
if(STRATA_WITH_POSTGRES)
  list(APPEND STRATA_DEB_DEVELOPMENT_PACKAGES libpq-dev)
endif()
if(STRATA_WITH_MYSQL)
  list(APPEND STRATA_DEB_DEVELOPMENT_PACKAGES libmariadb-dev)
endif()
if(STRATA_WITH_MONGODB)
  list(APPEND STRATA_DEB_DEVELOPMENT_PACKAGES libmongoc-dev)
endif()
list(JOIN STRATA_DEB_DEVELOPMENT_PACKAGES ", " CPACK_DEBIAN_PACKAGE_RECOMMENDS)
include(CPack)
