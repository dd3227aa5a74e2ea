#!/usr/bin/env python3
"""Values behind the mutation tests of src/stats/student.rs (docs/testing.md).

1. Reference values of the four-term Cornish-Fisher expansion of Student's t quantile, for
the unit test of `cornish_fisher`.
The polynomials g1..g4 are those of Abramowitz and Stegun 26.7.5. They are first checked
against mpmath's t quantiles (the root of 1/2 I_{nu/(nu+t^2)}(nu/2, 1/2) = 1 - p at 60
digits): nu^4 (t - z - g1/nu - g2/nu^2 - g3/nu^3) must tend to g4(z) as nu grows, which
fails if any of g1..g4 is wrong. Then the expansion is evaluated at 40 digits at a few
exactly representable (z, nu), where every term is large enough for the tests to see.

2. The one-degree-of-freedom quantile tan(pi (p - 1/2)) against the mutant tan(pi (p + 1/2))
(equal but for rounding, tan having period pi): each one's relative error against mpmath at
the same f64 p, in Python's floats (IEEE doubles; math.tan and Rust's f64::tan both call
the C library's tan).

3. Whether Newton's method in `newton`, from the expansion's start, ever takes a step that
would leave the positive half-line (the halving branch), over a grid of p and dof, at 30
digits; and the first step from a start of 100 for t(0.975, 3), which the test uses.

Run: pip install mpmath; python3 scripts/student-mutants.py
"""
import math

import mpmath as mp

mp.mp.dps = 60


def upper_tail(t, nu):
    return mp.betainc(nu / 2, mp.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2


def t_quantile_at_z(z, nu):
    """The t quantile at the probability whose normal quantile is z."""
    q = mp.ncdf(-z)
    return mp.findroot(lambda t: upper_tail(t, nu) - q, z * (1 + (z * z + 1) / (4 * nu)))


def g(z):
    z2 = z * z
    return [
        z * (z2 + 1) / 4,
        z * ((5 * z2 + 16) * z2 + 3) / 96,
        z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384,
        z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160,
    ]


def expansion(z, nu):
    return z + sum(gk / nu ** (k + 1) for k, gk in enumerate(g(z)))


print("check: nu^4 (t - z - g1/nu - g2/nu^2 - g3/nu^3) against g4(z)")
for z in [mp.mpf(1), mp.mpf(2), mp.mpf("3.5")]:
    for nu in [mp.mpf(10) ** 4, mp.mpf(10) ** 5, mp.mpf(10) ** 6]:
        g1, g2, g3, g4 = g(z)
        residual = nu**4 * (t_quantile_at_z(z, nu) - z - g1 / nu - g2 / nu**2 - g3 / nu**3)
        print(f"  z = {mp.nstr(z, 3)}, nu = {mp.nstr(nu, 3)}: {mp.nstr(residual, 12)}"
              f" vs g4 = {mp.nstr(g4, 12)}")

print("(z, degrees of freedom, expansion):")
for z in ["1", "2", "3.5"]:
    for nu in ["4", "10"]:
        print(f"    ({z}.0, {nu}.0, {mp.nstr(expansion(mp.mpf(z), mp.mpf(nu)), 20)}),".replace(".5.0", ".5"))

print("tan(pi (p - 1/2)) and tan(pi (p + 1/2)) against mpmath at the f64 p, relative error:")
for p in [0.95, 0.975, 0.995, 0.9995, 0.99995, 0.999995, 0.9999995]:
    exact = mp.tan(mp.pi * (mp.mpf(p) - mp.mpf(1) / 2))
    code = math.tan(math.pi * (p - 0.5))
    mutant = math.tan(math.pi * (p + 0.5))
    print(f"  p = {p}: {mp.nstr(abs(code - exact) / exact, 2)} and"
          f" {mp.nstr(abs(mutant - exact) / exact, 2)}")

mp.mp.dps = 30


def density(t, nu):
    c = mp.gamma((nu + 1) / 2) / (mp.sqrt(nu * mp.pi) * mp.gamma(nu / 2))
    return c * (1 + t * t / nu) ** (-(nu + 1) / 2)


qs = [0.45, 0.4, 0.3, 0.25, 0.1, 0.025, 1e-3, 1e-5, 1e-8, 1e-12, 1.1e-16]
nus = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 1.5, 1.8, 2.2, 2.5, 2.8, 3, 3.5, 4, 6, 10, 30,
       100, 300, 999]
overshoots = 0
for q in qs:
    for nu in map(mp.mpf, nus):
        t = max(expansion(-mp.sqrt(2) * mp.erfinv(2 * mp.mpf(q) - 1), nu), mp.mpf(2.2e-308))
        for _ in range(50):
            step = (upper_tail(t, nu) - q) / density(t, nu)
            overshoots += t + step <= 0
            following = t + step if t + step > 0 else t / 2
            if abs(following - t) <= 1e-15 * t:
                break
            t = following
print(f"steps leaving the positive half-line: {overshoots} in {len(qs) * len(nus)} (q, dof)")
t, q, nu = mp.mpf(100), mp.mpf(0.025), mp.mpf(3)
print(f"first step from 100 for t(0.975, 3): to {mp.nstr(t + (upper_tail(t, nu) - q) / density(t, nu), 6)}")
