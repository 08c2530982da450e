"""Times Evidently 0.7's DataDriftPreset and `plumbline check` on the same generated Parquet
files: 1 000 000 rows × 20 columns per side (12 numeric, 8 categorical; four float columns
shifted by 5 in the current data), the shape of benches/drift.rs. A figure, not a test.

    python scripts/bench_vs_evidently.py [rows]   # Evidently environment: scripts/requirements-evidently.txt
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def make(rows, seed, shift):
    rng = np.random.default_rng(seed)
    cols = {}
    for i in range(12):
        if i % 3 == 0:
            cols[f"num_{i}"] = rng.integers(0, 100_000, rows)
        else:
            cols[f"num_{i}"] = np.round(rng.integers(0, 1_000_000, rows) / 997.0 - 300.0 + (shift if i < 6 else 0.0), 4)
    for i in range(8):
        cols[f"cat_{i}"] = pd.Series(rng.integers(0, 5 + i * 7, rows)).map(lambda v, i=i: f"category_{i}_{v}")
    return pd.DataFrame(cols)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    tmp = tempfile.mkdtemp()
    ref, cur = make(rows, 1, 0.0), make(rows, 2, 5.0)
    rp, cp = os.path.join(tmp, "reference.parquet"), os.path.join(tmp, "current.parquet")
    ref.to_parquet(rp, index=False)
    cur.to_parquet(cp, index=False)

    from evidently import Report
    from evidently.presets import DataDriftPreset

    t = time.perf_counter()
    ref2, cur2 = pd.read_parquet(rp), pd.read_parquet(cp)
    load = time.perf_counter() - t
    t = time.perf_counter()
    snap = Report([DataDriftPreset()]).run(current_data=cur2, reference_data=ref2)
    evidently = time.perf_counter() - t
    share = [m["value"]["share"] for m in snap.dict()["metrics"] if "DriftedColumnsCount" in m["config"]["type"]][0]

    exe = os.path.join(ROOT, "target", "release", "plumbline")
    t = time.perf_counter()
    subprocess.run([exe, "check", "-q", "--reference", rp, "--current", cp, "--json", os.path.join(tmp, "r.json")], check=True)
    plumbline = time.perf_counter() - t
    print(f"{rows} rows × 20 columns per side")
    print(f"Evidently {__import__('evidently').__version__} DataDriftPreset: {evidently:.1f} s (+ {load:.1f} s pandas read_parquet); share drifted {share:.2f}")
    print(f"plumbline check (load + hash + summary + quality + leakage + drift + domain classifier + report): {plumbline:.1f} s")


if __name__ == "__main__":
    main()
