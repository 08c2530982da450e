//! Text → canonical type, one column of one batch at a time. Values that do not fit the
//! column's type become missing and are counted in [`ColumnInfo::invalid`].

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::types::{Date32Type, Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, ArrayRef, PrimitiveArray, StringArray};

use super::infer::{parse_bool, parse_date, parse_decimal_comma, parse_float, parse_int, parse_timestamp};
use super::{is_na_token, ColumnInfo, ColumnType, InvalidValue};

const MAX_EXAMPLES: usize = 5;

/// Converts one text column; `first_row` is the 1-based data row of the batch's first row.
pub fn convert_text(values: &StringArray, info: &mut ColumnInfo, first_row: u64) -> ArrayRef {
    let (kind, comma) = (info.kind, info.decimal_comma);
    let mut note = |i: usize, v: &str| {
        info.invalid += 1;
        if info.invalid_examples.len() < MAX_EXAMPLES {
            info.invalid_examples.push(InvalidValue { row: first_row + i as u64, value: v.chars().take(80).collect() });
        }
    };
    match kind {
        ColumnType::Integer => Arc::new(primitive::<Int64Type>(values, parse_int, &mut note)),
        ColumnType::Float if comma => Arc::new(primitive::<Float64Type>(values, parse_decimal_comma, &mut note)),
        ColumnType::Float => Arc::new(primitive::<Float64Type>(values, parse_float, &mut note)),
        ColumnType::Date => Arc::new(primitive::<Date32Type>(values, parse_date, &mut note)),
        ColumnType::Timestamp => Arc::new(primitive::<TimestampMicrosecondType>(values, parse_timestamp, &mut note)),
        ColumnType::Boolean => {
            let mut b = BooleanBuilder::with_capacity(values.len());
            for (i, v) in values.iter().enumerate() {
                match v {
                    None => b.append_null(),
                    Some(s) if is_na_token(s) => b.append_null(),
                    Some(s) => match parse_bool(s) {
                        Some(x) => b.append_value(x),
                        None => {
                            note(i, s);
                            b.append_null()
                        }
                    },
                }
            }
            Arc::new(b.finish())
        }
        ColumnType::String => {
            if !values.iter().flatten().any(is_na_token) {
                return Arc::new(values.clone());
            }
            let mut b = StringBuilder::with_capacity(values.len(), values.value_data().len());
            for v in values.iter() {
                match v {
                    Some(s) if !is_na_token(s) => b.append_value(s),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
    }
}

fn primitive<T: arrow_array::ArrowPrimitiveType>(
    values: &StringArray,
    parse: impl Fn(&str) -> Option<T::Native>,
    note: &mut impl FnMut(usize, &str),
) -> PrimitiveArray<T> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            None => None,
            Some(s) if is_na_token(s) => None,
            Some(s) => {
                let parsed = parse(s);
                if parsed.is_none() {
                    note(i, s);
                }
                parsed
            }
        })
        .collect()
}
