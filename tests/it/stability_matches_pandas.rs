//! Noise stability: the perturbed data set is reproducible and perturbs as specified, and the
//! check of a scored file equals pandas on a committed fixture
//! (`tests/fixtures/make_stability_fixtures.py`: a scikit-learn model scoring perturbed Adult rows).

use crate::common::load;
use std::path::Path;

use plumbline::checks::perturb::{perturbed, to_csv, to_parquet};
use plumbline::checks::stability::stability;
use plumbline::checks::Inputs;
use plumbline::config::Config;
use plumbline::data::{load_bytes, LoadOptions};
use plumbline::run::{effective_config, Input};
use serde_json::Value;

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn close(got: Option<f64>, want: &Value, what: &str) {
    let (g, w) = (got.unwrap_or_else(|| panic!("{what}: missing")), num(want));
    assert!((g - w).abs() <= 1e-9 * w.abs().max(1e-6), "{what}: {g} vs {w}");
}

#[test]
fn flip_fail_and_change_rates_per_perturbation_level_and_group_equal_pandas() {
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stability/expected.json"))
            .expect("expected"),
    )
    .expect("json");
    let scored = load("tests/fixtures/stability/scored.csv");
    for (case, prediction, score) in [("classification", "prediction", Some("score")), ("regression", "output", None)] {
        let w = &want[case];
        let mut config = Config::default();
        config.roles.prediction = Some(prediction.into());
        config.roles.score = score.map(Into::into);
        config.roles.sensitive = vec!["sex".into()];
        let s =
            stability(&config, &Inputs { scored: Some(&scored), ..Inputs::reference(&scored) }).expect("stability ran");
        assert_eq!(s.problem, None);
        assert_eq!(
            (s.rows, s.pairs, s.unpaired),
            (600, w["pairs"].as_u64().expect("n"), w["unpaired"].as_u64().expect("n"))
        );
        let o = &w["overall"];
        close(s.mean_abs_change, &o["mean_abs_change"], "overall change");
        close(s.fail_rate, &o["fail_rate"], "overall fail rate");
        let features = w["features"].as_array().expect("features");
        assert_eq!(s.features.len(), features.len());
        for e in features {
            let f = s
                .features
                .iter()
                .find(|f| {
                    f.feature == e["feature"] && f.perturbation == e["perturbation"] && f.level == num(&e["level"])
                })
                .unwrap_or_else(|| panic!("{case}: no {e}"));
            assert_eq!(f.rows, e["rows"].as_u64().expect("rows"));
            let what = format!("{case} {}:{}:{}", f.feature, f.perturbation, f.level);
            close(f.mean_abs_change, &e["mean_abs_change"], &what);
            close(f.fail_rate, &e["fail_rate"], &what);
            if case == "classification" {
                close(f.flip_rate, &e["flip_rate"], &what);
                assert_eq!(f.failed, num(&e["flip_rate"]) >= 0.05, "{what}");
            } else {
                assert_eq!(f.flip_rate, None, "regression has no flips");
                assert_eq!(f.failed, num(&e["fail_rate"]) >= 0.05, "{what}");
            }
        }
        for e in w["levels"].as_array().expect("levels") {
            let l = s
                .levels
                .iter()
                .find(|l| l.perturbation == e["perturbation"] && l.level == num(&e["level"]))
                .expect("level");
            close(l.fail_rate, &e["fail_rate"], "level fail rate");
        }
        if case == "classification" {
            close(s.flip_rate, &o["flip_rate"], "overall flip rate");
            let groups = w["groups"].as_array().expect("groups");
            assert_eq!(s.groups.len(), groups.len());
            for (g, e) in s.groups.iter().zip(groups) {
                assert_eq!(
                    (g.group.as_str(), g.rows),
                    (e["group"].as_str().expect("group"), e["rows"].as_u64().expect("rows"))
                );
                close(Some(g.flip_rate), &e["flip_rate"], &g.group);
            }
            // Most fragile first.
            let rate = |f: &plumbline::checks::stability::FeatureStability| f.flip_rate.unwrap_or(0.0);
            assert!(s.features.windows(2).all(|p| rate(&p[0]) >= rate(&p[1])));
        }
    }
}

#[test]
fn the_perturbed_data_set_is_seeded_and_perturbs_as_configured() {
    let data = load("www/demo/adult_reference.parquet");
    let mut config = effective_config(&Config::default(), &[Input { name: "reference", data: &data }]).expect("config");
    config.stability.rows = 2000;
    let a = perturbed(&config, &data).expect("perturbs");
    let b = perturbed(&config, &data).expect("perturbs");
    assert_eq!(to_csv(&a).expect("csv"), to_csv(&b).expect("csv"), "same seed, same bytes");
    config.stability.seed = 1;
    assert_ne!(to_csv(&perturbed(&config, &data).expect("perturbs")).expect("csv"), to_csv(&a).expect("csv"));
    // 6 numeric features × (3 Gaussian + 2 multiplicative + 1 rounding + 1 missing) and
    // 8 text features × (1 swap + 1 missing), plus the unperturbed rows; no target or outputs.
    assert_eq!(a.len(), 1 + 6 * 7 + 8 * 2);
    let schema = a[0].schema();
    assert!(schema.column_with_name("income").is_none() && schema.column_with_name("score").is_none());
    let column = |batch: usize, name: &str| -> Vec<Option<String>> {
        let (i, _) = a[batch].schema().column_with_name(name).expect("column");
        let arr = a[batch].column(i);
        (0..arr.len())
            .map(|r| {
                (!arrow_array::Array::is_null(arr.as_ref(), r))
                    .then(|| arrow_cast::display::array_value_to_string(arr, r).unwrap_or_default())
            })
            .collect()
    };
    let batch_of =
        |name: &str| a.iter().position(|b| column_of_perturbation(b) == name).unwrap_or_else(|| panic!("{name}"));
    // Gaussian σ = 0.1 × sd(age): the differences' standard deviation is within 10 % of it.
    let age: Vec<f64> = data.numbers(data.column_index("age").expect("age")).into_iter().flatten().collect();
    let mean = age.iter().sum::<f64>() / age.len() as f64;
    let sd = (age.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (age.len() as f64 - 1.0)).sqrt();
    let parse =
        |v: &[Option<String>]| v.iter().map(|x| x.as_deref().and_then(|s| s.parse::<f64>().ok())).collect::<Vec<_>>();
    let (orig, noisy) = (parse(&column(0, "age")), parse(&column(batch_of("age:gaussian:0.1"), "age")));
    let d: Vec<f64> = orig.iter().zip(&noisy).filter_map(|(a, b)| Some(b.as_ref()? - a.as_ref()?)).collect();
    let dsd = (d.iter().map(|v| v * v).sum::<f64>() / d.len() as f64).sqrt();
    assert!((dsd / (0.1 * sd) - 1.0).abs() < 0.1, "noise sd {dsd} vs {}", 0.1 * sd);
    // Multiplicative ±5 %: every value moves by exactly 5 % either way.
    let m = parse(&column(batch_of("hours_per_week:multiplicative:0.05"), "hours_per_week"));
    let h = parse(&column(0, "hours_per_week"));
    assert!(h.iter().zip(&m).all(|(a, b)| match (a, b) {
        (Some(a), Some(b)) => ((b / a) - 1.0).abs() - 0.05 < 1e-12,
        (None, None) => true,
        _ => false,
    }));
    // Swap 5 %: about 5 % of workclass values change, always to another observed category.
    let (w0, w1) = (column(0, "workclass"), column(batch_of("workclass:swap:0.05"), "workclass"));
    let changed = w0.iter().zip(&w1).filter(|(a, b)| a != b).count() as f64 / w0.len() as f64;
    assert!((0.03..0.07).contains(&changed), "{changed}");
    // Missing 5 %: about 5 % more missing values.
    let (s0, s1) = (column(0, "sex"), column(batch_of("sex:missing:0.05"), "sex"));
    let added = s1.iter().filter(|v| v.is_none()).count() as f64 / s1.len() as f64
        - s0.iter().filter(|v| v.is_none()).count() as f64 / s0.len() as f64;
    assert!((0.03..0.07).contains(&added), "{added}");
    // Parquet round trip: the same rows load back.
    let back = load_bytes("p.parquet", &to_parquet(&a).expect("parquet"), LoadOptions::default()).expect("loads");
    assert_eq!(back.rows as usize, a.iter().map(|b| b.num_rows()).sum::<usize>());
}

fn column_of_perturbation(b: &arrow_array::RecordBatch) -> String {
    let (i, _) = b.schema().column_with_name("perturbation").expect("perturbation");
    arrow_cast::display::array_value_to_string(b.column(i), 0).unwrap_or_default()
}
