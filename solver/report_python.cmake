# The Python that `stirlb report` and `stirlb compare` run: the first of
# python3 on PATH and /usr/bin/python3 that can import matplotlib and numpy
# (on many machines the python3 on PATH is a pyenv or venv one without
# them, while Debian's python3-matplotlib is under /usr/bin). Set
# STIRLB_REPORT_PYTHON to choose one yourself; STIRLB_PYTHON in the
# environment overrides either at run time.
set(STIRLB_REPORT_PYTHON "" CACHE FILEPATH
    "Python with matplotlib and numpy for stirlb report/compare (empty: the first of python3 on PATH, /usr/bin/python3 that has them)")

function(stirlb_python_has_plotting python result)
  execute_process(COMMAND "${python}" -c "import matplotlib, numpy"
                  RESULT_VARIABLE code OUTPUT_QUIET ERROR_QUIET TIMEOUT 60)
  if(code EQUAL 0)
    set(${result} TRUE PARENT_SCOPE)
  else()
    set(${result} FALSE PARENT_SCOPE)
  endif()
endfunction()

set(candidates)
if(STIRLB_REPORT_PYTHON)
  list(APPEND candidates "${STIRLB_REPORT_PYTHON}")
else()
  # Not cached: each configure looks again, and so sees a matplotlib
  # installed since the last one.
  find_program(_stirlb_path_python python3 NO_CACHE)
  if(_stirlb_path_python)
    list(APPEND candidates "${_stirlb_path_python}")
  endif()
  if(EXISTS /usr/bin/python3)
    list(APPEND candidates /usr/bin/python3)
  endif()
endif()

set(found "")
foreach(python IN LISTS candidates)
  stirlb_python_has_plotting("${python}" ok)
  if(ok)
    set(found "${python}")
    break()
  endif()
endforeach()

# Internal cache: tests/ (a sibling directory) runs its report tests with it.
set(STIRLB_REPORT_INTERPRETER "${found}" CACHE INTERNAL "Python that stirlb report runs")
set(STIRLB_REPORT_PACKAGE_DIR "${PROJECT_SOURCE_DIR}/postproc" CACHE INTERNAL "Where the stirlb_report package is")
if(found)
  message(STATUS "stirlb: reports run ${found}")
else()
  message(WARNING "stirlb: no python3 with matplotlib and numpy (tried: ${candidates}); `stirlb report` and "
                  "`stirlb compare` will refuse to run and their tests fail. Install python3-matplotlib and "
                  "python3-numpy (scripts/install-deps.sh), or set STIRLB_REPORT_PYTHON.")
endif()

# The header holds them as C++ string literals.
foreach(var STIRLB_REPORT_INTERPRETER STIRLB_REPORT_PACKAGE_DIR)
  string(REPLACE "\\" "\\\\" escaped "${${var}}")
  string(REPLACE "\"" "\\\"" escaped "${escaped}")
  set(${var}_LITERAL "${escaped}")
endforeach()
