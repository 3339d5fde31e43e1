"""Reading the VTK XML files stirlb writes: appended raw data, UInt64 or
UInt32 headers, zlib or no compression; ImageData (.vti, and .pvti with its
pieces) and PolyData (.vtp, .pvtp).

Standard library only, on purpose: the command-line tests run it with
whatever python3 is on PATH, which need not have numpy (nor the `vtk`
module). Errors are VtkReadError, so that a report can leave a figure out
and say why, and the test scripts can turn them into an exit message.
"""
import os
import struct
import xml.etree.ElementTree as ET
import zlib

TYPES = {"Int8": "b", "UInt8": "B", "Int16": "h", "UInt16": "H", "Int32": "i", "UInt32": "I",
         "Int64": "q", "UInt64": "Q", "Float32": "f", "Float64": "d"}


class VtkReadError(ValueError):
    """A file that is not the VTK XML stirlb writes, or is cut short."""


class AppendedFile:
    """The XML tree of `path` (without the binary block) and its raw data."""

    def __init__(self, path, kind):
        self.path = path
        try:
            with open(path, "rb") as f:
                self.raw = f.read()
        except OSError as e:
            raise VtkReadError("%s: cannot be read (%s)" % (path, e.strerror)) from None
        raw = self.raw
        start = raw.find(b"<AppendedData")
        if start < 0:
            raise VtkReadError("%s: no <AppendedData> (only appended raw data is read)" % path)
        head_end = raw.index(b">", start)
        if b'encoding="raw"' not in raw[start:head_end]:
            raise VtkReadError("%s: appended data is not raw" % path)
        self.data0 = raw.index(b"_", head_end) + 1
        end = raw.rfind(b"</AppendedData>")
        if end < self.data0:
            raise VtkReadError("%s: no </AppendedData>: the file is cut short" % path)
        try:
            self.root = ET.fromstring(raw[:head_end + 1] + raw[end:])
        except ET.ParseError as e:
            raise VtkReadError("%s: malformed XML (%s)" % (path, e)) from None
        if self.root.get("type") != kind:
            raise VtkReadError("%s: type %r, expected %s" % (path, self.root.get("type"), kind))
        self.header = {"UInt64": "Q", "UInt32": "I"}[self.root.get("header_type", "UInt32")]
        self.compressor = self.root.get("compressor")
        if self.compressor is not None and self.compressor != "vtkZLibDataCompressor":
            raise VtkReadError("%s: compressor %s not supported" % (path, self.compressor))

    def decoded(self, array):
        """The bytes of DataArray element `array`, decompressed, with its
        struct type code and component count: callers with numpy wrap the
        bytes directly instead of going through a list of Python numbers."""
        raw, header = self.raw, self.header
        hsize = struct.calcsize(header)
        off = self.data0 + int(array.get("offset"))
        try:
            if self.compressor is not None:
                nblocks = struct.unpack_from("<" + header, raw, off)[0]
                sizes = struct.unpack_from("<%d%s" % (nblocks, header), raw, off + 3 * hsize)
                pos = off + (3 + nblocks) * hsize
                parts = []
                for s in sizes:
                    parts.append(zlib.decompress(raw[pos:pos + s]))
                    pos += s
                body = b"".join(parts)
            else:
                (length,) = struct.unpack_from("<" + header, raw, off)
                body = raw[off + hsize:off + hsize + length]
        except (struct.error, zlib.error) as e:
            raise VtkReadError("%s: array %s cannot be decoded (%s)" % (self.path, array.get("Name"), e)) from None
        return body, TYPES[array.get("type")], int(array.get("NumberOfComponents", "1"))

    def values(self, array, expected, what):
        """The values of DataArray element `array`, which must hold `expected`
        tuples (`what` names them in the message); one list per tuple when it
        has several components."""
        body, t, comps = self.decoded(array)
        count = len(body) // struct.calcsize(t)
        if count != expected * comps:
            raise VtkReadError("%s: array %s holds %d values, expected %d %s x %d" %
                               (self.path, array.get("Name"), count, expected, what, comps))
        v = list(struct.unpack("<%d%s" % (count, t), body))
        if comps > 1:
            v = [v[i:i + comps] for i in range(0, count, comps)]
        return v


def extent_of(text):
    e = [int(v) for v in text.split()]
    if len(e) != 6:
        raise VtkReadError("extent %r does not have 6 numbers" % text)
    return e


def cells_of(extent):
    """Cells along each axis of a point extent (at least one: a flat image is one cell thick)."""
    return [max(extent[2 * a + 1] - extent[2 * a], 1) for a in range(3)]


class ImagePiece:
    """One .vti: its extent, origin, spacing and cell arrays by name."""

    def __init__(self, path):
        self.file = AppendedFile(path, "ImageData")
        image = self.file.root.find("ImageData")
        piece = image.find("Piece")
        if piece is None:
            raise VtkReadError("%s: no <Piece>" % path)
        self.extent = extent_of(piece.get("Extent"))
        self.origin = [float(v) for v in image.get("Origin", "0 0 0").split()]
        self.spacing = [float(v) for v in image.get("Spacing", "1 1 1").split()]
        self.arrays = {a.get("Name"): a for a in piece.findall("CellData/DataArray")}
        self.order = [a.get("Name") for a in piece.findall("CellData/DataArray")]

    def cell_count(self):
        nx, ny, nz = cells_of(self.extent)
        return nx * ny * nz

    def array(self, name):
        a = self.arrays.get(name)
        if a is None:
            raise VtkReadError("%s: no cell array %r (has %s)" % (self.file.path, name, self.order))
        return a

    def values(self, name):
        return self.file.values(self.array(name), self.cell_count(), "cells")


def read_pvti_header(path):
    """The whole extent, the listed cell arrays, origin, spacing and the
    (piece path, extent) pairs of a .pvti."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise VtkReadError("%s: cannot be read (%s)" % (path, e)) from None
    if root.get("type") != "PImageData":
        raise VtkReadError("%s: type %r, expected PImageData" % (path, root.get("type")))
    image = root.find("PImageData")
    pieces = []
    for p in image.findall("Piece"):
        source = os.path.join(os.path.dirname(path), p.get("Source"))
        if not os.path.isfile(source):
            raise VtkReadError("%s: piece %s does not exist" % (path, p.get("Source")))
        pieces.append((source, extent_of(p.get("Extent"))))
    if not pieces:
        raise VtkReadError("%s: lists no pieces" % path)
    return {
        "extent": extent_of(image.get("WholeExtent")),
        "arrays": [a.get("Name") for a in image.findall("PCellData/PDataArray")],
        "origin": [float(v) for v in image.get("Origin", "0 0 0").split()],
        "spacing": [float(v) for v in image.get("Spacing", "1 1 1").split()],
        "pieces": pieces,
    }


def read_image(path, names):
    """Cell arrays `names` of a .vti or a .pvti over its whole extent, in VTK
    order (x fastest), the pieces of a .pvti put in their places. Returns a
    dict: extent, cells, arrays (every name, file order), origin, spacing,
    pieces (for a .pvti) and one list per name."""
    if not path.endswith(".pvti"):
        p = ImagePiece(path)
        out = {"extent": p.extent, "cells": p.cell_count(), "arrays": p.order,
               "origin": p.origin, "spacing": p.spacing}
        for name in names:
            out[name] = p.values(name)
        return out
    head = read_pvti_header(path)
    whole = head["extent"]
    gx, gy, gz = cells_of(whole)
    out = {"extent": whole, "cells": gx * gy * gz, "arrays": head["arrays"], "pieces": len(head["pieces"]),
           "origin": head["origin"], "spacing": head["spacing"]}
    filled = [0] * (gx * gy * gz)
    for name in names:
        out[name] = [None] * (gx * gy * gz)
    for source, listed_extent in head["pieces"]:
        p = ImagePiece(source)
        if p.extent != listed_extent:
            raise VtkReadError("%s: piece %s has extent %s, the .pvti says %s" % (path, source, p.extent, listed_extent))
        if p.order != head["arrays"]:
            raise VtkReadError("%s: piece %s has arrays %s, the .pvti lists %s" % (path, source, p.order, head["arrays"]))
        values = {name: p.values(name) for name in names}
        e = p.extent
        nx, ny, nz = cells_of(e)
        for z in range(nz):
            for y in range(ny):
                for x in range(nx):
                    g = (e[0] - whole[0] + x) + gx * ((e[2] - whole[2] + y) + gy * (e[4] - whole[4] + z))
                    k = x + nx * (y + ny * z)
                    filled[g] += 1
                    for name in names:
                        out[name][g] = values[name][k]
    if any(f != 1 for f in filled):
        raise VtkReadError("%s: the pieces cover %d cells twice and leave %d out" %
                           (path, sum(1 for f in filled if f > 1), sum(1 for f in filled if f == 0)))
    return out


def read_poly_piece(path, names):
    """Point count and point arrays `names` ("Points" for the coordinates) of one .vtp."""
    f = AppendedFile(path, "PolyData")
    piece = f.root.find("PolyData/Piece")
    if piece is None:
        raise VtkReadError("%s: no <Piece>" % path)
    n = int(piece.get("NumberOfPoints"))
    out = {"points": n}
    arrays = {a.get("Name"): a for a in piece.findall("PointData/DataArray")}
    points = piece.find("Points/DataArray")
    if points is not None:
        arrays["Points"] = points
    for name in names:
        a = arrays.get(name)
        if a is None:
            raise VtkReadError("%s: no point array %r (has %s)" % (path, name, sorted(arrays)))
        out[name] = f.values(a, n, "points")
    return out


def read_poly(path, names):
    """Like read_poly_piece; a .pvtp's pieces are concatenated in order."""
    if not path.endswith(".pvtp"):
        return read_poly_piece(path, names)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise VtkReadError("%s: cannot be read (%s)" % (path, e)) from None
    if root.get("type") != "PPolyData":
        raise VtkReadError("%s: type %r, expected PPolyData" % (path, root.get("type")))
    sources = [p.get("Source") for p in root.findall("PPolyData/Piece")]
    if not sources:
        raise VtkReadError("%s: lists no pieces" % path)
    total = {"points": 0, "pieces": len(sources)}
    for name in names:
        total[name] = []
    for s in sources:
        piece = os.path.join(os.path.dirname(path), s)
        if not os.path.isfile(piece):
            raise VtkReadError("%s: piece %s does not exist" % (path, s))
        p = read_poly_piece(piece, names)
        total["points"] += p["points"]
        for name in names:
            total[name] += p[name]
    return total


def read_collection(path):
    """The datasets of a .pvd in file order: (time, part, file path) tuples."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise VtkReadError("%s: cannot be read (%s)" % (path, e)) from None
    out = []
    for d in root.findall("Collection/DataSet"):
        out.append((float(d.get("timestep", "0")), int(d.get("part", "0")),
                    os.path.join(os.path.dirname(path), d.get("file"))))
    return out
