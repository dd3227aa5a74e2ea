#!/usr/bin/env python3
"""Expected values of the unit tests of src/stats/phase_summary.rs (docs/testing.md,
mutation results), worked out from the definitions in docs/scenario-format.md
(`[[phases]]`) and the textbook Student-t interval, not from nines' code.

Four trials over two years of 8766 h with a season of 60 days a year from 1 November
(1440 h a year, 2880 h in all; normal the other 14652 h); per-trial downtime (hours) and
outages in each phase. Per phase: availability 1 - mean/hours with the ends of the
downtime's t interval (two-pass sample sd, t(0.975, 3) from scipy) swapped and turned into
availability, downtime minutes per year (mean x 60 / 2) and per phase hour (mean / hours x
60), outages summed over the trials and per year (sum / 4 / 2).

Run: pip install scipy; python3 scripts/phase-expected.py
"""
import math

from scipy.stats import t as student

YEARS = 2
PHASES = {
    "normal": (14652.0, [1.0, 0.75, 0.5, 1.5], [1, 1, 0, 3]),
    "season": (2880.0, [0.5, 0.25, 1.25, 0.75], [1, 0, 2, 1]),
}

for name, (hours, downtime, outages) in PHASES.items():
    n = len(downtime)
    mean = sum(downtime) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in downtime) / (n - 1))
    half = student.ppf(0.975, n - 1) * sd / math.sqrt(n)
    print(name)
    print("  hours per year", hours / YEARS)
    print("  availability", repr(1 - mean / hours), repr(1 - (mean + half) / hours),
          repr(1 - (mean - half) / hours))
    print("  minutes per year", repr(mean * 60 / YEARS), "per phase hour", repr(mean / hours * 60))
    print("  outages", sum(outages), "per year", repr(sum(outages) / n / YEARS))
