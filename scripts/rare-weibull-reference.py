#!/usr/bin/env python3
"""Independent reference for issue 10's target C: the first-year mean unavailability from
all-new of 1-of-3 instances with own repair, Weibull(0.7, mean 10,000 h) lives and lognormal
repairs (mean 4 h, sd 6 h):  U_1y = (1/Y) * integral_0^Y u(t)^3 dt, u(t) = P(one instance down).

Method: plain simulation of N independent single-instance paths (not rare: u ~ 4e-4), and
the U-statistic over distinct triples of paths, which is exactly unbiased for u(t)^3:
    u(t)^3  <-  n(t) (n(t)-1) (n(t)-2) / (N (N-1) (N-2)),   n(t) = paths down at t,
integrated exactly over the piecewise-constant n(t). Batches of N paths give independent
unbiased estimates; their mean and Student t interval are printed.

Usage: python3 scripts/rare-weibull-reference.py [--check] [BATCHES [PATHS_PER_BATCH [SEED]]]
--check runs the same estimator on exponential lives and repairs of the same means (model A),
against the closed form.
"""
import sys
from math import gamma, log, sqrt

import numpy as np
from scipy import stats

CHECK = "--check" in sys.argv
if CHECK:
    sys.argv.remove("--check")
YEAR = 8766.0
SHAPE, MTTF = 0.7, 1e4
SCALE = MTTF / gamma(1 + 1 / SHAPE)
SIGMA2 = log(1 + (6.0 / 4.0) ** 2)
MU = log(4.0) - SIGMA2 / 2


def lives(rng, size):
    """Lives of the model, or exponential ones of the same mean (--check: the closed form)."""
    if CHECK:
        return rng.exponential(MTTF, size)
    return SCALE * rng.weibull(SHAPE, size)


def repairs(rng, size):
    if CHECK:
        return rng.exponential(4.0, size)
    return rng.lognormal(MU, sqrt(SIGMA2), size)


def batch(rng, n):
    """One unbiased estimate of U_1y from n single-instance paths."""
    t = np.zeros(n)
    alive = np.arange(n)
    starts, ends = [], []
    while alive.size:
        fail = t[alive] + lives(rng, alive.size)
        keep = fail < YEAR
        alive, fail = alive[keep], fail[keep]
        back = fail + repairs(rng, alive.size)
        starts.append(fail)
        ends.append(np.minimum(back, YEAR))
        t[alive] = back
        alive = alive[back < YEAR]
    s, e = np.concatenate(starts), np.concatenate(ends)
    times = np.concatenate([s, e])
    steps = np.concatenate([np.ones(s.size), -np.ones(e.size)])
    order = np.argsort(times, kind="stable")
    times, steps = times[order], steps[order]
    down = np.cumsum(steps)  # paths down just after each time
    widths = np.diff(np.append(times, YEAR))
    triples = down * (down - 1) * (down - 2)
    return float(np.sum(triples * widths)) / (n * (n - 1.0) * (n - 2.0)) / YEAR, s.size / n


def main():
    if CHECK:
        lam, mu = 1 / MTTF, 1 / 4.0
        t = np.linspace(0, YEAR, 2_000_001)
        exact = np.trapezoid((lam / (lam + mu) * -np.expm1(-(lam + mu) * t)) ** 3, t) / YEAR
        print(f"check: exponential lives and repairs, closed form {exact:.5e}")
    batches = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)
    values, failures = [], []
    for b in range(batches):
        u, f = batch(rng, n)
        values.append(u)
        failures.append(f)
        print(f"batch {b}: {u:.5e}", flush=True)
    v = np.array(values)
    half = stats.t.ppf(0.975, batches - 1) * v.std(ddof=1) / sqrt(batches)
    print(
        f"U over the first year from new: {v.mean():.5e} +- {half:.2e} (95%, {batches} batches of "
        f"{n} paths; +-{100 * half / v.mean():.1f}%); failures per instance-year {np.mean(failures):.5f}"
    )


if __name__ == "__main__":
    main()
