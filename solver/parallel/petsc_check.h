#pragma once
// STIRLB_CHECK(PETSC, DMDACreate3d(...)): PETSc's message for the code, the
// call and its location (kernels/check.h).
#include <petscsys.h>
#include "kernels/check.h"

namespace stirlb {

inline void check_PETSC(PetscErrorCode rc, const char* call, const char* file, int line) {
  if (rc == 0) return;  // PETSC_SUCCESS, which PETSc 3.18 does not name yet
  const char* text = nullptr;
  PetscErrorMessage(rc, &text, nullptr);
  raise_call_error("PETSc", call, file, line, text ? text : "unknown error");
}

}  // namespace stirlb
