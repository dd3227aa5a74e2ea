#!/usr/bin/env python3
"""Expected values of the far-tail unit tests of src/dist/hazard.rs (docs/testing.md,
mutation results), from the definitions H(a) = -ln P(T > a) and h(a) = f(a) / P(T > a) at
50 digits in mpmath, not from nines' code.

- Lognormal with mu = 0, sigma = 1 at a = e^z: P(T > a) = erfc(z / sqrt 2) / 2, the density
  phi(z) / a. At z = 38 and 40 the survival (3e-316, 4e-350) is below 1e-300, where the code
  switches to the Mills-ratio expansion.
- Gamma with scale 100 at x = a / 100 = 800: Q(k, x) below 1e-300, the asymptotic series;
  for shape 3 the series is exact (Q(3, x) = e^-x (1 + x + x^2 / 2)).
- The gamma law's inverse, the age at which H reaches 1e-6, 0.5, 3 and 20 for shapes 3 and
  0.5 with scale 100, by bisection on H at 50 digits (300 halvings of [0, 1000] in x).
- Gamma with scale 100 near age 0, where statrs's P(k, x) is 0 below x = 1e-15: H(a) =
  -ln(1 - P(k, a / 100)) at x = 1e-30, 1e-16, 1e-11 and 1e-9 for shapes 0.2, 0.5 and 3, and
  the age at which H reaches 1e-12 for shapes 0.2 and 0.5 (bisection on ln x over [-700, 10]).
- Lognormal with mu = 0, sigma = 1 at the f64 nearest e^z for z = -7, -3, -0.5, 0.5, 2, 6
  and 9: H = -ln(erfc(ln(a) / sqrt 2) / 2), where statrs 0.18's erfc was off by 1e-10.

Run: pip install mpmath; python3 scripts/hazard-expected.py
"""
import mpmath as mp

mp.mp.dps = 50

for z in (38, 40):
    sf = mp.erfc(z / mp.sqrt(2)) / 2
    a = mp.exp(z)
    pdf = mp.npdf(z) / a
    print(f"lognormal z {z}: H {mp.nstr(-mp.log(sf), 20)}  h {mp.nstr(pdf / sf, 20)}")

for shape in (3, 0.5):
    x = mp.mpf(800)
    q = mp.gammainc(shape, x, mp.inf, regularized=True)
    pdf = x ** (shape - 1) * mp.exp(-x) / mp.gamma(shape) / 100
    print(f"gamma {shape} x 800: H {mp.nstr(-mp.log(q), 20)}  h {mp.nstr(pdf / q, 20)}")


def gamma_h(shape, x):
    return -mp.log(mp.gammainc(shape, x, mp.inf, regularized=True))


for shape in (3, 0.5):
    for h in ("1e-6", "0.5", "3", "20"):
        low, high = mp.mpf(0), mp.mpf(1000)
        for _ in range(300):
            middle = (low + high) / 2
            if gamma_h(shape, middle) < mp.mpf(h):
                low = middle
            else:
                high = middle
        print(f"gamma {shape}: H = {h} at age {mp.nstr(100 * low, 20)}")


def gamma_h_small(shape, x):
    return -mp.log1p(-mp.gammainc(shape, 0, x, regularized=True))


for shape in ("0.2", "0.5", "3"):
    for x in ("1e-30", "1e-16", "1e-11", "1e-9"):
        h = gamma_h_small(mp.mpf(shape), mp.mpf(x))
        print(f"gamma {shape} x {x}: H {mp.nstr(h, 20)}")

for shape in ("0.2", "0.5"):
    low, high = mp.mpf(-700), mp.mpf(10)
    for _ in range(300):
        middle = (low + high) / 2
        if gamma_h_small(mp.mpf(shape), mp.exp(middle)) < mp.mpf("1e-12"):
            low = middle
        else:
            high = middle
    print(f"gamma {shape}: H = 1e-12 at age {mp.nstr(100 * mp.exp(low), 20)}")

for z in (-7, -3, -0.5, 0.5, 2, 6, 9):
    a = mp.mpf(float(mp.exp(z)))  # the f64 age the test passes
    h = -mp.log(mp.erfc(mp.log(a) / mp.sqrt(2)) / 2)
    print(f"lognormal a = {float(a)!r}: H {mp.nstr(h, 20)}")
