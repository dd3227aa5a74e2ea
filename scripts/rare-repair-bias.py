#!/usr/bin/env python3
"""The rare method's repair bias (`repair_bias`, docs/rare-events.md, "The weak case") over
seeds: for each k, runs `nines run MODEL --method rare --seed S --format json` for seeds 1 to
SEEDS and prints, per window, the mean and spread of z against the model's reference value,
the median reported relative error and the median effective sample size.

Usage: python3 scripts/rare-repair-bias.py MODEL KS SEEDS [NINES]
  MODEL  "pair" (1-of-2, exponential lives of 100,000 h, lognormal repairs of mean 4 h and
         sd 6 h: steady state (4/100004)^2 for any laws) or "c" (issue 10's target C: 1-of-3,
         Weibull(0.7) lives of mean 10,000 h, the same repairs; first year 2.84833e-10 from
         scripts/rare-weibull-reference.py, steady state 6.392326e-11, u^3)
  KS     comma-separated k, e.g. 0,1,2
  NINES  the binary (default target/release/nines)
z uses the reported 95 % interval's half on the reference's side, as the rare tests do.
"""
import json
import os
import statistics as st
import subprocess
import sys
import tempfile

LOGNORMAL = 'repair = { dist = "lognormal", mean = "4h", sd = "6h" }'
MODELS = {
    "pair": (
        2,
        'failure = { dist = "exponential", mean = "100000h" }',
        {"horizon": (4 / 100004) ** 2, "steady_state": (4 / 100004) ** 2},
    ),
    "c": (
        3,
        'failure = { dist = "weibull", shape = 0.7, mean = "10000h" }',
        {"horizon": 2.84833e-10, "steady_state": 6.392326e-11},
    ),
}


def scenario(count, failure, k):
    return f"""[simulation]
horizon = "1y"
trials = 30000
seed = 1
importance_trials = 0
confidence = 0.95
[simulation.rare]
repair_bias = {k}
[components.app]
count = {count}
need = 1
{failure}
{LOGNORMAL}
[system]
all = ["app"]
"""


def main():
    model, ks, seeds = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
    nines = sys.argv[4] if len(sys.argv) > 4 else "target/release/nines"
    count, failure, reference = MODELS[model]
    with tempfile.TemporaryDirectory() as folder:
        for k in ks:
            path = os.path.join(folder, f"k{k}.toml")
            with open(path, "w") as f:
                f.write(scenario(count, failure, k))
            zs = {w: [] for w in reference}
            errors = {w: [] for w in reference}
            ess = []
            for seed in range(1, seeds + 1):
                out = subprocess.run(
                    [nines, "run", path, "--method", "rare", "--seed", str(seed), "--format", "json"],
                    capture_output=True, text=True, check=True,
                )
                rare = json.loads(out.stdout)["rare"]
                ess.append(rare["ess"])
                for window, exact in reference.items():
                    u = rare[window]["unavailability"]
                    above = exact > u["mean"]
                    half = u["ci_high"] - u["mean"] if above else u["mean"] - u["ci_low"]
                    zs[window].append((u["mean"] - exact) / (half / 1.959964))
                    errors[window].append(rare[window]["relative_error"])
            for window, z in zs.items():
                print(
                    f"{model} k={k} {window:12s} seeds {len(z)} mean z {st.mean(z):+.3f} "
                    f"sd {st.stdev(z):.3f} max |z| {max(map(abs, z)):.2f} "
                    f"median relative error {100 * st.median(errors[window]):.1f}%"
                )
            print(f"{model} k={k} median ESS {st.median(ess):.0f}", flush=True)


if __name__ == "__main__":
    main()
