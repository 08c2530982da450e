//! The one analysis configuration, shared by the app (save/load) and the CLI (`--config`).
//! Unknown keys are rejected with a message that names them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::ColumnType;
use crate::error::ConfigError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// What each column is for.
    #[serde(default)]
    pub roles: Roles,
    /// Per-column type overrides applied when loading (column → type).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, ColumnType>,
    /// Per column: `true` reads it as numbers with a decimal comma (`3,14`), `false` never;
    /// absent: detected in files not delimited by commas.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decimal_comma: BTreeMap<String, bool>,
    /// Options of the summary check.
    #[serde(default)]
    pub summary: SummaryConfig,
    /// Options of the data-quality check.
    #[serde(default)]
    pub quality: QualityConfig,
    /// Options of the leakage check.
    #[serde(default)]
    pub leakage: LeakageConfig,
    /// Options of the drift check (Evidently's `DataDriftPreset` options).
    #[serde(default)]
    pub drift: DriftConfig,
    /// Options of the model-quality check.
    #[serde(default)]
    pub performance: PerformanceConfig,
    /// Options of the fairness slices.
    #[serde(default)]
    pub fairness: FairnessConfig,
    /// Options of the weak-segment search.
    #[serde(default)]
    pub segments: SegmentsConfig,
    /// Which checks run (`full` by default).
    #[serde(default, skip_serializing_if = "is_full")]
    pub preset: Preset,
    /// Acceptance gates (see `gates`); absent: the defaults for the checks that run;
    /// `[]`: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gates: Option<Vec<crate::gates::GateConfig>>,
    /// A gate that cannot be evaluated (its check did not run, no value at its path): `fail`
    /// (the default: the verdict is `no-go`, with the reason) or `ignore`.
    #[serde(default, skip_serializing_if = "is_fail")]
    pub gates_unevaluated: crate::gates::Unevaluated,
    /// Cost (positive) or gain (negative) of each outcome per row; the cost check runs when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostConfig>,
    /// Old model vs new model on the same rows (one file with both models' columns, or the
    /// `baseline` input joined by id).
    #[serde(default)]
    pub comparison: ComparisonConfig,
    /// Training features vs serving features joined by id (the `serving` input).
    #[serde(default)]
    pub skew: SkewConfig,
    /// Live log vs shadow log joined by request id (the `shadow` input).
    #[serde(default)]
    pub shadow: ShadowConfig,
    /// Canary arm vs control arm (the `canary` input, or a column naming the arm).
    #[serde(default)]
    pub canary: CanaryConfig,
    /// Noise stability: the perturbations exported for scoring, and the check of a scored file.
    #[serde(default)]
    pub stability: StabilityConfig,
    /// ONNX models: which columns feed which model input.
    #[serde(default)]
    pub model: ModelConfig,
}

fn is_fail(u: &crate::gates::Unevaluated) -> bool {
    *u == crate::gates::Unevaluated::Fail
}

/// How data columns feed an ONNX model's inputs (see `model::mapping`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    /// Model input name → the columns it takes, in order. Inputs not listed are matched by name
    /// (an input named like a column takes that column) or, for a single input as wide as the
    /// feature columns, by position.
    pub inputs: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StabilityConfig {
    /// Seed of every random choice (rows, noise, swaps): the same seed, the same data everywhere.
    pub seed: u64,
    /// Rows drawn from the input for the perturbed data set (all when fewer).
    pub rows: u64,
    /// Numeric features: Gaussian noise with σ = k × the feature's standard deviation, per k.
    pub gaussian: Vec<f64>,
    /// Numeric features: x·(1 ± m), the sign drawn per row, per m.
    pub multiplicative: Vec<f64>,
    /// Numeric features: rounded to this many significant digits, per value.
    pub significant_digits: Vec<u32>,
    /// Categorical features: swapped to another observed category (drawn by frequency) with
    /// probability p, per p.
    pub swap: Vec<f64>,
    /// Every feature: set missing with probability p, per p.
    pub missing: Vec<f64>,
    /// Features perturbed (empty: every feature).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// A score (or regression output) fails when it moves by more than this share of itself.
    pub output_sensitivity: f64,
    /// A feature fails when its flip (or fail) rate reaches this.
    pub fail_rate: f64,
}

impl Default for StabilityConfig {
    fn default() -> Self {
        StabilityConfig {
            seed: 0,
            rows: 1000,
            gaussian: vec![0.01, 0.05, 0.1],
            multiplicative: vec![0.01, 0.05],
            significant_digits: vec![2],
            swap: vec![0.05],
            missing: vec![0.05],
            features: Vec::new(),
            output_sensitivity: 0.05,
            fail_rate: 0.05,
        }
    }
}

/// One MLflow-style criterion on a compared metric (`mlflow.models.MetricThreshold`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub metric: crate::checks::metric::Metric,
    /// The candidate's value must reach this (≥ when greater is better, else ≤).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The candidate must beat the baseline by more than this (negative: may lose at most this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_absolute_change: Option<f64>,
    /// …by more than this share of the baseline's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_relative_change: Option<f64>,
    /// Default: known per metric (false for losses and errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greater_is_better: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ComparisonConfig {
    /// The old model's predicted label column (in the analysed input, or in the `baseline`
    /// input; there the candidate's column names are also tried).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_prediction: Option<String>,
    /// The old model's score column (probability of the positive class).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_score: Option<String>,
    /// Key columns joining the `baseline` input to the candidate's (default: `roles.id`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id: Vec<String>,
    /// Significance level of the paired tests and of the slice search (after BH).
    pub alpha: f64,
    /// Also search slices of the features (not only the sensitive attributes).
    pub slice_features: bool,
    /// MLflow-style criteria; without any, a metric passes unless the candidate is
    /// significantly worse.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
}

impl Default for ComparisonConfig {
    fn default() -> Self {
        ComparisonConfig {
            baseline_prediction: None,
            baseline_score: None,
            id: Vec::new(),
            alpha: 0.05,
            slice_features: true,
            criteria: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SkewConfig {
    /// Key columns joining training (`reference`) and serving rows (default: `roles.id`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id: Vec<String>,
    /// Numbers are equal when |a − b| ≤ max(absolute_tolerance, relative_tolerance·max(|a|, |b|)).
    pub absolute_tolerance: f64,
    pub relative_tolerance: f64,
    /// Compare numbers rounded to this many decimals instead (TFDV's `float_round_ndigits`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub float_round_ndigits: Option<i32>,
    /// Keys of differing rows listed per feature.
    pub examples: usize,
}

impl Default for SkewConfig {
    fn default() -> Self {
        SkewConfig {
            id: Vec::new(),
            absolute_tolerance: 0.0,
            relative_tolerance: 0.0,
            float_round_ndigits: None,
            examples: 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ShadowConfig {
    /// Request-id columns joining the live log (`current`) and the shadow log (default: `roles.id`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id: Vec<String>,
    /// The shadow model disagrees too often above this share of matched requests.
    pub max_disagreement: f64,
}

impl Default for ShadowConfig {
    fn default() -> Self {
        ShadowConfig { id: Vec::new(), max_disagreement: 0.05 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CanaryConfig {
    /// A column of `current` naming each row's arm (instead of a separate `canary` input)…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arm: Option<String>,
    /// …and its value on canary rows (every other value is the control arm).
    pub canary_value: String,
    /// Significance level of the error-rate and drift tests.
    pub alpha: f64,
}

impl Default for CanaryConfig {
    fn default() -> Self {
        CanaryConfig { arm: None, canary_value: "canary".into(), alpha: 0.05 }
    }
}

/// Which checks run, like Evidently's presets: each check lists the presets that run it
/// (`Check::PRESETS`). Summary and data quality always run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Drift (with drift over time and the domain classifier) and leakage.
    DataDrift,
    /// Model quality, weak segments and the cost of errors.
    ModelQuality,
    /// Fairness slices, model quality and the cost per group.
    FairnessAudit,
    /// Old vs new model, train/serve skew, shadow and canary, with model quality and weak
    /// segments.
    ModelComparison,
    /// Every check (the default).
    #[default]
    Full,
}

impl Preset {
    /// Its name in the config.
    pub fn name(self) -> &'static str {
        match self {
            Preset::DataDrift => "data_drift",
            Preset::ModelQuality => "model_quality",
            Preset::FairnessAudit => "fairness_audit",
            Preset::ModelComparison => "model_comparison",
            Preset::Full => "full",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostConfig {
    pub fp: f64,
    #[serde(rename = "fn")]
    pub fn_: f64,
    #[serde(default)]
    pub tp: f64,
    #[serde(default)]
    pub tn: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PerformanceConfig {
    /// Bootstrap resamples for the intervals of non-proportion metrics (0: none).
    pub bootstrap: u32,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Inputs with more rows bootstrap a seeded subset of this many rows, rescaled.
    pub bootstrap_max_rows: u64,
    /// Equal-width bins of the calibration curve.
    pub calibration_bins: u32,
}

impl Default for PerformanceConfig {
    fn default() -> Self {
        PerformanceConfig { bootstrap: 1000, seed: 0, bootstrap_max_rows: 100_000, calibration_bins: 10 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentsConfig {
    pub enabled: bool,
    /// Smallest segment as a share of the rows…
    pub min_support: f64,
    /// …and in rows (the larger of the two applies).
    pub min_rows: u64,
    /// Most frequent categories of a feature that become segments.
    pub max_categories: usize,
    /// Quantile ranges of a numeric feature.
    pub numeric_bins: usize,
    /// Also search pairs of features.
    pub pairs: bool,
    /// Benjamini–Hochberg-adjusted p-value below which a worse segment is weak.
    pub alpha: f64,
    /// Weak segments reported.
    pub top: usize,
}

impl Default for SegmentsConfig {
    fn default() -> Self {
        SegmentsConfig {
            enabled: true,
            min_support: 0.05,
            min_rows: 30,
            max_categories: 20,
            numeric_bins: 5,
            pairs: true,
            alpha: 0.05,
            top: 10,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FairnessConfig {
    /// The reference group of every attribute: `largest` (Aequitas "maj", the default) or `min`
    /// (per rate, the group with the lowest value — Aequitas "min_metric").
    pub reference: String,
    /// Attribute → a group name (or `largest` / `min`), overriding `reference`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reference_group: BTreeMap<String, String>,
    /// Numeric attribute → bin edges (default: quartiles).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub bins: BTreeMap<String, Vec<f64>>,
    /// A disparity inside this range is fair (the four-fifths rule by default).
    pub fair_range: [f64; 2],
    /// Groups smaller than this are suppressed in reports.
    pub min_group_size: u64,
    /// 2: also every pair of sensitive attributes; 3: pairs and triples; 1: single attributes.
    pub intersections: u8,
    /// A disparity outside `fair_range` counts as unfair (`unfair`, what the default gate
    /// reads) only when its test's Benjamini–Hochberg adjusted p-value across the attribute's
    /// groups is below this.
    pub alpha: f64,
}

impl Default for FairnessConfig {
    fn default() -> Self {
        FairnessConfig {
            reference: "largest".into(),
            reference_group: BTreeMap::new(),
            bins: BTreeMap::new(),
            fair_range: [0.8, 1.25],
            min_group_size: 10,
            intersections: 2,
            alpha: 0.05,
        }
    }
}

/// A drift method, named as Evidently names it (`energy` is accepted for `ed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum DriftMethod {
    #[serde(rename = "ks")]
    Ks,
    #[serde(rename = "chisquare")]
    ChiSquare,
    #[serde(rename = "z")]
    Z,
    #[serde(rename = "fisher_exact")]
    FisherExact,
    #[serde(rename = "g_test")]
    GTest,
    #[serde(rename = "TVD", alias = "tvd")]
    Tvd,
    #[serde(rename = "wasserstein")]
    Wasserstein,
    #[serde(rename = "anderson")]
    Anderson,
    #[serde(rename = "cramer_von_mises")]
    CramerVonMises,
    #[serde(rename = "ed", alias = "energy")]
    Energy,
    #[serde(rename = "mannw")]
    MannWhitney,
    #[serde(rename = "t_test")]
    TTest,
    #[serde(rename = "psi")]
    Psi,
    #[serde(rename = "jensenshannon")]
    JensenShannon,
    #[serde(rename = "kl_div")]
    KlDiv,
    #[serde(rename = "hellinger")]
    Hellinger,
    #[serde(rename = "l_infinity")]
    LInfinity,
}

/// Multiple-testing correction across the columns' p-values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    #[default]
    None,
    /// Benjamini–Hochberg (false discovery rate).
    Bh,
}

/// Options of the drift check; the keys mirror Evidently's `DataDriftPreset`. A per-column
/// setting beats the numeric/categorical one, which beats the one for all columns, which beats
/// Evidently's default choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DriftConfig {
    pub method: Option<DriftMethod>,
    pub num_method: Option<DriftMethod>,
    pub cat_method: Option<DriftMethod>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub per_column_method: BTreeMap<String, DriftMethod>,
    pub threshold: Option<f64>,
    pub num_threshold: Option<f64>,
    pub cat_threshold: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub per_column_threshold: BTreeMap<String, f64>,
    /// The data set drifts when at least this share of the columns drifts.
    pub drift_share: f64,
    /// Columns to compare; empty means features, target and prediction.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    pub correction: Correction,
    /// Drift over time: how to cut the current data into chunks (default: by period when
    /// `roles.timestamp` is set, none otherwise).
    pub chunks: Option<ChunkConfig>,
    /// The domain classifier (multivariate drift).
    pub multivariate: MultivariateConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MultivariateConfig {
    pub enabled: bool,
    /// Drift when the cross-validated ROC AUC exceeds this (Evidently's 0.55).
    pub auc_threshold: f64,
    /// Rows sampled from each input.
    pub max_rows: usize,
    pub folds: usize,
}

impl Default for MultivariateConfig {
    fn default() -> Self {
        MultivariateConfig { enabled: true, auc_threshold: 0.55, max_rows: 10_000, folds: 5 }
    }
}

/// NannyML-style chunking of the current data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChunkConfig {
    pub by: ChunkBy,
    /// Rows per chunk when `by` is `rows`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChunkBy {
    /// The finest of day, week, month that gives at most 52 chunks.
    Auto,
    Day,
    Week,
    Month,
    Rows,
}

impl Default for DriftConfig {
    fn default() -> Self {
        DriftConfig {
            method: None,
            num_method: None,
            cat_method: None,
            per_column_method: BTreeMap::new(),
            threshold: None,
            num_threshold: None,
            cat_threshold: None,
            per_column_threshold: BTreeMap::new(),
            drift_share: 0.5,
            columns: Vec::new(),
            correction: Correction::None,
            chunks: None,
            multivariate: MultivariateConfig::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LeakageConfig {
    /// A feature whose single-feature ROC AUC (either direction) reaches this is flagged.
    pub power_threshold: f64,
    /// A feature whose single-feature Gini (2·power − 1) differs by at least this much between
    /// reference and current is flagged (Deepchecks' FeatureLabelCorrelationChange default).
    pub association_change: f64,
}

impl Default for LeakageConfig {
    fn default() -> Self {
        LeakageConfig { power_threshold: 0.95, association_change: 0.2 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct QualityConfig {
    /// A column is almost constant when its most frequent value holds this share of its values.
    pub almost_constant_share: f64,
    /// Warn when the missing share grows by at least this much (absolute).
    pub missing_change: f64,
    /// Warn when at least this share of current values lies outside the reference range.
    pub out_of_range_share: f64,
}

impl Default for QualityConfig {
    fn default() -> Self {
        QualityConfig { almost_constant_share: 0.95, missing_change: 0.05, out_of_range_share: 0.01 }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub prediction: Option<String>,
    /// Probability of the positive class.
    #[serde(default)]
    pub score: Option<String>,
    /// Decision threshold on `score`, in the score's own units (a decile, a credit score, a
    /// logit). Absent: 0.5 for a score whose values all lie in [0, 1]; for any other score the
    /// checks that need decisions say that they need it.
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub sensitive: Vec<String>,
    /// Model features; empty means every column without another role.
    #[serde(default)]
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryConfig {
    /// Equal-width bins of numeric histograms (as `numpy.histogram(bins=n)`).
    #[serde(default = "default_bins")]
    pub histogram_bins: usize,
    /// How many most frequent values to list per column.
    #[serde(default = "default_top")]
    pub top: usize,
}

fn default_bins() -> usize {
    20
}
fn default_top() -> usize {
    10
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig { histogram_bins: default_bins(), top: default_top() }
    }
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(text).map_err(|e| ConfigError::Parse(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// A config from what a user saved: a config file, a JSON report (its `config`), or an HTML
    /// report (the config it embeds as `<script type="application/json" id="plumbline-config">`).
    pub fn from_saved(text: &str) -> Result<Config, ConfigError> {
        const MARK: &str = "<script type=\"application/json\" id=\"plumbline-config\">";
        if let Some(start) = text.find(MARK) {
            let rest = &text[start + MARK.len()..];
            let end = rest
                .find("</script>")
                .ok_or_else(|| ConfigError::Parse("the report's config block is cut off".into()))?;
            return Config::from_json(&rest[..end]);
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ConfigError::Parse(e.to_string()))?;
        match value.get("config") {
            Some(c) if value.get("plumbline_version").is_some() => Config::from_json(&c.to_string()),
            _ => Config::from_json(text),
        }
    }

    /// How to read the inputs: the type overrides and decimal-comma choices.
    pub fn load_options(&self) -> crate::data::LoadOptions {
        crate::data::LoadOptions { types: self.types.clone(), decimal_comma: self.decimal_comma.clone() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }

    /// Checks values that the types alone cannot (ranges).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(t) = self.roles.threshold {
            // In the score's own units: a decile, a credit score, a logit, a probability.
            if !t.is_finite() {
                return Err(ConfigError::Invalid(format!("roles.threshold must be a finite number, got {t}")));
            }
        }
        if !(1..=1000).contains(&self.summary.histogram_bins) {
            return Err(ConfigError::Invalid("summary.histogram_bins must lie in 1..=1000".into()));
        }
        let q = &self.quality;
        for (key, v) in [
            ("quality.almost_constant_share", q.almost_constant_share),
            ("quality.missing_change", q.missing_change),
            ("quality.out_of_range_share", q.out_of_range_share),
            ("leakage.power_threshold", self.leakage.power_threshold),
            ("leakage.association_change", self.leakage.association_change),
            ("drift.drift_share", self.drift.drift_share),
            ("segments.min_support", self.segments.min_support),
            ("segments.alpha", self.segments.alpha),
            ("fairness.alpha", self.fairness.alpha),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(ConfigError::Invalid(format!("{key} must lie in [0, 1], got {v}")));
            }
        }
        let d = &self.drift;
        let thresholds = [("drift.threshold", d.threshold), ("drift.num_threshold", d.num_threshold)]
            .into_iter()
            .chain([("drift.cat_threshold", d.cat_threshold)])
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .chain(d.per_column_threshold.iter().map(|(c, &v)| (format!("drift.per_column_threshold.{c}"), v)));
        for (key, v) in thresholds {
            if !(v.is_finite() && v >= 0.0) {
                return Err(ConfigError::Invalid(format!("{key} must be a number ≥ 0, got {v}")));
            }
        }
        let mv = &self.drift.multivariate;
        if !(0.5..=1.0).contains(&mv.auc_threshold) || !(2..=20).contains(&mv.folds) || mv.max_rows < 100 {
            return Err(ConfigError::Invalid(
                "drift.multivariate needs auc_threshold in [0.5, 1], folds in 2..=20 and max_rows ≥ 100".into(),
            ));
        }
        if let Some(c) = &self.cost {
            if ![c.fp, c.fn_, c.tp, c.tn].iter().all(|v| v.is_finite()) {
                return Err(ConfigError::Invalid("cost.fp, cost.fn, cost.tp and cost.tn must be numbers".into()));
            }
        }
        let fa = &self.fairness;
        if !["largest", "min"].contains(&fa.reference.as_str()) || fa.intersections > 3 {
            return Err(ConfigError::Invalid(
                "fairness.reference must be \"largest\" or \"min\", and fairness.intersections at most 3".into(),
            ));
        }
        for (column, edges) in &fa.bins {
            if edges.is_empty() || !edges.iter().all(|e| e.is_finite()) || !edges.windows(2).all(|w| w[0] < w[1]) {
                return Err(ConfigError::Invalid(format!(
                    "fairness.bins.{column} must be increasing finite numbers, e.g. [25, 45, 65]"
                )));
            }
        }
        let fr = self.fairness.fair_range;
        if !(fr[0] > 0.0 && fr[0] <= 1.0 && fr[1] >= 1.0 && fr[1].is_finite()) {
            return Err(ConfigError::Invalid("fairness.fair_range must be [low ≤ 1, high ≥ 1] with low > 0".into()));
        }
        if let Some(c) = &self.drift.chunks {
            if c.by == ChunkBy::Rows && !c.size.is_some_and(|s| s > 0) {
                return Err(ConfigError::Invalid(
                    "drift.chunks.size (rows per chunk, > 0) is needed with by = \"rows\"".into(),
                ));
            }
        }
        for g in self.gates.iter().flatten() {
            crate::gates::validate(&g.expression)
                .map_err(|e| ConfigError::Invalid(format!("gates: \"{}\": {e}", g.name)))?;
        }
        let sg = &self.segments;
        if !(2..=100).contains(&sg.numeric_bins) || !(1..=1000).contains(&sg.max_categories) || sg.top > 1000 {
            return Err(ConfigError::Invalid(
                "segments needs numeric_bins in 2..=100, max_categories in 1..=1000 and top ≤ 1000".into(),
            ));
        }
        let p = &self.performance;
        if p.bootstrap > 100_000 || !(2..=1000).contains(&p.calibration_bins) || p.bootstrap_max_rows < 100 {
            return Err(ConfigError::Invalid(
                "performance needs bootstrap ≤ 100000, calibration_bins in 2..=1000 and bootstrap_max_rows ≥ 100"
                    .into(),
            ));
        }
        if self.summary.top > 1000 {
            return Err(ConfigError::Invalid("summary.top must be at most 1000".into()));
        }
        for (key, v) in [
            ("comparison.alpha", self.comparison.alpha),
            ("canary.alpha", self.canary.alpha),
            ("shadow.max_disagreement", self.shadow.max_disagreement),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(ConfigError::Invalid(format!("{key} must lie in [0, 1], got {v}")));
            }
        }
        let st = &self.stability;
        let probabilities = st.swap.iter().chain(&st.missing).chain([&st.output_sensitivity, &st.fail_rate]);
        let scales = st.gaussian.iter().chain(&st.multiplicative);
        if probabilities.into_iter().any(|p| !(0.0..=1.0).contains(p))
            || scales.into_iter().any(|k| !(k.is_finite() && *k >= 0.0))
            || st.significant_digits.iter().any(|d| !(1..=15).contains(d))
            || !(1..=1_000_000).contains(&st.rows)
        {
            return Err(ConfigError::Invalid(
                "stability needs probabilities in [0, 1], scales ≥ 0, significant_digits in 1..=15 and rows in 1..=1000000"
                    .into(),
            ));
        }
        let sk = &self.skew;
        if !(sk.absolute_tolerance >= 0.0 && sk.relative_tolerance >= 0.0)
            || sk.examples > 100
            || sk.float_round_ndigits.is_some_and(|d| !(-15..=15).contains(&d))
        {
            return Err(ConfigError::Invalid(
                "skew needs tolerances ≥ 0, examples ≤ 100 and float_round_ndigits in -15..=15".into(),
            ));
        }
        for c in &self.comparison.criteria {
            let values = [c.threshold, c.min_absolute_change, c.min_relative_change];
            if values.iter().flatten().any(|v| !v.is_finite()) || values.iter().all(Option::is_none) {
                return Err(ConfigError::Invalid(format!(
                    "comparison.criteria \"{}\" needs a finite threshold, min_absolute_change or min_relative_change",
                    c.metric.name()
                )));
            }
        }
        Ok(())
    }

    /// The key columns of a join: the check's own list, else `roles.id`.
    pub fn join_keys(&self, specific: &[String]) -> Vec<String> {
        if specific.is_empty() {
            self.roles.id.iter().cloned().collect()
        } else {
            specific.to_vec()
        }
    }

    /// Columns named anywhere in the roles.
    pub fn named_columns(&self) -> Vec<(&'static str, &str)> {
        let r = &self.roles;
        let mut out = Vec::new();
        for (key, v) in [
            ("roles.target", &r.target),
            ("roles.prediction", &r.prediction),
            ("roles.score", &r.score),
            ("roles.id", &r.id),
            ("roles.timestamp", &r.timestamp),
        ] {
            if let Some(c) = v {
                out.push((key, c.as_str()));
            }
        }
        out.extend(r.sensitive.iter().map(|c| ("roles.sensitive", c.as_str())));
        out.extend(r.features.iter().map(|c| ("roles.features", c.as_str())));
        out.extend(self.drift.columns.iter().map(|c| ("drift.columns", c.as_str())));
        out.extend(self.drift.per_column_method.keys().map(|c| ("drift.per_column_method", c.as_str())));
        out.extend(self.drift.per_column_threshold.keys().map(|c| ("drift.per_column_threshold", c.as_str())));
        out
    }
}

/// The one role a column plays (sensitivity is separate: a sensitive column may be a feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    Feature,
    Target,
    Prediction,
    Score,
    Id,
    Timestamp,
    Ignored,
}

impl ColumnRole {
    pub const ALL: [ColumnRole; 7] = [
        ColumnRole::Feature,
        ColumnRole::Target,
        ColumnRole::Prediction,
        ColumnRole::Score,
        ColumnRole::Id,
        ColumnRole::Timestamp,
        ColumnRole::Ignored,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ColumnRole::Feature => "feature",
            ColumnRole::Target => "target",
            ColumnRole::Prediction => "prediction",
            ColumnRole::Score => "score",
            ColumnRole::Id => "id",
            ColumnRole::Timestamp => "timestamp",
            ColumnRole::Ignored => "ignored",
        }
    }

    pub fn parse(name: &str) -> Option<ColumnRole> {
        ColumnRole::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl Roles {
    /// The role `column` plays; with `features` empty every unassigned column is a feature.
    pub fn role_of(&self, column: &str) -> ColumnRole {
        let is = |v: &Option<String>| v.as_deref() == Some(column);
        if is(&self.target) {
            ColumnRole::Target
        } else if is(&self.prediction) {
            ColumnRole::Prediction
        } else if is(&self.score) {
            ColumnRole::Score
        } else if is(&self.id) {
            ColumnRole::Id
        } else if is(&self.timestamp) {
            ColumnRole::Timestamp
        } else if self.features.is_empty() || self.features.iter().any(|f| f == column) {
            ColumnRole::Feature
        } else {
            ColumnRole::Ignored
        }
    }

    /// Gives `column` the role `role`; a column that held a single-column role before loses
    /// it, and the column that held `role` before becomes a feature. `all` is every column, in
    /// order, so that `features` can be spelled out.
    /// Fits the roles to a new file's columns: roles naming a column it lacks are dropped, and
    /// when any was, its columns without a role become features (the app's roles outlive a
    /// replaced reference file).
    pub fn keep_columns(&mut self, all: &[String]) {
        let has = |c: &String| all.contains(c);
        let before = self.features.len() + self.sensitive.len();
        let mut dropped = false;
        for slot in [&mut self.target, &mut self.prediction, &mut self.score, &mut self.id, &mut self.timestamp] {
            if slot.as_ref().is_some_and(|c| !has(c)) {
                *slot = None;
                dropped = true;
            }
        }
        self.features.retain(has);
        self.sensitive.retain(has);
        dropped |= self.features.len() + self.sensitive.len() != before;
        if dropped && !self.features.is_empty() {
            let new: Vec<String> = all
                .iter()
                .filter(|c| {
                    matches!(self.role_of(c), ColumnRole::Feature | ColumnRole::Ignored) && !self.features.contains(c)
                })
                .cloned()
                .collect();
            self.features.extend(new);
        }
    }

    pub fn assign(&mut self, column: &str, role: ColumnRole, all: &[String]) {
        if self.features.is_empty() {
            self.features = all.iter().filter(|c| self.role_of(c) == ColumnRole::Feature).cloned().collect();
        }
        for slot in [&mut self.target, &mut self.prediction, &mut self.score, &mut self.id, &mut self.timestamp] {
            if slot.as_deref() == Some(column) {
                *slot = None;
            }
        }
        self.features.retain(|f| f != column);
        let displaced = match role {
            ColumnRole::Target => self.target.replace(column.to_string()),
            ColumnRole::Prediction => self.prediction.replace(column.to_string()),
            ColumnRole::Score => self.score.replace(column.to_string()),
            ColumnRole::Id => self.id.replace(column.to_string()),
            ColumnRole::Timestamp => self.timestamp.replace(column.to_string()),
            ColumnRole::Feature => {
                self.features.push(column.to_string());
                None
            }
            ColumnRole::Ignored => None,
        };
        if let Some(d) = displaced {
            self.features.push(d);
        }
        self.features.sort_by_key(|f| all.iter().position(|c| c == f).unwrap_or(usize::MAX));
    }

    pub fn set_sensitive(&mut self, column: &str, on: bool) {
        self.sensitive.retain(|c| c != column);
        if on {
            self.sensitive.push(column.to_string());
        }
    }
}

fn is_full(p: &Preset) -> bool {
    *p == Preset::Full
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_a_replaced_file_keep_its_columns_and_adopt_the_new_ones_as_features() {
        let mut r = Roles {
            target: Some("y".into()),
            prediction: Some("p_new".into()),
            sensitive: vec!["group".into(), "old_only".into()],
            features: vec!["x".into(), "old_only".into()],
            ..Roles::default()
        };
        let all: Vec<String> = ["y", "x", "group", "pred", "z"].iter().map(|s| s.to_string()).collect();
        r.keep_columns(&all);
        assert_eq!((r.target.as_deref(), r.prediction.as_deref()), (Some("y"), None));
        assert_eq!(r.sensitive, vec!["group".to_string()]);
        assert_eq!(r.features, ["x", "group", "pred", "z"].map(String::from).to_vec());
    }

    #[test]
    fn unknown_keys_are_named_in_the_error() {
        let cases = [
            (r#"{"rols": {}}"#, "rols"),
            (r#"{"roles": {"targt": "y"}}"#, "targt"),
            (r#"{"summary": {"bins": 3}}"#, "bins"),
        ];
        for (text, key) in cases {
            let err = Config::from_json(text).unwrap_err().to_string();
            assert!(err.contains(&format!("`{key}`")), "{text}: {err}");
        }
    }

    #[test]
    fn a_config_round_trips_through_json() {
        let mut c = Config::default();
        c.roles.target = Some("y".into());
        c.roles.sensitive = vec!["sex".into()];
        c.types.insert("zip".into(), ColumnType::String);
        assert_eq!(Config::from_json(&c.to_json()).unwrap(), c);
        assert_eq!(Config::from_json("{}").unwrap(), Config::default());
    }

    #[test]
    fn assigning_a_role_moves_it_from_the_column_that_had_it() {
        let all: Vec<String> = ["a", "b", "y", "p"].iter().map(|s| s.to_string()).collect();
        let mut r = Roles { target: Some("y".into()), ..Roles::default() };
        assert_eq!(r.role_of("a"), ColumnRole::Feature);
        r.assign("b", ColumnRole::Target, &all);
        assert_eq!((r.role_of("b"), r.role_of("y")), (ColumnRole::Target, ColumnRole::Feature));
        assert_eq!(r.features, ["a", "y", "p"]);
        r.assign("p", ColumnRole::Ignored, &all);
        assert_eq!(r.role_of("p"), ColumnRole::Ignored);
        r.assign("p", ColumnRole::Score, &all);
        // The threshold is the score's own unit: left to the run (0.5 only for a probability).
        assert_eq!((r.role_of("p"), r.threshold), (ColumnRole::Score, None));
        r.set_sensitive("a", true);
        r.set_sensitive("a", true);
        assert_eq!(r.sensitive, ["a"]);
    }

    #[test]
    fn out_of_range_values_are_rejected() {
        // A threshold is in the score's own units: a decile's 5, a credit score's 620, a logit's -1.
        for t in ["5", "620", "-1.5", "0.3"] {
            assert!(Config::from_json(&format!(r#"{{"roles": {{"threshold": {t}}}}}"#)).is_ok(), "{t}");
        }
        let mut c = Config::default();
        c.roles.threshold = Some(f64::NAN);
        assert!(c.validate().is_err());
        assert!(Config::from_json(r#"{"summary": {"histogram_bins": 0}}"#).is_err());
    }
}
