//! Gradient-boosted decision stumps for binary classification, on binned features.
//!
//! **Model.** F(x) = F₀ + Σₜ η·fₜ(x), each fₜ a one-split tree (stump) on one feature, fitted by
//! Newton boosting on the logistic loss: per row gradient g = p − y and hessian h = p(1 − p);
//! for every feature and every split between bins the gain
//! ½·(G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)), leaf values −G/(H+λ) (XGBoost's formulas, λ = 1);
//! missing values have their own bin and go to whichever side gains more. Features arrive as
//! bin codes (`u8`, bin 0 = missing), so one round costs O(rows × features).
//! **Reference.** Friedman (2001), "Greedy function approximation"; Chen & Guestrin (2016),
//! XGBoost. **Read it as:** an additive model, strong enough to tell two data sets apart when any
//! single column (or several together, additively) differs.

/// A fitted stump: rows whose bin of `feature` is in `left` get `left_value`, others `right_value`.
#[derive(Debug, Clone)]
pub struct Stump {
    pub feature: usize,
    /// Highest bin code that goes left (bins 1..=split); `missing_left` says where bin 0 goes.
    pub split: u8,
    pub missing_left: bool,
    pub left_value: f64,
    pub right_value: f64,
}

impl Stump {
    fn goes_left(&self, bin: u8) -> bool {
        if bin == 0 {
            self.missing_left
        } else {
            bin <= self.split
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub base: f64,
    pub learning_rate: f64,
    pub stumps: Vec<Stump>,
    /// Total gain per feature over all rounds.
    pub gain: Vec<f64>,
}

impl Model {
    /// Log-odds of `row` (bin codes, one per feature).
    pub fn decision(&self, row: &[u8]) -> f64 {
        self.base
            + self
                .stumps
                .iter()
                .map(|s| self.learning_rate * if s.goes_left(row[s.feature]) { s.left_value } else { s.right_value })
                .sum::<f64>()
    }
}

const LAMBDA: f64 = 1.0;

/// Fits `rounds` stumps. `columns[f][r]` is the bin code of row `r` in feature `f` (codes below
/// `bins`); `y[r]` the label.
pub fn fit(columns: &[Vec<u8>], y: &[bool], rows: &[usize], bins: usize, rounds: usize, learning_rate: f64) -> Model {
    let n = rows.len().max(1) as f64;
    let positives = rows.iter().filter(|&&r| y[r]).count() as f64;
    let prior = (positives / n).clamp(1e-6, 1.0 - 1e-6);
    let base = (prior / (1.0 - prior)).ln();
    let mut f: Vec<f64> = vec![base; rows.len()];
    let mut model = Model { base, learning_rate, stumps: Vec::new(), gain: vec![0.0; columns.len()] };
    let mut g = vec![0.0; rows.len()];
    let mut h = vec![0.0; rows.len()];
    let mut hist_g = vec![0.0; bins];
    let mut hist_h = vec![0.0; bins];
    for _ in 0..rounds {
        let (mut gs, mut hs) = (0.0, 0.0);
        for (k, &r) in rows.iter().enumerate() {
            let p = 1.0 / (1.0 + (-f[k]).exp());
            g[k] = p - f64::from(u8::from(y[r]));
            h[k] = (p * (1.0 - p)).max(1e-12);
            gs += g[k];
            hs += h[k];
        }
        let parent = gs * gs / (hs + LAMBDA);
        let mut best: Option<(f64, Stump)> = None;
        for (feat, col) in columns.iter().enumerate() {
            hist_g.iter_mut().for_each(|x| *x = 0.0);
            hist_h.iter_mut().for_each(|x| *x = 0.0);
            for (k, &r) in rows.iter().enumerate() {
                let b = usize::from(col[r]);
                hist_g[b] += g[k];
                hist_h[b] += h[k];
            }
            let (mg, mh) = (hist_g[0], hist_h[0]);
            let (mut lg, mut lh) = (0.0, 0.0);
            for split in 1..bins.saturating_sub(1) {
                lg += hist_g[split];
                lh += hist_h[split];
                for missing_left in [false, true] {
                    let (l_g, l_h) = if missing_left { (lg + mg, lh + mh) } else { (lg, lh) };
                    let (r_g, r_h) = (gs - l_g, hs - l_h);
                    if l_h < 1e-3 || r_h < 1e-3 {
                        continue;
                    }
                    let gain = 0.5 * (l_g * l_g / (l_h + LAMBDA) + r_g * r_g / (r_h + LAMBDA) - parent);
                    if best.as_ref().is_none_or(|(b, _)| gain > *b) {
                        best = Some((
                            gain,
                            Stump {
                                feature: feat,
                                split: split as u8,
                                missing_left,
                                left_value: -l_g / (l_h + LAMBDA),
                                right_value: -r_g / (r_h + LAMBDA),
                            },
                        ));
                    }
                }
            }
        }
        let Some((gain, stump)) = best else { break };
        if gain <= 1e-9 {
            break;
        }
        for (k, &r) in rows.iter().enumerate() {
            let v = if stump.goes_left(columns[stump.feature][r]) { stump.left_value } else { stump.right_value };
            f[k] += learning_rate * v;
        }
        model.gain[stump.feature] += gain;
        model.stumps.push(stump);
    }
    model
}
