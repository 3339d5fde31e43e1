#pragma once
// The [microcarriers] table of a case file: bead material (a named preset or
// diameter and density), loading, parcels and initial placement. What can be
// checked from the file alone is checked while parsing; what needs the
// lattice (bead against cell size and gaps) is check_microcarriers_fit.
#include <string_view>
#include <vector>
#include "meshes/box_domain.h"
#include "solver/case_model.h"
#include "solver/case_table.h"
#include "solver/units.h"

namespace stirlb {

struct GapReport;  // solver/resolution_report.h

// A commercial bead as its maker describes it (see the sources in the .cpp
// and cases/README.md).
struct MicrocarrierPreset {
  std::string_view name;   // as written in the case file
  std::string_view label;  // product name
  double diameter = 0;     // m, mean hydrated diameter
  double density = 0;      // kg/m^3, hydrated
  double beads_per_gram = 0;  // per g dry weight; 0 when the maker gives none
};

const std::vector<MicrocarrierPreset>& microcarrier_presets();

// Fills c.microcarriers. Needs c.fluid and the tank or box domain parsed.
void parse_microcarriers(const case_detail::Table& t, CaseModel& c);

// Liquid volume of the case as written (m^3): the vessel's (baffles removed)
// or the box's. The loading refers to this volume.
double case_liquid_volume(const CaseModel& c);

// Throws CaseError (key microcarriers.diameter, or the loading key when the
// beads cannot fit) where the beads do not suit this lattice: a bead as wide
// as the narrowest gap, a bead wider than a cell (the point-particle model
// needs d <= dx), or more bead volume than a random close packing of the
// lattice's liquid cells, or (two-way coupling) parcels heavier than
// kMaxTwoWayParcelMass of a cell's fluid. Does nothing without [microcarriers].
// Two-way coupling: the largest parcel mass, as a fraction of one cell's
// fluid mass, whose reaction a cell takes as a small perturbation.
constexpr double kMaxTwoWayParcelMass = 0.25;

void check_microcarriers_fit(const CaseModel& c, const LatticeUnits& units, const BoxLattice& box,
                             const std::vector<GapReport>& gaps);

}  // namespace stirlb
