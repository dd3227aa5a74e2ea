#!/bin/bash
# Measures issue 13's targets (docs/partials.md, "Measured at scale"), in CPU seconds
# (user + system, from /usr/bin/time: less sensitive than wall time to other work on a
# shared machine):
#   overhead  64 shards + merge of a 10^7-trial run of scenarios/web-service.toml against
#             the same run in one process (HORIZON, default 1d: see the docs for why);
#   merge     nines merge of 1,000 partials of 999,424 trials each (--no-rows): wall time
#             and peak resident memory. One shard is simulated; the other 999 are copies of
#             it with their shard number and trial range rewritten, since the merge's work
#             does not depend on the values inside (simulating 10^9 trials takes too long
#             here).
# Usage: scripts/measure-scale.sh overhead|merge, from the repository after
# `cargo build --release`. Writes into a temporary folder (WORK to choose it).
set -euo pipefail
B=$(pwd)/target/release/nines
S=$(pwd)/scenarios/web-service.toml
what=${1:?overhead or merge}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
cd "$work"
# CPU seconds (user + system), wall seconds and peak RSS (KB) of a command.
measure() {
    /usr/bin/time -f "%U %S %e %M" -o t.txt "$@" >/dev/null
    awk '{printf "%.2f %.2f %d\n", $1 + $2, $3, $4}' t.txt
}
case "$what" in
overhead)
    HORIZON=${HORIZON:-1d}
    TRIALS=${TRIALS:-10000000}
    common=(--trials "$TRIALS" --horizon "$HORIZON" --threads 2)
    rm -rf single parts merged
    read -r single_cpu single_wall _ < <(measure "$B" run "$S" "${common[@]}" --out single)
    shards_cpu=0
    start=$(date +%s.%N)
    for i in $(seq 0 63); do
        read -r cpu _ _ < <(measure "$B" run "$S" "${common[@]}" --shard "$i/64" --out "parts/$i")
        shards_cpu=$(echo "$shards_cpu + $cpu" | bc)
    done
    shards_wall=$(echo "$(date +%s.%N) - $start" | bc)
    read -r merge_cpu merge_wall merge_rss < <(measure "$B" merge parts/* --out merged --threads 2)
    total=$(echo "$shards_cpu + $merge_cpu" | bc)
    echo "one run: ${single_cpu} s CPU (${single_wall} s wall)"
    echo "64 shards: ${shards_cpu} s CPU (${shards_wall} s wall); merge: ${merge_cpu} s CPU (${merge_wall} s wall, ${merge_rss} KB peak)"
    echo "overhead: $(echo "scale=2; 100 * ($total - $single_cpu) / $single_cpu" | bc)% of the one run's CPU"
    cmp <(python3 -c "import json,sys;d=json.load(open(sys.argv[1]));d.pop('performance');d.get('exact',{}).pop('seconds',None);print(json.dumps(d))" single/summary.json) \
        <(python3 -c "import json,sys;d=json.load(open(sys.argv[1]));d.pop('performance');d.get('exact',{}).pop('seconds',None);print(json.dumps(d))" merged/summary.json) \
        && echo "merged summary.json equals the one run's (timings aside)"
    ;;
merge)
    sed -n '/^\[simulation\]/,/^all = /p' "$OLDPWD/benches/driver.rs" > quiet.toml
    # 61,000 batches: 1,000 shards of exactly 61 batches (999,424 trials) each.
    trials=$((61000 * 16384))
    rm -rf p m
    read -r cpu wall _ < <(measure "$B" run quiet.toml --trials "$trials" --threads 2 --shard 0/1000 --no-rows --out p/0)
    echo "one shard of 999,424 trials: ${cpu} s CPU, ${wall} s wall"
    python3 - <<'PY'
import json, os, shutil
src = "p/0"
with open(os.path.join(src, "partial.json")) as f:
    partial = json.load(f)
size = partial["header"]["end_trial"] - partial["header"]["first_trial"]
for i in range(1, 1000):
    dst = f"p/{i}"
    os.makedirs(dst)
    for name in ("downtime.bin", "trials.csv"):
        shutil.copy(os.path.join(src, name), dst)
    partial["header"]["shard"] = i
    partial["header"]["first_trial"] = i * size
    partial["header"]["end_trial"] = (i + 1) * size
    with open(os.path.join(dst, "partial.json"), "w") as f:
        json.dump(partial, f)
PY
    du -sh p
    read -r cpu wall rss < <(measure "$B" merge p/* --out m --threads 2)
    echo "merge of 1000 partials ($(du -sh p | cut -f1)): ${wall} s wall, ${cpu} s CPU, peak RSS ${rss} KB"
    ;;
esac
