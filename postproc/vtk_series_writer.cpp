#include "postproc/vtk_series_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <type_traits>

#include <vtkAlgorithmOutput.h>
#include <vtkCommunicator.h>
#include <vtkImageData.h>
#include <vtkIndent.h>
#include <vtkMPI.h>
#include <vtkMPICommunicator.h>
#include <vtkMPIController.h>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkTrivialProducer.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLImageDataWriter.h>
#include <vtkXMLPImageDataWriter.h>
#include <vtkXMLPPolyDataWriter.h>
#include <vtkXMLPStructuredDataWriter.h>
#include <vtkXMLPolyDataWriter.h>
#include <vtkXMLWriter.h>
#include <vtkXMLUtilities.h>
#include <vtkZLibDataCompressor.h>

#include "postproc/atomic_file.h"
#include "postproc/vtk_datasets.h"

namespace stirlb {
namespace {

// Names must be unique and non-empty: duplicates would make ParaView show
// only one of the arrays. `reserved` is an array the writer adds itself.
// Cells take tensors, particles do not; `has_data` is false for a rank
// without particles, whose arrays may be null.
void check_fields(const std::vector<FieldView>& fields, const std::vector<ByteFieldView>& byte_fields,
                  bool tensors, bool has_data, const char* reserved = nullptr) {
  std::set<std::string> names;
  if (reserved) names.insert(reserved);
  const auto check_name = [&](const std::string& name) {
    if (name.empty()) throw std::invalid_argument("VtkSeriesWriter: field without a name");
    if (!names.insert(name).second)
      throw std::invalid_argument("VtkSeriesWriter: field '" + name + "' given twice" +
                                  (reserved && name == reserved ? " (the writer adds it)" : ""));
  };
  for (const FieldView& f : fields) {
    check_name(f.name);
    const std::size_t n = f.components.size();
    if (n != 1 && n != 3 && (n != 6 || !tensors))
      throw std::invalid_argument("VtkSeriesWriter: field '" + f.name + "' needs 1, 3" +
                                  (tensors ? " or 6" : "") + " components, not " +
                                  std::to_string(n));
    for (const float* c : f.components)
      if (!c && has_data) throw std::invalid_argument("VtkSeriesWriter: field '" + f.name + "' has no data");
  }
  for (const ByteFieldView& f : byte_fields) {
    check_name(f.name);
    if (!f.data && has_data)
      throw std::invalid_argument("VtkSeriesWriter: field '" + f.name + "' has no data");
  }
}

void check_inputs(double time, const ImageGeometry& g, const std::vector<FieldView>& fields,
                  const std::vector<ByteFieldView>& byte_fields) {
  if (!std::isfinite(time)) throw std::invalid_argument("VtkSeriesWriter: time is not finite");
  if (g.nx <= 0 || g.ny <= 0 || g.nz <= 0)
    throw std::invalid_argument("VtkSeriesWriter: grid needs at least one cell per axis");
  if (!(g.spacing > 0)) throw std::invalid_argument("VtkSeriesWriter: spacing must be > 0");
  check_fields(fields, byte_fields, true, true);
}


void check_particles(double time, const ParticleView& p, bool with_ids) {
  if (!std::isfinite(time)) throw std::invalid_argument("VtkSeriesWriter: time is not finite");
  const bool has_data = p.count > 0;
  if (has_data && !p.positions) throw std::invalid_argument("VtkSeriesWriter: particles without positions");
  if (has_data && with_ids && !p.ids)
    throw std::invalid_argument("VtkSeriesWriter: particles without ids (another rank gives them)");
  check_fields(p.fields, p.byte_fields, false, has_data, with_ids ? kIdArray : nullptr);
}

// The names and shapes of the particle arrays, as one number that every rank
// must have the same of (the .pvtp lists rank 0's arrays for every piece).
// The top 53 bits of the hash, so that it is exact as a double.
double array_signature(const ParticleView& p, bool with_ids) {
  std::string s = with_ids ? "ids;" : "";
  for (const FieldView& f : p.fields) s += f.name + "/" + std::to_string(f.components.size()) + ";";
  for (const ByteFieldView& f : p.byte_fields) s += f.name + "/b;";
  return double(std::hash<std::string>{}(s) >> 11);
}

// Collective: throws std::invalid_argument on every rank if any rank found
// its input bad (with that rank's message where it was found) or if `same`
// differs between ranks. A throw on one rank only would leave the others
// waiting in the next collective call.
void agree(MPI_Comm comm, const std::string& error, const std::vector<double>& same,
           const char* disagreement) {
  // Each value as +x and -x so that one MPI_MAX gives both the largest and
  // the smallest.
  const std::size_t n = same.size();
  std::vector<double> send(2 * n + 1), recv(2 * n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    send[2 * i] = same[i];
    send[2 * i + 1] = -same[i];
  }
  send[2 * n] = error.empty() ? 0.0 : 1.0;  // any rank failed
  MPI_Allreduce(send.data(), recv.data(), int(send.size()), MPI_DOUBLE, MPI_MAX, comm);
  if (recv[2 * n] != 0)
    throw std::invalid_argument(error.empty() ? "VtkSeriesWriter: invalid output on another rank"
                                              : error);
  for (std::size_t i = 0; i < n; ++i)
    if (recv[2 * i] != -recv[2 * i + 1]) throw std::invalid_argument(disagreement);
}

// "<basename>_<step as %08lld>"
std::string step_name(const std::string& basename, const char* infix, std::int64_t step) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%08lld", infix, static_cast<long long>(step));
  return basename + buf;
}

// A piece is written by VTK straight to its final name; flushing it to disk
// before the collection lists it keeps the guarantee commit_file gives the
// other files (no listed file whose data never reached the disk).
bool sync_file(const std::filesystem::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

// VTK's parallel writers reduce to rank 0 (the image writer gathers the
// piece extents, every writer reduces which pieces were written) only on
// ranks whose piece was written: a rank that fails (full disk, unwritable
// folder) returns early and leaves the others waiting in that collective for
// ever. This makes the outcome of the piece writes collective, so that either
// every rank goes on to the summary or every rank stops.
// vtkXMLPDataWriter also skips a piece without points and leaves it out of
// the summary; a rank without particles writes its (empty) piece anyway, so
// that the summary always lists one piece per rank.
template <class Base>
class CollectiveWriter : public Base {
 public:
  static CollectiveWriter* New() { VTK_STANDARD_NEW_BODY(CollectiveWriter); }
  vtkTemplateTypeMacro(CollectiveWriter, Base)

  bool all_pieces_written() const { return all_pieces_written_; }

 protected:
  CollectiveWriter() = default;

  int WritePieceInternal() override {
    const int mine = write_own_piece() != 0 && this->ErrorCode == 0;
    int all = mine;
    if (this->Controller) this->Controller->AllReduce(&mine, &all, 1, vtkCommunicator::MIN_OP);
    all_pieces_written_ = all != 0;
    return all;
  }

 private:
  int write_own_piece() {
    // Structured pieces always hold cells, and their writer must gather the
    // extents.
    if constexpr (std::is_base_of_v<vtkXMLPStructuredDataWriter, Base>) {
      return this->Superclass::WritePieceInternal();
    } else {
      const int piece = this->GetCurrentPiece();
      if (!this->WritePiece(piece)) return 0;
      this->PieceWrittenFlags[piece] = 1;
      return 1;
    }
  }

  bool all_pieces_written_ = false;
};

// Shortest text that reads back as the same double, so ParaView's time
// values match the solver's exactly.
std::string exact(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Compressed, raw appended data: the format of every XML file of the series.
void set_series_format(vtkXMLWriter* writer) {
  vtkNew<vtkZLibDataCompressor> compressor;
  writer->SetDataModeToAppended();
  writer->EncodeAppendedDataOff();  // raw bytes: base64 would add a third
  writer->SetCompressor(compressor);
}

// Written under a temporary name and renamed when complete.
void write_atomically(vtkXMLWriter* writer, const std::filesystem::path& path) {
  const std::filesystem::path tmp = temporary_sibling(path);
  writer->SetFileName(tmp.c_str());
  set_series_format(writer);
  if (writer->Write() != 1 || writer->GetErrorCode() != 0) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("cannot write '" + path.string() + "' (VTK error code " +
                             std::to_string(writer->GetErrorCode()) + ")");
  }
  commit_file(tmp, path);
}

// What a collective write of pieces gives back.
struct PiecesWritten {
  bool ok;              // every rank's piece is written (and rank 0 has the summary)
  std::string summary;  // rank 0: the summary file's content
  unsigned long vtk_error;
};

// VTK writes one piece per rank of `data` as dir/<name>/<name>_<rank>.<ext>,
// where `summary` is dir/<name>.p<ext>, and rank 0 builds the summary. The
// summary comes back as a string so that it is committed like every other
// file of the series. Collective.
template <class ParallelWriter>
PiecesWritten write_pieces_with(vtkAlgorithmOutput* data, MPI_Comm comm, int rank, int size,
                                const std::filesystem::path& summary) {
  MPI_Comm handle = comm;
  vtkMPICommunicatorOpaqueComm opaque(&handle);
  vtkNew<vtkMPICommunicator> communicator;
  communicator->InitializeExternal(&opaque);  // keeps, never frees, the caller's communicator
  vtkNew<vtkMPIController> controller;
  controller->SetCommunicator(communicator);  // collective: duplicates it for VTK's RMIs

  vtkNew<CollectiveWriter<ParallelWriter>> writer;
  writer->SetInputConnection(data);
  writer->SetController(controller);
  writer->SetNumberOfPieces(size);
  writer->SetStartPiece(rank);
  writer->SetEndPiece(rank);
  writer->SetUseSubdirectory(true);  // pieces in dir/<name>/<name>_<rank>.<ext>
  writer->SetWriteSummaryFile(1);
  writer->SetFileName(summary.c_str());  // names the pieces; the summary goes to a string
  writer->WriteToOutputStringOn();
  writer->SetHeaderTypeToUInt64();  // 32-bit headers overflow above 4 GiB per array
  set_series_format(writer);
  const bool ok = writer->Write() == 1 && writer->GetErrorCode() == 0 && writer->all_pieces_written();
  return {ok, ok && rank == 0 ? writer->GetOutputString() : std::string(), writer->GetErrorCode()};
}

}  // namespace

VtkSeriesWriter::VtkSeriesWriter(std::filesystem::path dir, std::string basename, MPI_Comm comm)
    : dir_(std::move(dir)),
      basename_(std::move(basename)),
      collection_path_(dir_ / (basename_ + ".pvd")),
      comm_(comm) {
  // MPI_COMM_SELF is one rank by definition: no MPI call, so the serial
  // writer keeps working in programs that never initialise MPI.
  if (comm_ == MPI_COMM_SELF) return;
  int initialized = 0;
  MPI_Initialized(&initialized);  // allowed before MPI_Init
  if (!initialized)
    throw std::logic_error("VtkSeriesWriter: a communicator other than MPI_COMM_SELF needs MPI_Init first");
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

std::filesystem::path VtkSeriesWriter::write(double time, std::int64_t step,
                                             const ImageGeometry& geometry,
                                             const std::vector<FieldView>& fields,
                                             const std::vector<ByteFieldView>& byte_fields) {
  if (size_ > 1) return write_pieces(time, step, geometry, fields, byte_fields);
  check_inputs(time, geometry, fields, byte_fields);
  const CellBox box = piece_of(geometry);
  if (!is_whole(box, geometry))
    throw std::invalid_argument("VtkSeriesWriter: a single rank must hold the whole image");
  const vtkSmartPointer<vtkImageData> image = make_image(geometry, box, fields, byte_fields);

  const std::string name = step_name(basename_, "_", step) + ".vti";
  vtkNew<vtkXMLImageDataWriter> writer;
  writer->SetInputData(image);
  writer->SetHeaderTypeToUInt64();  // 32-bit headers overflow above 4 GiB per array
  const std::filesystem::path path = dir_ / name;
  write_atomically(writer, path);
  add_entry(time, name, 0);
  return path;
}

std::filesystem::path VtkSeriesWriter::write_pieces(double time, std::int64_t step,
                                                    const ImageGeometry& geometry,
                                                    const std::vector<FieldView>& fields,
                                                    const std::vector<ByteFieldView>& byte_fields) {
  // 1. Every rank checks its own input, then all agree, so that a bad input
  // throws on every rank instead of leaving the others in a collective.
  std::string error;
  CellBox box{};
  try {
    check_inputs(time, geometry, fields, byte_fields);
    box = piece_of(geometry);
  } catch (const std::invalid_argument& e) {
    error = e.what();
  }
  agree(comm_, error,
        {double(geometry.nx), double(geometry.ny), double(geometry.nz), geometry.origin[0],
         geometry.origin[1], geometry.origin[2], geometry.spacing, double(step),
         double(fields.size()), double(byte_fields.size()), error.empty() ? time : 0.0},
        "VtkSeriesWriter: ranks disagree on the image, the step, the time or the fields");
  const double mine = double(box.cells());
  double cells = 0;
  MPI_Allreduce(&mine, &cells, 1, MPI_DOUBLE, MPI_SUM, comm_);
  if (cells != double(geometry.nx) * double(geometry.ny) * double(geometry.nz))
    throw std::invalid_argument("VtkSeriesWriter: the ranks' pieces do not tile the image");

  const vtkSmartPointer<vtkImageData> image = make_image(geometry, box, fields, byte_fields);
  vtkNew<vtkTrivialProducer> producer;
  producer->SetOutput(image);
  // Points, not cells: a piece of cells [lo, lo + n) spans points [lo, lo + n].
  producer->SetWholeExtent(0, geometry.nx, 0, geometry.ny, 0, geometry.nz);
  return write_collective(time, step_name(basename_, "_", step), Pieces::kImage,
                          producer->GetOutputPort(), 0);
}

std::filesystem::path VtkSeriesWriter::write_particles(double time, std::int64_t step,
                                                       const ParticleView& particles) {
  if (size_ > 1) return write_particle_pieces(time, step, particles);
  // An empty step keeps the "id" array, so that it does not come and go.
  const bool with_ids = particles.ids != nullptr || particles.count == 0;
  check_particles(time, particles, with_ids);
  const std::string name = step_name(basename_, "_particles_", step) + ".vtp";
  vtkNew<vtkXMLPolyDataWriter> writer;
  writer->SetInputData(make_particles(particles, with_ids));
  writer->SetHeaderTypeToUInt64();
  const std::filesystem::path path = dir_ / name;
  write_atomically(writer, path);
  add_entry(time, name, 2);
  return path;
}

std::filesystem::path VtkSeriesWriter::write_particle_pieces(double time, std::int64_t step,
                                                             const ParticleView& particles) {
  // 1. As for the image: every rank checks, then all agree. Whether ids are
  // written is decided by the ranks that hold particles (a rank without any
  // may pass null for them): all of them must give ids, or none.
  const bool has = particles.count > 0;
  const int mine[2] = {has && particles.ids, has && !particles.ids};
  int any[2] = {0, 0};
  MPI_Allreduce(mine, any, 2, MPI_INT, MPI_MAX, comm_);
  const bool with_ids = any[0] || !any[1];
  std::string error;
  try {
    check_particles(time, particles, with_ids);
  } catch (const std::invalid_argument& e) {
    error = e.what();
  }
  agree(comm_, error,
        {double(step), error.empty() ? time : 0.0, array_signature(particles, with_ids)},
        "VtkSeriesWriter: ranks disagree on the step, the time or the particle arrays");

  const vtkSmartPointer<vtkPolyData> poly = make_particles(particles, with_ids);
  vtkNew<vtkTrivialProducer> producer;
  producer->SetOutput(poly);
  return write_collective(time, step_name(basename_, "_particles_", step), Pieces::kPolyData,
                          producer->GetOutputPort(), 2);
}

std::filesystem::path VtkSeriesWriter::write_collective(double time, const std::string& name,
                                                        Pieces kind, vtkAlgorithmOutput* data,
                                                        int part) {
  const std::string ext = kind == Pieces::kImage ? ".vti" : ".vtp";
  const std::string summary_name = name + ".p" + ext.substr(1);
  const std::filesystem::path summary = dir_ / summary_name;
  const std::filesystem::path piece_dir = dir_ / name;
  const std::filesystem::path piece = piece_dir / (name + "_" + std::to_string(rank_) + ext);

  // 2. Rank 0 takes the step out of the collection while its files are
  // rewritten, and makes the folder for the pieces.
  std::string error;
  int ready = 1;
  try {
    remove_entry(summary_name);
    if (rank_ == 0) std::filesystem::create_directories(piece_dir);
  } catch (const std::exception& e) {
    ready = 0;
    error = e.what();
  }
  MPI_Bcast(&ready, 1, MPI_INT, 0, comm_);
  if (!ready)
    throw std::runtime_error(rank_ == 0 ? "cannot write '" + summary.string() + "': " + error
                                        : "cannot write '" + summary.string() + "' (rank 0 failed)");

  // 3. Every rank writes its piece; rank 0 commits the summary.
  const PiecesWritten written =
      kind == Pieces::kImage
          ? write_pieces_with<vtkXMLPImageDataWriter>(data, comm_, rank_, size_, summary)
          : write_pieces_with<vtkXMLPPolyDataWriter>(data, comm_, rank_, size_, summary);
  int ok = written.ok;
  if (ok && rank_ == 0) {
    try {
      write_file_atomic(summary, written.summary);
    } catch (const std::exception& e) {
      ok = 0;
      error = e.what();
    }
  }
  if (ok && !sync_file(piece)) ok = 0;

  // 4. Only when every rank has its piece on disk does the step join the
  // collection.
  int all = 0;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, comm_);
  if (!all) {
    std::error_code ignored;
    std::filesystem::remove(piece, ignored);
    if (rank_ == 0) std::filesystem::remove(summary, ignored);
    MPI_Barrier(comm_);
    if (rank_ == 0) std::filesystem::remove(piece_dir, ignored);  // only if empty
    throw std::runtime_error(
        "cannot write '" + summary.string() + "'" +
        (error.empty() ? " (VTK error code " + std::to_string(written.vtk_error) + " on rank " +
                             std::to_string(rank_) + ", or a failure on another rank)"
                       : ": " + error));
  }
  add_entry_collective(time, summary_name, part);
  return summary;
}

std::filesystem::path VtkSeriesWriter::write_surface(double time, std::int64_t step, vtkPolyData* surface) {
  const std::string name = step_name(basename_, "_surface_", step) + ".vtp";
  const std::filesystem::path path = dir_ / name;
  std::string error = !std::isfinite(time) ? "VtkSeriesWriter: time is not finite"
                      : !surface           ? "VtkSeriesWriter: no surface"
                                           : "";
  if (size_ > 1) {
    int bad = !error.empty(), any = 0;
    MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm_);
    if (any && error.empty()) error = "VtkSeriesWriter: invalid surface on another rank";
  }
  if (!error.empty()) throw std::invalid_argument(error);

  // Every rank holds the same surface: rank 0 writes it for all.
  int ok = 1;
  if (rank_ == 0) {
    try {
      vtkNew<vtkXMLPolyDataWriter> writer;
      writer->SetInputData(surface);
      write_atomically(writer, path);
    } catch (const std::exception& e) {
      if (size_ == 1) throw;
      ok = 0;
      error = e.what();
    }
  }
  if (size_ > 1) {
    MPI_Bcast(&ok, 1, MPI_INT, 0, comm_);
    if (!ok)
      throw std::runtime_error(rank_ == 0 ? error
                                          : "cannot write '" + path.string() + "' (rank 0 failed)");
    add_entry_collective(time, name, 1);
  } else {
    add_entry(time, name, 1);
  }
  return path;
}

void VtkSeriesWriter::add_entry(double time, const std::string& name, int part) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.file == name; });
  if (it == entries_.end())
    entries_.push_back({time, name, part});
  else
    it->time = time;
  if (rank_ == 0) write_collection();
}

void VtkSeriesWriter::add_entry_collective(double time, const std::string& name, int part) {
  // Every rank keeps the same list; only rank 0 writes it, and tells the
  // others whether it could.
  int ok = 1;
  std::string error;
  try {
    add_entry(time, name, part);
  } catch (const std::exception& e) {
    ok = 0;
    error = e.what();
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, comm_);
  if (!ok)
    throw std::runtime_error(rank_ == 0 ? error
                                        : "cannot write '" + collection_path_.string() +
                                              "' (rank 0 failed)");
}

void VtkSeriesWriter::remove_entry(const std::string& name) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.file == name; });
  if (it == entries_.end()) return;
  entries_.erase(it);
  if (rank_ == 0) write_collection();
}

void VtkSeriesWriter::continue_series(double time) {
  entries_.clear();
  if (!std::filesystem::exists(collection_path_)) return;
  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(collection_path_.string().c_str()));
  vtkXMLDataElement* collection = root ? root->FindNestedElementWithName("Collection") : nullptr;
  if (!collection) throw std::runtime_error(collection_path_.string() + ": not a readable .pvd collection");
  for (int i = 0; i < collection->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* ds = collection->GetNestedElement(i);
    double t = 0;
    int part = 0;
    const char* file = ds->GetAttribute("file");
    if (!file || !ds->GetScalarAttribute("timestep", t)) continue;
    ds->GetScalarAttribute("part", part);
    if (t <= time) entries_.push_back({t, file, part});
  }
}

void VtkSeriesWriter::write_collection() const {
  vtkNew<vtkXMLDataElement> root;
  root->SetName("VTKFile");
  root->SetAttribute("type", "Collection");
  root->SetAttribute("version", "0.1");
  root->SetAttribute("byte_order", "LittleEndian");
  vtkNew<vtkXMLDataElement> collection;
  collection->SetName("Collection");
  for (const Entry& e : entries_) {
    vtkNew<vtkXMLDataElement> ds;
    ds->SetName("DataSet");
    ds->SetAttribute("timestep", exact(e.time).c_str());
    // No group="": vtkXMLDataElement drops empty attributes, and ParaView
    // treats a missing group as the default one.
    ds->SetAttribute("part", std::to_string(e.part).c_str());
    ds->SetAttribute("file", e.file.c_str());
    collection->AddNestedElement(ds);
  }
  root->AddNestedElement(collection);

  std::ostringstream xml;
  vtkIndent indent;
  vtkXMLUtilities::FlattenElement(root, xml, &indent);
  write_file_atomic(collection_path_, xml.str());
}

}  // namespace stirlb
