//! A classifier against its baseline: every metric for both models on the same rows, paired
//! tests (McNemar, DeLong, paired bootstrap), flips and churn of decisions, worse slices.

use super::*;

pub(super) fn classification_comparison(
    config: &Config,
    a: &Aligned,
    target: &str,
    sides: &[Side; 2],
    out: &mut Comparison,
) {
    let truth = a.target_texts(target);
    let preds: Vec<Option<Vec<Option<String>>>> = sides.iter().map(|(p, _, b)| a.texts(*p, *b)).collect();
    let scores: Vec<Option<Vec<Option<f64>>>> = sides.iter().map(|(_, s, b)| a.numbers(*s, *b)).collect();
    let mut labels: BTreeSet<String> = truth.iter().flatten().cloned().collect();
    for p in preds.iter().flatten() {
        labels.extend(p.iter().flatten().cloned());
    }
    let mut labels: Vec<String> = labels.into_iter().collect();
    sort_labels(&mut labels);
    let binary = labels.len() == 2;
    out.task = if labels.len() <= 2 { "binary" } else { "multiclass" }.into();
    // `None`: a score that is not a probability and no threshold in its units (no decisions).
    let threshold = config.roles.threshold;
    let index = |v: &str| labels.iter().position(|l| l == v);
    let decision = |k: usize, row: usize| -> Option<usize> {
        match &preds[k] {
            Some(p) => p[row].as_deref().and_then(index),
            None if binary => {
                let s = scores[k].as_ref()?[row].filter(|s| s.is_finite())?;
                Some(usize::from(s >= threshold?))
            }
            None => None,
        }
    };
    // Compared rows: target and both decisions known.
    let (mut rows, mut t, mut p0, mut p1) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for row in 0..truth.len() {
        let (Some(y), Some(d0), Some(d1)) = (truth[row].as_deref().and_then(index), decision(0, row), decision(1, row))
        else {
            continue;
        };
        rows.push(row);
        t.push(y);
        p0.push(d0);
        p1.push(d1);
    }
    out.rows = rows.len() as u64;
    if rows.is_empty() {
        out.problem = Some(if config.roles.threshold.is_none() {
            "no row has the target and both models' outputs: a score that is not a probability needs roles.threshold in its units".into()
        } else {
            "no row has the target and both models' outputs".into()
        });
        return;
    }
    let mut flips = Flips::default();
    let mut churn = Churn { rows: 0, share: 0.0, to_positive: 0, to_negative: 0 };
    for k in 0..rows.len() {
        match (p0[k] == t[k], p1[k] == t[k]) {
            (true, true) => flips.both_correct += 1,
            (true, false) => flips.baseline_only_correct += 1,
            (false, true) => flips.candidate_only_correct += 1,
            (false, false) => flips.both_wrong += 1,
        }
        if p0[k] != p1[k] {
            churn.rows += 1;
            if binary && p1[k] == 1 {
                churn.to_positive += 1;
            } else if binary {
                churn.to_negative += 1;
            }
        }
    }
    churn.share = churn.rows as f64 / rows.len() as f64;
    out.flips = Some(flips);
    out.churn = Some(churn);
    let (stat, p_mcnemar, exact) = mcnemar(flips.baseline_only_correct, flips.candidate_only_correct);
    out.tests.push(PairedTest {
        test: "mcnemar".into(),
        on: "accuracy".into(),
        statistic: stat,
        p_value: p_mcnemar,
        exact: Some(exact),
    });
    // Score columns on the compared rows; score metrics use rows where both are finite.
    let score_at = |k: usize| -> Option<Vec<f64>> {
        let s = scores[k].as_ref()?;
        Some(rows.iter().map(|&r| s[r].filter(|v| v.is_finite()).unwrap_or(f64::NAN)).collect())
    };
    let both_scores = match (score_at(0), score_at(1)) {
        (Some(a), Some(b)) if binary => Some((a, b)),
        _ => None,
    };
    let mut keys: Vec<Metric> = vec![Metric::Accuracy, Metric::BalancedAccuracy];
    if binary {
        keys.extend([Metric::Precision, Metric::Recall, Metric::F1]);
    } else {
        keys.extend([Metric::PrecisionMacro, Metric::RecallMacro, Metric::F1Macro]);
    }
    let mut p_delong = None;
    let scored: Vec<usize> = match &both_scores {
        Some((s0, s1)) => (0..rows.len()).filter(|&k| s0[k].is_finite() && s1[k].is_finite()).collect(),
        None => Vec::new(),
    };
    if let Some((s0, s1)) = &both_scores {
        let ys: Vec<bool> = scored.iter().map(|&k| t[k] == 1).collect();
        let (a0, a1): (Vec<f64>, Vec<f64>) = scored.iter().map(|&k| (s0[k], s1[k])).unzip();
        if let Some(d) = delong(&a0, &a1, &ys) {
            out.tests.push(PairedTest {
                test: "delong".into(),
                on: "roc_auc".into(),
                statistic: d.z,
                p_value: d.p_value,
                exact: None,
            });
            p_delong = Some(d.p_value);
            keys.extend([Metric::RocAuc, Metric::AveragePrecision]);
            // Log loss and the Brier score read a score as a probability: only for scores in [0, 1].
            let probability = |s: &[f64]| crate::checks::outcomes::is_probability(scored.iter().map(|&k| s[k]));
            if probability(s0) && probability(s1) {
                keys.extend([Metric::LogLoss, Metric::BrierScore]);
            }
        }
    }
    let model = Model::new(
        t.clone(),
        [p0.clone(), p1.clone()],
        both_scores.as_ref().map(|(a, b)| [a.as_slice(), b.as_slice()]),
        &scored,
        labels.len(),
    );
    let evaluate = |m: &Model, w: &[f64], k: usize| m.metrics(&keys, w, k);
    let ones = vec![1.0; rows.len()];
    let values = [evaluate(&model, &ones, 0), evaluate(&model, &ones, 1)];
    // Paired bootstrap of every delta (a subset of rows above bootstrap_max_rows).
    let opts = options(&config.performance);
    let sub = bootstrap::rows(rows.len(), &opts);
    let full: Vec<f64> = values[1].iter().zip(&values[0]).map(|(c, b)| c - b).collect();
    let sub_model;
    let m_ref = if sub.len() == rows.len() {
        &model
    } else {
        let st: Vec<usize> = sub.iter().map(|&k| t[k]).collect();
        let (q0, q1): (Vec<usize>, Vec<usize>) = sub.iter().map(|&k| (p0[k], p1[k])).unzip();
        let ss = both_scores.as_ref().map(|(a, b)| {
            (sub.iter().map(|&k| a[k]).collect::<Vec<f64>>(), sub.iter().map(|&k| b[k]).collect::<Vec<f64>>())
        });
        let sscored: Vec<usize> = match &ss {
            Some((a, b)) => (0..sub.len()).filter(|&k| a[k].is_finite() && b[k].is_finite()).collect(),
            None => Vec::new(),
        };
        sub_model =
            Model::new(st, [q0, q1], ss.as_ref().map(|(a, b)| [a.as_slice(), b.as_slice()]), &sscored, labels.len());
        &sub_model
    };
    let subset: Vec<f64> = if sub.len() == rows.len() {
        full.clone()
    } else {
        let w = vec![1.0; sub.len()];
        evaluate(m_ref, &w, 1).iter().zip(evaluate(m_ref, &w, 0)).map(|(c, b)| c - b).collect()
    };
    let draws = bootstrap::draws(rows.len(), sub.len(), &opts, &full, &subset, |w| {
        evaluate(m_ref, w, 1).iter().zip(evaluate(m_ref, w, 0)).map(|(c, b)| c - b).collect()
    });
    for (j, key) in keys.iter().enumerate() {
        let d = draws[j].as_deref();
        let (test, p) = match key {
            Metric::Accuracy => ("mcnemar", Some(p_mcnemar)),
            Metric::RocAuc => ("delong", p_delong),
            _ => ("paired_bootstrap", d.and_then(p_value_of_zero)),
        };
        out.metrics.push(metric_row(*key, values[0][j], values[1][j], d, test, p, out.alpha));
    }
    // Slices: McNemar on accuracy per slice.
    out.slice_metric = "accuracy".into();
    let cand_rows: Vec<usize> = rows.iter().map(|&k| a.pairs[k].0).collect();
    let correct: Vec<(bool, bool)> = (0..rows.len()).map(|k| (p0[k] == t[k], p1[k] == t[k])).collect();
    let min = config.fairness.min_group_size.max(2);
    let mut found = Vec::new();
    for (attribute, labels, codes) in slices_of(config, a.cand) {
        let mut per: Vec<[u64; 4]> = vec![[0; 4]; labels.len()];
        for (k, &row) in cand_rows.iter().enumerate() {
            if let Some(code) = codes.get(row).copied().flatten() {
                let cell = &mut per[code as usize];
                let (b, c) = correct[k];
                cell[usize::from(!b) * 2 + usize::from(!c)] += 1;
            }
        }
        for (label, cell) in labels.iter().zip(per) {
            let n: u64 = cell.iter().sum();
            if n < min {
                continue;
            }
            let (base_ok, cand_ok) = ((cell[0] + cell[1]) as f64 / n as f64, (cell[0] + cell[2]) as f64 / n as f64);
            let (_, p, _) = mcnemar(cell[1], cell[2]);
            found.push((attribute.clone(), label.clone(), n, base_ok, cand_ok, p));
        }
    }
    finish_slices(config, out, found, true);
}

/// Per-row data of both models over a set of rows, so each bootstrap resample is a weighted sum.
struct Model {
    truth: Vec<usize>,
    preds: [Vec<usize>; 2],
    labels: usize,
    /// Rows (indices into `truth`) with both scores finite.
    scored: Vec<usize>,
    /// Per model: `scored` positions in ascending score order, the sorted scores and labels.
    order: [Vec<usize>; 2],
    sorted: [(Vec<f64>, Vec<bool>); 2],
    /// Per model: log-loss and Brier terms of the scored rows.
    terms: [(Vec<f64>, Vec<f64>); 2],
}

impl Model {
    fn new(
        truth: Vec<usize>,
        preds: [Vec<usize>; 2],
        scores: Option<[&[f64]; 2]>,
        scored: &[usize],
        labels: usize,
    ) -> Self {
        let ys: Vec<bool> = scored.iter().map(|&k| truth[k] == 1).collect();
        let per = |s: &[f64]| {
            let v: Vec<f64> = scored.iter().map(|&k| s[k]).collect();
            let order = ascending(&v);
            let sorted = (order.iter().map(|&j| v[j]).collect(), order.iter().map(|&j| ys[j]).collect());
            let terms = (log_loss_terms(&v, &ys), brier_terms(&v, &ys));
            (order, sorted, terms)
        };
        let (o0, s0, t0, o1, s1, t1) = match scores {
            Some([a, b]) => {
                let (o0, s0, t0) = per(a);
                let (o1, s1, t1) = per(b);
                (o0, s0, t0, o1, s1, t1)
            }
            None => Default::default(),
        };
        Model { truth, preds, labels, scored: scored.to_vec(), order: [o0, o1], sorted: [s0, s1], terms: [t0, t1] }
    }

    /// The metrics `keys` of model `k` with row weights `w`.
    fn metrics(&self, keys: &[Metric], w: &[f64], k: usize) -> Vec<f64> {
        let m = confusion_weighted(&self.truth, &self.preds[k], w, self.labels);
        let two = self.labels == 2;
        let (macro_, _) = if two { ([0.0; 3], [0.0; 3]) } else { averages(&m) };
        let needs_scores = keys.iter().any(|k| k.needs_scores());
        let ws: Vec<f64> = if needs_scores { self.scored.iter().map(|&j| w[j]).collect() } else { Vec::new() };
        let sorted_w: Vec<f64> = if needs_scores { self.order[k].iter().map(|&j| ws[j]).collect() } else { Vec::new() };
        let total: f64 = w.iter().sum();
        keys.iter()
            .map(|key| {
                let v = match key {
                    Metric::Accuracy => Some((0..self.labels).map(|c| m[c][c]).sum::<f64>() / total),
                    Metric::BalancedAccuracy => Some(balanced_accuracy(&m)),
                    Metric::Precision if two => Some(class_scores(&m, 1).0),
                    Metric::Recall if two => Some(class_scores(&m, 1).1),
                    Metric::F1 if two => Some(class_scores(&m, 1).2),
                    Metric::PrecisionMacro => Some(macro_[0]),
                    Metric::RecallMacro => Some(macro_[1]),
                    Metric::F1Macro => Some(macro_[2]),
                    Metric::RocAuc => roc_auc_sorted(&self.sorted[k].0, &self.sorted[k].1, &sorted_w),
                    Metric::AveragePrecision => {
                        average_precision_sorted(&self.sorted[k].0, &self.sorted[k].1, &sorted_w)
                    }
                    Metric::LogLoss => weighted_mean(&self.terms[k].0, &ws),
                    Metric::BrierScore => weighted_mean(&self.terms[k].1, &ws),
                    _ => None,
                };
                v.unwrap_or(f64::NAN)
            })
            .collect()
    }
}
