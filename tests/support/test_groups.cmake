# Registers the cases of a GoogleTest binary with CTest one group at a time: a suite, split by its
# parameter when it has a few (Backends/EveryBackendTest/duckdb), else whole (a catalogue of inputs).
# Why groups: under the sanitizers one start of the test binary costs 0.4 s, and there are 760 cases.
# CTest reads this file as it starts (TEST_INCLUDE_FILES), so the server backends follow the environment
# of that run. One case alone: the binary itself, `strata_tests --gtest_filter=Suite.Case`.
# Inputs: STRATA_GROUPS_BINARY, STRATA_GROUPS_DIR (working folder), STRATA_GROUPS_TIMEOUT (seconds).
set(max_parameters_split 8)

execute_process(COMMAND "${STRATA_GROUPS_BINARY}" --gtest_list_tests
                WORKING_DIRECTORY "${STRATA_GROUPS_DIR}" OUTPUT_VARIABLE listing ERROR_VARIABLE errors
                RESULT_VARIABLE result TIMEOUT 120)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${STRATA_GROUPS_BINARY} --gtest_list_tests failed (${result}): ${errors}")
endif()

string(REPLACE "\n" ";" lines "${listing}")
set(suites)
foreach(line IN LISTS lines)
  string(REGEX REPLACE "  #.*" "" line "${line}")
  if(line MATCHES "^([^ ]+)\\.$")
    set(suite "${CMAKE_MATCH_1}")
    list(APPEND suites "${suite}")
    set(parameters_${suite})
    set(split_${suite} TRUE)
  elseif(line MATCHES "^  ([^ ]+)$")
    set(case "${CMAKE_MATCH_1}")
    # A value-parameterized case is Prefix/Suite.Case/Parameter.
    if(suite MATCHES "/" AND case MATCHES "/([^/]+)$")
      list(APPEND parameters_${suite} "${CMAKE_MATCH_1}")
    else()
      set(split_${suite} FALSE)
    endif()
  endif()
endforeach()

foreach(suite IN LISTS suites)
  list(REMOVE_DUPLICATES parameters_${suite})
  list(LENGTH parameters_${suite} count)
  if(split_${suite} AND count GREATER 0 AND count LESS_EQUAL max_parameters_split)
    foreach(parameter IN LISTS parameters_${suite})
      add_test("${suite}/${parameter}" "${STRATA_GROUPS_BINARY}" "--gtest_filter=${suite}.*/${parameter}" --gtest_brief=1)
      set_tests_properties("${suite}/${parameter}" PROPERTIES WORKING_DIRECTORY "${STRATA_GROUPS_DIR}"
                           TIMEOUT ${STRATA_GROUPS_TIMEOUT})
    endforeach()
  else()
    add_test("${suite}" "${STRATA_GROUPS_BINARY}" "--gtest_filter=${suite}.*" --gtest_brief=1)
    set_tests_properties("${suite}" PROPERTIES WORKING_DIRECTORY "${STRATA_GROUPS_DIR}" TIMEOUT ${STRATA_GROUPS_TIMEOUT})
  endif()
endforeach()
