"""What read_vtp.py and read_vti.py share: opening a VTK XML file with
appended raw data (UInt64 or UInt32 headers, zlib or no compression) and
decoding one of its DataArrays. For tests on machines without the `vtk`
Python module."""
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

TYPES = {"Int8": "b", "UInt8": "B", "Int16": "h", "UInt16": "H", "Int32": "i", "UInt32": "I",
         "Int64": "q", "UInt64": "Q", "Float32": "f", "Float64": "d"}


class AppendedFile:
    """The XML tree of `path` (without the binary block) and its raw data."""

    def __init__(self, path, kind):
        self.path = path
        self.raw = open(path, "rb").read()
        raw = self.raw
        start = raw.find(b"<AppendedData")
        if start < 0:
            sys.exit("%s: no <AppendedData> (only appended raw data is read)" % path)
        head_end = raw.index(b">", start)
        if b'encoding="raw"' not in raw[start:head_end]:
            sys.exit("%s: appended data is not raw" % path)
        self.data0 = raw.index(b"_", head_end) + 1
        end = raw.rfind(b"</AppendedData>")
        if end < self.data0:
            sys.exit("%s: no </AppendedData>: the file is cut short" % path)
        self.root = ET.fromstring(raw[:head_end + 1] + raw[end:])
        if self.root.get("type") != kind:
            sys.exit("%s: type %r, expected %s" % (path, self.root.get("type"), kind))
        self.header = {"UInt64": "Q", "UInt32": "I"}[self.root.get("header_type", "UInt32")]
        self.compressor = self.root.get("compressor")
        if self.compressor is not None and self.compressor != "vtkZLibDataCompressor":
            sys.exit("%s: compressor %s not supported" % (path, self.compressor))

    def values(self, array, expected, what):
        """The values of DataArray element `array`, which must hold `expected`
        tuples (`what` names them in the message); one list per tuple when it
        has several components."""
        raw, header = self.raw, self.header
        hsize = struct.calcsize(header)
        off = self.data0 + int(array.get("offset"))
        if self.compressor is not None:
            nblocks = struct.unpack_from("<" + header, raw, off)[0]
            sizes = struct.unpack_from("<%d%s" % (nblocks, header), raw, off + 3 * hsize)
            pos = off + (3 + nblocks) * hsize
            body = b""
            for s in sizes:
                body += zlib.decompress(raw[pos:pos + s])
                pos += s
        else:
            (length,) = struct.unpack_from("<" + header, raw, off)
            body = raw[off + hsize:off + hsize + length]
        t = TYPES[array.get("type")]
        comps = int(array.get("NumberOfComponents", "1"))
        count = len(body) // struct.calcsize(t)
        if count != expected * comps:
            sys.exit("%s: array %s holds %d values, expected %d %s x %d" %
                     (self.path, array.get("Name"), count, expected, what, comps))
        v = list(struct.unpack("<%d%s" % (count, t), body))
        if comps > 1:
            v = [v[i:i + comps] for i in range(0, count, comps)]
        return v
