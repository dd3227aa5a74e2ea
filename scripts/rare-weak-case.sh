#!/bin/sh
# Target C of issue 10 and its weak case: 1-of-3 with Weibull(0.7) or exponential lives
# (mean 10,000 h) and lognormal (mean 4 h, sd 6 h) or exponential (mean 4 h) repairs, with
# --method rare, 50,000 trials, seed 1, one thread. Prints, per variant and window, the
# estimate, its relative half-width, the per-trial relative variance (trials for ±10% at
# 95% = 384 × relvar) and the effective sample size of the branches' contributions.
# Usage: scripts/rare-weak-case.sh [path/to/nines]   (default: target/release/nines)
set -eu
NINES=${1:-target/release/nines}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
for lives in weibull exponential; do
  for repairs in lognormal exponential; do
    if [ "$lives" = weibull ]; then
      L='{ dist = "weibull", shape = 0.7, mean = "10000h" }'
    else
      L='{ dist = "exponential", mean = "10000h" }'
    fi
    if [ "$repairs" = lognormal ]; then
      R='{ dist = "lognormal", mean = "4h", sd = "6h" }'
    else
      R='{ dist = "exponential", mean = "4h" }'
    fi
    cat > "$DIR/c.toml" <<TOML
name = "1-of-3, $lives lives, $repairs repairs"
[simulation]
trials = 50000
seed = 1
importance_trials = 0
[components.app]
count = 3
need = 1
failure = $L
repair = $R
[system]
all = ["app"]
TOML
    "$NINES" run "$DIR/c.toml" --method rare --threads 1 --format json > "$DIR/c.json"
    python3 - "$DIR/c.json" "$lives" "$repairs" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
r, n = j["rare"], j["trials"]
for key in ("horizon", "steady_state"):
    w = r[key]
    re = w["relative_error"]
    print(f"{sys.argv[2]:11} lives, {sys.argv[3]:11} repairs, {key:12}: "
          f"{w['unavailability']['mean']:.4e} ±{100 * re:.1f}%, relvar/trial {n * (re / 1.96) ** 2:6.1f}")
print(f"{'':37}ESS {r['ess']:.0f} of {r['branches_with_outage']} branches with outages "
      f"({r['ess'] / r['branches_with_outage']:.4f}); warnings: {len(r['warnings'])}")
PY
  done
done
