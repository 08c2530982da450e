//! CSV → Arrow, push-based, on arrow-csv's `Decoder`.
//!
//! Bytes are first decoded to UTF-8 ([`super::encoding`]: UTF-8, UTF-16 with a BOM, else
//! Windows-1252). The first bytes (up to [`HEAD_BYTES`], at least one whole record) are buffered
//! to strip a UTF-8 BOM, take Excel's `sep=;` first line, sniff the delimiter (`,` `;` tab `|`)
//! and read the header. Line ends are `\n`, `\r\n` or a lone `\r` (old Mac exports). Then every field is
//! decoded as text by arrow-csv (quotes, embedded newlines, CRLF), and each batch is converted to
//! the column's canonical type ([`super::convert`]). Types are inferred on the first
//! [`SAMPLE_ROWS`] rows ([`super::infer`]) unless the user overrides them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray};
use arrow_csv::reader::Decoder;
use arrow_schema::{ArrowError, Field, Schema, SchemaRef};

use super::convert::convert_text;
use super::encoding::Transcoder;
use super::infer::TypeVotes;
use super::{ColumnInfo, ColumnType};
use crate::error::LoadError;

/// Bytes buffered before the header is read and the delimiter sniffed.
pub const HEAD_BYTES: usize = 64 * 1024;
/// Rows used to infer column types.
pub const SAMPLE_ROWS: u64 = 10_000;
/// Rows per Arrow batch…
pub const BATCH_ROWS: usize = 16 * 1024;
/// …unless a batch would then hold more fields than this: arrow-csv reserves the offsets of every
/// field of a batch up front (8 bytes each), so 16 384 rows of a 10 000-column file reserved
/// 1.3 GB for a 175 KB file. Wide files get shorter batches instead.
pub const BATCH_FIELDS: usize = 1 << 20;

/// Rows per batch for a file of `columns` columns.
fn batch_rows(columns: usize) -> usize {
    (BATCH_FIELDS / columns.max(1)).clamp(1, BATCH_ROWS)
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub struct CsvLoader {
    file: String,
    types: BTreeMap<String, ColumnType>,
    /// Per-column decimal-comma choice from the config (absent: detected).
    decimal_comma: BTreeMap<String, bool>,
    transcoder: Transcoder,
    /// The file's first line was Excel's `sep=X`.
    pub(super) sep_line: bool,
    head: Vec<u8>,
    /// Bytes handed to the decoder so far (after decompression), for error positions.
    fed: u64,
    decoder: Option<Decoder>,
    /// Records (header included) read before the current decoder started: arrow-csv numbers
    /// records from its own start, messages name records from the file's start.
    record_base: u64,
    delimiter: u8,
    /// Typed decoding: numbers and booleans parsed by arrow-csv directly (no text copy).
    fast: bool,
    /// The bytes of the records the typed decoder holds, to read them again as text when a
    /// value does not parse.
    pending: Vec<u8>,
    /// Typed batches in a row that needed the text path; after two, the rest goes as text.
    fallbacks: u32,
    pub(super) columns: Vec<ColumnInfo>,
    schema: Option<SchemaRef>,
    sample: Vec<RecordBatch>,
    sample_rows: u64,
    decided: bool,
    pub(super) batches: Vec<RecordBatch>,
    pub(super) rows: u64,
}

impl CsvLoader {
    pub fn new(file: &str, types: BTreeMap<String, ColumnType>, decimal_comma: BTreeMap<String, bool>) -> Self {
        CsvLoader {
            file: file.to_string(),
            types,
            decimal_comma,
            transcoder: Transcoder::default(),
            sep_line: false,
            head: Vec::new(),
            fed: 0,
            decoder: None,
            record_base: 0,
            delimiter: b',',
            fast: false,
            pending: Vec::new(),
            fallbacks: 0,
            columns: Vec::new(),
            schema: None,
            sample: Vec::new(),
            sample_rows: 0,
            decided: false,
            batches: Vec::new(),
            rows: 0,
        }
    }

    /// The text encoding the file is read in (see [`super::encoding`]).
    pub fn encoding(&self) -> &'static str {
        self.transcoder.encoding()
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        self.transcode(|t, file, out| t.push(file, chunk, out))
    }

    /// Runs the transcoder with [`Self::push_text`] as its output (the transcoder is taken out
    /// of `self` meanwhile, so both can be borrowed).
    fn transcode(
        &mut self,
        step: impl FnOnce(&mut Transcoder, &str, &mut dyn FnMut(&[u8]) -> Result<(), LoadError>) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        let mut transcoder = std::mem::take(&mut self.transcoder);
        let file = self.file.clone();
        let result = step(&mut transcoder, &file, &mut |text| self.push_text(text));
        self.transcoder = transcoder;
        result
    }

    /// Takes UTF-8 text.
    fn push_text(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        if self.decoder.is_some() {
            return self.feed(chunk);
        }
        self.head.extend_from_slice(chunk);
        if self.head.len() >= HEAD_BYTES && first_record_end(strip_bom(&self.head)).is_some() {
            self.start()?;
        }
        Ok(())
    }

    pub fn finish(&mut self) -> Result<(), LoadError> {
        self.transcode(|t, file, out| t.finish(file, out))?;
        if self.decoder.is_none() {
            self.start()?;
        }
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        decoder.decode(&[]).map_err(|e| csv_error(&self.file, self.fed, self.record_base, e))?;
        self.flush()?;
        if !self.decided {
            self.decide();
        }
        Ok(())
    }

    pub fn schema(&self) -> Option<SchemaRef> {
        self.schema.clone()
    }

    /// Reads the header from the buffered head, builds the decoder and feeds it the head.
    fn start(&mut self) -> Result<(), LoadError> {
        let head = std::mem::take(&mut self.head);
        let body = strip_bom(&head);
        let mut bom = head.len() - body.len();
        // Excel's `sep=;` first line names the delimiter; the header follows it.
        let (body, named) = match sep_line(body) {
            Some((d, len)) => {
                bom += len;
                self.sep_line = true;
                (&body[len..], Some(d))
            }
            None => (body, None),
        };
        if let Some(pos) = body.iter().take(HEAD_BYTES).position(|&b| b == 0) {
            return Err(LoadError::Binary {
                file: self.file.clone(),
                what: "a NUL byte".into(),
                byte: (bom + pos) as u64,
            });
        }
        if body.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(if head.is_empty() {
                LoadError::Empty { file: self.file.clone() }
            } else {
                LoadError::NoHeader { file: self.file.clone() }
            });
        }
        let delimiter = named.unwrap_or_else(|| sniff_delimiter(body));
        let header_end = first_record_end(body).unwrap_or(body.len());
        let raw = split_record(&body[..header_end], delimiter);
        let names = match raw {
            Some(names) => names,
            None => {
                return Err(LoadError::Utf8 { file: self.file.clone(), record: 1, field: 0 });
            }
        };
        self.columns = unique_names(names)
            .into_iter()
            .map(|(name, renamed_from)| ColumnInfo {
                kind: ColumnType::String,
                overridden: false,
                invalid: 0,
                invalid_examples: Vec::new(),
                name,
                renamed_from,
                decimal_comma: false,
            })
            .collect();
        let text_schema = Schema::new(
            self.columns.iter().map(|c| Field::new(&c.name, arrow_schema::DataType::Utf8, true)).collect::<Vec<_>>(),
        );
        self.decoder = Some(
            arrow_csv::ReaderBuilder::new(Arc::new(text_schema))
                .with_header(true)
                .with_delimiter(delimiter)
                .with_batch_size(batch_rows(self.columns.len()))
                .build_decoder(),
        );
        self.fed = bom as u64;
        self.delimiter = delimiter;
        self.feed(body)
    }

    fn feed(&mut self, mut buf: &[u8]) -> Result<(), LoadError> {
        while !buf.is_empty() {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(());
            };
            let n = decoder.decode(buf).map_err(|e| csv_error(&self.file, self.fed, self.record_base, e))?;
            if self.fast {
                self.pending.extend_from_slice(&buf[..n]);
            }
            self.fed += n as u64;
            buf = &buf[n..];
            let full = decoder.capacity() == 0;
            if full || n == 0 {
                self.flush()?;
                if !full {
                    break; // the decoder took nothing and is not full: never spin
                }
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), LoadError> {
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        if self.fast {
            let result = decoder.flush();
            let bytes = std::mem::take(&mut self.pending);
            return match result {
                Ok(Some(batch)) => {
                    self.fallbacks = 0;
                    self.finish_typed(batch)
                }
                Ok(None) => Ok(()),
                // A value arrow-csv could not parse as the column's type: read these records
                // again as text, where it is counted as invalid instead.
                Err(_) => {
                    self.fallbacks += 1;
                    self.reparse_as_text(&bytes)?;
                    if self.fallbacks >= 2 {
                        self.fast = false;
                        self.decoder = Some(self.text_decoder(false, batch_rows(self.columns.len())));
                        self.record_base = 1 + self.rows;
                    }
                    Ok(())
                }
            };
        }
        let Some(batch) = decoder.flush().map_err(|e| csv_error(&self.file, self.fed, self.record_base, e))? else {
            return Ok(());
        };
        if self.decided {
            self.convert(batch)
        } else {
            self.sample_rows += batch.num_rows() as u64;
            self.sample.push(batch);
            if self.sample_rows >= SAMPLE_ROWS {
                self.decide();
            }
            Ok(())
        }
    }

    /// Fixes every column's type (override or inference on the sample) and converts the sample.
    fn decide(&mut self) {
        // A comma cannot be a decimal mark inside an unquoted field of a comma-delimited file,
        // and quoted "3,14" there is rarer than text with commas: detect it elsewhere only.
        let detect_comma = self.delimiter != b',';
        for (i, col) in self.columns.iter_mut().enumerate() {
            let forced = self.decimal_comma.get(&col.name).copied();
            if let Some(t) = self.types.get(&col.name) {
                col.kind = *t;
                col.overridden = true;
                col.decimal_comma = *t == ColumnType::Float && forced == Some(true);
                if forced.is_none() && *t == ColumnType::Float && detect_comma {
                    col.decimal_comma = sample_votes(&self.sample, i).decimal_comma();
                }
                continue;
            }
            if forced == Some(true) {
                (col.kind, col.decimal_comma) = (ColumnType::Float, true);
                continue;
            }
            let votes = sample_votes(&self.sample, i);
            col.kind = votes.decide();
            if detect_comma && forced.is_none() && votes.decimal_comma() {
                (col.kind, col.decimal_comma) = (ColumnType::Float, true);
            }
        }
        self.schema = Some(Arc::new(Schema::new(
            self.columns.iter().map(|c| Field::new(&c.name, c.kind.arrow_type(), true)).collect::<Vec<_>>(),
        )));
        self.decided = true;
        for batch in std::mem::take(&mut self.sample) {
            // Conversion of text cannot fail: unfit values become missing.
            let _ = self.convert(batch);
        }
        // From here on (a record boundary: the sample ends with a full batch), numbers and
        // booleans are parsed by arrow-csv directly; dates, timestamps and text stay text.
        if self.columns.iter().any(|c| fast_type(c).is_some()) {
            let fields = self
                .columns
                .iter()
                .map(|c| Field::new(&c.name, fast_type(c).unwrap_or(arrow_schema::DataType::Utf8), true))
                .collect::<Vec<_>>();
            self.decoder = Some(
                arrow_csv::ReaderBuilder::new(Arc::new(Schema::new(fields)))
                    .with_header(false)
                    .with_delimiter(self.delimiter)
                    .with_batch_size(batch_rows(self.columns.len()))
                    .build_decoder(),
            );
            self.record_base = 1 + self.rows;
            self.fast = true;
        }
    }

    fn text_decoder(&self, header: bool, batch: usize) -> Decoder {
        let fields =
            self.columns.iter().map(|c| Field::new(&c.name, arrow_schema::DataType::Utf8, true)).collect::<Vec<_>>();
        arrow_csv::ReaderBuilder::new(Arc::new(Schema::new(fields)))
            .with_header(header)
            .with_delimiter(self.delimiter)
            .with_batch_size(batch)
            .build_decoder()
    }

    /// Reads whole records again as text and converts them (values that do not fit counted).
    fn reparse_as_text(&mut self, bytes: &[u8]) -> Result<(), LoadError> {
        let base = 1 + self.rows;
        // A typed batch holds at most `batch_rows` records: one text batch takes them all.
        let mut decoder = self.text_decoder(false, batch_rows(self.columns.len()) + 1);
        let err = |e| csv_error(&self.file, self.fed, base, e);
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = decoder.decode(rest).map_err(err)?;
            if n == 0 {
                break;
            }
            rest = &rest[n..];
        }
        decoder.decode(&[]).map_err(err)?;
        match decoder.flush().map_err(err)? {
            Some(batch) => self.convert(batch),
            None => Ok(()),
        }
    }

    /// Completes a batch from the typed decoder: NaN becomes missing, text columns (dates,
    /// timestamps, strings) are converted as on the text path.
    fn finish_typed(&mut self, batch: RecordBatch) -> Result<(), LoadError> {
        self.push_batch(batch, |array, _| nan_to_null(array))
    }

    /// Converts a batch of text to the columns' types.
    fn convert(&mut self, batch: RecordBatch) -> Result<(), LoadError> {
        self.push_batch(batch, |array, info| arrow_array::new_null_array(&info.kind.arrow_type(), array.len()))
    }

    /// Converts every text column of `batch` (`typed` handles the others) and keeps the result.
    fn push_batch(
        &mut self,
        batch: RecordBatch,
        typed: impl Fn(&arrow_array::ArrayRef, &ColumnInfo) -> arrow_array::ArrayRef,
    ) -> Result<(), LoadError> {
        let Some(schema) = self.schema.clone() else {
            return Ok(());
        };
        let first_row = self.rows + 1;
        let arrays = batch
            .columns()
            .iter()
            .zip(self.columns.iter_mut())
            .map(|(array, info)| match array.as_any().downcast_ref::<StringArray>() {
                Some(text) => convert_text(text, info, first_row),
                None => typed(array, info),
            })
            .collect::<Vec<_>>();
        let rows = batch.num_rows();
        let typed = RecordBatch::try_new(schema, arrays).map_err(|e| LoadError::Csv {
            file: self.file.clone(),
            byte: self.fed,
            message: e.to_string(),
        })?;
        self.rows += rows as u64;
        self.batches.push(typed);
        Ok(())
    }
}

/// The Arrow type the typed decoder parses a column as, where arrow-csv's parser accepts the
/// same values as ours (numbers, booleans); `None`: decode as text and convert.
fn fast_type(c: &ColumnInfo) -> Option<arrow_schema::DataType> {
    match c.kind {
        _ if c.decimal_comma => None, // `3,14`: arrow-csv reads a dot only
        ColumnType::Integer | ColumnType::Float | ColumnType::Boolean => Some(c.kind.arrow_type()),
        _ => None,
    }
}

/// The type votes of column `i` over its first [`SAMPLE_ROWS`] sampled values.
fn sample_votes(sample: &[RecordBatch], i: usize) -> TypeVotes {
    let mut votes = TypeVotes::default();
    let texts = sample.iter().filter_map(|b| b.column(i).as_any().downcast_ref::<StringArray>());
    texts.flat_map(|t| t.iter().flatten()).take(SAMPLE_ROWS as usize).for_each(|v| votes.add(v));
    votes
}

/// Excel's first line `sep=X` (then a line end): the delimiter and the line's length.
fn sep_line(b: &[u8]) -> Option<(u8, usize)> {
    let rest = b.strip_prefix(b"sep=")?;
    let (&d, after) = rest.split_first()?;
    let end = if after.starts_with(b"\r\n") {
        2
    } else if after.starts_with(b"\n") || after.starts_with(b"\r") {
        1
    } else {
        return None;
    };
    (d.is_ascii() && !d.is_ascii_alphanumeric() && d != b'"').then_some((d, 5 + end))
}

/// NaN is a missing value (pandas' `NaN`/`nan` tokens), as on the text path.
fn nan_to_null(array: &arrow_array::ArrayRef) -> arrow_array::ArrayRef {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    if let Some(f) = array.as_primitive_opt::<Float64Type>() {
        if f.values().iter().any(|x| x.is_nan()) {
            let out: arrow_array::Float64Array = f.iter().map(|v| v.filter(|x| !x.is_nan())).collect();
            return Arc::new(out);
        }
    }
    array.clone()
}

/// Maps an arrow-csv error to ours; `base` is added to its record numbers (see
/// `CsvLoader::record_base`).
fn csv_error(file: &str, byte: u64, base: u64, e: ArrowError) -> LoadError {
    let message = match e {
        ArrowError::CsvError(m) => m,
        other => other.to_string(),
    };
    let message = shift_line_numbers(&message, base);
    if let Some(rest) = message.strip_prefix("Encountered invalid UTF-8 data for line ") {
        let mut nums = rest.split(" and field ").map(|s| s.trim().parse::<u64>().unwrap_or(0));
        let record = nums.next().unwrap_or(0);
        let field = nums.next().unwrap_or(0);
        return LoadError::Utf8 { file: file.to_string(), record, field };
    }
    // "incorrect number of fields for line {record}, expected {expected} got {got}": arrow-csv's
    // only structure is its text, so its numbers are read back into a typed error.
    if let Some(rest) = message.strip_prefix("incorrect number of fields for line ") {
        let mut nums = rest.split([',', ' ']).filter_map(|s| s.parse::<u64>().ok());
        if let (Some(record), Some(expected), Some(got)) = (nums.next(), nums.next(), nums.next()) {
            return LoadError::FieldCount { file: file.to_string(), byte, record, expected, got };
        }
    }
    LoadError::Csv { file: file.to_string(), byte, message: format!("{message} (record 1 is the header)") }
}

/// Adds `base` to the number after each "line " in an arrow-csv message.
fn shift_line_numbers(message: &str, base: u64) -> String {
    if base == 0 {
        return message.to_string();
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<u64>() {
            Ok(n) => out.push_str(&(n + base).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

pub fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b)
}

/// Byte index just past the first record's line end (outside quotes), if the buffer holds one.
fn first_record_end(b: &[u8]) -> Option<usize> {
    record_ends(b).next()
}

/// Indices just past each line end that is outside quotes: `\n`, `\r\n` or a lone `\r`.
fn record_ends(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut quoted = false;
    b.iter().enumerate().filter_map(move |(i, &c)| {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
            b'\r' if !quoted && b.get(i + 1) != Some(&b'\n') => return Some(i + 1),
            _ => {}
        }
        None
    })
}

/// Picks the delimiter whose count per record (outside quotes) is steadiest over the first 50
/// records, preferring more fields; `,` when nothing else fits.
pub fn sniff_delimiter(b: &[u8]) -> u8 {
    let mut starts = vec![0usize];
    starts.extend(record_ends(b).take(50));
    let records: Vec<&[u8]> = starts.windows(2).map(|w| &b[w[0]..w[1]]).collect();
    let records = if records.is_empty() { vec![b] } else { records };
    let mut best = (b',', 0usize, 0usize); // (delimiter, steady records, fields in header)
    for d in DELIMITERS {
        let counts: Vec<usize> = records.iter().map(|r| count_outside_quotes(r, d)).collect();
        let header = counts[0];
        if header == 0 {
            continue;
        }
        let steady = counts.iter().filter(|&&c| c == header).count();
        if (steady, header) > (best.1, best.2) {
            best = (d, steady, header);
        }
    }
    best.0
}

fn count_outside_quotes(r: &[u8], d: u8) -> usize {
    let mut quoted = false;
    r.iter()
        .filter(|&&c| {
            if c == b'"' {
                quoted = !quoted;
            }
            c == d && !quoted
        })
        .count()
}

/// Splits one record into fields (RFC 4180 quotes); `None` when it is not UTF-8.
fn split_record(r: &[u8], d: u8) -> Option<Vec<String>> {
    let text = std::str::from_utf8(r).ok()?;
    let text = text.trim_end_matches(['\n', '\r']);
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == d as char && !quoted => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.push(cur);
    Some(fields)
}

/// Makes header names usable: trims them, names empty ones `Unnamed: i` and suffixes repeats
/// `.1`, `.2` as pandas does. Returns (name, original name when changed).
fn unique_names(raw: Vec<String>) -> Vec<(String, Option<String>)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut taken: std::collections::HashSet<String> = raw.iter().map(|s| s.trim().to_string()).collect();
    raw.into_iter()
        .enumerate()
        .map(|(i, original)| {
            let trimmed = original.trim().to_string();
            let mut name = if trimmed.is_empty() { format!("Unnamed: {i}") } else { trimmed.clone() };
            let n = seen.entry(name.clone()).or_insert(0);
            if *n > 0 {
                let base = name.clone();
                let mut k = *n;
                loop {
                    let candidate = format!("{base}.{k}");
                    if !taken.contains(&candidate) {
                        name = candidate;
                        break;
                    }
                    k += 1;
                }
                *n = k + 1;
                taken.insert(name.clone());
            } else {
                *n = 1;
            }
            let renamed = (name != original).then_some(original);
            (name, renamed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_delimiter() {
        for d in DELIMITERS {
            let d = d as char;
            let text = format!("a{d}b{d}c\n1{d}\"x{d}y\"{d}3\n4{d}5{d}6\n");
            assert_eq!(sniff_delimiter(text.as_bytes()) as char, d, "{text:?}");
        }
        assert_eq!(sniff_delimiter(b"single\n1\n2\n"), b',');
    }

    /// Loads `bytes` in chunks of `chunk`.
    fn load(bytes: &[u8], chunk: usize, options: crate::data::LoadOptions) -> crate::data::Dataset {
        let mut l = crate::data::Loader::new("t.csv", options);
        for c in bytes.chunks(chunk) {
            l.push(c).unwrap_or_else(|e| panic!("chunks of {chunk}: {e}"));
        }
        l.finish().unwrap_or_else(|e| panic!("chunks of {chunk}: {e}"))
    }

    #[test]
    fn excel_exports_load_sep_line_lone_cr_and_decimal_commas() {
        let european = "sep=;\r\nid;price;name\r\n1;3,14;Müller\r\n2;-0,5;Zoë\r\n3;1.234,5;x\r\n4;12;y\r\n";
        let mac = "a,b,c\r1,2,x\r3,4,y\r5,6,\"q\ruoted\"\r";
        for chunk in [1, 3, 7, 4096] {
            let d = load(european.as_bytes(), chunk, Default::default());
            assert_eq!(d.column_names(), ["id", "price", "name"], "chunks of {chunk}");
            assert!(d.sep_line);
            let price = d.column_index("price").unwrap();
            assert_eq!((d.columns[price].kind, d.columns[price].decimal_comma), (ColumnType::Float, true));
            assert_eq!(d.numbers(price), [Some(3.14), Some(-0.5), Some(1234.5), Some(12.0)]);
            assert_eq!(d.columns[d.column_index("id").unwrap()].kind, ColumnType::Integer);
            let m = load(mac.as_bytes(), chunk, Default::default());
            assert_eq!((m.rows, m.column_names().len()), (3, 3), "lone CR, chunks of {chunk}");
            assert_eq!(m.texts(2)[2].as_deref(), Some("q\ruoted"));
        }
        // The config can say no: the column stays text.
        let options = crate::data::LoadOptions {
            decimal_comma: [("price".to_string(), false)].into_iter().collect(),
            ..Default::default()
        };
        let d = load(european.as_bytes(), 4096, options);
        assert_eq!(d.columns[1].kind, ColumnType::String);
        // A comma-delimited file never guesses: a quoted "3,14" stays text.
        let d = load(b"a,b\n\"3,14\",1\n\"2,5\",2\n", 4096, Default::default());
        assert_eq!((d.columns[0].kind, d.columns[0].decimal_comma), (ColumnType::String, false));
    }

    #[test]
    fn repeated_and_empty_names_become_unique() {
        let names = unique_names(vec!["a".into(), "a".into(), "".into(), "a.1".into()]);
        let got: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(got, ["a", "a.2", "Unnamed: 2", "a.1"]);
    }
}
