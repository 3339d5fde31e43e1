#pragma once
// From a case's [microcarriers] to what the particle kernels start from: the
// bead parameters in lattice units and the initial parcels. Seeding is
// deterministic in the seed alone, so every rank builds the same beads and
// keeps those in its own cells.
#include <vector>
#include "kernels/particle_types.h"
#include "meshes/box_domain.h"
#include "solver/case_model.h"
#include "solver/units.h"

namespace stirlb {

// Fraction of a settled bed's volume that the beads fill (random loose
// packing of spheres is 0.55-0.60).
constexpr double kSettledPacking = 0.6;

BeadParams bead_params(const MicrocarrierSpec& spec, const FluidProperties& fluid, const LatticeUnits& units);

// Real beads in `liquid_volume_m3` of liquid at the spec's loading.
double real_bead_count(const MicrocarrierSpec& spec, double liquid_volume_m3);

// spec.parcels beads with ids 0..parcels-1, each standing for real_beads /
// parcels real beads, at rest, unreleased, each inside a cell whose flag is
// kFluid exactly. Uniform: uniformly over the fluid cells. Settled: uniformly
// over the bed a settled loading forms, the lowest whole layers of fluid
// cells that hold the beads' volume at kSettledPacking, and at least every
// fluid cell that sits on a solid one. dx (m) converts the bead diameter to
// cells. Throws std::invalid_argument on a lattice without fluid cells, no
// parcels, or a settled start whose gravity is not along -z.
std::vector<Bead> seed_beads(const MicrocarrierSpec& spec, const BoxLattice& box, double dx, double real_beads);

}  // namespace stirlb
