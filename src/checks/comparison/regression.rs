//! A regressor against its baseline: error metrics for both models on the same rows, Wilcoxon
//! signed-rank and the paired t-test on absolute errors, worse slices.

use super::*;

pub(super) fn regression_comparison(
    config: &Config,
    a: &Aligned,
    target: &str,
    sides: &[Side; 2],
    out: &mut Comparison,
) {
    out.task = "regression".into();
    let truth = a.numbers(Some(target), false).filter(|_| a.cand.column_index(target).is_some());
    let truth = truth.or_else(|| a.numbers(Some(target), true)).unwrap_or_default();
    let preds: Vec<Option<Vec<Option<f64>>>> = sides.iter().map(|(p, _, b)| a.numbers(*p, *b)).collect();
    let (Some(q0), Some(q1)) = (&preds[0], &preds[1]) else {
        out.problem = Some("a regression comparison needs both models' prediction columns".into());
        return;
    };
    let (mut rows, mut y, mut p0, mut p1) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for k in 0..truth.len() {
        let fin = |v: Option<f64>| v.filter(|x| x.is_finite());
        if let (Some(t), Some(b), Some(c)) = (fin(truth[k]), fin(q0[k]), fin(q1[k])) {
            rows.push(k);
            y.push(t);
            p0.push(b);
            p1.push(c);
        }
    }
    out.rows = rows.len() as u64;
    if rows.len() < 2 {
        out.problem = Some("fewer than two rows have the target and both models' predictions".into());
        return;
    }
    let e0: Vec<f64> = y.iter().zip(&p0).map(|(t, p)| (t - p).abs()).collect();
    let e1: Vec<f64> = y.iter().zip(&p1).map(|(t, p)| (t - p).abs()).collect();
    let w = wilcoxon(&e1, &e0);
    if let Some(w) = w {
        out.tests.push(PairedTest {
            test: "wilcoxon".into(),
            on: "absolute error".into(),
            statistic: w.statistic,
            p_value: w.p_value,
            exact: Some(w.exact),
        });
    }
    if let Some((t, p)) = paired_t_test(&e1, &e0) {
        out.tests.push(PairedTest {
            test: "paired_t".into(),
            on: "absolute error".into(),
            statistic: t,
            p_value: p,
            exact: None,
        });
    }
    let keys = [Metric::Mae, Metric::Rmse, Metric::R2, Metric::Mape];
    let values = |ys: &[f64], p: &[f64], w: &[f64]| -> Vec<f64> {
        regression_weighted(ys, p, w).map_or(vec![f64::NAN; 4], |r| vec![r.mae, r.rmse, r.r2, r.mape])
    };
    let ones = vec![1.0; y.len()];
    let (v0, v1) = (values(&y, &p0, &ones), values(&y, &p1, &ones));
    let opts = options(&config.performance);
    let sub = bootstrap::rows(y.len(), &opts);
    let pick = |v: &[f64]| sub.iter().map(|&k| v[k]).collect::<Vec<f64>>();
    let (sy, s0, s1) = (pick(&y), pick(&p0), pick(&p1));
    let delta =
        |w: &[f64]| -> Vec<f64> { values(&sy, &s1, w).iter().zip(values(&sy, &s0, w)).map(|(c, b)| c - b).collect() };
    let full: Vec<f64> = v1.iter().zip(&v0).map(|(c, b)| c - b).collect();
    let subset = if sub.len() == y.len() { full.clone() } else { delta(&vec![1.0; sub.len()]) };
    let draws = bootstrap::draws(y.len(), sub.len(), &opts, &full, &subset, delta);
    for (j, key) in keys.iter().enumerate() {
        let d = draws[j].as_deref();
        let (test, p) = match key {
            Metric::Mae => ("wilcoxon", w.map(|w| w.p_value)),
            _ => ("paired_bootstrap", d.and_then(p_value_of_zero)),
        };
        out.metrics.push(metric_row(*key, v0[j], v1[j], d, test, p, out.alpha));
    }
    // Slices: Wilcoxon on the absolute errors per slice.
    out.slice_metric = "mae".into();
    let min = config.fairness.min_group_size.max(2) as usize;
    let mut found = Vec::new();
    for (attribute, labels, codes) in slices_of(config, a.cand) {
        let mut per: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
        for (k, &row) in rows.iter().enumerate() {
            if let Some(code) = codes.get(a.pairs[row].0).copied().flatten() {
                per[code as usize].push(k);
            }
        }
        for (label, members) in labels.iter().zip(per) {
            if members.len() < min {
                continue;
            }
            let (b, c): (Vec<f64>, Vec<f64>) = members.iter().map(|&k| (e0[k], e1[k])).unzip();
            let n = members.len() as f64;
            let (mb, mc) = (b.iter().sum::<f64>() / n, c.iter().sum::<f64>() / n);
            let p = wilcoxon(&c, &b).map_or(1.0, |w| w.p_value);
            found.push((attribute.clone(), label.clone(), members.len() as u64, mb, mc, p));
        }
    }
    finish_slices(config, out, found, false);
}
