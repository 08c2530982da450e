//! The bounds a Parquet file must keep before it is decoded: every column chunk inside the file,
//! and no page that claims to decompress to more than a real page ever does.
//!
//! The Parquet reader allocates each compressed page's *claimed* uncompressed size
//! (`PageHeader.uncompressed_page_size`, up to 2 GiB) before it decompresses a byte. A file whose
//! header claims 2 GiB for a 20-byte page would take that much memory, which in a browser worker
//! (4 GiB in all) ends the tab. So the headers are read first, straight from the file's bytes,
//! and a page is refused when its claim is above [`PAGE_MAX_BYTES`], or above
//! [`PAGE_RATIO_AFTER`] and more than [`PAGE_MAX_RATIO`] times its compressed size (real pages
//! are about 1 MiB: pyarrow's, Spark's and arrow-rs's default page size).
//!
//! The headers are Thrift compact-protocol structs (parquet-format's `PageHeader`: field 2 is
//! `uncompressed_page_size`, field 3 `compressed_page_size`). The parquet crate keeps its header
//! reader private, and the `thrift` crate allocates a string's declared length while skipping it
//! (a second bomb), so the few lines that skip a compact struct are written here, with a depth
//! and a length bound.

use parquet::file::metadata::ParquetMetaData;

/// A page that claims more than this uncompressed is refused (no writer makes pages this big).
pub const PAGE_MAX_BYTES: u64 = 1 << 30;
/// A page that claims more than this…
pub const PAGE_RATIO_AFTER: u64 = 32 << 20;
/// …and more than this many times its compressed size is refused as a decompression bomb.
pub const PAGE_MAX_RATIO: u64 = 1000;

/// Why a file cannot be decoded safely; the caller adds the file's name.
#[derive(Debug, PartialEq)]
pub enum Unsafe {
    /// A column chunk's byte range is negative or runs past the end of the file.
    OutsideFile { row_group: usize, column: String, start: i64, len: i64, file_len: u64 },
    /// The footer's metadata is not a well-formed Thrift struct.
    BadFooter,
    /// A page header inside a column chunk is not a well-formed Thrift struct.
    BadPageHeader { row_group: usize, column: String, byte: u64 },
    /// A data page is dictionary-encoded, and no dictionary page comes before it in its chunk.
    NoDictionary { row_group: usize, column: String, byte: u64 },
    /// A page claims an implausible uncompressed size.
    Bomb { row_group: usize, column: String, byte: u64, claimed: u64, compressed: u64 },
}

impl std::fmt::Display for Unsafe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unsafe::OutsideFile { row_group, column, start, len, file_len } => write!(
                f,
                "row group {}, column {column}: the footer puts its data at bytes {start}..{}, outside the file's {file_len} bytes (the file is truncated or its footer is damaged)",
                row_group + 1,
                start.saturating_add(*len)
            ),
            Unsafe::BadFooter => write!(f, "the footer's metadata is damaged (it does not parse as Parquet's metadata)"),
            Unsafe::BadPageHeader { row_group, column, byte } => write!(
                f,
                "row group {}, column {column}: the page header at byte {byte} is damaged (it does not parse)",
                row_group + 1
            ),
            Unsafe::NoDictionary { row_group, column, byte } => write!(
                f,
                "row group {}, column {column}: the page at byte {byte} is dictionary-encoded, but no dictionary page comes before it (the file is damaged)",
                row_group + 1
            ),
            Unsafe::Bomb { row_group, column, byte, claimed, compressed } => write!(
                f,
                "row group {}, column {column}: the page at byte {byte} claims to decompress from {compressed} bytes to {} MB; this looks like a decompression bomb, not data a writer produced, so it is not decoded",
                row_group + 1,
                claimed >> 20
            ),
        }
    }
}

/// Checks that the footer of `bytes` (the whole file, `PAR1` at both ends) is a well-formed
/// Thrift struct, before the parquet crate reads it: its reader skips a list element by element
/// however many the list declares, so a 461-byte file declaring a list of billions took seconds.
/// Here a list may not declare more elements than there are bytes left.
pub fn check_footer(bytes: &[u8]) -> Result<(), Unsafe> {
    let len = bytes.len();
    let footer = len
        .checked_sub(8)
        .and_then(|end| {
            let n = u32::from_le_bytes(bytes.get(end..end + 4)?.try_into().ok()?) as usize;
            bytes.get(end.checked_sub(n)?..end)
        })
        .ok_or(Unsafe::BadFooter)?;
    Compact { b: footer, at: 0 }.skip(STRUCT, 0).ok_or(Unsafe::BadFooter)
}

/// Checks every column chunk and page header of `bytes` (the whole file) against the bounds;
/// a page header that does not parse is refused too (the parquet crate's reader would skip its
/// lists element by element, as for the footer).
pub fn check(bytes: &[u8], metadata: &ParquetMetaData) -> Result<(), Unsafe> {
    let file_len = bytes.len() as u64;
    for (row_group, rg) in metadata.row_groups().iter().enumerate() {
        for chunk in rg.columns() {
            let column = chunk.column_path().string();
            let start = chunk.dictionary_page_offset().unwrap_or_else(|| chunk.data_page_offset());
            let len = chunk.compressed_size();
            let range = u64::try_from(start)
                .ok()
                .zip(u64::try_from(len).ok())
                .and_then(|(s, l)| Some((s, s.checked_add(l)?)))
                .filter(|&(_, end)| end <= file_len);
            let Some((start, end)) = range else {
                return Err(Unsafe::OutsideFile { row_group, column, start, len, file_len });
            };
            let mut at = start;
            let mut dictionary = false;
            while at < end {
                let Some(page) = bytes.get(at as usize..end as usize).and_then(page_header) else {
                    return Err(Unsafe::BadPageHeader { row_group, column, byte: at });
                };
                let (claimed, compressed) = (page.uncompressed, page.compressed);
                if is_bomb(claimed, compressed) {
                    return Err(Unsafe::Bomb { row_group, column, byte: at, claimed, compressed });
                }
                // The crate's decoder panics on a dictionary-encoded page without a dictionary.
                dictionary |= page.kind == DICTIONARY_PAGE;
                if page.dictionary_encoded && !dictionary {
                    return Err(Unsafe::NoDictionary { row_group, column, byte: at });
                }
                at = at.saturating_add(page.header_len).saturating_add(compressed);
            }
        }
    }
    Ok(())
}

/// Whether a page claiming `claimed` bytes uncompressed from `compressed` bytes is refused.
fn is_bomb(claimed: u64, compressed: u64) -> bool {
    claimed > PAGE_MAX_BYTES || (claimed > PAGE_RATIO_AFTER && claimed > compressed.saturating_mul(PAGE_MAX_RATIO))
}

/// What the walk needs of one page header.
#[derive(Debug, PartialEq)]
struct Page {
    header_len: u64,
    uncompressed: u64,
    compressed: u64,
    /// `PageType`: 0 data page, 2 dictionary page, 3 data page v2.
    kind: i64,
    /// A data page whose values use a dictionary encoding (PLAIN_DICTIONARY or RLE_DICTIONARY).
    dictionary_encoded: bool,
}

const DICTIONARY_PAGE: i64 = 2;

/// Reads the page header at the start of `b`; `None` when it does not parse or a size is negative.
fn page_header(b: &[u8]) -> Option<Page> {
    let mut r = Compact { b, at: 0 };
    let (mut uncompressed, mut compressed, mut page_type, mut encoding) = (None, None, None, None);
    let mut id = 0i16;
    loop {
        let (kind, next) = r.field(id)?;
        if kind == STOP {
            break;
        }
        id = next;
        match (id, kind) {
            (1, I32) => page_type = Some(r.int()?),
            (2, I32) => uncompressed = u64::try_from(r.int()?).ok(),
            (3, I32) => compressed = u64::try_from(r.int()?).ok(),
            // DataPageHeader's encoding is its field 2, DataPageHeaderV2's its field 4.
            (5, STRUCT) => encoding = r.struct_i32(2)?,
            (8, STRUCT) => encoding = r.struct_i32(4)?,
            _ => r.skip(kind, 0)?,
        }
    }
    Some(Page {
        header_len: r.at as u64,
        uncompressed: uncompressed?,
        compressed: compressed?,
        kind: page_type?,
        dictionary_encoded: matches!(encoding, Some(2 | 8)),
    })
}

const STOP: u8 = 0;
const I32: u8 = 5;
const STRUCT: u8 = 12;
const MAX_DEPTH: u8 = 16;

/// A Thrift compact-protocol reader over a byte slice.
struct Compact<'a> {
    b: &'a [u8],
    at: usize,
}

impl Compact<'_> {
    fn byte(&mut self) -> Option<u8> {
        let v = *self.b.get(self.at)?;
        self.at += 1;
        Some(v)
    }

    fn advance(&mut self, n: u64) -> Option<()> {
        let end = self.at.checked_add(usize::try_from(n).ok()?)?;
        (end <= self.b.len()).then(|| self.at = end)
    }

    /// Bytes not read yet.
    fn left(&self) -> u64 {
        self.b.len().saturating_sub(self.at) as u64
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// A zigzag varint (i16, i32, i64).
    fn int(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// A field header after field `last`: its type and id.
    fn field(&mut self, last: i16) -> Option<(u8, i16)> {
        let byte = self.byte()?;
        let kind = byte & 0x0f;
        if kind == STOP {
            return Some((STOP, last));
        }
        let delta = i16::from(byte >> 4);
        let id = if delta == 0 { i16::try_from(self.int()?).ok()? } else { last.checked_add(delta)? };
        Some((kind, id))
    }

    /// Reads a struct, returning its i32 field `wanted` (if present) and skipping the rest.
    fn struct_i32(&mut self, wanted: i16) -> Option<Option<i64>> {
        let (mut id, mut value) = (0, None);
        loop {
            let (kind, next) = self.field(id)?;
            if kind == STOP {
                return Some(value);
            }
            id = next;
            if id == wanted && kind == I32 {
                value = Some(self.int()?);
            } else {
                self.skip(kind, 1)?;
            }
        }
    }

    /// Skips one value of compact type `kind`.
    fn skip(&mut self, kind: u8, depth: u8) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match kind {
            1 | 2 => Some(()),             // a boolean field carries its value in its type
            3 => self.advance(1),          // byte
            4..=6 => self.int().map(drop), // i16, i32, i64
            7 => self.advance(8),          // double
            8 => {
                let len = self.varint()?;
                self.advance(len)
            }
            9 | 10 => {
                let head = self.byte()?;
                let size = if head >> 4 == 15 { self.varint()? } else { u64::from(head >> 4) };
                let element = head & 0x0f;
                // Every element takes at least a byte.
                if size > self.left() {
                    return None;
                }
                for _ in 0..size {
                    // A list of booleans holds one byte per element.
                    if element == 1 || element == 2 {
                        self.advance(1)?
                    } else {
                        self.skip(element, depth + 1)?
                    }
                }
                Some(())
            }
            11 => {
                let size = self.varint()?;
                if size == 0 {
                    return Some(());
                }
                // Every entry takes at least two bytes.
                if size > self.left() / 2 {
                    return None;
                }
                let kinds = self.byte()?;
                for _ in 0..size {
                    self.skip(kinds >> 4, depth + 1)?;
                    self.skip(kinds & 0x0f, depth + 1)?;
                }
                Some(())
            }
            STRUCT => {
                let mut id = 0;
                loop {
                    let (kind, next) = self.field(id)?;
                    if kind == STOP {
                        return Some(());
                    }
                    id = next;
                    self.skip(kind, depth + 1)?;
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zigzag(v: i64) -> Vec<u8> {
        let mut z = ((v << 1) ^ (v >> 63)) as u64;
        let mut out = Vec::new();
        loop {
            let byte = (z & 0x7f) as u8;
            z >>= 7;
            if z == 0 {
                out.push(byte);
                return out;
            }
            out.push(byte | 0x80);
        }
    }

    /// A page header as writers emit it: type, sizes, then a data-page header struct with a
    /// statistics struct holding a binary min and a list, then the crc.
    fn header(uncompressed: i64, compressed: i64) -> Vec<u8> {
        let mut h = vec![0x15];
        h.extend(zigzag(0)); // 1: type DATA_PAGE
        h.push(0x15);
        h.extend(zigzag(uncompressed)); // 2
        h.push(0x15);
        h.extend(zigzag(compressed)); // 3
        h.push(0x3c); // 5 (delta 2): data_page_header struct
        h.push(0x15);
        h.extend(zigzag(100)); // num_values
        h.push(0x11); // a boolean field, value in the type
        h.push(0x18); // binary
        h.push(3);
        h.extend(b"abc");
        h.push(0x19); // list of 2 i32
        h.push(0x25);
        h.extend(zigzag(7));
        h.extend(zigzag(-7));
        h.push(0x00); // end of data_page_header
        h.push(0x05); // a field with its id written out (long form): i32
        h.extend(zigzag(9));
        h.extend(zigzag(1234));
        h.push(0x00);
        h
    }

    #[test]
    fn page_headers_parse_to_their_sizes_and_length() {
        let h = header(1 << 20, 4000);
        let mut bytes = h.clone();
        bytes.extend([0xAA; 10]); // the page's data follows
        assert_eq!(
            page_header(&bytes),
            Some(Page {
                header_len: h.len() as u64,
                uncompressed: 1 << 20,
                compressed: 4000,
                kind: 0,
                dictionary_encoded: false
            })
        );
    }

    #[test]
    fn truncated_negative_or_too_deep_headers_do_not_parse() {
        let h = header(1 << 20, 4000);
        for cut in 0..h.len() {
            assert_eq!(page_header(&h[..cut]), None, "cut at {cut}");
        }
        assert_eq!(page_header(&header(-1, 10)), None);
        // Structs nested beyond the depth bound.
        let mut deep = vec![0x1c; 40];
        deep.extend([0; 40]);
        assert_eq!(page_header(&deep), None);
        // A binary whose declared length runs past the bytes is not allocated, just refused.
        assert_eq!(page_header(&[0x18, 0xff, 0xff, 0xff, 0xff, 0x0f]), None);
        // A list declaring more elements than bytes left is refused at once (not skipped one
        // by one), as is a map declaring more entries than pairs of bytes left.
        assert_eq!(page_header(&[0x19, 0xf5, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0]), None);
        assert_eq!(page_header(&[0x1b, 0x05, 0x55, 0, 0, 0, 0]), None);
        // A field 20 (long form) holding a list of three i32 before the header's end is skipped.
        let mut list = header(10, 10);
        list.pop();
        list.extend([0x09, 40, 0x35, 2, 4, 6, 0x00]);
        assert!(page_header(&list).is_some_and(|p| p.header_len == list.len() as u64));
    }

    #[test]
    fn bomb_bounds_refuse_implausible_claims_only() {
        for (claimed, compressed, bomb) in [
            (1u64 << 20, 400u64, false),         // a real page: 1 MiB from 400 bytes
            (PAGE_RATIO_AFTER, 10, false),       // small claims are never refused
            (PAGE_RATIO_AFTER + 1, 10, true),    // 32 MiB from 10 bytes
            (100 << 20, 1 << 20, false),         // 100-fold
            (PAGE_MAX_BYTES + 1, 1 << 29, true), // over the absolute bound
        ] {
            assert_eq!(is_bomb(claimed, compressed), bomb, "{claimed} from {compressed}");
        }
    }
}
