#pragma once
// Field output for ParaView: one vtkImageData (.vti) file per output step and
// a .pvd collection that ParaView opens as a single time-dependent dataset.
// Decomposed runs write one .pvti per step plus one .vti piece per MPI rank.
// The same .pvd lists the impeller surface (part 1) and the particles (part
// 2, .vtp, or .pvtp plus one .vtp piece per rank), so that ParaView shows all
// three in one time base.
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

class vtkAlgorithmOutput;
class vtkPolyData;

namespace stirlb {

struct ImageGeometry {
  int nx = 0, ny = 0, nz = 0;    // cells of the whole image
  double origin[3] = {0, 0, 0};  // m: lower corner of cell (0,0,0)
  double spacing = 1.0;          // m: cubic cells
  // The box of cells this rank holds: cells [piece_lo, piece_lo + piece_n) in
  // global indices. piece_n all 0 (the default) means the whole image, and
  // then piece_lo must be 0.
  int piece_lo[3] = {0, 0, 0};
  int piece_n[3] = {0, 0, 0};
};

// One field as separate component arrays (structure of arrays, as the solver
// stores them), each holding one value per cell of this rank's piece
// (piece_n[0]*piece_n[1]*piece_n[2], or nx*ny*nz for the whole image), x
// fastest then y then z.
// 1 component = scalar, 3 = vector, 6 = symmetric tensor in VTK's order
// XX YY ZZ XY YZ XZ.
struct FieldView {
  std::string name;
  std::vector<const float*> components;
};

// One byte per cell, same ordering (cell flags, material ids).
struct ByteFieldView {
  std::string name;
  const std::uint8_t* data;
};

// Per-point data of a particle set, this rank's particles only. Fields reuse
// FieldView and ByteFieldView with one value per particle instead of per cell;
// particle fields have 1 or 3 components. With count 0 every pointer may be
// null (an empty std::vector's data()), but the field names must still be
// given, the same on every rank.
struct ParticleView {
  std::size_t count = 0;
  const double* positions = nullptr;       // 3 x count, interleaved xyz, m
  std::vector<FieldView> fields;           // each component array holds `count` floats (1 or 3 components)
  std::vector<ByteFieldView> byte_fields;  // `count` bytes each
  const std::int64_t* ids = nullptr;       // written as an Int64 point array "id"
};

// With a communicator of one rank (MPI_COMM_SELF, the default) the writer
// makes no MPI call at all, so it works without MPI_Init. With more ranks,
// write(), write_surface() and write_particles() are collective: every rank of
// the communicator calls them in the same order with the same time, step,
// whole geometry and field names, and they throw on every rank or on none.
// The communicator must outlive the writer; the writer does not duplicate it.
class VtkSeriesWriter {
 public:
  VtkSeriesWriter(std::filesystem::path dir, std::string basename, MPI_Comm comm = MPI_COMM_SELF);

  // One rank: writes dir/<basename>_<step as %08lld>.vti as zlib-compressed,
  // appended binary CELL data (the image has nx+1 x ny+1 x nz+1 points), then
  // rewrites dir/<basename>.pvd listing every step written so far; both
  // atomically. Returns the .vti path.
  // More ranks: each rank writes its piece as dir/<name>/<name>_<rank>.vti,
  // where <name> is <basename>_<step as %08lld> (the folder is made if
  // needed), then rank 0 writes dir/<name>.pvti, which lists every piece and
  // its extent, atomically. The .pvd is rewritten (by rank 0) only after
  // every rank has finished its piece, and lists the .pvti. Returns the
  // .pvti path on every rank. The pieces must tile the whole image.
  // (VTK 9.1 lists arrays in the .pvti without their component names: the
  // pieces keep X Y Z / XX..XZ, but vtkXMLPImageDataReader drops them, and
  // ParaView falls back to its default labels, which are the same.)
  // Writing a step again replaces its entry (while a step is rewritten it is
  // left out of the .pvd, so the series never lists a half-written step).
  // DataSet entries carry timestep, part="0" and file, but no group="" (VTK's
  // XML element cannot hold an empty attribute; ParaView does not need it).
  // Throws std::invalid_argument on bad geometry or fields (on any rank), and
  // std::runtime_error if a file cannot be written (by any rank).
  std::filesystem::path write(double time, std::int64_t step, const ImageGeometry& geometry,
                              const std::vector<FieldView>& fields,
                              const std::vector<ByteFieldView>& byte_fields = {});

  // Writes a surface (the impeller at this step) as dir/<basename>_surface_
  // <step>.vtp and lists it in the same .pvd as part 1, so that ParaView shows
  // it in the same time base as the fields. With more ranks: collective, every
  // rank passes the same surface, and only rank 0 writes the .vtp and the
  // .pvd. Returns the .vtp path on every rank.
  std::filesystem::path write_surface(double time, std::int64_t step, vtkPolyData* surface);

  // One rank: writes dir/<basename>_particles_<step as %08lld>.vtp (zlib,
  // appended binary): the positions as Float64 points, one vertex cell per
  // point (so that ParaView renders them without a Glyph filter), the fields
  // and byte fields as point data under their own names, and the ids as an
  // Int64 point array "id"; then lists it in the .pvd as part 2. Both
  // atomically. Returns the .vtp path.
  // The "id" array is left out only when particles come without ids (null
  // with count > 0); a step without particles keeps an empty one, so that
  // the array does not come and go along the series.
  // More ranks: collective. Every rank writes its own particles as dir/<name>/
  // <name>_<rank>.vtp, <name> being <basename>_particles_<step as %08lld>,
  // even a rank that holds none (an empty piece), so that the .pvtp that
  // rank 0 writes as dir/<name>.pvtp always lists one piece per rank. The
  // .pvd lists the .pvtp only once every piece is on disk. The ranks that
  // hold particles must all give ids or all give none. Returns the .pvtp
  // path on every rank.
  // Rewriting a step replaces its entry, as for write(). Throws
  // std::invalid_argument on a bad view (on any rank; names empty, given
  // twice, or "id" while ids are written; missing data for count > 0; ranks
  // disagreeing on the time, step or arrays) and std::runtime_error if a file
  // cannot be written (by any rank).
  std::filesystem::path write_particles(double time, std::int64_t step, const ParticleView& particles);

  const std::filesystem::path& collection_path() const { return collection_path_; }

  // A resumed run: takes over the entries of an existing .pvd up to and
  // including `time`, of every part (fields, surface, particles); later ones
  // belong to the interrupted future and are written again. Every rank reads
  // the file; nothing is written here.
  // Throws std::runtime_error if the .pvd exists but cannot be parsed.
  void continue_series(double time);

 private:
  std::filesystem::path write_pieces(double time, std::int64_t step, const ImageGeometry& geometry,
                                     const std::vector<FieldView>& fields,
                                     const std::vector<ByteFieldView>& byte_fields);
  std::filesystem::path write_particle_pieces(double time, std::int64_t step,
                                              const ParticleView& particles);

  // The kinds of data written as one piece per rank plus a summary.
  enum class Pieces { kImage, kPolyData };
  // Shared by write_pieces and write_particle_pieces once the inputs agree:
  // every rank writes its piece of `data` in dir/<name>/, rank 0 the summary
  // dir/<name>.pvti or .pvtp, which is then listed as `part`. Collective;
  // throws std::runtime_error on every rank if any rank failed.
  std::filesystem::path write_collective(double time, const std::string& name, Pieces kind,
                                         vtkAlgorithmOutput* data, int part);
  void remove_entry(const std::string& file);

  struct Entry {
    double time;
    std::string file;  // relative to dir_, so the output folder can be moved
    int part;
  };
  // Lists (or re-times) a file; rank 0 rewrites the .pvd.
  void add_entry(double time, const std::string& file, int part);
  // add_entry on every rank; throws on every rank if rank 0 could not write.
  void add_entry_collective(double time, const std::string& file, int part);

  void write_collection() const;

  std::filesystem::path dir_;
  std::string basename_;
  std::filesystem::path collection_path_;
  std::vector<Entry> entries_;
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace stirlb
