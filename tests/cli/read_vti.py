#!/usr/bin/env python3
"""read_vti.py FILE.vti|FILE.pvti [ARRAY...]

A reader for the VTK XML ImageData that stirlb writes (appended raw data,
UInt64 or UInt32 headers, zlib or no compression), for tests on machines
without the `vtk` Python module; the ImageData counterpart of read_vtp.py.
Prints a JSON object: "extent" (the whole extent in points, as in the file),
"cells" (the number of cells), "arrays" (the names of every cell array, in
file order) and, for each ARRAY named, its cell values over the whole extent
in VTK order (x fastest, then y, then z), the pieces of a .pvti put in their
places; arrays of several components give one list per cell.
Exits non-zero with a message when the file cannot be read.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

from vtk_appended import AppendedFile


def extent_of(text):
    e = [int(v) for v in text.split()]
    if len(e) != 6:
        raise ValueError(text)
    return e


def cells_of(e):
    return [max(e[2 * a + 1] - e[2 * a], 1) for a in range(3)]


def read_piece(path, names):
    """The piece's extent, the names of its cell arrays and the values of `names`."""
    f = AppendedFile(path, "ImageData")
    piece = f.root.find("ImageData/Piece")
    extent = extent_of(piece.get("Extent"))
    nx, ny, nz = cells_of(extent)
    arrays = {a.get("Name"): a for a in piece.findall("CellData/DataArray")}
    order = [a.get("Name") for a in piece.findall("CellData/DataArray")]
    values = {}
    for name in names:
        a = arrays.get(name)
        if a is None:
            sys.exit("%s: no cell array %r (has %s)" % (path, name, order))
        values[name] = f.values(a, nx * ny * nz, "cells")
    return extent, order, values


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path, names = sys.argv[1], sys.argv[2:]
    if not path.endswith(".pvti"):
        extent, order, values = read_piece(path, names)
        nx, ny, nz = cells_of(extent)
        out = {"extent": extent, "cells": nx * ny * nz, "arrays": order}
        out.update(values)
        print(json.dumps(out))
        return
    root = ET.parse(path).getroot()
    if root.get("type") != "PImageData":
        sys.exit("%s: type %r, expected PImageData" % (path, root.get("type")))
    image = root.find("PImageData")
    whole = extent_of(image.get("WholeExtent"))
    gx, gy, gz = cells_of(whole)
    listed = [a.get("Name") for a in image.findall("PCellData/PDataArray")]
    pieces = image.findall("Piece")
    if not pieces:
        sys.exit("%s: lists no pieces" % path)
    out = {"extent": whole, "cells": gx * gy * gz, "arrays": listed, "pieces": len(pieces)}
    filled = [0] * (gx * gy * gz)
    for name in names:
        out[name] = [None] * (gx * gy * gz)
    for p in pieces:
        source = os.path.join(os.path.dirname(path), p.get("Source"))
        if not os.path.isfile(source):
            sys.exit("%s: piece %s does not exist" % (path, p.get("Source")))
        extent, order, values = read_piece(source, names)
        if extent != extent_of(p.get("Extent")):
            sys.exit("%s: piece %s has extent %s, the .pvti says %s" % (path, source, extent, p.get("Extent")))
        if order != listed:
            sys.exit("%s: piece %s has arrays %s, the .pvti lists %s" % (path, source, order, listed))
        nx, ny, nz = cells_of(extent)
        for z in range(nz):
            for y in range(ny):
                for x in range(nx):
                    g = (extent[0] - whole[0] + x) + gx * ((extent[2] - whole[2] + y) + gy * (extent[4] - whole[4] + z))
                    k = x + nx * (y + ny * z)
                    filled[g] += 1
                    for name in names:
                        out[name][g] = values[name][k]
    if any(f != 1 for f in filled):
        sys.exit("%s: the pieces cover %d cells twice and leave %d out" %
                 (path, sum(1 for f in filled if f > 1), sum(1 for f in filled if f == 0)))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
