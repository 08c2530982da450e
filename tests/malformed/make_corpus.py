#!/usr/bin/env python3
"""Generate the malformed-input corpus in tests/malformed/ and its MANIFEST.json.

Run from anywhere:  python3 tests/malformed/make_corpus.py

Python 3 standard library only, deterministic: running it twice gives byte-identical
files. If pyarrow is importable it writes the base Parquet file (which the broken Parquet
cases are derived from); otherwise a tiny built-in Parquet writer (uncompressed, PLAIN
encoding, one row group) is used, so the script never needs anything beyond the stdlib.

MANIFEST.json is an array of objects:
  file      file name in this folder
  what      one-line description
  expect    "error"   -> the file cannot be loaded; the load error should be reported
            "finding" -> the file loads; the problem shows up as a data-quality finding
                         (or, for the valid edge cases, it simply loads without error)
  mentions  substrings the error message / findings should contain. For errors, line
            numbers are physical, 1-based lines of the file with the header as line 1
            ("line 4" = the 4th line of the file = the 3rd data row).
Optional keys (present only where a case needs them):
  chunks    chunk sizes the test pushes the file in, one load each; default [7, 4096, 4194304].
            Big files list fewer (e.g. [4096, 4194304]) so the test stays fast in debug builds.
  rows      "finding" only: the number of data rows that must load (header not counted)
  columns   "finding" only: the number of columns that must load
  encoding  "finding" only: the expected `Dataset::encoding`: "utf-8", "utf-16le", "utf-16be"
            or "windows-1252"
  values    "finding" only: {column name: text}; `Dataset::texts(column)` must hold that exact
            text in at least one row (proves the bytes were decoded right)
  price_sum decimal_comma.csv only: the exact sum of its "price" column (the generator's data)

Beyond the stdlib it optionally uses pyarrow for the Parquet cases (three of them, marked
below, need it; run with /root/.venvs/ref/bin/python). Every gzip stream is written with
mtime 0, so the output stays byte-identical from run to run.
"""

import gzip
import json
import os
import random
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_FILE = 1_500_000

manifest = []


def put(name, data, what, expect, mentions=(), **extra):
    assert expect in ("error", "finding"), expect
    assert len(data) < MAX_FILE, (name, len(data))
    allowed = {"chunks", "rows", "columns", "encoding", "values", "price_sum"}
    assert set(extra) <= allowed, (name, set(extra) - allowed)
    if expect == "error":
        assert not set(extra) & {"rows", "columns", "encoding", "values"}, name
    assert extra.get("encoding", "utf-8") in ("utf-8", "utf-16le", "utf-16be", "windows-1252"), name
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    entry = {"file": name, "what": what, "expect": expect, "mentions": list(mentions)}
    for key in ("chunks", "rows", "columns", "encoding", "values", "price_sum"):
        if key in extra:
            entry[key] = extra[key]
    manifest.append(entry)


def lines(*rows, eol="\n"):
    return "".join(r + eol for r in rows).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Parquet helpers


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _zigzag(n):
    return (n << 1) ^ (n >> 63)


class _Thrift:
    """Just enough of the Thrift compact protocol to write a Parquet footer."""

    I32, I64, BINARY, LIST, STRUCT = 5, 6, 8, 9, 12

    def __init__(self):
        self.buf = bytearray()
        self.last = [0]

    def _field(self, fid, ftype):
        delta = fid - self.last[-1]
        assert 0 < delta <= 15
        self.buf.append((delta << 4) | ftype)
        self.last[-1] = fid

    def i32(self, fid, v):
        self._field(fid, self.I32)
        self.buf += _varint(_zigzag(v))

    def i64(self, fid, v):
        self._field(fid, self.I64)
        self.buf += _varint(_zigzag(v))

    def string(self, fid, s):
        self._field(fid, self.BINARY)
        b = s.encode()
        self.buf += _varint(len(b)) + b

    def begin_struct(self, fid=None):
        if fid is not None:
            self._field(fid, self.STRUCT)
        self.last.append(0)

    def end_struct(self):
        self.buf.append(0)
        self.last.pop()

    def list_header(self, fid, etype, n):
        self._field(fid, self.LIST)
        assert n < 15
        self.buf.append((n << 4) | etype)

    def list_i32(self, fid, values):
        self.list_header(fid, self.I32, len(values))
        for v in values:
            self.buf += _varint(_zigzag(v))

    def list_string(self, fid, values):
        self.list_header(fid, self.BINARY, len(values))
        for s in values:
            b = s.encode()
            self.buf += _varint(len(b)) + b


def _stdlib_parquet(ids, names):
    """A valid Parquet file: id INT64 REQUIRED, name BYTE_ARRAY(UTF8) REQUIRED."""
    INT64, BYTE_ARRAY = 2, 6
    PLAIN, RLE = 0, 3
    n = len(ids)
    cols = [
        ("id", INT64, None, b"".join(struct.pack("<q", v) for v in ids)),
        ("name", BYTE_ARRAY, 0, b"".join(struct.pack("<I", len(s.encode())) + s.encode() for s in names)),
    ]
    body = bytearray(b"PAR1")
    chunks = []
    for name, ptype, _conv, values in cols:
        h = _Thrift()
        h.begin_struct()
        h.i32(1, 0)  # DATA_PAGE
        h.i32(2, len(values))
        h.i32(3, len(values))
        h.begin_struct(5)  # DataPageHeader
        h.i32(1, n)
        h.i32(2, PLAIN)
        h.i32(3, RLE)
        h.i32(4, RLE)
        h.end_struct()
        h.end_struct()
        offset = len(body)
        page = bytes(h.buf) + values
        body += page
        chunks.append((name, ptype, offset, len(page)))

    m = _Thrift()
    m.begin_struct()
    m.i32(1, 1)  # version
    m.list_header(2, _Thrift.STRUCT, 1 + len(cols))  # schema
    m.begin_struct()
    m.string(4, "schema")
    m.i32(5, len(cols))
    m.end_struct()
    for name, ptype, conv, _ in cols:
        m.begin_struct()
        m.i32(1, ptype)
        m.i32(3, 0)  # REQUIRED
        m.string(4, name)
        if conv is not None:
            m.i32(6, conv)
        m.end_struct()
    m.i64(3, n)  # num_rows
    m.list_header(4, _Thrift.STRUCT, 1)  # row_groups
    m.begin_struct()
    m.list_header(1, _Thrift.STRUCT, len(chunks))
    for name, ptype, offset, size in chunks:
        m.begin_struct()
        m.i64(2, offset)  # file_offset
        m.begin_struct(3)  # ColumnMetaData
        m.i32(1, ptype)
        m.list_i32(2, [PLAIN, RLE])
        m.list_string(3, [name])
        m.i32(4, 0)  # UNCOMPRESSED
        m.i64(5, n)
        m.i64(6, size)
        m.i64(7, size)
        m.i64(9, offset)  # data_page_offset
        m.end_struct()
        m.end_struct()
    m.i64(2, sum(c[3] for c in chunks))  # total_byte_size
    m.i64(3, n)
    m.end_struct()
    m.string(6, "plumbline make_corpus.py")
    m.end_struct()
    footer = bytes(m.buf)
    return bytes(body) + footer + struct.pack("<I", len(footer)) + b"PAR1"


def base_parquet():
    """(bytes, writer description) of a small valid Parquet file."""
    ids = list(range(1, 201))
    names = ["name-%03d" % i for i in ids]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return _stdlib_parquet(ids, names), "built-in writer"
    table = pa.table({"id": pa.array(ids, pa.int64()), "name": pa.array(names, pa.string())})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="NONE", use_dictionary=False)
    return sink.getvalue().to_pybytes(), "pyarrow " + pa.__version__


def png_1x1():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    idat = zlib.compress(b"\x00\xff\x00\x00", 9)  # filter byte + one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# ---------------------------------------------------------------------------------------------


def main():
    # Remove files a previous run listed (so renamed cases do not linger); nothing else.
    try:
        with open(os.path.join(HERE, "MANIFEST.json"), encoding="utf-8") as f:
            for entry in json.load(f):
                path = os.path.join(HERE, os.path.basename(entry["file"]))
                if os.path.isfile(path):
                    os.remove(path)
    except (OSError, ValueError, KeyError, TypeError):
        pass

    # --- structural CSV errors ----------------------------------------------------------------
    put("ragged_too_many.csv",
        lines("id,name,amount", "1,alice,10", "2,bob,20", "3,carol,30,EXTRA", "4,dave,40"),
        "line 4 has 4 fields but the header has 3", "error", ["record 4"])
    put("ragged_too_few.csv",
        lines("id,name,amount", "1,alice,10", "2,bob,20", "3,carol,30", "4,dave", "5,erin,50"),
        "line 5 has 2 fields but the header has 3", "error", ["record 5"])
    put("unterminated_quote.csv",
        lines("id,name,amount", "1,alice,10", "2,bob,20", '3,"carol,30'),
        "the last line (line 4) opens a quoted field that is never closed before end of file",
        "error", ["record 4"])
    put("invalid_utf8.csv",
        b"id,city,amount\n1,Paris,10\n2,Montr\xe9al,20\n3,Z\xfcrich \xff\xfe,30\n",
        "latin-1 / invalid UTF-8 bytes in a value, first on line 3", "error", ["record 3"])
    put("nul_in_field.csv",
        b"id,name,amount\n1,alice,10\n2,bo\x00b,20\n3,carol,30\n",
        "a NUL byte inside the name field on line 3 (otherwise plain text)", "error", ["byte"])

    # --- empty-ish files ----------------------------------------------------------------------
    put("empty.csv", b"", "0-byte file", "error", ["empty"])
    put("bom_only.csv", b"\xef\xbb\xbf", "only a UTF-8 byte order mark, no header", "error", [])
    put("header_only.csv", lines("id,name,amount"),
        "a header and no data rows (loads with 0 rows)", "finding", [])

    # --- not CSV at all -----------------------------------------------------------------------
    rng = random.Random(20240601)
    blob = bytearray(rng.randbytes(4096))
    blob[7] = 0  # guarantee a NUL early on
    put("binary.csv", bytes(blob), "4 KiB of seeded random bytes (NUL at byte 7) named .csv",
        "error", ["byte"])
    put("image.csv", png_1x1(), "a 1x1 PNG image (PNG magic bytes) named .csv", "error", ["byte"])

    # --- gzip ---------------------------------------------------------------------------------
    gz_src = lines("id,name,amount", *("%d,name-%d,%d" % (i, i, i * 7 % 101) for i in range(1, 2001)))
    gz = gzip.compress(gz_src, compresslevel=9, mtime=0)
    put("gzip_truncated.csv.gz", gz[: len(gz) // 2],
        "a valid gzip'd CSV cut to half its compressed length", "error", ["gzip"])
    put("not_gzip.csv.gz", lines("id,name,amount", "1,alice,10", "2,bob,20"),
        "plain CSV text named .csv.gz (no gzip magic): the format is read from the bytes, so it loads as CSV",
        "finding", [])

    # --- Parquet ------------------------------------------------------------------------------
    pq_bytes, writer = base_parquet()
    assert pq_bytes[:4] == b"PAR1" and pq_bytes[-4:] == b"PAR1"
    put("parquet_truncated.parquet", pq_bytes[: len(pq_bytes) // 2],
        "a valid 200-row Parquet file (%s) cut in half: no footer" % writer, "error", ["Parquet"])
    put("parquet_magic_only.parquet", b"PAR1", "just the 4-byte PAR1 magic", "error", ["Parquet"])
    flen = struct.unpack("<I", pq_bytes[-8:-4])[0]
    bad = bytearray(pq_bytes)
    start = len(bad) - 8 - flen
    bad[start:start + flen] = b"\xff" * flen
    put("parquet_bad_footer.parquet", bytes(bad),
        "valid Parquet whose footer metadata bytes are overwritten with 0xFF (length and magic intact)",
        "error", ["Parquet"])
    bad = bytearray(pq_bytes)
    bad[-8:-4] = struct.pack("<I", 0x7FFFFFF0)
    put("parquet_bad_footer_len.parquet", bytes(bad),
        "valid Parquet whose footer length field claims ~2 GiB (larger than the file)",
        "error", ["Parquet"])

    # --- header problems (file loads) ----------------------------------------------------------
    put("duplicate_header.csv",
        lines("id,name,amount,name", "1,alice,10,A", "2,bob,20,B", "3,carol,30,C"),
        "the header names the column 'name' twice", "finding", ["name"])
    put("empty_header_name.csv",
        lines("id,,amount", "1,alice,10", "2,bob,20", "3,carol,30"),
        "the second header cell is empty (column with no name)", "finding", [])

    # --- data-quality findings ----------------------------------------------------------------
    put("all_null_column.csv",
        lines("id,name,notes,amount", *("%d,name-%d,,%d" % (i, i, i * 3) for i in range(1, 41))),
        "column 'notes' is empty in every one of 40 rows", "finding", ["notes"])
    vals = ["%.2f" % (i * 1.25) for i in range(1, 31)]
    vals[4], vals[11], vals[19], vals[27] = "NaN", "inf", "-inf", "nan"
    put("nan_inf.csv",
        lines("id,reading", *("%d,%s" % (i + 1, v) for i, v in enumerate(vals))),
        "numeric column 'reading' holds NaN, inf, -inf and nan strings among 30 numbers",
        "finding", ["reading"])
    qty = [str(i * 3 % 97) for i in range(1, 51)]
    qty[9], qty[22], qty[40] = "twelve", "several", "lots"
    put("mixed_types.csv",
        lines("id,qty", *("%d,%s" % (i + 1, q) for i, q in enumerate(qty))),
        "column 'qty' is 47 integers and 3 words (twelve, several, lots): 3 invalid values",
        "finding", ["qty"])

    # --- valid but awkward (must load) ----------------------------------------------------------
    crlf = ("\ufeff"
            'id;name;comment;amount\r\n'
            '1;"Smith, John";"line one\nline two";10,5\r\n'
            '2;"O""Brien";"first\r\nsecond\r\nthird";20\r\n'
            '3;plain;"semi;colon inside";30\r\n'
            '4;"";"";40\r\n')
    put("crlf_bom_semicolon.csv", crlf.encode("utf-8"),
        "VALID: BOM, CRLF, ';' delimiter, commas, doubled quotes and newlines inside quoted fields (4 rows)",
        "finding", [])
    put("many_categories.csv",
        lines("id,sku,region", *("%d,sku-%05d-%s,%s" % (i, i, "abcdefgh"[i % 8] * 3, "NESW"[i % 4])
                                for i in range(1, 5001))),
        "VALID: column 'sku' has 5000 distinct strings in 5000 rows (high cardinality)",
        "finding", [])
    big = "".join("abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 36] for i in range(1 << 20))
    put("long_field.csv", lines("id,blob,amount", "1,short,10", "2,%s,20" % big, "3,short,30"),
        "VALID: line 3 holds a single 1 MiB field", "finding", [])

    with open(os.path.join(HERE, "MANIFEST.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=True)
        f.write("\n")

    total = sum(os.path.getsize(os.path.join(HERE, n)) for n in os.listdir(HERE))
    assert total < 4_000_000, total
    print("wrote %d files + MANIFEST.json to %s (%d bytes total, parquet via %s)"
          % (len(manifest), HERE, total, writer), file=sys.stderr)


if __name__ == "__main__":
    main()
