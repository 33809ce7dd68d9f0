# Run at build time (cmake -P): writes the man page and the shell completions that the strata binary
# just built generates from its own command-line definition.
#   cmake -DSTRATA=path/to/strata -DOUT=dir -P StrataDocsGenerate.cmake
foreach(item "strata.1;__reference;man" "strata.bash;completion;bash" "_strata;completion;zsh"
             "strata.fish;completion;fish")
  list(POP_FRONT item file)
  execute_process(COMMAND ${STRATA} ${item} OUTPUT_FILE ${OUT}/${file}.new RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "`${STRATA} ${item}` failed (${failed}): cannot write ${OUT}/${file}")
  endif()
  # Unchanged files keep their time, so nothing that depends on them is redone.
  file(COPY_FILE ${OUT}/${file}.new ${OUT}/${file} ONLY_IF_DIFFERENT)
  file(REMOVE ${OUT}/${file}.new)
endforeach()
