//! # Perturbed data for the noise-stability check
//!
//! **What it does.** Draws `stability.rows` rows of the input (seeded selection sampling) and
//! writes them once unchanged (`perturbation` = `none`) and once per perturbation of one feature:
//! - numeric features: Gaussian noise x + z·k·s (z standard normal by Box–Muller, s the feature's
//!   standard deviation with ddof 1, one k per `gaussian` level); multiplicative noise
//!   x·(1 ± m) with the sign drawn per row (`multiplicative`); rounding to d significant digits
//!   (`significant_digits`);
//! - text features: with probability p a swap to another observed category, drawn by frequency
//!   (`swap`);
//! - every feature: set missing with probability p (`missing`).
//!
//! The target, prediction and score columns are left out (the scored file brings the model's new
//! outputs). Each row carries `row_id` (its row in the input, from 0) and `perturbation` (`feature:kind:level`,
//! e.g. `age:gaussian:0.05`). The user scores this file with their model, wherever it lives, and
//! loads the scored file back as the `scored` input (see `stability.rs`).
//!
//! **Reproducible everywhere.** Every random number comes from SplitMix64 seeded by
//! `stability.seed` and the perturbation's position, and the Gaussian transform uses `libm`
//! (not the platform's maths library), so the same seed gives the same bytes natively and in the
//! browser. Numeric features that get noise are written as floats.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{DataType, Field, Schema};

use crate::config::Config;
use crate::data::{ColumnType, Dataset};
use crate::stats::bootstrap;
use crate::stats::moments::mean_std;
use crate::stats::rng::SplitMix64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Gaussian,
    Multiplicative,
    Round,
    Swap,
    Missing,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Gaussian => "gaussian",
            Kind::Multiplicative => "multiplicative",
            Kind::Round => "round",
            Kind::Swap => "swap",
            Kind::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Perturbation {
    pub feature: String,
    pub kind: Kind,
    pub level: f64,
}

impl Perturbation {
    /// `feature:kind:level`, the value of the `perturbation` column.
    pub fn name(&self) -> String {
        format!("{}:{}:{}", self.feature, self.kind.name(), crate::checks::label::num(self.level))
    }
}

/// The perturbations of `d`'s features, in feature order.
pub fn plan(config: &Config, d: &Dataset) -> Vec<Perturbation> {
    let s = &config.stability;
    let features = if s.features.is_empty() { &config.roles.features } else { &s.features };
    let mut out = Vec::new();
    for f in features {
        let Some(i) = d.column_index(f) else { continue };
        let numeric = matches!(d.columns[i].kind, ColumnType::Integer | ColumnType::Float);
        let mut add = |kind: Kind, levels: &mut dyn Iterator<Item = f64>| {
            out.extend(levels.map(|level| Perturbation { feature: f.clone(), kind, level }));
        };
        if numeric {
            add(Kind::Gaussian, &mut s.gaussian.iter().copied());
            add(Kind::Multiplicative, &mut s.multiplicative.iter().copied());
            add(Kind::Round, &mut s.significant_digits.iter().map(|&d| f64::from(d)));
        } else if d.columns[i].kind == ColumnType::String {
            add(Kind::Swap, &mut s.swap.iter().copied());
        }
        add(Kind::Missing, &mut s.missing.iter().copied());
    }
    out
}

/// The rows drawn: all when there are at most `rows`, else a seeded selection sample (ascending),
/// the bootstrap's subset rule with the stability seed.
fn sample(n: usize, rows: usize, seed: u64) -> Vec<usize> {
    bootstrap::rows(n, &bootstrap::Options { resamples: 0, seed: seed ^ 0x5EED_0F5A_3B1E, max_rows: rows })
}

/// A standard normal draw (Box–Muller with `libm`, identical on every platform).
fn normal(rng: &mut SplitMix64) -> f64 {
    let u1 = 1.0 - rng.next_f64(); // (0, 1]
    let u2 = rng.next_f64();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
}

/// x rounded to `digits` significant digits.
fn round_significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let magnitude = libm::floor(libm::log10(x.abs())) as i32;
    let scale = libm::pow(10.0, f64::from(digits - 1 - magnitude));
    libm::round(x * scale) / scale
}

/// The perturbed data set: a batch of the unchanged sample (`none`), then one per perturbation,
/// each with `row_id`, `perturbation` and the input's columns (perturbed numeric features as
/// floats).
pub fn perturbed(config: &Config, d: &Dataset) -> Result<Vec<RecordBatch>, String> {
    let s = &config.stability;
    let rows = sample(d.rows as usize, s.rows as usize, s.seed);
    let plan = plan(config, d);
    let take = UInt32Array::from(rows.iter().map(|&r| r as u32).collect::<Vec<_>>());
    // The model's own columns are left out: the scored file brings the new outputs.
    let r = &config.roles;
    let kept: Vec<usize> = (0..d.columns.len())
        .filter(|&i| {
            ![&r.target, &r.prediction, &r.score].iter().any(|c| c.as_deref() == Some(d.columns[i].name.as_str()))
        })
        .collect();
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(d.columns.len());
    for i in 0..d.columns.len() {
        let parts: Vec<&dyn Array> = d.batches.iter().map(|b| b.column(i).as_ref()).collect();
        let whole = if parts.is_empty() {
            arrow_array::new_empty_array(&d.schema.field(i).data_type().clone())
        } else {
            arrow_select::concat::concat(&parts).map_err(|e| e.to_string())?
        };
        columns.push(arrow_select::take::take(&whole, &take, None).map_err(|e| e.to_string())?);
    }
    // Numeric features that get noise become floats in every batch (one schema).
    let noisy: Vec<bool> = (0..d.columns.len())
        .map(|i| {
            plan.iter().any(|p| {
                matches!(p.kind, Kind::Gaussian | Kind::Multiplicative | Kind::Round)
                    && d.column_index(&p.feature) == Some(i)
            })
        })
        .collect();
    let as_float = |i: usize| -> Vec<Option<f64>> {
        let a = &columns[i];
        match d.columns[i].kind {
            ColumnType::Integer => a
                .as_any()
                .downcast_ref::<Int64Array>()
                .map_or_else(Vec::new, |x| x.iter().map(|v| v.map(|v| v as f64)).collect()),
            _ => a
                .as_any()
                .downcast_ref::<Float64Array>()
                .map_or_else(Vec::new, |x| x.iter().map(|v| v.filter(|v| !v.is_nan())).collect()),
        }
    };
    let base: Vec<ArrayRef> = (0..d.columns.len())
        .map(|i| if noisy[i] { Arc::new(Float64Array::from(as_float(i))) as ArrayRef } else { columns[i].clone() })
        .collect();
    if let Some((i, a)) = base.iter().enumerate().find(|(_, a)| a.len() != rows.len()) {
        return Err(format!(
            "internal: column {} ({:?}, {:?}) has {} of {} rows",
            d.columns[i].name,
            d.columns[i].kind,
            columns[i].data_type(),
            a.len(),
            rows.len()
        ));
    }
    let mut fields =
        vec![Field::new("row_id", DataType::Int64, false), Field::new("perturbation", DataType::Utf8, false)];
    fields.extend(kept.iter().map(|&i| Field::new(&d.columns[i].name, base[i].data_type().clone(), true)));
    let schema = Arc::new(Schema::new(fields));
    let ids: ArrayRef = Arc::new(Int64Array::from(rows.iter().map(|&r| r as i64).collect::<Vec<_>>()));
    let batch = |name: &str, cols: Vec<ArrayRef>| -> Result<RecordBatch, String> {
        let mut all = vec![ids.clone(), Arc::new(StringArray::from(vec![name; rows.len()])) as ArrayRef];
        all.extend(kept.iter().map(|&i| cols[i].clone()));
        RecordBatch::try_new(schema.clone(), all).map_err(|e| e.to_string())
    };
    let mut out = vec![batch("none", base.clone())?];
    let mut sds: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
    for (k, p) in plan.iter().enumerate() {
        let Some(i) = d.column_index(&p.feature) else { continue };
        let mut rng = SplitMix64(s.seed ^ (k as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let column: ArrayRef = match p.kind {
            Kind::Gaussian | Kind::Multiplicative | Kind::Round => {
                let x = as_float(i);
                // The feature's standard deviation over all rows, once per feature.
                let sd = *sds.entry(i).or_insert_with(|| {
                    let v: Vec<f64> = d.numbers(i).into_iter().flatten().filter(|v| v.is_finite()).collect();
                    mean_std(&v).1.filter(|s| s.is_finite()).unwrap_or(0.0)
                });
                let y: Vec<Option<f64>> = x
                    .iter()
                    .map(|v| {
                        // One draw per row whether or not the value is missing: rows stay aligned.
                        let (z, sign) = (normal(&mut rng), if rng.next_f64() < 0.5 { -1.0 } else { 1.0 });
                        v.map(|v| match p.kind {
                            Kind::Gaussian => v + z * p.level * sd,
                            Kind::Multiplicative => v * (1.0 + sign * p.level),
                            _ => round_significant(v, p.level as i32),
                        })
                    })
                    .collect();
                Arc::new(Float64Array::from(y))
            }
            Kind::Swap => {
                let texts = d.texts_at(i, &rows);
                let (mut values, mut counts): (Vec<String>, Vec<f64>) = (Vec::new(), Vec::new());
                let mut index = std::collections::HashMap::new();
                for t in d.texts(i).into_iter().flatten() {
                    let k = *index.entry(t.clone()).or_insert_with(|| {
                        values.push(t);
                        counts.push(0.0);
                        values.len() - 1
                    });
                    counts[k] += 1.0;
                }
                let total: f64 = counts.iter().sum();
                let y: Vec<Option<String>> = texts
                    .into_iter()
                    .map(|t| {
                        let (u, v) = (rng.next_f64(), rng.next_f64());
                        let t = t?;
                        let own = index.get(&t).copied();
                        let others = total - own.map_or(0.0, |k| counts[k]);
                        if u >= p.level || others <= 0.0 {
                            return Some(t);
                        }
                        // Another category, drawn by frequency among the others.
                        let mut target = v * others;
                        for (k, c) in counts.iter().enumerate() {
                            if Some(k) == own {
                                continue;
                            }
                            if target < *c {
                                return Some(values[k].clone());
                            }
                            target -= c;
                        }
                        values.iter().enumerate().rev().find(|(k, _)| Some(*k) != own).map(|(_, v)| v.clone())
                    })
                    .collect();
                Arc::new(StringArray::from(y))
            }
            Kind::Missing => {
                let keep: Vec<Option<u32>> =
                    (0..rows.len() as u32).map(|r| (rng.next_f64() >= p.level).then_some(r)).collect();
                arrow_select::take::take(base[i].as_ref(), &UInt32Array::from(keep), None).map_err(|e| e.to_string())?
            }
        };
        let mut cols = base.clone();
        if column.len() != rows.len() {
            return Err(format!("internal: {} gave {} rows of {}", p.name(), column.len(), rows.len()));
        }
        cols[i] = column;
        out.push(batch(&p.name(), cols)?);
    }
    Ok(out)
}

/// The batches as CSV (header, ISO dates and timestamps).
pub fn to_csv(batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    {
        let mut w = arrow_csv::WriterBuilder::new().with_header(true).build(&mut buf);
        for b in batches {
            w.write(b).map_err(|e| e.to_string())?;
        }
    }
    Ok(buf)
}

/// The batches as Parquet (snappy).
pub fn to_parquet(batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let Some(first) = batches.first() else { return Ok(Vec::new()) };
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let mut buf = Vec::new();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(&mut buf, first.schema(), Some(props)).map_err(|e| e.to_string())?;
    for b in batches {
        w.write(b).map_err(|e| e.to_string())?;
    }
    w.close().map_err(|e| e.to_string())?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_significant_digits() {
        assert_eq!(round_significant(12345.0, 2), 12000.0);
        assert_eq!(round_significant(0.012345, 2), 0.012);
        assert_eq!(round_significant(-987.0, 1), -1000.0);
    }
}
