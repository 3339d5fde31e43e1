#!/usr/bin/env python3
"""read_vtp.py FILE.vtp|FILE.pvtp [ARRAY...]

A reader for the VTK XML PolyData that stirlb writes (appended raw data,
UInt64 headers, zlib or no compression), for tests on machines without the
`vtk` Python module. Prints a JSON object: "points" (the number of points,
summed over the pieces of a .pvtp), "pieces" (for a .pvtp) and, for each
ARRAY named, its values (point data, or "Points" for the coordinates),
pieces concatenated in order.
Exits non-zero with a message when the file cannot be read.
"""
import json
import sys

from vtk_appended import main_guard, read_poly


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print(json.dumps(read_poly(sys.argv[1], sys.argv[2:])))


if __name__ == "__main__":
    main_guard(main)
