#pragma once
// How well the impeller suspends the microcarriers: the fractions of parcels
// off the bottom and resting on it, how high the cloud reaches and how evenly
// it fills the liquid, taken over the beads of every rank; the suspension.csv
// that records them over a run; and Zwietering's correlation for the
// just-suspended speed, to compare a speed sweep with.
//
// Every parcel of a run stands for the same number of real beads (weight), so
// fractions of parcels are fractions of beads, and the metrics are made of
// integer counts only: summed with MPI_Allreduce over int64 they are exact,
// whatever the order, and therefore identical on any number of ranks.
#include <mpi.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernels/particle_types.h"
#include "solver/time_series_csv.h"

namespace stirlb {

// Where the liquid is, in the beads' whole-lattice coordinates (cells).
struct SuspensionGeometry {
  double bottom = 0;                // bead z coordinate (cells) of the lowest liquid point
  double liquid_height = 0;         // cells
  std::vector<double> zone_volume;  // cells of liquid in each of `zones` equal-height layers, bottom up
};

struct SuspensionMetrics {
  double time = 0;  // s
  std::int64_t parcels = 0, released = 0;
  // Parcels released for longer than the window and off the bottom for
  // longer than the window (age and since_bottom * dt > window), over all parcels.
  double fraction_suspended = 0;
  // Parcels with bottom_time * dt > window (resting on the bottom longer than
  // the window), over all parcels.
  double fraction_settled = 0;
  // Height below which 95 % of the parcels lie, as a fraction of the liquid
  // height (from a 1000-bin histogram, linear within the bin).
  double cloud_height = 0;
  // Coefficient of variation of the concentration over the zones:
  // sqrt(mean((c_i/c_mean - 1)^2)), c_i = parcels in zone i / zone_volume[i].
  double homogeneity_cv = 0;
  double mean_height = 0;  // fraction of the liquid height
};

// Collective over `comm` (MPI_COMM_SELF makes no MPI call): every rank passes
// its own beads and the same geometry, dt (s per step), window (s: the
// suspension window, Zwietering's "no bead rests on the bottom longer than
// 1-2 s") and time (s), and gets the same metrics.
// Heights are measured from g.bottom and clamped to [0, 1] of the liquid
// height; c_mean is the concentration of the whole liquid (all parcels over
// all zone volumes), so that uneven zones (a dished bottom) do not count as
// inhomogeneity. With no parcels every fraction and height is 0.
// Throws std::invalid_argument if dt or the liquid height is not > 0.
SuspensionMetrics suspension_metrics(const std::vector<Bead>& local_beads, const SuspensionGeometry& g, double dt,
                                     double window, double time, MPI_Comm comm);

// suspension.csv: a header, then one row per call of append(), times written
// so that they read back exactly. Only rank 0 touches the file; it keeps it
// open in append mode and flushes every row, so that the file is readable
// while the run goes on and loses at most the row being written in a crash.
// A fresh run starts the file anew; a resumed run (continue_from_time) first
// rewrites it (atomically) keeping only the rows with time <= that time,
// which also drops a row cut short by the crash, then appends to it.
// Constructor and append() are collective over `comm` (which must outlive the
// object) and throw std::runtime_error on every rank if rank 0 cannot write.
class SuspensionCsv {
 public:
  SuspensionCsv(std::filesystem::path file, MPI_Comm comm, std::optional<double> continue_from_time = std::nullopt);
  void append(const SuspensionMetrics& m);

  static const char* header();  // without the line end

 private:
  TimeSeriesCsv csv_;
};

// Keys as in the CSV header: time_s, parcels, released, fraction_suspended,
// fraction_settled, cloud_height, homogeneity_cv, mean_height.
nlohmann::json to_json(const SuspensionMetrics& m);

// Zwietering's just-suspended speed (rps):
//   N_js = S nu^0.1 [g (rho_p - rho_f)/rho_f]^0.45 X^0.13 d_p^0.2 / D^0.85
// SI units (nu m^2/s, g m/s^2, densities kg/m^3, d_p and D m), X = solids mass
// per liquid mass x 100 (percent); S the geometry constant, given by the
// caller (zwietering_s). NaN if rho_p < rho_f (floating solids are drawn down,
// not suspended).
// The correlation was fitted for particles much denser than the liquid (sand,
// glass: Delta rho/rho ~ 0.5-2) at larger loadings than microcarriers (Delta
// rho/rho ~ 0.03, a few g/L), far outside that range: it serves as an
// order-of-magnitude comparison only.
double zwietering_njs(double S, double nu, double g, double rho_p, double rho_f, double mass_ratio_percent, double d_p,
                      double D);

// Zwietering's S for the impeller types of the case files (rushton,
// pitched_blade, marine) at their usual placement (D ~ T/3, C ~ T/4 to T/3);
// NaN for any other type (stl: a geometry no table covers). Approximate
// values: see the table in the .cpp.
double zwietering_s(const std::string& impeller_type);

// The speed at which a measured fraction-suspended curve first reaches
// `level`, walking the sweep points in the order given (ascending speeds):
// linear interpolation between the last point below the level and the first
// at or above it; the first speed if that point already reaches it; nullopt
// if no point does. Throws std::invalid_argument if the sizes differ.
std::optional<double> speed_at_fraction(const std::vector<double>& rpm, const std::vector<double>& fraction,
                                        double level);

}  // namespace stirlb
