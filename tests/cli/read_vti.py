#!/usr/bin/env python3
"""read_vti.py FILE.vti|FILE.pvti [ARRAY...]

A reader for the VTK XML ImageData that stirlb writes (appended raw data,
UInt64 or UInt32 headers, zlib or no compression), for tests on machines
without the `vtk` Python module; the ImageData counterpart of read_vtp.py.
Prints a JSON object: "extent" (the whole extent in points, as in the file),
"cells" (the number of cells), "arrays" (the names of every cell array, in
file order), "pieces" (for a .pvti) and, for each ARRAY named, its cell
values over the whole extent in VTK order (x fastest, then y, then z), the
pieces of a .pvti put in their places; arrays of several components give one
list per cell. Exits non-zero with a message when the file cannot be read.
"""
import json
import sys

from vtk_appended import main_guard, read_image


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = read_image(sys.argv[1], sys.argv[2:])
    # The geometry is for the report's sketches; the tests read values only.
    del out["origin"], out["spacing"]
    print(json.dumps(out))


if __name__ == "__main__":
    main_guard(main)
