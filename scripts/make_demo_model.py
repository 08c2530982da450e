#!/usr/bin/env python3
"""Build the demo's ONNX model: www/demo/adult_model.onnx.

A scikit-learn pipeline trained on the demo's reference split (www/demo/adult_reference.parquet,
UCI Adult, CC BY 4.0; see www/demo/README.md) to predict `income`:
ColumnTransformer(SimpleImputer(median) + StandardScaler on the numeric columns,
SimpleImputer(constant "missing") + OneHotEncoder(handle_unknown="ignore") on the text columns)
then LogisticRegression, exported with skl2onnx (`zipmap: False`) with one input per column,
named after it, so Plumbline maps the columns by name. `fnlwgt` (a census sampling weight, not a
person's attribute) is left out.

Usage (from the repository root): python3 scripts/make_demo_model.py
The app and the tests only read the output; CI never runs this.
"""
import numpy as np
import onnx
import pandas as pd
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
TEXT = ["workclass", "education", "marital_status", "occupation", "relationship", "race", "sex", "native_country"]

df = pd.read_parquet("www/demo/adult_reference.parquet")
x = df[NUMERIC + TEXT].copy()
x[NUMERIC] = x[NUMERIC].astype(np.float32)
x[TEXT] = x[TEXT].fillna("")
model = Pipeline([
    ("prep", ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), NUMERIC),
        ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing", missing_values=""),
                              OneHotEncoder(handle_unknown="ignore")), TEXT),
    ])),
    ("model", LogisticRegression(max_iter=3000, C=1.0)),
]).fit(x, df["income"])
types = [(c, FloatTensorType([None, 1])) for c in NUMERIC] + [(c, StringTensorType([None, 1])) for c in TEXT]
onx = to_onnx(model, initial_types=types, options={"zipmap": False}, target_opset={"": 17, "ai.onnx.ml": 3})
onnx.save(onx, "www/demo/adult_model.onnx")
print("accuracy on the reference split:", (model.predict(x) == df["income"]).mean())

# onnxruntime's outputs on the whole reference split, for tests/it/onnx_matches_onnxruntime.rs
# (many slices of rows, as the app scores them).
import json  # noqa: E402

import onnxruntime as ort  # noqa: E402

session = ort.InferenceSession("www/demo/adult_model.onnx", providers=["CPUExecutionProvider"])
feed = {c: x[c].to_numpy().reshape(-1, 1) for c in NUMERIC + TEXT}
labels, probabilities = session.run(None, feed)
with open("tests/fixtures/onnx/demo_model_expected.json", "w") as f:
    json.dump({
        "rows": int(len(labels)),
        "labels": "".join(str(int(v)) for v in labels),
        "probabilities_every_100th": [float(p) for p in probabilities[::100, 1]],
        "accuracy": float((labels == df["income"].to_numpy()).mean()),
    }, f)
