//! The one entry point for loading bytes: detects the format from the first bytes (Parquet's
//! `PAR1`, gzip's `1f 8b`, otherwise CSV), hashes everything it is given (SHA-256) and
//! decompresses `.csv.gz` on the fly.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::csv::CsvLoader;
use super::{ColumnType, Dataset};
use crate::error::LoadError;

/// How to read a file: per-column type overrides (column name → type).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LoadOptions {
    #[serde(default)]
    pub types: BTreeMap<String, ColumnType>,
    /// Per column: `true` reads it as numbers with a decimal comma (`3,14`), `false` never;
    /// absent: detected on the sample of a file not delimited by commas.
    #[serde(default)]
    pub decimal_comma: BTreeMap<String, bool>,
}

/// A gzip stream that expands more than this many times its compressed size…
pub const GZIP_MAX_RATIO: u64 = 500;
/// …once it has produced this many bytes is refused as a decompression bomb (real CSV
/// compresses 5–20 fold; a bomb a thousandfold).
pub const GZIP_RATIO_AFTER: u64 = 32 << 20;

enum Format {
    /// Not enough bytes seen yet to tell.
    Unknown(Vec<u8>),
    Csv(CsvLoader),
    GzCsv(Box<flate2::write::GzDecoder<Vec<u8>>>, CsvLoader),
    Parquet(Vec<u8>),
}

/// Push-based loader: `push` chunks in order, then `finish`.
pub struct Loader {
    file: String,
    options: LoadOptions,
    format: Format,
    /// `None` when the shell hashes the file itself, in parallel ([`Loader::without_hash`]).
    hasher: Option<FileHash>,
    bytes: u64,
    /// Bytes a gzip stream has produced so far.
    inflated: u64,
}

/// Streaming SHA-256 of a file's bytes, as lowercase hex (what `sha256sum` prints).
///
/// Hashing costs about as much as parsing, so the shells may run it on another core: the
/// worker in a second Web Worker, the CLI in a second thread.
#[derive(Clone, Default)]
pub struct FileHash(Sha256);

impl FileHash {
    pub fn new() -> FileHash {
        FileHash(Sha256::new())
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    pub fn hex(self) -> String {
        hex(&self.0.finalize())
    }
}

impl Loader {
    pub fn new(file: &str, options: LoadOptions) -> Loader {
        let file = file.rsplit(['/', '\\']).next().unwrap_or(file).to_string();
        Loader {
            file,
            options,
            format: Format::Unknown(Vec::new()),
            hasher: Some(FileHash::new()),
            bytes: 0,
            inflated: 0,
        }
    }

    /// A loader that does not hash: the caller computes the SHA-256 elsewhere (in parallel)
    /// and sets [`Dataset::sha256`] itself; it is empty until then.
    pub fn without_hash(mut self) -> Loader {
        self.hasher = None;
        self
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        if let Some(h) = &mut self.hasher {
            h.update(chunk);
        }
        self.bytes += chunk.len() as u64;
        if let Format::Unknown(seen) = &mut self.format {
            seen.extend_from_slice(chunk);
            if seen.len() < 4 {
                return Ok(());
            }
            let seen = std::mem::take(seen);
            self.format = self.detect(&seen);
            return self.route(&seen);
        }
        self.route(chunk)
    }

    pub fn finish(mut self) -> Result<Dataset, LoadError> {
        if let Format::Unknown(seen) = &mut self.format {
            if seen.is_empty() {
                return Err(LoadError::Empty { file: self.file.clone() });
            }
            let seen = std::mem::take(seen);
            self.format = self.detect(&seen);
            self.route(&seen)?;
        }
        let sha256 = self.hasher.take().map(FileHash::hex).unwrap_or_default();
        let file = self.file.clone();
        let (mut encoding, mut sep_line) = ("utf-8", false);
        let (format, columns, batches, rows, schema) = match self.format {
            Format::Parquet(bytes) => {
                let d = super::parquet::decode(&file, bytes, &self.options.types)?;
                let schema = d.batches.first().map(|b| b.schema()).unwrap_or_else(|| schema_of(&d.columns));
                ("parquet", d.columns, d.batches, d.rows, schema)
            }
            Format::Csv(mut csv) => {
                csv.finish()?;
                (encoding, sep_line) = (csv.encoding(), csv.sep_line);
                let schema = csv.schema().unwrap_or_else(|| schema_of(&csv.columns));
                ("csv", csv.columns, csv.batches, csv.rows, schema)
            }
            Format::GzCsv(mut gz, mut csv) => {
                let compressed = self.bytes;
                gz.try_finish().map_err(|e| LoadError::Gzip {
                    file: file.clone(),
                    byte: compressed,
                    message: e.to_string(),
                })?;
                let rest = std::mem::take(gz.get_mut());
                csv.push(&rest)?;
                csv.finish()?;
                (encoding, sep_line) = (csv.encoding(), csv.sep_line);
                let schema = csv.schema().unwrap_or_else(|| schema_of(&csv.columns));
                ("csv.gz", csv.columns, csv.batches, csv.rows, schema)
            }
            Format::Unknown(_) => return Err(LoadError::Empty { file }),
        };
        Ok(Dataset { file, format, encoding, sep_line, bytes: self.bytes, sha256, schema, batches, rows, columns })
    }

    fn detect(&self, first: &[u8]) -> Format {
        let csv = || CsvLoader::new(&self.file, self.options.types.clone(), self.options.decimal_comma.clone());
        if first.starts_with(b"PAR1") {
            Format::Parquet(Vec::new())
        } else if first.starts_with(&[0x1f, 0x8b]) {
            Format::GzCsv(Box::new(flate2::write::GzDecoder::new(Vec::new())), csv())
        } else {
            Format::Csv(csv())
        }
    }

    fn route(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        match &mut self.format {
            Format::Unknown(_) => Ok(()),
            Format::Csv(csv) => csv.push(chunk),
            Format::Parquet(bytes) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            Format::GzCsv(gz, csv) => {
                // Small writes so that a bomb is caught before its output fills the memory; the
                // ratio counts only the compressed bytes written so far.
                let mut compressed = self.bytes - chunk.len() as u64;
                for piece in chunk.chunks(16 << 10) {
                    compressed += piece.len() as u64;
                    gz.write_all(piece).map_err(|e| LoadError::Gzip {
                        file: self.file.clone(),
                        byte: self.bytes,
                        message: e.to_string(),
                    })?;
                    let out = std::mem::take(gz.get_mut());
                    self.inflated += out.len() as u64;
                    if self.inflated > GZIP_RATIO_AFTER && self.inflated > GZIP_MAX_RATIO * compressed {
                        return Err(LoadError::TooLarge {
                            file: self.file.clone(),
                            message: format!(
                                "the gzip stream expands more than {GZIP_MAX_RATIO}-fold ({} MB from the first {} KB): this looks like a decompression bomb, not a CSV export; decompress it yourself if it is real",
                                self.inflated >> 20,
                                compressed >> 10
                            ),
                        });
                    }
                    csv.push(&out)?;
                }
                Ok(())
            }
        }
    }
}

fn schema_of(columns: &[super::ColumnInfo]) -> arrow_schema::SchemaRef {
    std::sync::Arc::new(arrow_schema::Schema::new(
        columns.iter().map(|c| arrow_schema::Field::new(&c.name, c.kind.arrow_type(), true)).collect::<Vec<_>>(),
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Loads a whole in-memory file (tests, benchmarks, small inputs).
pub fn load_bytes(file: &str, bytes: &[u8], options: LoadOptions) -> Result<Dataset, LoadError> {
    let mut loader = Loader::new(file, options);
    for chunk in bytes.chunks(1 << 20) {
        loader.push(chunk)?;
    }
    loader.finish()
}
