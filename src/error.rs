//! Structured errors. Data-quality findings are results, not errors: an error here means the
//! input cannot be used at all, and its message names the file and the position.

use thiserror::Error;

/// Why a file could not be loaded. Every variant names the file.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum LoadError {
    #[error("{file}: the file is empty (0 bytes)")]
    Empty { file: String },
    #[error("{file}: no header row: the file holds no column names")]
    NoHeader { file: String },
    #[error("{file}: this does not look like a CSV or Parquet file ({what} at byte {byte})")]
    Binary { file: String, what: String, byte: u64 },
    #[error("{file}: {message} (CSV, reading from byte {byte})")]
    Csv { file: String, byte: u64, message: String },
    #[error("{file}: wrong number of fields in record {record}: the header has {expected} fields, this record has {got} (record 1 is the header) (CSV, reading from byte {byte})")]
    FieldCount { file: String, byte: u64, record: u64, expected: u64, got: u64 },
    #[error("{file}: invalid UTF-8 in record {record} (field {field}); save the file as UTF-8")]
    Utf8 { file: String, record: u64, field: u64 },
    #[error("{file}: gzip error after {byte} compressed bytes: {message}")]
    Gzip { file: String, byte: u64, message: String },
    #[error("{file}: Parquet error: {message}")]
    Parquet { file: String, message: String },
    #[error("{file}: invalid UTF-8 at byte {byte} (record {record}) after valid UTF-8 text: the file mixes UTF-8 with another encoding; save it as UTF-8")]
    MixedEncoding { file: String, byte: u64, record: u64 },
    #[error("{file}: {message}")]
    TooLarge { file: String, message: String },
    #[error("{file}: loading was cancelled")]
    Cancelled { file: String },
}

/// Why a configuration cannot be used.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ConfigError {
    #[error("config: {0}")]
    Parse(String),
    #[error("config: {key} names column(s) not found in {input}: {columns}")]
    UnknownColumns { key: String, input: String, columns: String },
    #[error("config: {0}")]
    Invalid(String),
    /// The inputs handed to a run (no reference, a slot name the engine does not know).
    #[error("{0}")]
    Inputs(String),
}

/// Why an ONNX model cannot be loaded or applied. Every variant names the model file.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ModelError {
    #[error("{file}: this is not an ONNX model ({message})")]
    NotOnnx { file: String, message: String },
    #[error("{file}: the model uses the ONNX operator {op} (domain {domain}), which Plumbline cannot run{hint}")]
    Unsupported { file: String, op: String, domain: String, hint: String },
    #[error("{file}: the model cannot be prepared: {message}")]
    Build { file: String, message: String },
    #[error("{file}: {what} declares a tensor of {dims} ({size}), and a model may declare at most {limit} in one tensor: the file is damaged, or not a model Plumbline can run")]
    TooLarge { file: String, what: String, dims: String, size: String, limit: String },
    #[error("{file}: model input \"{input}\": {message}")]
    Mapping { file: String, input: String, message: String },
    #[error("{file}: scoring {data} failed in rows {start}–{end}: {message}")]
    Score { file: String, data: String, start: u64, end: u64, message: String },
}
