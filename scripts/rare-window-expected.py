#!/usr/bin/env python3
"""Expected values of the unit tests of src/stats/rare.rs, rare_pairs.rs and rare_phases.rs
(docs/testing.md, mutation results),
worked out from the definitions in docs/rare-events.md and Hall (1992), not from nines' code.

Eight hand-made trials of weighted (downtime, planned, outages, first) over a horizon of half
a year (4383 h, so a year is two horizons), at 95 %:
- a mean of per-trial values gets Hall's skew-corrected Student-t interval: two-pass sample
  moments, scipy's t quantile, Hall's g(x) = x + γx²/3 + γ²x³/27 + γ/(6n) inverted by
  bisection; the script checks that γ is inside the interval's clamp (|γ| below
  3n(√(q² + 0.75/n) − q)), so that the clamp plays no part;
- the mean outage duration is the ratio r = Σ(downtime + planned) / Σ outages with the
  delta-method half-width z·s/(√n·mean outages), s² = Σ(hᵢ − r·oᵢ)²/(n − 1), z the normal
  quantile (residuals computed one by one, not from raw sums).

The paired test: four trials whose baseline has 3, 1, 4 and 2 weighted hours of downtime over
a 10 h horizon and the design 1, 1, 2 and 2.5: the availability differences (design minus
baseline) 0.2, 0, 0.2 and -0.05 with Hall's interval.

The phases test: four trials over two years of 8766 h with a season of 60 days a year
(2880 h in all; 14652 h normal), per-trial weighted downtime and outages in each phase;
availability 1 - mean/hours with the ends of Hall's interval swapped and clipped to [0, 1],
downtime minutes per year and per phase hour, outages (mean x 4 trials, rounded) and their
rate per year.

Run: pip install scipy; python3 scripts/rare-window-expected.py
"""
import math

from scipy.stats import norm, t as student

YEAR = 8766.0
HORIZON = YEAR / 2
CONFIDENCE = 0.95
DOWNTIME = [0.0, 0.5, 0.0, 2.0, 0.25, 3.0, 1.0, 1.5]
PLANNED = [0.0, 0.5, 0.0, 0.0, 1.0, 0.0, 0.25, 0.0]
OUTAGES = [0.0, 1.0, 0.0, 2.0, 1.0, 3.0, 1.0, 1.0]
FIRST = [0.0, 1.0, 0.0, 1.0, 0.5, 1.0, 0.75, 1.0]


def hall(values, confidence):
    """Mean, low, high of Hall's skew-corrected interval of the mean of `values`."""
    n = len(values)
    mean = sum(values) / n
    m2 = sum((v - mean) ** 2 for v in values) / n
    m3 = sum((v - mean) ** 3 for v in values) / n
    gamma = m3 / m2**1.5
    s = math.sqrt(m2 * n / (n - 1))
    q = student.ppf(0.5 + confidence / 2, n - 1) / math.sqrt(n)
    limit = 3 * n * (math.sqrt(q * q + 0.75 / n) - q)
    assert abs(gamma) < limit, (gamma, limit)

    def g(x):
        return x + gamma * x * x / 3 + gamma**2 * x**3 / 27 + gamma / (6 * n)

    def solve(target):
        lo, hi = -100.0, 100.0
        for _ in range(200):
            mid = (lo + hi) / 2
            if g(mid) < target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    return mean, mean - s * solve(q), mean - s * solve(-q)


def main():
    n = len(DOWNTIME)
    mean, low, high = hall(DOWNTIME, CONFIDENCE)
    u = (mean / HORIZON, low / HORIZON, high / HORIZON)
    print(f"unavailability {u[0]!r} {u[1]!r} {u[2]!r}")
    print(f"nines {-math.log10(u[0])!r}")
    print(f"relative_error {(u[2] - u[0]) / u[0]!r}")
    o = hall(OUTAGES, CONFIDENCE)
    print(f"outages_per_year {o[0] * 2!r} {o[1] * 2!r} {o[2] * 2!r}")
    f = hall(FIRST, CONFIDENCE)
    print(f"p_any_downtime {f[0]!r} {f[1]!r} {f[2]!r}")
    hours = [d + p for d, p in zip(DOWNTIME, PLANNED)]
    r = sum(hours) / sum(OUTAGES)
    ss = sum((h - r * o) ** 2 for h, o in zip(hours, OUTAGES))
    s = math.sqrt(ss / (n - 1))
    half = norm.ppf(0.5 + CONFIDENCE / 2) * s / (math.sqrt(n) * sum(OUTAGES) / n)
    print(f"mean_outage_minutes {r * 60!r} {(r - half) * 60!r} {(r + half) * 60!r}")

    baseline, design = [3.0, 1.0, 4.0, 2.0], [1.0, 1.0, 2.0, 2.5]
    d = hall([(b - x) / 10.0 for b, x in zip(baseline, design)], CONFIDENCE)
    print(f"paired_difference {d[0]!r} {d[1]!r} {d[2]!r}")

    phases = {
        "normal": (14652.0, [1.0, 0.75, 0.5, 1.5], [1.0, 1.0, 0.0, 3.0]),
        "season": (2880.0, [0.5, 0.25, 1.25, 0.75], [1.0, 0.0, 2.0, 1.0]),
    }
    for name, (hours, downtime, outages) in phases.items():
        mean, low, high = hall(downtime, CONFIDENCE)
        o = sum(outages) / len(outages)
        print(
            f"phase {name} availability {1 - mean / hours!r} {max(1 - high / hours, 0)!r}"
            f" {min(1 - low / hours, 1)!r} minutes per year {mean * 60 / 2!r} per phase hour"
            f" {mean / hours * 60!r} outages {round(o * 4)} per year {o / 2!r}"
        )


if __name__ == "__main__":
    main()
