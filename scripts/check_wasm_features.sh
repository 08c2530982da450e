#!/usr/bin/env bash
# The three wasm binaries share one build only if every crate resolves to the same features with
# and without tract (feature `onnx`): otherwise arrow, parquet and their dependents compile twice
# (Cargo.toml names the features tract adds, under the wasm32 dependencies). Fails naming the
# crates whose features differ.
set -euo pipefail
cd "$(dirname "$0")/.."
tree() { cargo tree --target wasm32-unknown-unknown -e normal -f '{p} [{f}]' --prefix none "$@" | sed 's/ (\*)//' | sort -u; }
plain=$(tree --no-default-features | grep -v '^plumbline ')
onnx=$(tree | grep -v '^plumbline ')
differ=$(comm -23 <(echo "$plain") <(echo "$onnx"))
if [ -n "$differ" ]; then
  echo "these crates build with other features in the UI/engine worker than in the model worker:" >&2
  echo "$differ" >&2
  echo "name tract's features for them under [target.'cfg(target_arch = \"wasm32\")'.dependencies] in Cargo.toml" >&2
  exit 1
fi
echo "wasm builds: every shared crate resolves to the same features with and without tract"
