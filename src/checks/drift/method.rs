//! The drift methods: each method's name, kind and verdict rule, Evidently's default choice, and
//! one function that applies a method to a prepared column (the statistics live in `stats/`).

use super::*;
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
pub(super) fn effect_size(method: DriftMethod, statistic: Option<f64>, p: &Prepared) -> EffectSize {
    if !method.is_test() {
        return EffectSize { name: method.name().to_string(), value: statistic };
    }
    let m = if p.kind == Kind::Numeric { DriftMethod::Wasserstein } else { DriftMethod::JensenShannon };
    let value = apply(m, p).ok().and_then(|(s, _)| s);
    EffectSize { name: m.name().to_string(), value }
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
