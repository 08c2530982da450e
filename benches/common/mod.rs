//! The generated data of the benchmarks: 12 numeric and 8 categorical columns.

/// A deterministic CSV: 12 numeric and 8 categorical columns.
#[allow(dead_code)] // used by the ingest bench only
pub fn generate(rows: usize) -> Vec<u8> {
    generate_seeded(rows, 0x9E37_79B9_7F4A_7C15, 0.0)
}

/// Same shape; `seed` varies the rows, `shift` is added to the first four float columns.
pub fn generate_seeded(rows: usize, seed: u64, shift: f64) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 140);
    let names: Vec<String> = (0..12).map(|i| format!("num_{i}")).chain((0..8).map(|i| format!("cat_{i}"))).collect();
    out.push_str(&names.join(","));
    out.push('\n');
    let mut next = xorshift(seed);
    for _ in 0..rows {
        for i in 0..12 {
            let v = next();
            if i % 3 == 0 {
                out.push_str(&format!("{}", v % 100_000));
            } else {
                let s = if i < 6 { shift } else { 0.0 };
                out.push_str(&format!("{:.4}", (v % 1_000_000) as f64 / 997.0 - 300.0 + s));
            }
            out.push(',');
        }
        for i in 0..8 {
            let v = next() % (5 + i * 7) as u64;
            out.push_str(&format!("category_{i}_{v}"));
            out.push(if i == 7 { '\n' } else { ',' });
        }
    }
    out.into_bytes()
}

/// A deterministic CSV for the model checks: five sensitive attributes (sex 2 groups, race 5,
/// age 18–89, religion 6, disability 2), two features, a binary `target`, a `score` that
/// predicts it, and `prediction` = score ≥ 0.5.
#[allow(dead_code)] // used by the model-checks bench only
pub fn generate_model(rows: usize, seed: u64) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 90);
    out.push_str("sex,race,age,religion,disability,hours,region,target,score,prediction\n");
    let mut next = xorshift(seed);
    for _ in 0..rows {
        let (sex, race, age, religion, disability) =
            (next() % 2, next() % 5, 18 + next() % 72, next() % 6, u64::from(next() % 10 == 0));
        let hours = (next() % 6000) as f64 / 100.0;
        let region = next() % 8;
        let u = (next() % 1_000_000) as f64 / 1e6;
        // The score leans on hours and age; the target follows the score, with a weaker model
        // for race 3.
        let base = (hours / 60.0 * 0.6 + (age as f64 - 18.0) / 72.0 * 0.4).clamp(0.0, 1.0);
        let target = u < base;
        let noise = (next() % 1000) as f64 / 1000.0;
        let score = if race == 3 { 0.5 * base + 0.5 * noise } else { 0.85 * base + 0.15 * noise };
        let prediction = u8::from(score >= 0.5);
        out.push_str(&format!(
            "s{sex},r{race},{age},g{religion},{disability},{hours:.2},region_{region},{},{score:.4},{prediction}\n",
            u8::from(target)
        ));
    }
    out.into_bytes()
}

/// A deterministic 50-column CSV with every role, for the report-size figure: `timestamp`
/// (days of 2026), `sex`, `race`, `age`, 26 numeric and 17 categorical features, `target`,
/// `score`, `prediction`; `shift` moves five numeric columns.
#[allow(dead_code)] // used by the report bench and test only
pub fn generate_wide(rows: usize, seed: u64, shift: f64) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 400);
    let mut names = vec!["timestamp".to_string(), "sex".into(), "race".into(), "age".into()];
    names.extend((0..26).map(|i| format!("num_{i}")));
    names.extend((0..17).map(|i| format!("cat_{i}")));
    names.extend(["target".to_string(), "score".into(), "prediction".into()]);
    out.push_str(&names.join(","));
    out.push('\n');
    let mut next = xorshift(seed);
    for r in 0..rows {
        let day = 1 + (r * 300 / rows.max(1)) as u64;
        let (month, dom) = (1 + (day - 1) / 28 % 12, 1 + (day - 1) % 28);
        out.push_str(&format!("2026-{month:02}-{dom:02},s{},r{},{}", next() % 2, next() % 5, 18 + next() % 70));
        let mut signal = 0.0;
        for i in 0..26 {
            let v = (next() % 1_000_000) as f64 / 1e4 + if i < 5 { shift } else { 0.0 };
            if i < 3 {
                signal += v / 300.0;
            }
            out.push_str(&format!(",{v:.3}"));
        }
        for i in 0..17 {
            out.push_str(&format!(",c{i}_{}", next() % (3 + i as u64 * 2)));
        }
        let u = (next() % 1000) as f64 / 1000.0;
        let target = u8::from(u < signal.min(1.0));
        let score = (0.7 * signal + 0.3 * (next() % 1000) as f64 / 1000.0).clamp(0.0, 1.0);
        out.push_str(&format!(",{target},{score:.4},{}\n", u8::from(score >= 0.5)));
    }
    out.into_bytes()
}

/// Marsaglia's xorshift64 (13, 7, 17): the benchmarks' deterministic numbers.
fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Two files for the joins: a candidate (`id`, `group`, `x`, `target`, `score`, `prediction`) and a
/// baseline (`id`, `score`, `prediction`, in reverse order; every 100th id is unknown to the
/// candidate), both `rows` long.
#[allow(dead_code)] // used by the comparison bench only
pub fn generate_pair(rows: usize, seed: u64) -> (Vec<u8>, Vec<u8>) {
    let mut cand = String::with_capacity(rows * 40);
    let mut base = Vec::with_capacity(rows);
    cand.push_str("id,group,x,target,score,prediction\n");
    let mut next = xorshift(seed);
    for i in 0..rows {
        let u = (next() % 1_000_000) as f64 / 1e6;
        let x = (next() % 10_000) as f64 / 10_000.0;
        let target = u < x;
        let noise = |n: u64| (n % 1000) as f64 / 1000.0;
        let (s_new, s_old) = (0.8 * x + 0.2 * noise(next()), 0.7 * x + 0.3 * noise(next()));
        cand.push_str(&format!(
            "{i},g{},{x:.4},{},{s_new:.4},{}\n",
            next() % 5,
            u8::from(target),
            u8::from(s_new >= 0.5)
        ));
        let id = if i % 100 == 99 { rows + i } else { i };
        base.push(format!("{id},{s_old:.4},{}\n", u8::from(s_old >= 0.5)));
    }
    let mut b = String::from("id,score,prediction\n");
    b.extend(base.into_iter().rev());
    (cand.into_bytes(), b.into_bytes())
}
