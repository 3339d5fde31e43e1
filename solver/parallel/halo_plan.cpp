#include "halo_plan.h"

#include <stdexcept>
#include "kernels/lattice.h"

namespace stirlb {

namespace {

// Cells of the local grid (ghosts included) along one axis for an offset:
// the ghost layer towards it, the owned layer next to it, or the owned span.
struct Span {
  int first, count;
};
Span ghost_span(int offset, int n) { return offset < 0 ? Span{0, 1} : (offset > 0 ? Span{n + 1, 1} : Span{1, n}); }
Span border_span(int offset, int n) { return offset < 0 ? Span{1, 1} : (offset > 0 ? Span{n, 1} : Span{1, n}); }

// Directions moving along `toward` on every axis where it is non-zero.
std::vector<int> directions_along(const std::vector<std::array<int, 3>>& c, const std::array<int, 3>& toward) {
  std::vector<int> out;
  for (int k = 0; k < int(c.size()); ++k) {
    bool crosses = true;
    for (int a = 0; a < 3; ++a)
      if (toward[a] != 0 && c[std::size_t(k)][a] != toward[a]) crosses = false;
    if (crosses) out.push_back(k);
  }
  return out;
}

int opposite_of(const std::vector<std::array<int, 3>>& c, int k) {
  for (int j = 0; j < int(c.size()); ++j)
    if (c[std::size_t(j)][0] == -c[std::size_t(k)][0] && c[std::size_t(j)][1] == -c[std::size_t(k)][1] &&
        c[std::size_t(j)][2] == -c[std::size_t(k)][2])
      return j;
  throw std::logic_error("halo plan: velocity set without opposites");
}

struct Box3 {
  std::array<Span, 3> s;
  bool contains(int x, int y, int z) const {
    const int v[3] = {x, y, z};
    for (int a = 0; a < 3; ++a)
      if (v[a] < s[std::size_t(a)].first || v[a] >= s[std::size_t(a)].first + s[std::size_t(a)].count) return false;
    return true;
  }
};

// Every population that crosses between this rank and one neighbour is a
// pair (source cell, direction) whose destination lies in the other rank's
// cells. Both ranks list the pairs with the same loops (direction, then z, y,
// x over the shared slab), so the k-th entry means the same population on
// both sides. A population that leaves through a corner of the slab belongs
// to the edge or corner neighbour it lands in, not to the face neighbour.
struct PairLists {
  std::vector<std::int64_t> even, odd;
};

// Sender side: sources are this rank's border cells, destinations its ghosts
// towards the neighbour. After an even step the population sits at its
// source, slot opposite(k); after an odd step at its destination, slot k.
PairLists outgoing(const GridShape& g, const Box3& sources, const Box3& destinations,
                   const std::vector<std::array<int, 3>>& c, const std::vector<int>& dirs) {
  PairLists out;
  for (int k : dirs) {
    const auto& v = c[std::size_t(k)];
    for (int z = sources.s[2].first; z < sources.s[2].first + sources.s[2].count; ++z)
      for (int y = sources.s[1].first; y < sources.s[1].first + sources.s[1].count; ++y)
        for (int x = sources.s[0].first; x < sources.s[0].first + sources.s[0].count; ++x) {
          if (!destinations.contains(x + v[0], y + v[1], z + v[2])) continue;
          out.even.push_back(std::int64_t(opposite_of(c, k)) * g.cells() + x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z));
          out.odd.push_back(std::int64_t(k) * g.cells() + (x + v[0]) +
                            std::int64_t(g.nx) * ((y + v[1]) + std::int64_t(g.ny) * (z + v[2])));
        }
  }
  return out;
}

}  // namespace

HaloPlan make_halo_plan(const Block& b, const std::vector<std::array<int, 3>>& c) {
  const GridShape g = b.local_grid();
  const Box3 owned{{Span{1, b.n[0]}, Span{1, b.n[1]}, Span{1, b.n[2]}}};
  HaloPlan plan;
  for (int index = 0; index < kNeighbourCount; ++index) {
    if (index == kSelf || b.neighbour[std::size_t(index)] < 0) continue;
    const std::array<int, 3> e = neighbour_offset(index);
    Box3 ghost, border;
    for (int a = 0; a < 3; ++a) {
      ghost.s[std::size_t(a)] = ghost_span(e[std::size_t(a)], b.n[std::size_t(a)]);
      border.s[std::size_t(a)] = border_span(e[std::size_t(a)], b.n[std::size_t(a)]);
    }
    // Leaving: from the border into the ghosts at e. Arriving: from the
    // ghosts at e into the owned cells, i.e. along -e.
    const PairLists send = outgoing(g, border, ghost, c, directions_along(c, e));
    const PairLists recv = outgoing(g, ghost, owned, c, directions_along(c, {-e[0], -e[1], -e[2]}));
    if (send.even.empty() && recv.even.empty()) continue;
    if (send.even.size() != recv.even.size()) throw std::logic_error("halo plan: asymmetric exchange");
    const std::int64_t before = std::int64_t(plan.send_slots[0].size());
    // After an even step: owners fill the ghosts. After an odd step: what
    // was pushed into the ghosts goes back to the owners.
    plan.send_slots[0].insert(plan.send_slots[0].end(), send.even.begin(), send.even.end());
    plan.recv_slots[0].insert(plan.recv_slots[0].end(), recv.even.begin(), recv.even.end());
    plan.send_slots[1].insert(plan.send_slots[1].end(), send.odd.begin(), send.odd.end());
    plan.recv_slots[1].insert(plan.recv_slots[1].end(), recv.odd.begin(), recv.odd.end());
    plan.messages.push_back({index, b.neighbour[std::size_t(index)], before, std::int64_t(send.even.size())});
  }
  return plan;
}

std::vector<std::array<int, 3>> velocity_set(int q) {
  std::vector<std::array<int, 3>> c;
  auto fill = [&](auto lattice) {
    using L = decltype(lattice);
    for (int i = 0; i < L::Q; ++i) c.push_back({L::cx(i), L::cy(i), L::cz(i)});
  };
  if (q == 19) fill(D3Q19{});
  else if (q == 27) fill(D3Q27{});
  else throw std::invalid_argument("halo plan: no velocity set with " + std::to_string(q) + " directions");
  return c;
}

}  // namespace stirlb
