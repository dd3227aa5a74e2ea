#!/usr/bin/env python3
"""Expected values of the unit tests of src/stats/load_summary.rs (docs/testing.md, mutation
results), worked out from docs/load.md's definitions, not from nines' code.

Demand in hour h: 100 x daily[h % 24] x (1 + 0.2 t), t the start of h's day in years of
8766 h (linear growth steps daily). Horizon 3749.5 h: 3750 hours, the last one half long.
Each period's peak is the largest demand in its hours; shares are means over 1000 trials
with the Student t interval (scipy's t quantile), or with no nonzero share the exact bound
1 - (alpha/2)^(1/n).

Run: pip install scipy; python3 scripts/load-summary-expected.py
"""
from fractions import Fraction

from scipy.stats import t as student

YEAR = 8766.0
HORIZON = 3749.5
HOURS = 3750
PERIOD = 730
DAILY = [1 + h / 10 for h in range(11)] + [1 + (20 - h) / 10 for h in range(11, 24)]
TRIALS = 1000
CONFIDENCE = 0.95


def demand(h):
    return 100.0 * DAILY[h % 24] * (1 + 0.2 * (24 * (h // 24)) / YEAR)


def width(h):
    return min(HORIZON - h, 1.0)


def share(values):
    """Mean, low, high of a share over trials (exact rational sums, then floats)."""
    n = len(values)
    fr = [Fraction(round(v * 10**12), 10**12) for v in values]
    mean = sum(fr) / n
    if mean == 0:
        alpha = 1 - CONFIDENCE
        return 0.0, 0.0, 1 - (alpha / 2) ** (1 / n)
    var = sum((x - mean) ** 2 for x in fr) / (n - 1)
    half = student.ppf(0.5 + CONFIDENCE / 2, n - 1) * (float(var) / n) ** 0.5
    m = float(mean)
    return m, max(m - half, 0.0), min(m + half, 1.0)


def period_lost(i):
    """Trial i's lost share in each of the six periods."""
    even = i % 2 == 0
    return [0.0, 0.01, 0.005 if even else 0.0148, 0.005 if even else 0.0152, 0.02, 0.5]


def main():
    total = sum(demand(h) * width(h) for h in range(HOURS))
    print(f"mean_demand {total / HORIZON!r}")
    peak = max(demand(h) for h in range(HOURS))
    print(f"peak_demand {peak!r}  peak_utilisation {peak / 4000.0!r}")
    for hod in range(24):
        hs = [h for h in range(HOURS) if h % 24 == hod]
        time = sum(width(h) for h in hs)
        mean = sum(demand(h) * width(h) for h in hs) / time
        short = 0.5 * (hod % 3)
        print(f"hour {hod} time {time} mean_demand {mean!r} served {1 - 0.001 * hod!r} "
              f"short {short / time!r}")
    for p in range(6):
        first, last = p * PERIOD, min((p + 1) * PERIOD, HOURS) - 1
        kept = first + PERIOD // 2 <= HOURS or p == 0
        m, lo, hi = share([period_lost(i)[p] for i in range(TRIALS)])
        print(f"period {p} kept {kept} start {first / YEAR!r} "
              f"peak {max(demand(h) for h in range(first, last + 1))!r} "
              f"availability {1 - m!r} [{1 - hi!r}, {1 - lo!r}]")
    print("shortfall_time", share([(i % 4) * 0.001 for i in range(TRIALS)]))
    print("shortfall_request", share([0.0] * TRIALS))
    # ShareEstimate::of with two trials and with one.
    print("two trials", share([0.2, 0.2002]))
    print("t(0.975, 999)", student.ppf(0.975, 999), "t(0.975, 1)", student.ppf(0.975, 1))


main()
