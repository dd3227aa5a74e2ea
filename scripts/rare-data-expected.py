#!/usr/bin/env python3
"""Expected values of the unit tests of src/stats/rare_data.rs (docs/testing.md, mutation
results), worked out from the definitions in docs/rare-events.md ("Data durability") and
Hall (1992), not from nines' code: Hall's skew-corrected interval comes from
scripts/rare-window-expected.py (two-pass moments, scipy's t quantile, bisection).

Eight hand-made trials of a data set's rare run over a horizon of half a year (4383 h, so
P(loss per year) = 1 - (1 - p)^2 and a year holds two horizons), at 95 %:
- P(loss within the horizon): Hall's interval of the weighted first-loss indicators, its
  lower end clipped at 0; per year 1 - (1 - p)^2 at each end;
- losses per year: Hall's interval of the weighted loss events, times 2;
- MTTDL: the horizon over the mean loss events, its ends the horizon over the rate's ends;
- nines: -log10 of P(loss per year), at least -log10 of its upper end;
- relative error: (upper end - mean) / mean of P(loss within the horizon);
- effective sample size (sum of contributions)^2 / sum of their squares;
- weight mean: sum of weights / branches, its half-width the normal quantile times
  sqrt((mean of squares - mean^2) / branches).

Run: pip install scipy; python3 scripts/rare-data-expected.py
"""
import importlib.util
import math
import pathlib

from scipy.stats import norm

spec = importlib.util.spec_from_file_location(
    "window", pathlib.Path(__file__).with_name("rare-window-expected.py")
)
window = importlib.util.module_from_spec(spec)
spec.loader.exec_module(window)

HORIZON = 4383.0
CONFIDENCE = 0.95
FIRST = [0.0, 0.2, 0.1, 0.05, 0.3, 0.45, 0.1, 0.0]
LOSSES = [0.0, 0.3, 0.15, 0.05, 0.35, 0.6, 0.1, 0.0]
BRANCHES = 10
WEIGHT_SUM = 9.9
WEIGHT_SQ_SUM = 10.59
CONTRIBUTION_SUM = 1.55
CONTRIBUTION_SQ_SUM = 0.9725


def main():
    mean, low, high = window.hall(FIRST, CONFIDENCE)
    low = max(low, 0.0)
    print(f"p_loss_horizon {mean!r} {low!r} {high!r}")
    year = [1 - (1 - p) ** 2 for p in (mean, low, high)]
    print(f"p_loss_per_year {year[0]!r} {year[1]!r} {year[2]!r}")
    e_mean, e_low, e_high = window.hall(LOSSES, CONFIDENCE)
    e_low = max(e_low, 0.0)
    print(f"losses_per_year {e_mean * 2!r} {e_low * 2!r} {e_high * 2!r}")
    print(f"mttdl {HORIZON / e_mean!r} {HORIZON / e_high!r} {HORIZON / e_low if e_low > 0 else None!r}")
    print(f"nines {-math.log10(year[0])!r} {-math.log10(year[2])!r}")
    print(f"relative_error {(high - mean) / mean!r}")
    print(f"ess {CONTRIBUTION_SUM**2 / CONTRIBUTION_SQ_SUM!r}")
    w = WEIGHT_SUM / BRANCHES
    se = math.sqrt((WEIGHT_SQ_SUM / BRANCHES - w * w) / BRANCHES)
    half = norm.ppf(0.5 + CONFIDENCE / 2) * se
    print(f"weight_mean {w!r} {w - half!r} {w + half!r}")


if __name__ == "__main__":
    main()
