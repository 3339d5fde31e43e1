"""The geometry for the sketch: cell types of the first field output and
the impeller surface points of the first surface output. The first output
is taken because it is the smallest (no time averages yet) and the
geometry does not change (the impeller turns, the vessel does not)."""
import glob
import os

import numpy as np

from . import vtk_xml

# cell_type's low two bits (kernels/cell_flags.h); the rest is detail.
FLUID, WALL, MOVING_WALL, FREE_SLIP = 0, 1, 2, 3


class Geometry:
    """kinds[z, y, x]: cell kind; centres along each axis in metres; surface:
    (n, 3) points or None, polygons: a list of point-index arrays; the
    files read."""

    def __init__(self, kinds, centres, surface, polygons, files):
        self.kinds = kinds
        self.centres = centres
        self.surface = surface
        self.polygons = polygons
        self.files = files


def first_outputs(run_dir):
    """(image file, surface file or None) of the first output step; from
    fields.pvd when there is one, else the lowest-numbered files."""
    pvd = os.path.join(run_dir, "fields.pvd")
    image = surface = None
    if os.path.isfile(pvd):
        for _, part, path in vtk_xml.read_collection(pvd):
            if image is None and path.endswith((".vti", ".pvti")):
                image = path
            if surface is None and os.path.basename(path).startswith("fields_surface_") and path.endswith(".vtp"):
                surface = path
    if image is None:
        images = sorted(glob.glob(os.path.join(run_dir, "fields_[0-9]*.vti")) +
                        glob.glob(os.path.join(run_dir, "fields_[0-9]*.pvti")))
        image = images[0] if images else None
    if surface is None:
        surfaces = sorted(glob.glob(os.path.join(run_dir, "fields_surface_*.vtp")))
        surface = surfaces[0] if surfaces else None
    return image, surface


def _piece_kinds(piece):
    body, code, comps = piece.file.decoded(piece.array("cell_type"))
    if code not in ("B", "b") or comps != 1:
        raise vtk_xml.VtkReadError("%s: cell_type is not one byte per cell" % piece.file.path)
    nx, ny, nz = vtk_xml.cells_of(piece.extent)
    flags = np.frombuffer(body, dtype=np.uint8)
    if flags.size != nx * ny * nz:
        raise vtk_xml.VtkReadError("%s: cell_type holds %d values for %d cells" %
                                   (piece.file.path, flags.size, nx * ny * nz))
    return (flags & 3).reshape(nz, ny, nx)


def _read_kinds(path):
    """Cell kinds over the whole extent, the image's origin and spacing."""
    if not path.endswith(".pvti"):
        piece = vtk_xml.ImagePiece(path)
        return _piece_kinds(piece), piece.extent, piece.origin, piece.spacing
    head = vtk_xml.read_pvti_header(path)
    whole = head["extent"]
    gx, gy, gz = vtk_xml.cells_of(whole)
    kinds = np.full((gz, gy, gx), 255, dtype=np.uint8)
    for source, _ in head["pieces"]:
        piece = vtk_xml.ImagePiece(source)
        e = piece.extent
        nx, ny, nz = vtk_xml.cells_of(e)
        x0, y0, z0 = e[0] - whole[0], e[2] - whole[2], e[4] - whole[4]
        kinds[z0:z0 + nz, y0:y0 + ny, x0:x0 + nx] = _piece_kinds(piece)
    if (kinds == 255).any():
        raise vtk_xml.VtkReadError("%s: the pieces leave cells out" % path)
    return kinds, whole, head["origin"], head["spacing"]


def load_geometry(run_dir):
    """The Geometry of a run, or None when it wrote no field output. A file
    that cannot be read raises vtk_xml.VtkReadError."""
    image, surface = first_outputs(run_dir)
    if image is None:
        return None
    kinds, extent, origin, spacing = _read_kinds(image)
    centres = [origin[a] + spacing[a] * (extent[2 * a] + 0.5 + np.arange(kinds.shape[2 - a])) for a in range(3)]
    points, polygons = None, []
    files = [image]
    if surface is not None:
        points, polygons = _read_surface(surface)
        files.append(surface)
    return Geometry(kinds, centres, points, polygons, files)


def _int_array(f, element):
    body, code, _ = f.decoded(element)
    return np.frombuffer(body, dtype="<" + code).astype(np.int64)


def _read_surface(path):
    """Points and polygons of the impeller surface (.vtp): the polygons are
    what makes a shaft a shaft in the sketch, not two rings of points."""
    f = vtk_xml.AppendedFile(path, "PolyData")
    piece = f.root.find("PolyData/Piece")
    if piece is None or int(piece.get("NumberOfPoints", "0")) == 0:
        return None, []
    body, code, comps = f.decoded(piece.find("Points/DataArray"))
    points = np.frombuffer(body, dtype="<" + code).astype(float).reshape(-1, comps)
    polys = piece.find("Polys")
    if polys is None:
        return points, []
    arrays = {a.get("Name"): a for a in polys.findall("DataArray")}
    if "connectivity" not in arrays or "offsets" not in arrays:
        return points, []
    connectivity, offsets = _int_array(f, arrays["connectivity"]), _int_array(f, arrays["offsets"])
    if len(connectivity) and (connectivity.max() >= len(points) or offsets[-1] != len(connectivity)):
        raise vtk_xml.VtkReadError("%s: polygons index points that are not there" % path)
    return points, np.split(connectivity, offsets[:-1]) if len(offsets) else []
