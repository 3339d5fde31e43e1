#pragma once
// PETSc log events for the parts of a step, so that `stirlb run --profile`
// (or PETSC_OPTIONS=-log_view) prints where the time went, per rank and
// summed, with PETSc's usual breakdown. Events cost two clock reads when
// logging is off.
#include <petsclog.h>

namespace stirlb {

struct ProfileEvents {
  PetscLogEvent collide_stream, halo_wait, halo_pack, immersed_boundary, particles, blend, output, checkpoint;
};

// Registered once per process (PETSc must be up).
const ProfileEvents& profile_events();

// Turns logging on; profile_report prints PETSc's -log_view table.
void start_profiling();
void profile_report();

class ProfileScope {
 public:
  explicit ProfileScope(PetscLogEvent event) : event_(event) { PetscLogEventBegin(event_, 0, 0, 0, 0); }
  ~ProfileScope() { PetscLogEventEnd(event_, 0, 0, 0, 0); }
  ProfileScope(const ProfileScope&) = delete;
  ProfileScope& operator=(const ProfileScope&) = delete;

 private:
  PetscLogEvent event_;
};

}  // namespace stirlb
