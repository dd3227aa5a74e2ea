#!/usr/bin/env bash
# Seeds sweep of one rare-method scenario against its exact steady-state unavailability:
# runs `nines run FILE --method rare` on seeds 7919 s + 13 (s = 1..SEEDS, one thread) and
# prints the mean and spread of z = (estimate - exact) / standard error, the seeds beyond
# the 99.9% band, and the mean relative half-width of the 95% interval.
# Usage: scripts/rare-forcing-sweep.sh FILE EXACT [SEEDS]   (SEEDS: 50 by default)
# Example (docs/rare-events.md, "A known inefficiency"): model B of tests/validation_rare.rs
# with [simulation.rare] forcing and bias set, EXACT 9.9601e-13.
set -euo pipefail
file=$1
exact=$2
seeds=${3:-50}
nines=${NINES:-target/release/nines}
for s in $(seq 1 "$seeds"); do
    "$nines" run "$file" --method rare --seed $((s * 7919 + 13)) --format json --threads 1 |
        python3 -c "
import json, sys
u = json.load(sys.stdin)['rare']['steady_state']['unavailability']
half = u['ci_high'] - u['mean']
print((u['mean'] - $exact) / (half / 1.959964), half / u['mean'])"
done | awk '{n++; s+=$1; q+=$1*$1; w+=$2; if ($1<-3.2905||$1>3.2905) o++; if (n==1||$1<mn) mn=$1}
END {m=s/n; printf "seeds %d, mean z %+.3f, spread %.3f, lowest %.2f, beyond 99.9%% %d, mean half-width %.1f%%\n", n, m, sqrt((q-n*m*m)/(n-1)), mn, o, 100*w/n}'
