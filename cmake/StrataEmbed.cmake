# strata_embed_migrations(TARGET <target> DIR <dir> [FUNCTION <name>])
#
# Compiles the migration files of DIR into TARGET, so a shipped program needs no files beside it.
# TARGET gets a function, declared by the caller as
#     std::vector<strata::MigrationFile> <name>();   // Default name: strata_embedded_migrations
# whose result strata::LoadMigrations() reads exactly as it reads the directory (same checksums).
# The files are re-embedded whenever one changes; adding or removing a file reconfigures.
set(_STRATA_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/StrataEmbedGenerate.cmake")

function(strata_embed_migrations)
  cmake_parse_arguments(ARG "" "TARGET;DIR;FUNCTION" "" ${ARGN})
  if(NOT ARG_TARGET OR NOT ARG_DIR)
    message(FATAL_ERROR "strata_embed_migrations: TARGET and DIR are required")
  endif()
  if(NOT ARG_FUNCTION)
    set(ARG_FUNCTION strata_embedded_migrations)
  endif()
  get_filename_component(dir "${ARG_DIR}" ABSOLUTE)
  file(GLOB files CONFIGURE_DEPENDS "${dir}/*")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_${ARG_FUNCTION}.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" "-DDIR=${dir}" "-DOUT=${out}" "-DFUNCTION=${ARG_FUNCTION}" -P "${_STRATA_EMBED_SCRIPT}"
    DEPENDS ${files} "${_STRATA_EMBED_SCRIPT}"
    COMMENT "Embedding the migrations of ${ARG_DIR} in ${ARG_TARGET}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${out}")
endfunction()
