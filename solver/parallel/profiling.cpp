#include "profiling.h"

#include <petscviewer.h>
#include "petsc_check.h"

namespace stirlb {

const ProfileEvents& profile_events() {
  static const ProfileEvents events = [] {
    ProfileEvents e{};
    PetscClassId id;
    STIRLB_CHECK(PETSC, PetscClassIdRegister("stirlb", &id));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("CollideStream", id, &e.collide_stream));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("HaloPack", id, &e.halo_pack));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("HaloWait", id, &e.halo_wait));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("ImmersedBound", id, &e.immersed_boundary));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("Particles", id, &e.particles));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("BlendTracer", id, &e.blend));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("Output", id, &e.output));
    STIRLB_CHECK(PETSC, PetscLogEventRegister("Checkpoint", id, &e.checkpoint));
    return e;
  }();
  return events;
}

void start_profiling() { STIRLB_CHECK(PETSC, PetscLogDefaultBegin()); }

void profile_report() { STIRLB_CHECK(PETSC, PetscLogView(PETSC_VIEWER_STDOUT_WORLD)); }

}  // namespace stirlb
