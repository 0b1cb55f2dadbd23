#!/bin/bash -eu
# Builds every cargo-fuzz target of fuzz/ for ClusterFuzzLite and copies it to $OUT with its
# dictionary and seed corpus (libFuzzer picks up <target>.dict and <target>_seed_corpus.zip).
cd "$SRC/oauth2spec"
cargo fuzz build -O --debug-assertions
release=fuzz/target/x86_64-unknown-linux-gnu/release
for source in fuzz/fuzz_targets/*.rs; do
  target=$(basename "$source" .rs)
  cp "$release/$target" "$OUT/"
  cp fuzz/dicts/oauth.dict "$OUT/$target.dict"
  if [ -d "fuzz/seeds/$target" ]; then
    (cd "fuzz/seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
done
