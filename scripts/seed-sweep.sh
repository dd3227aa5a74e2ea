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
#   SEEDS=50 (default) seeds FIRST..SEEDS (FIRST=1 by default; a later FIRST resumes a
#   sweep into another OUT), passed to the tests as NINES_TEST_SEED (see
#   tests/common/mod.rs); targets default to every test file that prints a z: every
#   tests/validation*.rs and any other tests/*.rs calling common::print_z, print_z_se or
#   assert_availability_within_interval. SKIP (default "coverage") leaves out tests whose
#   name contains it: the coverage measurements loop over their own hundred seeds and print
#   no z. Examples:
#     scripts/seed-sweep.sh validation_balancing validation:renewal
#     SEEDS=20 scripts/seed-sweep.sh validation_dr
# Output: one row per check; the raw values (seed, label, z, file) are kept in $OUT.tsv
# (OUT=target/seed-sweep by default; give two sweeps run at once different OUTs).
set -euo pipefail
cd "$(dirname "$0")/.."

seeds=${SEEDS:-50}
first=${FIRST:-1}
skip=${SKIP-coverage}
if [ $# -eq 0 ]; then
    # shellcheck disable=SC2046 # one word per file name, none with spaces
    set -- $( (
        ls tests/validation*.rs
        grep -lE 'print_z|assert_availability_within_interval' tests/*.rs
    ) | sort -u | sed 's|tests/\(.*\)\.rs|\1|')
fi
skip_args=()
if [ -n "$skip" ]; then skip_args=(--skip "$skip"); fi

# Build once and copy the test executables aside, so that editing the sources during a long
# sweep neither rebuilds nor mixes versions.
out=${OUT:-target/seed-sweep}
bin=$out-bin
rm -rf "$bin"
mkdir -p "$bin"
for spec in "$@"; do
    target=${spec%%:*}
    exe=$(cargo test --release --test "$target" --no-run --message-format=json 2>/dev/null |
        grep '"kind":\["test"\]' | grep "\"name\":\"$target\"" | grep '"executable":"' |
        sed 's/.*"executable":"\([^"]*\)".*/\1/' | tail -1)
    if [ -z "$exe" ]; then
        echo "seed-sweep: no test executable for '$target' (cargo test --release --test $target --no-run)" >&2
        exit 2
    fi
    cp "$exe" "$bin/$target"
done

raw=$out.tsv
: >"$raw"
start=$(date +%s)
for seed in $(seq "$first" "$seeds"); do
    for spec in "$@"; do
        target=${spec%%:*}
        filter=""
        if [ "$spec" != "$target" ]; then filter=${spec#*:}; fi
        # A test that fails still prints its z first; failures are counted, not fatal (a
        # test's later checks print nothing then: the row has fewer seeds). The z line may
        # follow libtest's "test NAME ... " on the same line when it is the test's first
        # output, hence grep -o rather than a match at the line's start.
        NINES_TEST_SEED=$seed "$bin/$target" --nocapture --test-threads=1 "${skip_args[@]}" \
            $filter 2>/dev/null |
            grep -o $'z-score\t.*' | awk -v s="$seed" -v t="$target" -F'\t' '{ print s "\t" $2 "\t" $3 "\t" t }' >>"$raw" || true
    done
    echo "seed $seed done ($(($(date +%s) - start)) s)" >&2
done

printf "%-45s %5s %8s %8s %8s %s\n" check seeds "mean z" "sd z" "max |z|" "outside 99.9%"
# Each check is known by its label: two files printing one label would be mixed in one row.
awk -F'\t' '
{
    if (($2 in from) && from[$2] != $4) {
        printf "seed-sweep: label \"%s\" printed by %s and %s: rows mixed\n", $2, from[$2], $4 > "/dev/stderr"
    }
    from[$2] = $4
    n[$2]++; sum[$2] += $3; sq[$2] += $3 * $3
    if ($3 > 3.2905 || $3 < -3.2905) out[$2]++
    a = ($3 < 0) ? -$3 : $3; if (a > max[$2]) max[$2] = a
}
END {
    for (k in n) {
        m = sum[k] / n[k]
        v = (n[k] > 1) ? (sq[k] - n[k] * m * m) / (n[k] - 1) : 0
        printf "%-45s %5d %+8.3f %8.3f %8.3f %d\n", k, n[k], m, sqrt(v > 0 ? v : 0), max[k], out[k]
    }
}' "$raw" | sort
