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


def _stdlib_parquet(ids, names, gzip_pages=False, id_claims=None, name_offset=None, id_dictionary_encoded=False):
    """A valid Parquet file: id INT64 REQUIRED, name BYTE_ARRAY(UTF8) REQUIRED.

    gzip_pages: pages compressed with the GZIP codec (stdlib gzip); id_claims: the uncompressed
    size the id column's page header claims (a lie, for the decompression-bomb case);
    name_offset: the data_page_offset the footer gives the name column (a damaged footer);
    id_dictionary_encoded: the id column's data page says RLE_DICTIONARY, with no dictionary page."""
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
        stored = gzip.compress(values, mtime=0) if gzip_pages else values
        claim = id_claims if (name == "id" and id_claims is not None) else len(values)
        h = _Thrift()
        h.begin_struct()
        h.i32(1, 0)  # DATA_PAGE
        h.i32(2, claim)
        h.i32(3, len(stored))
        h.begin_struct(5)  # DataPageHeader
        h.i32(1, n)
        h.i32(2, 8 if (name == "id" and id_dictionary_encoded) else PLAIN)  # 8: RLE_DICTIONARY
        h.i32(3, RLE)
        h.i32(4, RLE)
        h.end_struct()
        h.end_struct()
        offset = len(body)
        page = bytes(h.buf) + stored
        body += page
        chunks.append((name, ptype, offset, len(page), len(h.buf) + len(values)))

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
    for name, ptype, offset, size, uncompressed in chunks:
        if name == "name" and name_offset is not None:
            offset = name_offset
        m.begin_struct()
        m.i64(2, offset)  # file_offset
        m.begin_struct(3)  # ColumnMetaData
        m.i32(1, ptype)
        m.list_i32(2, [PLAIN, RLE])
        m.list_string(3, [name])
        m.i32(4, 2 if gzip_pages else 0)  # GZIP or UNCOMPRESSED
        m.i64(5, n)
        m.i64(6, uncompressed)
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


def _boundary(text, offset):
    """True when byte `offset` of `text` (UTF-8) starts a character (or is its end)."""
    b = text.encode()
    return offset >= len(b) or (b[offset] & 0xC0) != 0x80


def cp1252(text):
    """`text` in Windows-1252, checked to be read as such: its first non-ASCII byte is also
    where UTF-8 decoding fails (no accidental valid UTF-8 sequence before it)."""
    data = text.encode("cp1252")
    first = next(i for i, b in enumerate(data) if b >= 0x80)
    try:
        data.decode("utf-8")
        raise AssertionError("cp1252 text that is valid UTF-8")
    except UnicodeDecodeError as e:
        assert e.start == first, (e.start, first)
    return data


def parquet_of(columns):
    """Parquet bytes (pyarrow, snappy, one row group) of {name: pyarrow array}."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(columns), sink, compression="snappy")
    return sink.getvalue().to_pybytes()


def gzip_stream(pieces):
    """gzip (level 9, mtime 0) of the concatenation of `pieces`, without holding it whole."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    out = bytearray(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")
    crc, size = 0, 0
    for piece in pieces:
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        out += z.compress(piece)
    out += z.flush()
    out += struct.pack("<II", crc, size & 0xFFFFFFFF)
    return bytes(out)


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
        "line 4 has 4 fields but the header has 3", "error",
        ["record 4", "the header has 3 fields, this record has 4"])
    put("ragged_too_few.csv",
        lines("id,name,amount", "1,alice,10", "2,bob,20", "3,carol,30", "4,dave", "5,erin,50"),
        "line 5 has 2 fields but the header has 3", "error",
        ["record 5", "the header has 3 fields, this record has 2"])
    put("unterminated_quote.csv",
        lines("id,name,amount", "1,alice,10", "2,bob,20", '3,"carol,30'),
        "the last line (line 4) opens a quoted field that is never closed before end of file",
        "error", ["record 4"])
    # Not UTF-8, and nothing before the first bad byte was multi-byte UTF-8: since the loader
    # reads such files as Windows-1252 (Excel on Windows), this one loads (0xFF 0xFE = "ÿþ").
    put("invalid_utf8.csv",
        b"id,city,amount\n1,Paris,10\n2,Montr\xe9al,20\n3,Z\xfcrich \xff\xfe,30\n",
        "latin-1 / invalid UTF-8 bytes in a value, first on line 3: read as Windows-1252",
        "finding", [], rows=3, encoding="windows-1252", values={"city": "Montréal"})
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

    # Built by the stdlib writer whatever is installed: their bytes are what the cases need.
    ids = list(range(1, 201))
    names = ["name-%03d" % i for i in ids]
    put("parquet_gzip_pages.parquet", _stdlib_parquet(ids, names, gzip_pages=True),
        "a valid Parquet file whose pages use the GZIP codec: the page-header walk accepts it",
        "finding", [], rows=200, columns=2, values={"name": "name-007"})
    put("parquet_page_bomb.parquet", _stdlib_parquet(ids, names, gzip_pages=True, id_claims=2_000_000_000),
        "the id column's page header claims 2 GB uncompressed for a page of a few hundred bytes "
        "(a decompression bomb: the reader would allocate the claim before decompressing)",
        "error", ["row group 1, column id", "decompression bomb"])
    put("parquet_dictionary_page_missing.parquet", _stdlib_parquet(ids, names, id_dictionary_encoded=True),
        "the id column's data page is RLE_DICTIONARY-encoded but the chunk has no dictionary page "
        "(the parquet crate's decoder panics on this)",
        "error", ["row group 1, column id", "no dictionary page"])
    put("parquet_chunk_outside.parquet", _stdlib_parquet(ids, names, name_offset=1 << 40),
        "the footer puts the name column's data at byte 2^40, far past the end of the file",
        "error", ["row group 1, column name", "outside the file"])
    put("parquet_negative_offset.parquet", _stdlib_parquet(ids, names, name_offset=-100),
        "the footer gives the name column a negative data offset",
        "error", ["column name"])

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

    # --- text encodings as real exports write them ---------------------------------------------
    names = ["Jürgen Müller", "Æsa Ørsted", "João Conceição", "Łukasz Wójcik", "Zoë Brontë",
             "François Noël", "Ngũgĩ wa Thiong'o", "Antonín Dvořák", "Ayşe Şahin", "Øyvind Ødegård"]
    cities = ["Łódź", "Ærøskøbing", "São Paulo", "Zürich", "Kraków",
              "Besançon", "Reykjavík", "Malmö", "İstanbul", "Nuuk"]
    people = [(names[r % 10] + (" Jr." if r >= 10 else ""), cities[r * 3 % 10], "%.2f" % (r * 13.37 % 100))
              for r in range(20)]
    for enc, bom, delim, label in (("utf-16-le", b"\xff\xfe", "\t", "utf-16le"),
                                   ("utf-16-be", b"\xfe\xff", ",", "utf-16be")):
        text = "".join(delim.join(r) + "\r\n" for r in [("name", "city", "amount")] + people)
        what = ("Excel 'Unicode text': UTF-16LE with BOM FF FE, TAB-delimited, CRLF, 20 rows of accented names"
                if label == "utf-16le" else "UTF-16BE with BOM FE FF, comma-delimited, CRLF, 20 accented rows")
        put("%s_bom.csv" % label.replace("-", ""), bom + text.encode(enc), what, "finding", [],
            rows=20, columns=3, encoding=label, values={"city": "Łódź", "name": "Jürgen Müller"})

    w1252 = ["id,name,city,price,note",
             "1,Müller,Düsseldorf,€12.50,“quoted” text",
             "2,José,Montréal,€0.99,naïve café",
             "3,Strauß,Köln,€1000,‘single’ – dash",
             "4,Zoë,Genève,€7.25,… ellipsis",
             "5,Ångström,Malmö,€3.10,œuvre Œ",
             "6,Smith,London,€4.00,plain",
             "7,Núñez,Señorío,€15.75,¿qué? ¡sí!",
             "8,Dvorak,Brno,€2.20,™ ® ©"]
    put("windows1252.csv", cp1252("".join(r + "\n" for r in w1252)),
        "Windows-1252 bytes (é ü ß € “quotes”) from line 2 on, comma-delimited, 8 rows",
        "finding", [], rows=8, columns=5, encoding="windows-1252",
        values={"name": "Müller", "price": "€12.50", "note": "“quoted” text"})

    late = ["id,name,city,qty"] + ["%d,name-%d,%s,%d" % (i, i, ["Paris", "Oslo", "Bern", "Rome"][i % 4], i * 7 % 97)
                                  for i in range(1, 6001)]
    late += ["6001,name-6001,Montréal,1", "6002,name-6002,Genève,2", "6003,Jürgen,Düsseldorf,3", "6004,x,Paris,4"]
    raw = cp1252("".join(r + "\n" for r in late))
    first = next(i for i, b in enumerate(raw) if b >= 0x80)
    assert first > 64 * 1024, first
    put("windows1252_late.csv.gz", gzip.compress(raw, compresslevel=9, mtime=0),
        "gzip of a CSV whose first 6000 rows (%d bytes) are ASCII; the first Windows-1252 byte is at byte %d"
        % (first - len("6001,name-6001,Montr"), first),
        "finding", [], rows=6004, columns=4, encoding="windows-1252",
        values={"city": "Montréal", "name": "Jürgen"})

    put("mixed_utf8_then_cp1252.csv",
        "id,city,amount\n1,Zürich,10\n2,Oslo,20\n3,Bern,30\n".encode("utf-8") + b"4,Montr\xe9al,40\n5,Paris,50\n",
        "valid UTF-8 (Zürich) on line 2, then a lone Windows-1252 byte 0xE9 on line 5: mixed encodings",
        "error", ["UTF-8", "record 5"])

    # --- Excel habits -----------------------------------------------------------------------------
    put("excel_sep_line.csv",
        lines("sep=;", "id;name;score", "1;Smith, John;3", "2;Doe, Jane;5", "3;O'Neil;8", "4;Ng;13", "5;Li;21",
              eol="\r\n"),
        "Excel's 'sep=;' first line, then a ';'-delimited header id;name;score and 5 rows (commas in names)",
        "finding", [], rows=5, columns=3, values={"name": "Smith, John"})

    from decimal import Decimal
    prices = [Decimal("3.14"), Decimal("1234.5"), Decimal("-0.75")]
    prices += [Decimal((r * 7919) % 100000 - 20000) / (10 if r % 3 else 100) for r in range(3, 30)]
    assert all(p == p.quantize(Decimal("0.01")) for p in prices)
    text = [str(p).replace(".", ",") for p in prices]
    put("decimal_comma.csv",
        lines("id;price;qty", *("%d;%s;%d" % (i + 1, t, (i * 13) % 50) for i, t in enumerate(text))),
        "';'-delimited, prices with a decimal comma (3,14 1234,5 -0,75 ...), qty plain integers, 30 rows",
        "finding", [], rows=30, columns=3, values={"qty": "13"}, price_sum=float(sum(prices)))

    # --- Unicode that byte-slicing code gets wrong ------------------------------------------------
    ascii_ = "0123456789abcdefghijklmnopqrstuvwxyz"
    texts = []
    for k in range(8, 19):
        for ch in ("ü", "€", "😀"):
            v = ascii_[:k - 1] + ch
            texts.append(v + ascii_[len(v.encode()):24])
    texts += ["2024-01-3é 10:00:00", "2024-01-01 1€:00:00", "2024-01-01T10:00:0😀", "2024-0ü-01 10:00:00",
              "20ü4-01-01 10:00:00", "2024-01-01 10:00:00.12€", "2024-01-01 10:00:00+0😀:00",
              "1😀", "3,5€".replace(",", "."), "üüüüüüüüüüüü", "€€€€€€€€", "😀😀😀😀😀😀", "2024-01-01 10:00:00"]
    for off in range(8, 19):
        assert any(len(v.encode()) >= 20 and not _boundary(v, off) for v in texts), off
    assert not any(c in v for v in texts for c in ",;\t|\"\n")
    put("multibyte_offsets.csv", lines("text", *texts),
        "one text column of %d values: 2-, 3- and 4-byte characters (ü € 😀) at every byte offset 8..18, "
        "and date-like values with them ('2024-01-3é 10:00:00')" % len(texts),
        "finding", [], rows=len(texts), columns=1, encoding="utf-8", values={"text": "2024-01-3é 10:00:00"})

    put("rtl_text.csv",
        lines("id,arabic,hebrew,mixed",
              "1,مرحبا بالعالم,שלום עולם,طلب رقم 12345",
              "2,القاهرة,ירושלים,הזמנה 678 ₪",
              "3,شكرا جزيلا,תודה רבה,\u200fשלום 42\u200e",
              "4,١٢٣٤٥,אבג,abc مرحبا 123 שלום",
              "5,٣٫١٤,\u202bעברית\u202c,2024-01-01 עד 2024-02-01",
              "6,ﷺ,ﬣ,x\u200f1\u200f2"),
        "Arabic and Hebrew text, Arabic-Indic digits, RLM/LRM/embedding marks, RTL mixed with digits",
        "finding", [], rows=6, columns=4, encoding="utf-8", values={"hebrew": "שלום עולם", "arabic": "مرحبا بالعالم"})

    family, rainbow, heart = "👨\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "❤\ufe0f"
    put("emoji_zwj.csv",
        lines("id,%s family,flag %s,%s note" % (family, rainbow, heart),
              "1,%s,%s,%s" % (family, rainbow, heart),
              "2,👩\u200d❤\ufe0f\u200d💋\u200d👨,🏴\u200d☠\ufe0f,☺\ufe0e",
              "3,🧑🏽\u200d💻,🇩🇪,1\ufe0f\u20e3",
              "4,👨🏿\u200d🦰,🇯🇵,#\ufe0f\u20e3",
              "5,👍🏽,🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f,\u200d",
              "6,\ufe0f,🏳\ufe0f,%s%s" % (family, family)),
        "family/flag emoji with zero-width joiners, variation selectors, skin tones, tag sequences, also in the header",
        "finding", [], rows=6, columns=4, encoding="utf-8", values={"flag %s" % rainbow: "🏴\u200d☠\ufe0f"})

    zrng = random.Random(20240602)
    zalgo = "".join(c + "".join(chr(0x300 + zrng.randrange(0x70)) for _ in range(zrng.randrange(8, 30)))
                    for c in "Zalgo text")
    put("combining_marks.csv",
        lines("id,word", "1,e\u0301", "2,n\u0303", "3,Jose\u0301", "4,a\u0308\u0304\u0301", "5,\u0301",
              "6,1\u0301", "7,%s" % zalgo, "8,%s" % ("o" + "\u0336" * 300)),
        "decomposed accents (e + U+0301), a mark with no base, a digit with a mark, Zalgo-stacked marks",
        "finding", [], rows=8, columns=2, encoding="utf-8", values={"word": "Jose\u0301"})

    # --- byte-level oddities ----------------------------------------------------------------------
    rows_ = ["%d,name-%d,%d" % (i, i, i * 11 % 1000) for i in range(1, 4001)]
    body = "id,name,amount\n"
    nul_row = None
    for i, r in enumerate(rows_):
        if nul_row is None and len(body) > 70_000:
            nul_row, r = i + 1, r.replace("name-", "na\x00me-")
        body += r + "\n"
    nul_at = body.index("\x00")
    assert nul_at > 70_000 > 64 * 1024
    put("nul_late.csv", body.encode(),
        "a plain %d-byte CSV with a NUL byte inside a name at byte %d (data row %d), past the first 64 KiB"
        % (len(body), nul_at, nul_row),
        "finding", [], rows=4000, columns=3)

    put("lone_cr.csv", lines("a,b,c", *("%d,%d,x%d" % (i, i * i, i) for i in range(1, 11)), eol="\r"),
        "classic Mac line ends (a lone \\r), header a,b,c and 10 rows", "finding", [], rows=10, columns=3)

    # --- size and shape ---------------------------------------------------------------------------
    put("wide_10000_columns.csv",
        lines(",".join("c%d" % j for j in range(10000)),
              *(",".join(str((r * 31 + j * 7) % 1000) for j in range(10000)) for r in range(3))),
        "a header of 10 000 columns c0..c9999 and 3 numeric rows", "finding", [],
        chunks=[4096, 4194304], rows=3, columns=10000, values={"c9999": str((2 * 31 + 9999 * 7) % 1000)})

    # A unique id next to a million distinct tokens cannot fit 1.5 MB of gzip (deflate needs
    # about 16 bits a row even for sequential tokens, ~2 MB; a hashed token ~7.8 MB): id is
    # the block of 100 rows, and category is "k" + the 6 digits of the row reversed (distinct,
    # not sequential text, yet gzip finds the repeats).
    put("million_categories.csv.gz",
        gzip_stream([b"id,category\n"] + ["".join("%d,k%s\n" % (i // 100, ("%06d" % i)[::-1])
                                                  for i in range(b, b + 100_000)).encode()
                                          for b in range(0, 1_000_000, 100_000)]),
        "gzip of a CSV id,category with 1 000 000 rows and 1 000 000 distinct categories "
        "('k' + the row's 6 digits reversed; id = row // 100)",
        "finding", [], chunks=[4194304], rows=1_000_000, columns=2, values={"category": "k000001"})

    put("gzip_bomb.csv.gz",
        gzip_stream([b"a,b\n"] + [b"1,2\n" * (1 << 18)] * 200),
        "a gzip stream of a header then '1,2' repeated: 200 MiB from ~200 KB (ratio ~1000x)",
        "error", ["gzip", "expands"], chunks=[4096, 4194304])

    # --- Parquet types beyond the plain ones ------------------------------------------------------
    try:
        import pyarrow as pa
    except ImportError:
        sys.exit("pyarrow is needed for the Parquet cases: run with /root/.venvs/ref/bin/python")
    import datetime
    put("parquet_nested.parquet",
        parquet_of({
            "id": pa.array(range(1, 11), pa.int64()),
            "point": pa.array([{"x": i * 0.5, "y": -i} if i != 4 else None for i in range(10)],
                              pa.struct([("x", pa.float64()), ("y", pa.int64())])),
            "tags": pa.array([list(range(i % 4)) if i != 7 else None for i in range(10)], pa.list_(pa.int64())),
        }),
        "pyarrow: a struct<x double, y int64> column, a list<int64> column (empty lists, nulls), an int column; "
        "10 rows. The loader renders lists and structs as text ('[1, 2]', '{x: 0.5, y: -1}')",
        "finding", [], rows=10, columns=3, values={"point": "{x: 0.5, y: -1}"})
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    put("parquet_decimal_time_largestring.parquet",
        parquet_of({
            "amount": pa.array([Decimal("%d.%02d" % (i * 1234, i * 7 % 100)) if i != 3 else None for i in range(10)],
                               pa.decimal128(10, 2)),
            "at": pa.array([datetime.time(i, i * 5, i, i * 1000) for i in range(10)], pa.time64("us")),
            "note": pa.array(["note %d Müller" % i if i != 5 else None for i in range(10)], pa.large_string()),
            "day": pa.array([datetime.date(2024, 1, 1 + i) for i in range(10)], pa.date32()),
            "ts": pa.array([datetime.datetime(2024, 3, 31, i, 30, tzinfo=berlin) for i in range(10)],
                           pa.timestamp("us", tz="Europe/Berlin")),
        }),
        "pyarrow: decimal128(10,2), time64[us], large_string, date32, timestamp[us, Europe/Berlin]; 10 rows",
        "finding", [], rows=10, columns=5, values={"note": "note 1 Müller"})
    put("parquet_dictionary_nulls.parquet",
        parquet_of({
            "id": pa.array(range(1, 11), pa.int64()),
            "color": pa.array([["red", "green", None, "blue"][i % 4] for i in range(10)]).dictionary_encode(),
            "empty_text": pa.array([None] * 10, pa.string()),
            "nothing": pa.nulls(10),
        }),
        "pyarrow: a dictionary-encoded string column with nulls, an all-null string column, an all-null "
        "column of Arrow type null; 10 rows",
        "finding", [], rows=10, columns=4, values={"color": "green"})

    with open(os.path.join(HERE, "MANIFEST.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=True)
        f.write("\n")

    total = sum(os.path.getsize(os.path.join(HERE, n)) for n in os.listdir(HERE))
    assert total < 4_000_000, total
    print("wrote %d files + MANIFEST.json to %s (%d bytes total, parquet via %s)"
          % (len(manifest), HERE, total, writer), file=sys.stderr)


if __name__ == "__main__":
    main()
