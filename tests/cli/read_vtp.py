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
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

TYPES = {"Int8": "b", "UInt8": "B", "Int16": "h", "UInt16": "H", "Int32": "i", "UInt32": "I",
         "Int64": "q", "UInt64": "Q", "Float32": "f", "Float64": "d"}


def read_piece(path, names):
    raw = open(path, "rb").read()
    start = raw.find(b"<AppendedData")
    if start < 0:
        sys.exit("%s: no <AppendedData> (only appended raw data is read)" % path)
    head_end = raw.index(b">", start)
    if b'encoding="raw"' not in raw[start:head_end]:
        sys.exit("%s: appended data is not raw" % path)
    data0 = raw.index(b"_", head_end) + 1
    # The XML without the binary block between <AppendedData> and its end tag.
    end = raw.rfind(b"</AppendedData>")
    if end < data0:
        sys.exit("%s: no </AppendedData>: the file is cut short" % path)
    xml = raw[:head_end + 1] + raw[end:]
    root = ET.fromstring(xml)
    if root.get("type") != "PolyData":
        sys.exit("%s: type %r, expected PolyData" % (path, root.get("type")))
    header = {"UInt64": "Q", "UInt32": "I"}[root.get("header_type", "UInt32")]
    hsize = struct.calcsize(header)
    compressed = root.get("compressor") is not None
    if compressed and root.get("compressor") != "vtkZLibDataCompressor":
        sys.exit("%s: compressor %s not supported" % (path, root.get("compressor")))
    piece = root.find("PolyData/Piece")
    n = int(piece.get("NumberOfPoints"))
    out = {"points": n}
    arrays = {a.get("Name"): a for a in piece.findall("PointData/DataArray")}
    arrays["Points"] = piece.find("Points/DataArray")
    for name in names:
        a = arrays.get(name)
        if a is None:
            sys.exit("%s: no point array %r (has %s)" % (path, name, sorted(arrays)))
        off = data0 + int(a.get("offset"))
        if compressed:
            nblocks, block, last = struct.unpack_from("<3" + header, raw, off)
            sizes = struct.unpack_from("<%d%s" % (nblocks, header), raw, off + 3 * hsize)
            pos = off + (3 + nblocks) * hsize
            body = b""
            for s in sizes:
                body += zlib.decompress(raw[pos:pos + s])
                pos += s
        else:
            (length,) = struct.unpack_from("<" + header, raw, off)
            body = raw[off + hsize:off + hsize + length]
        t = TYPES[a.get("type")]
        comps = int(a.get("NumberOfComponents", "1"))
        count = len(body) // struct.calcsize(t)
        if count != n * comps:
            sys.exit("%s: array %s holds %d values, expected %d points x %d" % (path, name, count, n, comps))
        values = list(struct.unpack("<%d%s" % (count, t), body))
        if comps > 1:
            values = [values[i:i + comps] for i in range(0, count, comps)]
        out[name] = values
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
