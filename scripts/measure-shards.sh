#!/bin/bash
# Measures the cost of sharding (docs/partials.md, "Measured"): a 10^7-trial run of a
# one-component model (about a microsecond per trial, so per-shard fixed costs weigh most)
# whole and as 64 shards merged, twice; then the merge of 1,000 partials.
# Run from the repository after `cargo build --release`; writes into a temporary folder.
set -euo pipefail
B=$(pwd)/target/release/nines
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# The driver bench's quiet model (benches/driver.rs): one component that rarely fails.
sed -n '/^\[simulation\]/,/^all = /p' "$OLDPWD/benches/driver.rs" > quiet.toml
wall() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]+'/summary.json'))['performance']['wall_seconds'])" "$1"; }
for round in 1 2; do
    rm -rf single parts merged
    /usr/bin/time -f "single process: %e s" "$B" run quiet.toml --trials 10000000 --threads 2 --out single >/dev/null
    start=$(date +%s.%N)
    for i in $(seq 0 63); do
        "$B" run quiet.toml --trials 10000000 --threads 2 --shard "$i/64" --out "parts/$i" >/dev/null
    done
    end=$(date +%s.%N)
    /usr/bin/time -f "merge process: %e s" "$B" merge parts/* --out merged --threads 2 >/dev/null
    echo "round $round: simulation wall, single $(wall single) s, 64 shards summed $(wall merged) s; 64 shard processes $(echo "$end - $start" | bc) s"
done
rm -rf single parts merged
# 1,000 partials: a run of 1,000 batches (16,384,000 trials), one batch per shard.
for i in $(seq 0 999); do
    "$B" run quiet.toml --trials 16384000 --threads 2 --shard "$i/1000" --out "p/$i" >/dev/null
done
/usr/bin/time -f "merge of 1000 partials: %e s, peak RSS %M KB" "$B" merge p/* --out m --threads 2 >/dev/null
du -sh p m/trials.csv
