//! # Univariate drift
//!
//! **What it does.** Compares each column's distribution in the current input with the
//! reference: one statistical test or distance per column, a verdict per column, and a verdict
//! for the data set (drifted when at least `drift_share` of the compared columns drift).
//!
//! **Method choice** (Evidently's `DataDriftPreset` default, so verdicts carry over): with at most
//! 1000 reference values, `ks` for numeric columns with more than 5 distinct values, otherwise
//! `chisquare` (or `z` when there are at most 2 distinct values); with more than 1000, the normed
//! `wasserstein` distance for numeric columns with more than 5 distinct values, otherwise
//! `jensenshannon`. A column is numeric when it holds floats, or integers with more than 5
//! distinct reference values (Evidently's rule); booleans and text are categorical; dates are not
//! compared. Missing and infinite values are dropped first, as Evidently does. Config keys under
//! `drift` override the choice (per column > numeric/categorical > all > default).
//!
//! **Verdicts.** p-value tests drift when p < threshold (`ks` and `cramer_von_mises`: p ≤
//! threshold, as in Evidently), distances when the distance ≥ threshold (`ed`: >). Every column
//! also reports an *effect size* — the normed Wasserstein distance for numeric columns, the
//! Jensen–Shannon distance for categorical ones — because with a million rows any p-value is tiny.
//! With `correction: "bh"` the p-values are adjusted by Benjamini–Hochberg across the columns
//! before the verdict (false discovery rate at the threshold).
//!
//! The statistics live in `stats/`, one file each, with formula, interpretation and reference.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use serde::{Deserialize, Serialize};

use super::drift_time::{self, Chunk, Chunking};
use super::multivariate::{multivariate, Multivariate};
use crate::checks::{Check, Context};
use crate::config::Preset;
use crate::config::{Config, Correction, DriftMethod};
use crate::data::{ColumnType, Dataset};
use crate::gates::GateConfig;
use crate::progress::Progress;
use crate::report::Report;
use crate::stats::benjamini_hochberg::benjamini_hochberg;
use crate::stats::ranks::merged_runs;
use crate::stats::{
    anderson, binning, cdf_distance, chisquare, cramer_von_mises, fisher_exact, g_test, hellinger, jensen_shannon,
    kl_div, ks, l_infinity, mann_whitney, psi, t_test, tvd, z_test,
};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Numeric,
    Categorical,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EffectSize {
    pub name: String,
    pub value: Option<f64>,
}

/// Shares of each input per bin (numeric, `edges`) or per category (`labels`), for the charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shares {
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub edges: Vec<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub labels: Vec<String>,
    pub reference: Vec<f64>,
    pub current: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ColumnDrift {
    pub column: String,
    pub kind: Kind,
    pub method: DriftMethod,
    pub statistic: Option<f64>,
    /// `None` for distances.
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg adjusted p-value (only with `correction: "bh"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p_value_adjusted: Option<f64>,
    pub threshold: f64,
    pub drifted: bool,
    pub effect_size: EffectSize,
    /// "feature", "target" or "prediction".
    pub role: String,
    pub reference_rows: u64,
    pub current_rows: u64,
    pub shares: Shares,
    /// Why the method differs from the configured one, if it does.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skipped {
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Drift {
    pub share_drifted: f64,
    pub drift_share: f64,
    pub dataset_drifted: bool,
    pub correction: Correction,
    /// Drift of the target and of the prediction (or score) column, reported apart.
    pub target_drifted: Option<bool>,
    pub prediction_drifted: Option<bool>,
    pub columns: Vec<ColumnDrift>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub skipped: Vec<Skipped>,
    /// How the current data was cut for drift over time (`None`: not cut).
    pub chunking: Option<Chunking>,
    /// The domain classifier: can a model tell current rows from reference rows?
    pub multivariate: Option<Multivariate>,
    /// Drift over time, one entry per chunk of the current data.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub chunks: Vec<Chunk>,
}

impl DriftMethod {
    pub fn name(self) -> &'static str {
        match self {
            DriftMethod::Ks => "ks",
            DriftMethod::ChiSquare => "chisquare",
            DriftMethod::Z => "z",
            DriftMethod::FisherExact => "fisher_exact",
            DriftMethod::GTest => "g_test",
            DriftMethod::Tvd => "TVD",
            DriftMethod::Wasserstein => "wasserstein",
            DriftMethod::Anderson => "anderson",
            DriftMethod::CramerVonMises => "cramer_von_mises",
            DriftMethod::Energy => "ed",
            DriftMethod::MannWhitney => "mannw",
            DriftMethod::TTest => "t_test",
            DriftMethod::Psi => "psi",
            DriftMethod::JensenShannon => "jensenshannon",
            DriftMethod::KlDiv => "kl_div",
            DriftMethod::Hellinger => "hellinger",
            DriftMethod::LInfinity => "l_infinity",
        }
    }

    /// Plain-language name for the report.
    pub fn label(self) -> &'static str {
        match self {
            DriftMethod::Ks => "Kolmogorov–Smirnov p-value",
            DriftMethod::ChiSquare => "χ² p-value",
            DriftMethod::Z => "Z-test p-value",
            DriftMethod::FisherExact => "Fisher's exact p-value",
            DriftMethod::GTest => "G-test p-value",
            DriftMethod::Tvd => "Total variation p-value",
            DriftMethod::Wasserstein => "Wasserstein distance (normed)",
            DriftMethod::Anderson => "Anderson–Darling p-value",
            DriftMethod::CramerVonMises => "Cramér–von Mises p-value",
            DriftMethod::Energy => "Energy distance",
            DriftMethod::MannWhitney => "Mann–Whitney U p-value",
            DriftMethod::TTest => "Welch t-test p-value",
            DriftMethod::Psi => "PSI",
            DriftMethod::JensenShannon => "Jensen–Shannon distance",
            DriftMethod::KlDiv => "Kullback–Leibler divergence",
            DriftMethod::Hellinger => "Hellinger distance",
            DriftMethod::LInfinity => "L∞ distance",
        }
    }

    /// True when the method yields a p-value (drift when small); false for distances.
    pub fn is_test(self) -> bool {
        !matches!(
            self,
            DriftMethod::Wasserstein
                | DriftMethod::Energy
                | DriftMethod::Psi
                | DriftMethod::JensenShannon
                | DriftMethod::KlDiv
                | DriftMethod::Hellinger
                | DriftMethod::LInfinity
        )
    }

    /// Evidently's default threshold of the method.
    pub fn default_threshold(self) -> f64 {
        match self {
            DriftMethod::Ks
            | DriftMethod::ChiSquare
            | DriftMethod::Z
            | DriftMethod::MannWhitney
            | DriftMethod::TTest => 0.05,
            _ => 0.1,
        }
    }

    /// The column kinds the method applies to (Evidently's `allowed_feature_types`).
    pub fn allows(self, kind: Kind) -> bool {
        match self {
            DriftMethod::Ks
            | DriftMethod::Wasserstein
            | DriftMethod::Anderson
            | DriftMethod::CramerVonMises
            | DriftMethod::Energy
            | DriftMethod::MannWhitney
            | DriftMethod::TTest => kind == Kind::Numeric,
            DriftMethod::ChiSquare
            | DriftMethod::Z
            | DriftMethod::FisherExact
            | DriftMethod::GTest
            | DriftMethod::Tvd => kind == Kind::Categorical,
            _ => true,
        }
    }

    /// Drift verdict for a statistic or p-value against the threshold (Evidently's comparisons).
    pub fn drifted(self, value: f64, threshold: f64) -> bool {
        match self {
            DriftMethod::Ks | DriftMethod::CramerVonMises => value <= threshold,
            DriftMethod::Energy => value > threshold,
            m if m.is_test() => value < threshold,
            _ => value >= threshold,
        }
    }
}

/// One column of both inputs, cleaned (missing and infinite values dropped).
pub struct Prepared {
    pub kind: Kind,
    /// Ascending values of each input (numeric columns and integer categories).
    pub numeric: Option<[Vec<f64>; 2]>,
    /// Categories seen in either input, in sorted order, and their counts per input.
    pub keys: Vec<String>,
    pub counts: [Vec<f64>; 2],
    pub rows: [u64; 2],
}

impl Prepared {
    /// Distinct values in both inputs together / in the reference.
    fn distinct(&self) -> (usize, usize) {
        (self.keys.len(), self.counts[0].iter().filter(|&&c| c > 0.0).count())
    }

    /// Builds from numeric values (any order; non-finite ones are dropped).
    pub fn from_numbers(reference: Vec<f64>, current: Vec<f64>, kind: Option<Kind>) -> Prepared {
        let clean = |mut v: Vec<f64>| {
            v.retain(|x| x.is_finite());
            v.sort_unstable_by(f64::total_cmp);
            v
        };
        let (r, c) = (clean(reference), clean(current));
        // Distinct pooled values and their counts, by one merge.
        let (mut keys, mut cr, mut cc) = (Vec::new(), Vec::new(), Vec::new());
        merged_runs(&r, &c, |z, rr, rc| {
            keys.push(number_key(z));
            cr.push(rr.len() as f64);
            cc.push(rc.len() as f64);
        });
        let ref_distinct = cr.iter().filter(|&&x| x > 0.0).count();
        let kind = kind.unwrap_or(if ref_distinct > 5 { Kind::Numeric } else { Kind::Categorical });
        let rows = [r.len() as u64, c.len() as u64];
        Prepared { kind, numeric: Some([r, c]), keys, counts: [cr, cc], rows }
    }

    /// Builds from category labels (missing ones dropped).
    pub fn from_labels<'a>(
        reference: impl Iterator<Item = Option<&'a str>>,
        current: impl Iterator<Item = Option<&'a str>>,
    ) -> Prepared {
        let mut map: HashMap<&str, [f64; 2]> = HashMap::new();
        let mut rows = [0u64; 2];
        for (side, it) in [(0usize, Box::new(reference) as Box<dyn Iterator<Item = _>>), (1, Box::new(current))] {
            for v in it.flatten() {
                map.entry(v).or_default()[side] += 1.0;
                rows[side] += 1;
            }
        }
        let mut entries: Vec<(&str, [f64; 2])> = map.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let keys = entries.iter().map(|(k, _)| k.to_string()).collect();
        let counts = [entries.iter().map(|e| e.1[0]).collect(), entries.iter().map(|e| e.1[1]).collect()];
        Prepared { kind: Kind::Categorical, numeric: None, keys, counts, rows }
    }

    /// Bin shares as Evidently's `get_binned_data` makes them (see `stats::binning`).
    fn binned(&self, fill: bool) -> (Vec<f64>, Vec<f64>) {
        let (_, ref_distinct) = self.distinct();
        match (&self.numeric, self.kind) {
            (Some([r, c]), Kind::Numeric) if ref_distinct > 20 && !c.is_empty() => {
                let lo = r[0].min(c[0]);
                let hi = r[r.len() - 1].max(c[c.len() - 1]);
                let edges = binning::sturges_edges(lo, hi, r.len() + c.len());
                (
                    binning::shares(&binning::counts_in(r, &edges), fill),
                    binning::shares(&binning::counts_in(c, &edges), fill),
                )
            }
            _ => (binning::shares(&self.counts[0], fill), binning::shares(&self.counts[1], fill)),
        }
    }
}

fn number_key(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// Evidently's default method for a prepared column.
pub fn default_method(p: &Prepared) -> DriftMethod {
    let (n_values, _) = p.distinct();
    let few = n_values <= 5;
    let small = p.rows[0] <= 1000;
    match (small, p.kind, few) {
        (true, Kind::Numeric, false) => DriftMethod::Ks,
        (true, _, _) if n_values > 2 => DriftMethod::ChiSquare,
        (true, _, _) => DriftMethod::Z,
        (false, Kind::Numeric, false) => DriftMethod::Wasserstein,
        (false, _, _) => DriftMethod::JensenShannon,
    }
}

/// Runs `method` on a prepared column: (statistic, p-value). `Err` says why it cannot run.
pub fn apply(method: DriftMethod, p: &Prepared) -> Result<(Option<f64>, Option<f64>), String> {
    let numeric = || p.numeric.as_ref().ok_or_else(|| format!("{} needs numbers", method.name()));
    let pair = |r: Option<(f64, f64)>| r.map(|(s, pv)| (Some(s), Some(pv)));
    let [cr, cc] = &p.counts;
    let out = match method {
        DriftMethod::Ks => {
            let [r, c] = numeric()?;
            ks::ks_2samp(r, c).map(|k| (Some(k.statistic), Some(k.p_value)))
        }
        DriftMethod::Wasserstein => {
            let [r, c] = numeric()?;
            cdf_distance::wasserstein_normed(r, c).map(|d| (Some(d), None))
        }
        DriftMethod::Energy => {
            let [r, c] = numeric()?;
            cdf_distance::energy(r, c).map(|d| (Some(d), None))
        }
        DriftMethod::Anderson => {
            let [r, c] = numeric()?;
            pair(anderson::anderson_ksamp(r, c))
        }
        DriftMethod::CramerVonMises => {
            let [r, c] = numeric()?;
            pair(cramer_von_mises::cramer_von_mises(r, c))
        }
        DriftMethod::MannWhitney => {
            let [r, c] = numeric()?;
            pair(mann_whitney::mann_whitney(r, c))
        }
        DriftMethod::TTest => {
            let [r, c] = numeric()?;
            pair(t_test::welch_t_test(r, c))
        }
        DriftMethod::ChiSquare => pair(chisquare::chisquare(cr, cc)),
        DriftMethod::GTest => pair(g_test::g_test(cr, cc)),
        DriftMethod::Z => pair(z_test::z_test(cr, cc)),
        DriftMethod::Tvd => pair(tvd::tvd_test(cr, cc)),
        DriftMethod::FisherExact => {
            if p.keys.len() > 2 {
                return Err(format!("fisher_exact needs at most 2 distinct values, found {}", p.keys.len()));
            }
            let get = |v: &Vec<f64>, i: usize| v.get(i).copied().unwrap_or(0.0);
            let (s, pv) = fisher_exact::fisher_exact([get(cr, 0), get(cr, 1)], [get(cc, 0), get(cc, 1)]);
            Some((Some(s), Some(pv)))
        }
        DriftMethod::Psi => {
            let (r, c) = p.binned(true);
            Some((Some(psi::psi(&r, &c)), None))
        }
        DriftMethod::KlDiv => {
            let (r, c) = p.binned(true);
            Some((Some(kl_div::kl_div(&r, &c)), None))
        }
        DriftMethod::JensenShannon => {
            let (r, c) = p.binned(false);
            Some((Some(jensen_shannon::jensen_shannon(&r, &c)), None))
        }
        DriftMethod::LInfinity => {
            let (r, c) = p.binned(false);
            Some((Some(l_infinity::l_infinity(&r, &c)), None))
        }
        DriftMethod::Hellinger => match (&p.numeric, p.kind) {
            (Some([r, c]), Kind::Numeric) => {
                let distinct: Vec<f64> = p.keys.iter().filter_map(|k| k.parse().ok()).collect();
                hellinger::hellinger_numeric(r, c, &distinct).map(|h| (Some(h), None))
            }
            _ => Some((Some(hellinger::hellinger_categorical(cr, cc)), None)),
        },
    };
    out.ok_or_else(|| format!("{} is undefined on these values (too few values or no variation)", method.name()))
}

/// The effect size reported next to every verdict.
fn effect_size(method: DriftMethod, statistic: Option<f64>, p: &Prepared) -> EffectSize {
    if !method.is_test() {
        return EffectSize { name: method.name().to_string(), value: statistic };
    }
    let m = if p.kind == Kind::Numeric { DriftMethod::Wasserstein } else { DriftMethod::JensenShannon };
    let value = apply(m, p).ok().and_then(|(s, _)| s);
    EffectSize { name: m.name().to_string(), value }
}

/// Chart data: 20 equal-width bins over the pooled range, or the 10 most frequent categories
/// (and "other").
fn shares(p: &Prepared) -> Shares {
    let norm = |v: Vec<f64>| {
        let s: f64 = v.iter().sum();
        v.into_iter().map(|x| if s > 0.0 { x / s } else { 0.0 }).collect::<Vec<f64>>()
    };
    if let (Some([r, c]), Kind::Numeric) = (&p.numeric, p.kind) {
        if let (Some(&r0), Some(&c0), Some(&r1), Some(&c1)) = (r.first(), c.first(), r.last(), c.last()) {
            let (lo, hi) = (r0.min(c0), r1.max(c1));
            let edges = crate::stats::histogram::histogram_sorted(&[lo, hi], 20).map(|h| h.edges).unwrap_or_default();
            return Shares {
                reference: norm(binning::counts_in(r, &edges)),
                current: norm(binning::counts_in(c, &edges)),
                edges,
                labels: Vec::new(),
            };
        }
    }
    let mut order: Vec<usize> = (0..p.keys.len()).collect();
    order.sort_by(|&a, &b| {
        (p.counts[0][b] + p.counts[1][b]).total_cmp(&(p.counts[0][a] + p.counts[1][a])).then(a.cmp(&b))
    });
    let top = &order[..order.len().min(10)];
    let mut labels: Vec<String> = top.iter().map(|&i| p.keys[i].clone()).collect();
    let pick = |side: usize| -> Vec<f64> {
        let mut v: Vec<f64> = top.iter().map(|&i| p.counts[side][i]).collect();
        if order.len() > top.len() {
            v.push(order[top.len()..].iter().map(|&i| p.counts[side][i]).sum());
        }
        norm(v)
    };
    let (reference, current) = (pick(0), pick(1));
    if order.len() > top.len() {
        labels.push(format!("other ({})", order.len() - top.len()));
    }
    Shares { edges: Vec::new(), labels, reference, current }
}

/// Prepares column `name` of both inputs; `Err` gives the reason to skip it.
fn prepare(reference: &Dataset, current: &Dataset, name: &str) -> Result<Prepared, String> {
    let ri = reference.column_index(name).ok_or("not in the reference")?;
    let ci = current.column_index(name).ok_or("not in the current data")?;
    let (rk, ck) = (reference.columns[ri].kind, current.columns[ci].kind);
    let dated = |k: ColumnType| matches!(k, ColumnType::Date | ColumnType::Timestamp);
    if dated(rk) || dated(ck) {
        return Err("a date column: compared over time, not as a distribution".into());
    }
    let number = |k: ColumnType| matches!(k, ColumnType::Integer | ColumnType::Float);
    let p = if number(rk) && number(ck) {
        let kind = (rk == ColumnType::Float || ck == ColumnType::Float).then_some(Kind::Numeric);
        let values = |d: &Dataset, i: usize| d.numbers(i).into_iter().flatten().collect::<Vec<f64>>();
        Prepared::from_numbers(values(reference, ri), values(current, ci), kind)
    } else if rk == ColumnType::String && ck == ColumnType::String {
        // Straight from the Arrow strings: no copy per row.
        fn strings(d: &Dataset, i: usize) -> Vec<Option<&str>> {
            d.batches.iter().flat_map(|b| b.column(i).as_string::<i32>().iter()).collect()
        }
        let (rs, cs) = (strings(reference, ri), strings(current, ci));
        Prepared::from_labels(rs.into_iter(), cs.into_iter())
    } else {
        let (rt, ct) = (reference.texts(ri), current.texts(ci));
        Prepared::from_labels(rt.iter().map(|v| v.as_deref()), ct.iter().map(|v| v.as_deref()))
    };
    if p.rows[0] == 0 {
        return Err("no values in the reference".into());
    }
    if p.rows[1] == 0 {
        return Err("no values in the current data".into());
    }
    Ok(p)
}

/// The drift check over `reference` and `current`.
pub fn drift(config: &Config, reference: &Dataset, current: &Dataset, progress: &mut dyn Progress) -> Drift {
    let d = &config.drift;
    let r = &config.roles;
    let role_of = |c: &str| {
        if r.target.as_deref() == Some(c) {
            "target"
        } else if r.prediction.as_deref() == Some(c) || r.score.as_deref() == Some(c) {
            "prediction"
        } else {
            "feature"
        }
    };
    let names: Vec<String> = if d.columns.is_empty() {
        let mut v = r.features.clone();
        v.extend([&r.target, &r.prediction, &r.score].into_iter().flatten().cloned());
        let mut seen = std::collections::HashSet::new();
        v.retain(|c| seen.insert(c.clone()));
        v
    } else {
        d.columns.clone()
    };
    let mut columns = Vec::new();
    let mut skipped = Vec::new();
    let total = names.len() as u64;
    for (n, name) in names.iter().enumerate() {
        progress.set(n as u64, total);
        if progress.is_cancelled() {
            break;
        }
        let p = match prepare(reference, current, name) {
            Ok(p) => p,
            Err(reason) => {
                skipped.push(Skipped { column: name.clone(), reason });
                continue;
            }
        };
        let kind_method = if p.kind == Kind::Numeric { d.num_method } else { d.cat_method };
        let mut note = None;
        let method = if let Some(&m) = d.per_column_method.get(name) {
            if !m.allows(p.kind) {
                let kind = if p.kind == Kind::Numeric { "numeric" } else { "categorical" };
                skipped.push(Skipped {
                    column: name.clone(),
                    reason: format!("drift.per_column_method {} does not apply to a {kind} column", m.name()),
                });
                continue;
            }
            m
        } else if let Some(m) = kind_method.or(d.method) {
            if m.allows(p.kind) {
                m
            } else {
                let fallback = default_method(&p);
                note = Some(format!("{} does not apply to this column; used {}", m.name(), fallback.name()));
                fallback
            }
        } else {
            default_method(&p)
        };
        let kind_threshold = if p.kind == Kind::Numeric { d.num_threshold } else { d.cat_threshold };
        let threshold = d
            .per_column_threshold
            .get(name)
            .copied()
            .or(kind_threshold)
            .or(d.threshold)
            .unwrap_or_else(|| method.default_threshold());
        let (statistic, p_value) = match apply(method, &p) {
            Ok(v) => v,
            Err(reason) => {
                skipped.push(Skipped { column: name.clone(), reason });
                continue;
            }
        };
        let value = if method.is_test() { p_value } else { statistic };
        let drifted = value.is_some_and(|v| method.drifted(v, threshold));
        columns.push(ColumnDrift {
            column: name.clone(),
            kind: p.kind,
            method,
            effect_size: effect_size(method, statistic, &p),
            statistic: statistic.filter(|s| s.is_finite()),
            p_value,
            p_value_adjusted: None,
            threshold,
            drifted,
            role: role_of(name).to_string(),
            reference_rows: p.rows[0],
            current_rows: p.rows[1],
            shares: shares(&p),
            note,
        });
    }
    progress.set(total, total);
    if d.correction == Correction::Bh {
        let tested: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].p_value.is_some()).collect();
        let raw: Vec<f64> = tested.iter().filter_map(|&i| columns[i].p_value).collect();
        for (&i, adj) in tested.iter().zip(benjamini_hochberg(&raw)) {
            let c = &mut columns[i];
            c.p_value_adjusted = Some(adj);
            c.drifted = c.method.drifted(adj, c.threshold);
        }
    }
    let drifted = columns.iter().filter(|c| c.drifted).count();
    let share_drifted = if columns.is_empty() { 0.0 } else { drifted as f64 / columns.len() as f64 };
    let verdict_of = |role: &str| columns.iter().find(|c| c.role == role).map(|c| c.drifted);
    let (chunking, chunks) = match drift_time::chunks(config, reference, current, &columns, progress) {
        Some((c, k)) => (Some(c), k),
        None => (None, Vec::new()),
    };
    let multivariate = multivariate(config, reference, current, progress);
    Drift {
        multivariate,
        chunking,
        chunks,
        share_drifted,
        drift_share: d.drift_share,
        dataset_drifted: !columns.is_empty() && share_drifted >= d.drift_share,
        correction: d.correction,
        target_drifted: verdict_of("target"),
        prediction_drifted: verdict_of("prediction"),
        columns,
        skipped,
    }
}

impl Check for Drift {
    const KEY: &'static str = "drift";
    const PRESETS: &'static [Preset] = &[Preset::DataDrift];
    /// Drift tests every column, builds the domain classifier and the chunks over time: the
    /// longest of the checks on a plain reference/current pair.
    const WEIGHT: u64 = 3;

    fn needs(cx: &Context) -> Result<(), String> {
        cx.current().map(|_| ())
    }

    fn run(cx: &Context, progress: &mut dyn Progress) -> Option<Drift> {
        Some(drift(cx.config, cx.inputs.reference, cx.inputs.current?, progress))
    }

    fn default_gates(_config: &Config, _report: &Value) -> Vec<GateConfig> {
        vec![GateConfig::new("No data-set drift", "drift.dataset_drifted == false")]
    }

    fn get(report: &Report) -> Option<&Drift> {
        report.drift.as_ref()
    }

    fn put(self, report: &mut Report) {
        report.drift = Some(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_method_follows_evidentlys_table() {
        let numbers = |n: usize, distinct: usize| (0..n).map(|i| (i % distinct) as f64).collect::<Vec<f64>>();
        let labels = |n: usize, distinct: usize| (0..n).map(|i| format!("c{}", i % distinct)).collect::<Vec<String>>();
        let from_labels = |r: Vec<String>, c: Vec<String>| {
            Prepared::from_labels(r.iter().map(|s| Some(s.as_str())), c.iter().map(|s| Some(s.as_str())))
        };
        let cases = [
            (Prepared::from_numbers(numbers(1000, 50), numbers(10, 50), Some(Kind::Numeric)), DriftMethod::Ks),
            (Prepared::from_numbers(numbers(1001, 50), numbers(10, 50), Some(Kind::Numeric)), DriftMethod::Wasserstein),
            (Prepared::from_numbers(numbers(500, 4), numbers(10, 4), Some(Kind::Numeric)), DriftMethod::ChiSquare),
            (Prepared::from_numbers(numbers(500, 2), numbers(10, 2), Some(Kind::Numeric)), DriftMethod::Z),
            (Prepared::from_numbers(numbers(5000, 4), numbers(10, 4), Some(Kind::Numeric)), DriftMethod::JensenShannon),
            (from_labels(labels(1000, 3), labels(10, 3)), DriftMethod::ChiSquare),
            (from_labels(labels(1000, 2), labels(10, 2)), DriftMethod::Z),
            (from_labels(labels(1001, 2), labels(10, 2)), DriftMethod::JensenShannon),
        ];
        for (i, (p, want)) in cases.iter().enumerate() {
            assert_eq!(default_method(p), *want, "case {i}");
        }
        // Integers with ≤ 5 distinct reference values are categorical (Evidently's rule).
        assert_eq!(Prepared::from_numbers(numbers(100, 5), numbers(10, 5), None).kind, Kind::Categorical);
        assert_eq!(Prepared::from_numbers(numbers(100, 6), numbers(10, 6), None).kind, Kind::Numeric);
    }

    #[test]
    fn a_method_for_the_wrong_kind_is_refused_with_a_reason() {
        let labels: Vec<String> = (0..50).map(|i| format!("c{}", i % 3)).collect();
        let p = Prepared::from_labels(labels.iter().map(|s| Some(s.as_str())), labels.iter().map(|s| Some(s.as_str())));
        assert!(apply(DriftMethod::Ks, &p).is_err());
        assert!(!DriftMethod::Ks.allows(Kind::Categorical));
        assert!(apply(DriftMethod::FisherExact, &p).is_err(), "three categories");
    }
}
