//! Each column of both inputs made ready for a method: missing and infinite values dropped,
//! numeric values sorted, categories counted; the chart shares.

use super::*;

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
    pub(super) fn distinct(&self) -> (usize, usize) {
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
            keys.push(crate::checks::label::num(z));
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
    pub(super) fn binned(&self, fill: bool) -> (Vec<f64>, Vec<f64>) {
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

/// Chart data: 20 equal-width bins over the pooled range, or the 10 most frequent categories
/// (and "other").
pub(super) fn shares(p: &Prepared) -> Shares {
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
pub(super) fn prepare(reference: &Dataset, current: &Dataset, name: &str) -> Result<Prepared, String> {
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
