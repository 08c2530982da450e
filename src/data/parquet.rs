//! Parquet → Arrow with arrow-rs `parquet` (snappy, gzip, lz4, brotli, zstd).
//!
//! Parquet keeps its index in a footer at the end of the file, so the bytes are gathered first
//! (in wasm memory, not the JS heap) and decoded when the last chunk has arrived. Every column
//! is cast to its canonical type: integers → Int64, floats and decimals → Float64, strings and
//! dictionaries → Utf8, dates → Date32, timestamps → Timestamp(µs); anything else (lists,
//! structs, binary) is rendered as text so that it is still counted and summarised.
//!
//! Before a page is decoded, [`super::parquet_pages::check`] walks the footer's column chunks and
//! their page headers: a chunk outside the file or a page claiming an implausible decompressed
//! size (a decompression bomb) is refused with the row group, column and byte.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::{Array, RecordBatch};
use arrow_cast::cast::{cast_with_options, CastOptions};
use arrow_schema::{DataType, Field, Schema};
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::{ColumnInfo, ColumnType};
use crate::error::LoadError;

pub struct Decoded {
    pub batches: Vec<RecordBatch>,
    pub columns: Vec<ColumnInfo>,
    pub rows: u64,
}

pub fn decode(file: &str, bytes: Vec<u8>, types: &BTreeMap<String, ColumnType>) -> Result<Decoded, LoadError> {
    let err = |message: String| LoadError::Parquet { file: file.to_string(), message };
    if bytes.len() < 12 || &bytes[bytes.len() - 4..] != b"PAR1" {
        return Err(err(format!(
            "the file ends at byte {} without the Parquet footer (PAR1): it is truncated or not Parquet",
            bytes.len()
        )));
    }
    super::parquet_pages::check_footer(&bytes).map_err(|e| err(e.to_string()))?;
    let bytes = Bytes::from(bytes);
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())
        .map_err(|e| err(format!("cannot read the footer: {e}")))?
        .with_batch_size(64 * 1024);
    super::parquet_pages::check(&bytes, builder.metadata()).map_err(|e| err(e.to_string()))?;
    let source = builder.schema().clone();
    let mut columns: Vec<ColumnInfo> = source
        .fields()
        .iter()
        .map(|f| {
            let over = types.get(f.name()).copied();
            ColumnInfo {
                name: f.name().clone(),
                kind: over.unwrap_or_else(|| canonical(f.data_type())),
                overridden: over.is_some(),
                invalid: 0,
                invalid_examples: Vec::new(),
                renamed_from: None,
                decimal_comma: false,
            }
        })
        .collect();
    let schema = Arc::new(Schema::new(
        columns.iter().map(|c| Field::new(&c.name, c.kind.arrow_type(), true)).collect::<Vec<_>>(),
    ));
    let reader = builder.build().map_err(|e| err(e.to_string()))?;
    let mut batches = Vec::new();
    let mut rows = 0u64;
    for (b, batch) in reader.enumerate() {
        let batch = batch.map_err(|e| err(format!("in row group data (batch {}): {e}", b + 1)))?;
        let arrays = batch
            .columns()
            .iter()
            .zip(columns.iter_mut())
            .map(|(a, info)| to_canonical(a, info).map_err(|e| err(format!("column {}: {e}", info.name))))
            .collect::<Result<Vec<_>, _>>()?;
        rows += batch.num_rows() as u64;
        batches.push(RecordBatch::try_new(schema.clone(), arrays).map_err(|e| err(e.to_string()))?);
    }
    Ok(Decoded { batches, columns, rows })
}

fn canonical(t: &DataType) -> ColumnType {
    use DataType::*;
    match t {
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 => ColumnType::Integer,
        Float16 | Float32 | Float64 | Decimal32(..) | Decimal64(..) | Decimal128(..) | Decimal256(..) => {
            ColumnType::Float
        }
        Boolean => ColumnType::Boolean,
        Date32 | Date64 => ColumnType::Date,
        Timestamp(..) => ColumnType::Timestamp,
        Dictionary(_, v) => canonical(v),
        _ => ColumnType::String,
    }
}

/// Each value as arrow's display writes it (`{x: 1.5, y: 2}` for a struct); nulls stay null.
fn display_text(a: &Arc<dyn Array>) -> Result<Arc<dyn Array>, arrow_schema::ArrowError> {
    let options = arrow_cast::display::FormatOptions::default();
    let f = arrow_cast::display::ArrayFormatter::try_new(a.as_ref(), &options)?;
    let text: arrow_array::StringArray = (0..a.len()).map(|i| a.is_valid(i).then(|| f.value(i).to_string())).collect();
    Ok(Arc::new(text))
}

/// Casts one column to its canonical type; values the cast cannot carry become missing and are
/// counted as invalid.
fn to_canonical(a: &Arc<dyn Array>, info: &mut ColumnInfo) -> Result<Arc<dyn Array>, arrow_schema::ArrowError> {
    let target = info.kind.arrow_type();
    if a.data_type() == &target {
        return Ok(a.clone());
    }
    let a = match a.data_type() {
        // Timestamps with a zone are compared in UTC.
        DataType::Timestamp(unit, Some(_)) => {
            cast_with_options(a, &DataType::Timestamp(*unit, None), &CastOptions::default())?
        }
        _ => a.clone(),
    };
    let safe = CastOptions { safe: true, ..Default::default() };
    let out = cast_with_options(&a, &target, &safe)
        .or_else(|_| cast_with_options(&cast_with_options(&a, &DataType::Utf8, &safe)?, &target, &safe))
        // Structs and maps have no cast to text: write each value as arrow displays it.
        .or_else(|_| cast_with_options(&display_text(&a)?, &target, &safe))?;
    let lost = out.null_count().saturating_sub(a.null_count());
    info.invalid += lost as u64;
    Ok(out)
}
