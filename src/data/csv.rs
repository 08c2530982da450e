//! CSV → Arrow, push-based, on arrow-csv's `Decoder`.
//!
//! The first bytes (up to [`HEAD_BYTES`], at least one whole record) are buffered to strip a
//! UTF-8 BOM, sniff the delimiter (`,` `;` tab `|`) and read the header. Then every field is
//! decoded as text by arrow-csv (quotes, embedded newlines, CRLF), and each batch is converted to
//! the column's canonical type ([`super::convert`]). Types are inferred on the first
//! [`SAMPLE_ROWS`] rows ([`super::infer`]) unless the user overrides them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray};
use arrow_csv::reader::Decoder;
use arrow_schema::{ArrowError, Field, Schema, SchemaRef};

use super::convert::convert_text;
use super::infer::TypeVotes;
use super::{ColumnInfo, ColumnType};
use crate::error::LoadError;

/// Bytes buffered before the header is read and the delimiter sniffed.
pub const HEAD_BYTES: usize = 64 * 1024;
/// Rows used to infer column types.
pub const SAMPLE_ROWS: u64 = 10_000;
/// Rows per Arrow batch.
pub const BATCH_ROWS: usize = 16 * 1024;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub struct CsvLoader {
    file: String,
    types: BTreeMap<String, ColumnType>,
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
    pub fn new(file: &str, types: BTreeMap<String, ColumnType>) -> Self {
        CsvLoader {
            file: file.to_string(),
            types,
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

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
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
        let bom = head.len() - body.len();
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
        let delimiter = sniff_delimiter(body);
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
            })
            .collect();
        let text_schema = Schema::new(
            self.columns.iter().map(|c| Field::new(&c.name, arrow_schema::DataType::Utf8, true)).collect::<Vec<_>>(),
        );
        self.decoder = Some(
            arrow_csv::ReaderBuilder::new(Arc::new(text_schema))
                .with_header(true)
                .with_delimiter(delimiter)
                .with_batch_size(BATCH_ROWS)
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
                        self.decoder = Some(self.text_decoder(false, BATCH_ROWS));
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
        for (i, col) in self.columns.iter_mut().enumerate() {
            if let Some(t) = self.types.get(&col.name) {
                col.kind = *t;
                col.overridden = true;
                continue;
            }
            let mut votes = TypeVotes::default();
            let mut seen = 0u64;
            'batches: for batch in &self.sample {
                if let Some(text) = batch.column(i).as_any().downcast_ref::<StringArray>() {
                    for v in text.iter().flatten() {
                        votes.add(v);
                        seen += 1;
                        if seen >= SAMPLE_ROWS {
                            break 'batches;
                        }
                    }
                }
            }
            col.kind = votes.decide();
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
        if self.columns.iter().any(|c| fast_type(c.kind).is_some()) {
            let fields = self
                .columns
                .iter()
                .map(|c| Field::new(&c.name, fast_type(c.kind).unwrap_or(arrow_schema::DataType::Utf8), true))
                .collect::<Vec<_>>();
            self.decoder = Some(
                arrow_csv::ReaderBuilder::new(Arc::new(Schema::new(fields)))
                    .with_header(false)
                    .with_delimiter(self.delimiter)
                    .with_batch_size(BATCH_ROWS)
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
        // A typed batch holds at most BATCH_ROWS records: one text batch takes them all.
        let mut decoder = self.text_decoder(false, BATCH_ROWS + 1);
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
fn fast_type(kind: ColumnType) -> Option<arrow_schema::DataType> {
    match kind {
        ColumnType::Integer | ColumnType::Float | ColumnType::Boolean => Some(kind.arrow_type()),
        _ => None,
    }
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
    let message = message
        .replace("incorrect number of fields for line", "wrong number of fields in record")
        .replace(", expected", ": the header has")
        .replace(" got ", " fields, this record has ");
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

/// Indices just past each line end that is outside quotes.
fn record_ends(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut quoted = false;
    b.iter().enumerate().filter_map(move |(i, &c)| {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
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

    #[test]
    fn repeated_and_empty_names_become_unique() {
        let names = unique_names(vec!["a".into(), "a".into(), "".into(), "a.1".into()]);
        let got: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(got, ["a", "a.2", "Unnamed: 2", "a.1"]);
    }
}
