#!/usr/bin/env python3
"""Reference quantiles of Student's t distribution for src/stats/student.rs's tests.

Computed independently of nines and of statrs: mpmath at 40 significant digits, as the root
of P(T > t) = 1/2 I_{nu/(nu+t^2)}(nu/2, 1/2) = 1 - p. Prints the Rust table of
src/stats/student_reference.rs. Run: pip install mpmath; python3 scripts/t-quantiles.py
"""
import mpmath as mp

mp.mp.dps = 40


def upper_tail(t, nu):
    return mp.betainc(nu / 2, mp.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2


def t_quantile(p, nu):
    nu, q = mp.mpf(nu), 1 - mp.mpf(p)
    z = mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1)
    return mp.findroot(lambda t: upper_tail(t, nu) - q, z * (1 + (z * z + 1) / (4 * nu)))


print("//! Reference t quantiles from scripts/t-quantiles.py (mpmath, 40 digits).")
print("#![allow(clippy::excessive_precision)]")
print()
print("/// (p, degrees of freedom, quantile).")
print("pub const TABLE: &[(f64, f64, f64)] = &[")
for p in ["0.975", "0.9995", "0.95", "0.995"]:
    for nu in [1, 2, 3, 5, 9, 10, 30, 100, 300, 999, 1000, 3000, 10**4, 10**5, 10**6,
               3 * 10**6, 10**7, 11 * 10**6, 10**8, 10**9]:
        print(f"    ({p}, {float(nu):e}, {mp.nstr(t_quantile(p, nu), 20)}),")
print("];")
