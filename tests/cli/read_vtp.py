#!/usr/bin/env python3
"""read_vtp.py FILE.vtp|FILE.pvtp [ARRAY...]

A reader for the VTK XML PolyData that stirlb writes (appended raw data,
UInt64 headers, zlib or no compression), for tests on machines without the
`vtk` Python module. Prints a JSON object: "points" (the number of points,
summed over the pieces of a .pvtp) and, for each ARRAY named, its values
(point data, or "Points" for the coordinates), pieces concatenated in order.
Exits non-zero with a message when the file cannot be read.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

from vtk_appended import AppendedFile


def read_piece(path, names):
    f = AppendedFile(path, "PolyData")
    piece = f.root.find("PolyData/Piece")
    n = int(piece.get("NumberOfPoints"))
    out = {"points": n}
    arrays = {a.get("Name"): a for a in piece.findall("PointData/DataArray")}
    arrays["Points"] = piece.find("Points/DataArray")
    for name in names:
        a = arrays.get(name)
        if a is None:
            sys.exit("%s: no point array %r (has %s)" % (path, name, sorted(arrays)))
        out[name] = f.values(a, n, "points")
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path, names = sys.argv[1], sys.argv[2:]
    if path.endswith(".pvtp"):
        root = ET.parse(path).getroot()
        if root.get("type") != "PPolyData":
            sys.exit("%s: type %r, expected PPolyData" % (path, root.get("type")))
        sources = [p.get("Source") for p in root.findall("PPolyData/Piece")]
        if not sources:
            sys.exit("%s: lists no pieces" % path)
        total = {"points": 0, "pieces": len(sources)}
        for name in names:
            total[name] = []
        for s in sources:
            piece = os.path.join(os.path.dirname(path), s)
            if not os.path.isfile(piece):
                sys.exit("%s: piece %s does not exist" % (path, s))
            p = read_piece(piece, names)
            total["points"] += p["points"]
            for name in names:
                total[name] += p[name]
        print(json.dumps(total))
    else:
        print(json.dumps(read_piece(path, names)))


if __name__ == "__main__":
    main()
