#include "run_summary.h"

#include "stirlb_version.h"
#include "scale_up_parser.h"

namespace stirlb {

namespace {

nlohmann::json vec3(const std::array<double, 3>& v) { return nlohmann::json::array({v[0], v[1], v[2]}); }

const char* face_type_name(FaceType t) {
  switch (t) {
    case FaceType::Wall: return "wall";
    case FaceType::MovingWall: return "moving_wall";
    case FaceType::FreeSlip: return "free_slip";
    default: return "periodic";
  }
}

}  // namespace

nlohmann::json run_summary(Simulation& sim, const RunRecord& record) {
  const CaseModel& c = sim.model();
  const LatticeUnits& u = sim.units();
  const Diagnostics d = sim.diagnostics();
  nlohmann::json boundaries;
  for (int f = 0; f < kFaceCount; ++f) {
    nlohmann::json face = {{"type", face_type_name(c.domain.faces[f].type)}};
    if (c.domain.faces[f].type == FaceType::MovingWall) face["velocity_m_s"] = vec3(c.domain.faces[f].velocity);
    boundaries[face_name(Face(f))] = face;
  }
  const auto& fc = u.fluid_cells;
  nlohmann::json summary = {
      {"stirlb_version", kStirlbVersion},
      {"case", {{"name", c.name}, {"description", c.description}, {"source", c.source}}},
      {"status", record.status},
      {"parameters_si",
       {{"domain_size_m", vec3(c.domain.size)},
        {"boundaries", boundaries},
        {"density_kg_m3", c.fluid.density},
        {"kinematic_viscosity_m2_s", c.fluid.kinematic_viscosity},
        {"dynamic_viscosity_Pa_s", c.fluid.dynamic_viscosity()},
        {"reference_length_m", c.flow.reference_length},
        {"reference_velocity_m_s", c.flow.reference_velocity},
        {"body_acceleration_m_s2", vec3(c.flow.body_acceleration)},
        {"reynolds_number", u.reynolds}}},
      {"lattice",
       {{"stencil", to_string(c.numerics.stencil)},
        {"collision", to_string(c.numerics.collision)},
        {"les", c.numerics.les},
        {"smagorinsky_constant", c.numerics.smagorinsky_constant},
        {"precision", to_string(c.numerics.precision)},
        {"dx_m", u.dx},
        {"dt_s", u.dt},
        {"tau", u.tau},
        {"lattice_viscosity", u.lattice_viscosity},
        {"lattice_velocity", u.lattice_velocity},
        {"mach", u.mach},
        {"fluid_cells_per_axis", {fc[0], fc[1], fc[2]}},
        {"fluid_cells", sim.box().fluid_cell_count()},
        {"total_cells", sim.box().grid.cells()}}},
      {"run",
       {{"backend", record.backend},
        {"steps", sim.step()},
        {"simulated_time_s", sim.time()},
        {"wall_time_s", record.wall_seconds},
        {"mlups", record.mlups},
        {"outputs_written", record.outputs}}},
      {"diagnostics",
       {{"mass_kg", d.mass_kg},
        {"mass_drift_relative", d.mass_drift},
        {"kinetic_energy_J", d.kinetic_energy_J},
        {"max_velocity_m_s", d.max_speed_m_s},
        {"finite", d.finite}}},
      {"warnings", u.warnings},
  };
  if (c.tank) {  // a tank has no box domain; its geometry is in the "tank" section
    summary["parameters_si"].erase("domain_size_m");
    summary["parameters_si"].erase("boundaries");
    summary["parameters_si"].erase("body_acceleration_m_s2");
  }
  if (c.scale_up) summary["scale_up"] = scale_up_json(*c.scale_up);  // from `stirlb scale`
  return summary;
}

}  // namespace stirlb
