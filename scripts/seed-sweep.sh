#!/usr/bin/env bash
# Seed sweep of the statistical tests: runs each validation test over many seeds and reports,
# per check, the mean and spread of z = (estimate - exact) / standard error.
#
# One seed passing says little; over 50 seeds a right expected value gives a mean z near 0
# (within ±0.5: the mean of 50 standard normals has a standard error of 0.14) and a spread
# near 1 (0.8 to 1.2). A mean far from 0 is a biased expected value (or a biased simulator);
# a spread well above 1 is an interval too narrow.
#
# Usage: scripts/seed-sweep.sh [TARGET[:FILTER]]...
#   SEEDS=50 (default) seeds 1..SEEDS, passed to the tests as NINES_TEST_SEED (see
#   tests/common/mod.rs); targets default to every validation test file. Examples:
#     scripts/seed-sweep.sh validation_balancing validation:renewal
#     SEEDS=20 scripts/seed-sweep.sh validation_dr
# Output: one row per check; the raw z values are kept in target/seed-sweep.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

seeds=${SEEDS:-50}
if [ $# -eq 0 ]; then
    set -- validation validation_balancing validation_dr validation_failover \
        validation_mechanisms attribution examples studies
fi

# Build once and copy the test executables aside, so that editing the sources during a long
# sweep neither rebuilds nor mixes versions.
bin=target/seed-sweep-bin
rm -rf "$bin"
mkdir -p "$bin"
for spec in "$@"; do
    target=${spec%%:*}
    exe=$(cargo test --release --test "$target" --no-run --message-format=json 2>/dev/null |
        grep '"executable":"' | sed 's/.*"executable":"\([^"]*\)".*/\1/' | tail -1)
    cp "$exe" "$bin/$target"
done

raw=target/seed-sweep.tsv
: >"$raw"
start=$(date +%s)
for seed in $(seq 1 "$seeds"); do
    for spec in "$@"; do
        target=${spec%%:*}
        filter=""
        if [ "$spec" != "$target" ]; then filter=${spec#*:}; fi
        # A test that fails still prints its z first; failures are counted, not fatal.
        NINES_TEST_SEED=$seed "$bin/$target" --nocapture --test-threads=1 $filter 2>/dev/null |
            grep '^z-score' | awk -v s="$seed" -F'\t' '{ print s "\t" $2 "\t" $3 }' >>"$raw" || true
    done
    echo "seed $seed done ($(($(date +%s) - start)) s)" >&2
done

awk -F'\t' '
{
    n[$2]++; sum[$2] += $3; sq[$2] += $3 * $3
    if ($3 > 3.2905 || $3 < -3.2905) out[$2]++
    a = ($3 < 0) ? -$3 : $3; if (a > max[$2]) max[$2] = a
}
END {
    printf "%-45s %5s %8s %8s %8s %s\n", "check", "seeds", "mean z", "sd z", "max |z|", "outside 99.9%"
    for (k in n) {
        m = sum[k] / n[k]
        v = (n[k] > 1) ? (sq[k] - n[k] * m * m) / (n[k] - 1) : 0
        printf "%-45s %5d %+8.3f %8.3f %8.3f %d\n", k, n[k], m, sqrt(v > 0 ? v : 0), max[k], out[k]
    }
}' "$raw" | sort
