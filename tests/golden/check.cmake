# One golden fingerprint check (tests/golden/CMakeLists.txt adds one CTest test per row of
# fingerprints.csv). Runs
#   JITSIM run SCENARIO --seed SEED -n N --threads 2 --out OUT
# from SOURCE_DIR and compares the sha256 of OUT/summary.csv with EXPECTED.
foreach(var JITSIM SOURCE_DIR SCENARIO SEED N EXPECTED OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check.cmake: -D${var}=... is missing")
  endif()
endforeach()

file(REMOVE_RECURSE ${OUT})
set(cmd ${JITSIM} run ${SCENARIO} --seed ${SEED} -n ${N} --threads 2 --out ${OUT} --quiet)
execute_process(COMMAND ${cmd} WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
string(REPLACE ";" " " cmd_text "${cmd}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "golden: the run failed (exit ${rc}):\n  ${cmd_text}\n${err}")
endif()
file(SHA256 ${OUT}/summary.csv actual)
if(NOT actual STREQUAL EXPECTED)
  message(FATAL_ERROR
    "golden: summary.csv of ${SCENARIO} (seed ${SEED}, ${N} replications) changed\n"
    "  expected sha256 ${EXPECTED}\n"
    "  actual   sha256 ${actual}\n"
    "  command (from ${SOURCE_DIR}): ${cmd_text}\n"
    "  its output: ${OUT}/summary.csv\n"
    "If the model change is intended, regenerate with\n"
    "  tests/golden/update.sh BUILD_DIR\n"
    "and commit tests/golden/fingerprints.csv in the same commit as the change, saying why "
    "the numbers moved.")
endif()
message(STATUS "golden: ${SCENARIO} ok (${actual})")
file(REMOVE_RECURSE ${OUT})
