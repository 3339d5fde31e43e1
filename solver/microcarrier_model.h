#pragma once
// Microcarriers as the case file describes them, in SI units: what the beads
// are, how many there are per litre of liquid, how many computational
// parcels stand for them, and where they start. solver/bead_seeding.h turns
// this into lattice units and bead positions.
#include <array>
#include <cstdint>
#include <numbers>
#include <string>

namespace stirlb {

enum class BeadStart { Settled, Uniform };

// The loading is written either as a mass concentration or as a count.
enum class LoadingUnit { GramsPerLitre, BeadsPerMillilitre };

struct MicrocarrierSpec {
  std::string preset;      // "cytodex-1", ...; "" when diameter and density are given
  double diameter = 0;     // m, hydrated (swollen) bead
  double density = 0;      // kg/m^3, hydrated bead
  // Makers of swelling beads quote how many beads a gram of dry powder gives;
  // a g/L loading of such beads is dry weight per litre. 0: the beads are
  // counted from their hydrated mass rho_p pi d^3 / 6 instead.
  double beads_per_gram = 0;
  LoadingUnit loading_unit = LoadingUnit::GramsPerLitre;
  double loading = 0;      // g/L or beads/mL, as loading_unit says
  std::int64_t parcels = 0;  // computational parcels; each stands for total / parcels real beads
  BeadStart initial = BeadStart::Settled;
  double release_time = 0;     // s; the beads wait where they were seeded until then
  double restitution = 0.5;    // normal velocity kept after a wall contact
  double friction = 0.3;       // Coulomb coefficient at wall contacts
  double added_mass = 0.5;     // C_A; 0.5 for a sphere
  bool pressure_gradient = true;   // the fluid-acceleration (pressure-gradient) force
  bool two_way_coupling = false;   // beads push back on the fluid
  // Zwietering's just-suspended criterion: no bead rests on the bottom longer
  // than this (he used 1-2 s).
  double suspension_window = 1.0;  // s
  int homogeneity_zones = 10;      // equal-height layers for the concentration CV
  std::uint64_t seed = 1;          // of the initial placement
  std::array<double, 3> gravity{0.0, 0.0, -9.81};  // m/s^2
  int line = 0;  // where [microcarriers] starts in the case file, for messages

  double bead_volume() const { return std::numbers::pi / 6 * diameter * diameter * diameter; }  // m^3
  double bead_mass() const { return density * bead_volume(); }  // kg, hydrated
  // Real beads in one litre of liquid.
  double beads_per_litre() const {
    if (loading_unit == LoadingUnit::BeadsPerMillilitre) return loading * 1000.0;
    if (beads_per_gram > 0) return loading * beads_per_gram;
    return loading * 1e-3 / bead_mass();  // g -> kg
  }
  // Real beads in `liquid_volume` m^3 of liquid.
  double total_beads(double liquid_volume) const { return beads_per_litre() * liquid_volume * 1000.0; }
  double parcel_weight(double liquid_volume) const {
    return total_beads(liquid_volume) / static_cast<double>(parcels);
  }
  // Fraction of the liquid volume the beads themselves take up.
  double volume_fraction() const { return beads_per_litre() * bead_volume() * 1000.0; }
};

// Random close packing of equal spheres: no loading can put a larger
// fraction of the liquid into beads.
constexpr double kRandomClosePacking = 0.64;

}  // namespace stirlb
