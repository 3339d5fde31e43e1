// stirlb mesh CASE.toml -o DIR: the geometry a run would use, without
// running it: voxelised cell types and the impeller surface for ParaView, and
// the resolution report (cells per impeller, narrowest gaps, memory).
#include <filesystem>
#include <iostream>
#include <optional>

#include "case_parser.h"
#include "commands.h"
#include "postproc/atomic_file.h"
#include "postproc/output_dir.h"
#include "postproc/vtk_series_writer.h"
#include "resolution_report.h"
#include "simulation.h"

namespace stirlb {

namespace {

struct MeshOptions {
  std::string case_file;
  std::string output_dir;
  bool overwrite = false;
};

int mesh_case(const MeshOptions& o) {
  const CaseModel model = parse_case_file(o.case_file);
  const LatticeUnits units = derive_lattice_units(model);
  std::optional<VesselLattice> vessel;
  BoxLattice box;
  std::optional<Rotor> rotor;
  if (model.tank) {
    vessel = voxelise_vessel(model.tank->vessel, units.dx);
    box = tank_lattice(*vessel);
    rotor.emplace(*model.tank, model.fluid, units, *vessel);
  } else {
    box = box_lattice(model, units);
  }
  std::cout << unit_report(model, units);
  const ResolutionReport report = resolution_report(model, units, box, rotor ? &*rotor : nullptr);
  std::cout << to_text(report);

  const std::filesystem::path dir = o.output_dir.empty()
                                        ? std::filesystem::path("runs") / (model.name + "-mesh")
                                        : std::filesystem::path(o.output_dir);
  prepare_output_dir(dir, o.overwrite);
  VtkSeriesWriter writer(dir, "geometry");
  ImageGeometry g;
  g.nx = box.grid.nx, g.ny = box.grid.ny, g.nz = box.grid.nz;
  g.spacing = units.dx;
  for (int a = 0; a < 3; ++a) g.origin[a] = (-0.5 - box.origin_cell[a]) * units.dx;
  writer.write(0.0, 0, g, {}, {{"cell_type", box.flags.data()}});
  if (rotor) writer.write_surface(0.0, 0, rotor->surface(0.0));
  write_json_atomic(dir / "resolution.json", to_json(report));
  std::cout << "wrote " << writer.collection_path().string() << " and " << (dir / "resolution.json").string()
            << "\n";
  return kExitOk;
}

}  // namespace

void add_mesh_command(CLI::App& app) {
  auto options = std::make_shared<MeshOptions>();
  CLI::App* mesh = app.add_subcommand(
      "mesh", "Voxelise a case's geometry and write it (.vti cell types, .vtp impeller) with a resolution report");
  mesh->add_option("case", options->case_file, "Case file (TOML)")->required()->check(CLI::ExistingFile);
  mesh->add_option("-o,--output", options->output_dir, "Output folder (default runs/<case name>-mesh)");
  mesh->add_flag("--overwrite", options->overwrite, "Replace the contents of an existing output folder");
  mesh->final_callback([options] { throw CLI::RuntimeError(mesh_case(*options)); });
}

}  // namespace stirlb
