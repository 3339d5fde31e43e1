#include "decomposition.h"

#include <algorithm>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include "mpi_check.h"
#include "petsc_check.h"

namespace stirlb {

GridShape Block::local_grid() const {
  GridShape g;
  g.nx = n[0] + 2;
  g.ny = n[1] + 2;
  g.nz = n[2] + 2;
  // Ghost layers stand where the wrap would have gone.
  for (bool& p : g.periodic) p = false;
  return g;
}

bool Block::global_of(const int (&local)[3], int (&cell)[3]) const {
  for (int a = 0; a < 3; ++a) {
    int v = lo[a] + local[a] - 1;
    if (periodic[a]) v = (v % global[a] + global[a]) % global[a];
    if (v < 0 || v >= global[a]) return false;
    cell[a] = v;
  }
  return true;
}

Decomposition::Decomposition(MPI_Comm comm, const GridShape& global, std::array<int, 3> procs) : comm_(comm) {
  STIRLB_CHECK(MPI, MPI_Comm_rank(comm, &rank_));
  STIRLB_CHECK(MPI, MPI_Comm_size(comm, &size_));
  const int dims[3] = {global.nx, global.ny, global.nz};
  if (procs[0] || procs[1] || procs[2]) {
    if (procs[0] * procs[1] * procs[2] != size_) {
      std::ostringstream m;
      m << "--procs " << procs[0] << "," << procs[1] << "," << procs[2] << " asks for "
        << procs[0] * procs[1] * procs[2] << " ranks, but the run has " << size_;
      throw std::invalid_argument(m.str());
    }
    for (int a = 0; a < 3; ++a)
      if (procs[a] > 1 && procs[a] * kMinCellsPerRank > dims[a]) {
        std::ostringstream m;
        m << "--procs: " << procs[a] << " ranks along " << "xyz"[a] << " leave fewer than " << kMinCellsPerRank
          << " of the " << dims[a] << " cells to each";
        throw std::invalid_argument(m.str());
      }
  }
  DMBoundaryType b[3];
  for (int a = 0; a < 3; ++a) b[a] = global.periodic[a] ? DM_BOUNDARY_PERIODIC : DM_BOUNDARY_NONE;
  const PetscInt m = procs[0] ? procs[0] : PETSC_DECIDE, nn = procs[1] ? procs[1] : PETSC_DECIDE,
                 p = procs[2] ? procs[2] : PETSC_DECIDE;
  // One degree of freedom and a box stencil of width one: the DMDA is the
  // map of the decomposition; the populations live on the backend.
  STIRLB_CHECK(PETSC, DMDACreate3d(comm, b[0], b[1], b[2], DMDA_STENCIL_BOX, dims[0], dims[1], dims[2], m, nn, p, 1,
                                   1, nullptr, nullptr, nullptr, &da_));
  STIRLB_CHECK(PETSC, DMSetUp(da_));
  PetscInt xs, ys, zs, xm, ym, zm, M, N, P, pm, pn, pp;
  STIRLB_CHECK(PETSC, DMDAGetCorners(da_, &xs, &ys, &zs, &xm, &ym, &zm));
  STIRLB_CHECK(PETSC, DMDAGetInfo(da_, nullptr, &M, &N, &P, &pm, &pn, &pp, nullptr, nullptr, nullptr, nullptr,
                                  nullptr, nullptr));
  const PetscInt* lx = nullptr;
  const PetscInt* ly = nullptr;
  const PetscInt* lz = nullptr;
  STIRLB_CHECK(PETSC, DMDAGetOwnershipRanges(da_, &lx, &ly, &lz));
  ranges_[0].assign(lx, lx + pm);
  ranges_[1].assign(ly, ly + pn);
  ranges_[2].assign(lz, lz + pp);
  for (int a = 0; a < 3; ++a)
    for (PetscInt r : ranges_[a])
      if (ranges_[a].size() > 1 && r < kMinCellsPerRank) {
        std::ostringstream s;
        s << "the lattice (" << dims[0] << " x " << dims[1] << " x " << dims[2] << " cells) is too small for "
          << size_ << " ranks: a rank would own " << r << " cell(s) along " << "xyz"[a] << " (at least "
          << kMinCellsPerRank << " needed); use fewer ranks or --procs";
        throw std::invalid_argument(s.str());
      }
  block_.global = {int(M), int(N), int(P)};
  block_.lo = {int(xs), int(ys), int(zs)};
  block_.n = {int(xm), int(ym), int(zm)};
  block_.procs = {int(pm), int(pn), int(pp)};
  for (int a = 0; a < 3; ++a) block_.periodic[a] = global.periodic[a];
  const PetscMPIInt* ranks = nullptr;
  STIRLB_CHECK(PETSC, DMDAGetNeighbors(da_, &ranks));
  for (int k = 0; k < kNeighbourCount; ++k) block_.neighbour[k] = ranks[k] >= 0 ? int(ranks[k]) : -1;
}

Decomposition::~Decomposition() {
  if (da_) DMDestroy(&da_);
}

Block Decomposition::block_of(int r) const {
  // PETSc numbers ranks x fastest over the process grid.
  const int p[3] = {r % block_.procs[0], (r / block_.procs[0]) % block_.procs[1],
                    r / (block_.procs[0] * block_.procs[1])};
  Block b = block_;
  for (int a = 0; a < 3; ++a) {
    b.lo[a] = int(std::accumulate(ranges_[a].begin(), ranges_[a].begin() + p[a], PetscInt(0)));
    b.n[a] = int(ranges_[a][std::size_t(p[a])]);
  }
  // Its neighbours, as DMDAGetNeighbors would give them on that rank.
  for (int k = 0; k < kNeighbourCount; ++k) {
    const std::array<int, 3> e = neighbour_offset(k);
    int q[3];
    bool exists = true;
    for (int a = 0; a < 3; ++a) {
      q[a] = p[a] + e[std::size_t(a)];
      if (b.periodic[a]) q[a] = (q[a] + b.procs[a]) % b.procs[a];
      exists = exists && q[a] >= 0 && q[a] < b.procs[a];
    }
    b.neighbour[std::size_t(k)] = exists ? q[0] + b.procs[0] * (q[1] + b.procs[1] * q[2]) : -1;
  }
  return b;
}

int Decomposition::owner_of(const std::array<int, 3>& cell) const {
  int p[3];
  for (int a = 0; a < 3; ++a) {
    PetscInt end = 0;
    p[a] = 0;
    for (std::size_t k = 0; k < ranges_[a].size(); ++k) {
      end += ranges_[a][k];
      if (cell[std::size_t(a)] < end) break;
      p[a] = int(k) + 1;
    }
    p[a] = std::min(p[a], int(ranges_[a].size()) - 1);
  }
  return p[0] + block_.procs[0] * (p[1] + block_.procs[1] * p[2]);
}

std::vector<std::uint8_t> local_flags(const Block& b, const std::vector<std::uint8_t>& global_flags) {
  const GridShape g = b.local_grid();
  std::vector<std::uint8_t> out(std::size_t(g.cells()), make_flag(kWall));
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        const int local[3] = {x, y, z};
        int c[3];
        if (!b.global_of(local, c)) continue;
        std::uint8_t f = global_flags[std::size_t(c[0] + std::int64_t(b.global[0]) * (c[1] + std::int64_t(b.global[1]) * c[2]))];
        const bool ghost = x == 0 || y == 0 || z == 0 || x == g.nx - 1 || y == g.ny - 1 || z == g.nz - 1;
        if (ghost && f == kFluid) f = kGhostFluid;
        out[std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z))] = f;
      }
  return out;
}

LoadBalance load_balance(const Decomposition& d, const std::vector<std::uint8_t>& local_flags) {
  const Block& b = d.block();
  const GridShape g = b.local_grid();
  std::int64_t mine = 0;
  for (int z = 1; z <= b.n[2]; ++z)
    for (int y = 1; y <= b.n[1]; ++y)
      for (int x = 1; x <= b.n[0]; ++x)
        mine += local_flags[std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z))] == kFluid;
  LoadBalance lb;
  lb.fluid_cells.resize(std::size_t(d.size()));
  STIRLB_CHECK(MPI, MPI_Allgather(&mine, 1, MPI_INT64_T, lb.fluid_cells.data(), 1, MPI_INT64_T, d.comm()));
  const double total = double(std::accumulate(lb.fluid_cells.begin(), lb.fluid_cells.end(), std::int64_t(0)));
  const double most = double(*std::max_element(lb.fluid_cells.begin(), lb.fluid_cells.end()));
  lb.max_over_mean = total > 0 ? most / (total / double(d.size())) : 1.0;
  return lb;
}

std::string to_text(const Decomposition& d, const LoadBalance& lb) {
  const Block& b = d.block();
  std::ostringstream s;
  s << "decomposition: " << d.size() << " rank(s) as " << b.procs[0] << " x " << b.procs[1] << " x " << b.procs[2]
    << "; fluid cells per rank min " << *std::min_element(lb.fluid_cells.begin(), lb.fluid_cells.end())
    << ", max " << *std::max_element(lb.fluid_cells.begin(), lb.fluid_cells.end()) << ", imbalance (max/mean) "
    << lb.max_over_mean << "\n";
  return s.str();
}

}  // namespace stirlb
