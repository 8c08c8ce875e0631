# Runs one shell golden test:
#   cellar shell -n --data <fresh dir> < SCRIPT    (without -n for scripts named nostop_*)
# merges standard output and error in the order written, normalises what varies between runs,
# appends "--- exit code: N" and compares the result with EXPECTED.
#
# Normalised: durations "in 0.0123 seconds" -> "in <T> seconds"; "timestamp=N" -> "timestamp=<TS>"
# for every N that does not appear in the script (so explicit timestamps stay); the work
# directory -> <DIR>.
# Set the environment variable CELLAR_GOLDEN_UPDATE=1 to rewrite EXPECTED from the actual output.
#
# Inputs (-D): CELLAR (the program), SCRIPT, EXPECTED, WORK_DIR.

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(script_name "${SCRIPT}" NAME)
set(mode_flag -n)
if(script_name MATCHES "^nostop_")
  set(mode_flag)
endif()
execute_process(
  COMMAND "${CELLAR}" shell ${mode_flag} --data "${WORK_DIR}/data"
  INPUT_FILE "${SCRIPT}"
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output
  RESULT_VARIABLE exit_code
  WORKING_DIRECTORY "${WORK_DIR}"
  TIMEOUT 60)

string(REGEX REPLACE "in [0-9]+\\.[0-9]+ seconds" "in <T> seconds" output "${output}")
string(REPLACE "${WORK_DIR}" "<DIR>" output "${output}")
file(READ "${SCRIPT}" script_text)
string(REGEX MATCHALL "[0-9]+" script_numbers "${script_text}")
string(REGEX MATCHALL "timestamp=[0-9]+" stamps "${output}")
if(stamps)
  list(REMOVE_DUPLICATES stamps)
endif()
foreach(stamp IN LISTS stamps)
  string(REPLACE "timestamp=" "" number "${stamp}")
  list(FIND script_numbers "${number}" index)
  if(index EQUAL -1)
    string(REGEX REPLACE "timestamp=${number}([^0-9]|$)" "timestamp=<TS>\\1" output "${output}")
  endif()
endforeach()
string(APPEND output "--- exit code: ${exit_code}\n")

if("$ENV{CELLAR_GOLDEN_UPDATE}")
  file(WRITE "${EXPECTED}" "${output}")
  message(STATUS "updated ${EXPECTED}")
  return()
endif()
if(NOT EXISTS "${EXPECTED}")
  file(WRITE "${WORK_DIR}/actual.out" "${output}")
  message(FATAL_ERROR "missing ${EXPECTED}; the actual output is in ${WORK_DIR}/actual.out")
endif()
file(READ "${EXPECTED}" expected)
if(NOT output STREQUAL expected)
  file(WRITE "${WORK_DIR}/actual.out" "${output}")
  execute_process(COMMAND diff -u "${EXPECTED}" "${WORK_DIR}/actual.out")
  message(FATAL_ERROR "output of ${script_name} differs from ${EXPECTED} (diff above; "
                      "CELLAR_GOLDEN_UPDATE=1 ctest -R shell_golden rewrites it)")
endif()
