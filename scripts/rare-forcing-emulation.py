#!/usr/bin/env python3
"""Emulates the rare method's window forcing on one excursion model, to compare forcing rules.

The model is test model B of tests/validation_rare.rs: four exponential units (mean life
1000 h) needing one, each on its own exponential repair (mean 1 h). An excursion starts with
one unit down and ends when all are up again; downtime counts from all four down to the first
repair, after which the branch runs naturally (as in src/engine/rare.rs). Windows run from
one event to the next, as in the engine: a forced failure lands inside the window of the
repairs already under way, so the next window is the rest of those repairs.

Rules:
  fixed  the engine's: force a failure in the window with probability max(theta, q), q the
         natural probability of one in the window (its likelihood ratio then follows the
         window's length, which is random: the weights spread over decades)
  odds   scale the natural odds of a failure in the window by a = theta / (1 - theta) * M / L,
         M the total repair rate and L the on-cut failure rate (the Markov chain's failure
         biasing): a forced failure's likelihood ratio no longer depends on the window's length

Usage: python3 scripts/rare-forcing-emulation.py RULE EXCURSIONS SEED [THETA]
Prints the mean weighted downtime per excursion, its relative standard error, the share of
excursions reaching an outage and the effective sample size of their contributions.
"""
import sys

import numpy as np

LAM, MU, N = 1e-3, 1.0, 4


def excursion(rng, rule, theta):
    """Weighted downtime (hours) of one excursion."""
    residual = [rng.exponential(1 / MU)]
    log_w = 0.0
    while 0 < len(residual) < N:
        down = len(residual)
        window = min(residual)
        rate = (N - down) * LAM
        q = -np.expm1(-rate * window)
        if rule == "fixed":
            forced = max(theta, q)
        else:
            a = theta / (1 - theta) * (down * MU) / rate
            forced = a * q / (a * q + 1 - q)
        if rng.random() < forced:
            at = -np.log1p(-rng.random() * q) / rate
            log_w += np.log(q / forced)
            residual = [r - at for r in residual] + [rng.exponential(1 / MU)]
        else:
            log_w += np.log((1 - q) / (1 - forced))
            residual.remove(window)
            residual = [r - window for r in residual]
    return np.exp(log_w) * min(residual) if len(residual) == N else 0.0


def main():
    rule, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    theta = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
    if rule not in ("fixed", "odds"):
        sys.exit("rule must be fixed or odds")
    rng = np.random.default_rng(seed)
    c = np.array([excursion(rng, rule, theta) for _ in range(count)])
    hit = c[c > 0]
    print(
        f"{rule} theta={theta}: {c.mean():.4e} per excursion, relative SE "
        f"{c.std() / c.mean() / np.sqrt(count):.4f}, outage in {hit.size / count:.3f}, "
        f"ESS {hit.sum() ** 2 / (hit ** 2).sum():.0f} of {hit.size}"
    )


if __name__ == "__main__":
    main()
