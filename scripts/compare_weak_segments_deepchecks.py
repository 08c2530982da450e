"""Runs Deepchecks' `WeakSegmentsPerformance` check on the demo data (www/demo/adult_current.parquet)
so that its weak segments can be compared with Plumbline's own weak-segment search. A reference
figure, not a test: nothing in the build or the test suite depends on it.

The model's outputs in the Parquet file are passed without a model object (`y_pred` = prediction,
`y_proba` = [1 - score, score]); label `income`; features = every column except income, prediction
and score; categorical features = the string columns. Two runs are made:

  * "default":        WeakSegmentsPerformance() with all defaults;
  * "accuracy":       WeakSegmentsPerformance(alternative_scorer={"Accuracy": "accuracy"}).

In deepchecks 0.19.1 the default scorer for a binary task is already Accuracy, so both runs should
report the same segments; the second run is there to make that explicit. `--n-samples N` (or `all`)
and `--n-top-features N` (or `all`) override the check's defaults (10 000 sampled rows, 10 features)
in both runs.

The segments are printed and written to /tmp/deepchecks_segments.json (or --out PATH) as
{"meta": {...}, "runs": [{"name", "scorer", "overall_score", "runtime_s", "rows_used",
"features_searched", "segments": [{"rank", "feature1", "range1", "feature2", "range2", "score",
"score_recomputed", "rows", "pct_rows", "full_data": {"rows", "pct_rows", "accuracy"}}]}]}. Numeric ranges are
(lo, hi] intervals; categorical ranges are lists of categories, where "Other" stands for the
categories rarer than 5 % of the rows searched and "None" for missing values. "rows"/"pct_rows" are
counted on the rows the check searched (its sample); "full_data" re-applies the segment definition
to all rows of the file (best effort: categories absent from the check's encoding count as "Other").

Environment (Python 3.11.7), which worked on 2025-era PyPI:

    python3 -m venv /tmp/dcenv
    /tmp/dcenv/bin/pip install "deepchecks==0.19.1" "pandas<2.2" "numpy<2" "scikit-learn<1.6" "pyarrow<21"
    # resolved: deepchecks 0.19.1, pandas 2.1.4, numpy 1.26.4, scikit-learn 1.5.2, scipy 1.17.1,
    #           pyarrow 20.0.0, category-encoders 2.7.0 (pyarrow >= 21 needs numpy 2, which
    #           deepchecks 0.19.1's pins exclude)
    /tmp/dcenv/bin/python scripts/compare_weak_segments_deepchecks.py [--n-samples N|all]
        [--n-top-features N|all] [--out PATH] [--top 10] [--skip-accuracy]

With the defaults each run takes about 40 s on one core (the check is single-threaded).
"""
import argparse
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "www", "demo", "adult_current.parquet")
NOT_FEATURES = ["income", "prediction", "score"]


def opt_int(text):
    return None if text == "all" else int(text)


def jsonable(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return None if math.isnan(x) else x
    return x


def segment_mask(df, feature, rng, encoder_mapping):
    """Rows of the full data in one feature's part of a segment (None feature -> all rows)."""
    if not feature:
        return np.ones(len(df), dtype=bool)
    col = df[feature]
    if feature in encoder_mapping:  # categorical: rng is a list of original categories
        known = set(encoder_mapping[feature]["original_category"]) - {"Other"}
        values = col.astype("object").fillna("None")
        values = values.where(values.isin(known), "Other")
        return values.isin(list(rng)).to_numpy()
    lo, hi = rng
    return ((col > lo) & (col <= hi)).to_numpy()


def run_check(name, df, dataset, y_pred, y_proba, kwargs):
    from deepchecks.tabular.checks import WeakSegmentsPerformance

    check = WeakSegmentsPerformance(**kwargs)
    start = time.perf_counter()
    result = check.run(dataset, y_pred=y_pred, y_proba=y_proba, model_classes=[0, 1], with_display=False)
    runtime = time.perf_counter() - start

    table = result.value["weak_segments_list"]
    score_col = table.columns[0]  # e.g. "Accuracy Score"
    n_top = check.n_top_features
    ranked = dataset.cat_features + dataset.numerical_features  # no model -> no feature importance
    searched = ranked if n_top is None else ranked[:n_top]
    rows_used = len(df) if check.n_samples is None else min(check.n_samples, len(df))
    correct = (df["prediction"] == df["income"]).to_numpy()

    segments = []
    for rank, (_, row) in enumerate(table.iterrows(), start=1):
        f2 = row["Feature2"] or None
        mask = segment_mask(df, row["Feature1"], row["Feature1 Range"], check.encoder_mapping) & \
            segment_mask(df, f2, row["Feature2 Range"], check.encoder_mapping)
        segments.append({
            "rank": rank,
            "feature1": row["Feature1"],
            "range1": jsonable(row["Feature1 Range"]),
            "feature2": f2,
            "range2": jsonable(row["Feature2 Range"]) if f2 else None,
            "score": jsonable(row[score_col]),
            # the model's accuracy on the segment's sampled rows, from the file (should equal "score")
            "score_recomputed": round(float(correct[df.index.get_indexer(row["Samples in Segment"])].mean()), 4),
            "rows": len(row["Samples in Segment"]),
            "pct_rows": jsonable(row["% of Data"]),
            "full_data": {
                "rows": int(mask.sum()),
                "pct_rows": round(100 * mask.mean(), 2),
                "accuracy": round(float(correct[mask].mean()), 4) if mask.any() else None,
            },
        })
    return {
        "name": name,
        "params": {k: v for k, v in kwargs.items()},
        "scorer": score_col,
        "overall_score": jsonable(result.value["avg_score"]),
        "runtime_s": round(runtime, 2),
        "rows_used": rows_used,
        "features_searched": searched,
        "segments": segments,
    }


def fmt_range(rng):
    if rng is None:
        return ""
    if len(rng) == 2 and all(isinstance(v, (int, float)) or v in ("inf", "-inf") for v in rng):
        lo, hi = ("-inf" if rng[0] == "-inf" else f"{rng[0]:g}"), ("inf" if rng[1] == "inf" else f"{rng[1]:g}")
        return f"({lo}, {hi}]"
    return "{" + ", ".join(map(str, rng)) + "}"


def print_run(run, top):
    print(f"\n== run '{run['name']}' params={run['params']} scorer={run['scorer']!r} "
          f"overall={run['overall_score']} rows={run['rows_used']} runtime={run['runtime_s']} s")
    print(f"   features searched ({len(run['features_searched'])}): {', '.join(run['features_searched'])}")
    print(f"   {len(run['segments'])} segments, top {min(top, len(run['segments']))}:")
    print(f"{'#':>3} {'score':>6} {'rows':>5} {'%':>6} | {'full n':>6} {'full acc':>8} | segment")
    for s in run["segments"][:top]:
        seg = f"{s['feature1']} in {fmt_range(s['range1'])}"
        if s["feature2"]:
            seg += f" AND {s['feature2']} in {fmt_range(s['range2'])}"
        fd = s["full_data"]
        print(f"{s['rank']:>3} {s['score']:>6.3f} {s['rows']:>5} {s['pct_rows']:>6.2f} | "
              f"{fd['rows']:>6} {fd['accuracy'] if fd['accuracy'] is not None else float('nan'):>8.4f} | {seg}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-samples", type=opt_int, default=10_000, help="rows sampled by the check, or 'all'")
    ap.add_argument("--n-top-features", type=opt_int, default=10, help="features searched, or 'all'")
    ap.add_argument("--out", default="/tmp/deepchecks_segments.json")
    ap.add_argument("--top", type=int, default=10, help="segments printed per run")
    ap.add_argument("--skip-accuracy", action="store_true", help="only the 'default' run")
    args = ap.parse_args()

    warnings.filterwarnings("ignore")
    import deepchecks
    import sklearn
    from deepchecks.tabular import Dataset

    df = pd.read_parquet(DATA)
    features = [c for c in df.columns if c not in NOT_FEATURES]
    cat_features = [c for c in features if df[c].dtype == object]
    dataset = Dataset(df[features + ["income"]], label="income", cat_features=cat_features)
    y_pred = df["prediction"].to_numpy()
    y_proba = np.column_stack([1.0 - df["score"].to_numpy(), df["score"].to_numpy()])

    common = {"n_samples": args.n_samples, "n_top_features": args.n_top_features}
    runs = [run_check("default", df, dataset, y_pred, y_proba, dict(common))]
    if not args.skip_accuracy:
        runs.append(run_check("accuracy", df, dataset, y_pred, y_proba,
                              dict(common, alternative_scorer={"Accuracy": "accuracy"})))
    meta = {
        "data": os.path.relpath(DATA, ROOT),
        "rows": len(df),
        "overall_accuracy_full_data": round(float((df["prediction"] == df["income"]).mean()), 4),
        "versions": {"python": sys.version.split()[0], "deepchecks": deepchecks.__version__,
                     "pandas": pd.__version__, "numpy": np.__version__, "scikit-learn": sklearn.__version__},
    }
    print(f"deepchecks {meta['versions']} on {meta['data']}: {meta['rows']} rows, "
          f"accuracy {meta['overall_accuracy_full_data']}")
    for run in runs:
        print_run(run, args.top)
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "runs": runs}, f, indent=1)
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
