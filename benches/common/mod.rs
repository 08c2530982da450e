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
    let mut state: u64 = seed;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
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
