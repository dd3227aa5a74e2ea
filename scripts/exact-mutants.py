#!/usr/bin/env python3
"""Values behind the mutation tests of src/stats/exact.rs (docs/testing.md).

1. Clopper-Pearson bounds where the code sums tails exactly but a mutant of the switch to
the score interval would not (x exactly at the limit of 100,000; x above it with n - x
small): roots of binomial tails summed term by term at 40 digits (mpmath), cross-checked
with scipy's beta quantiles.
2. Garwood bounds at k exactly 100,000 and at small k with 99.9 % confidence (where the
bisection's reach must cover an upper root far above k): roots of Poisson tails summed at
40 digits, cross-checked with scipy's chi-square quantiles.
3. The large-count formulas as src/stats/exact.rs documents them, evaluated at 40 digits:
Wilson's score interval widened by 1/(2n) on each side, and the Wilson-Hilferty cube root
of the chi-square quantiles.
4. Both intervals at the largest confidence below 1 (1 - 2^-53, which a scenario accepts):
alpha/2 = 2^-54, so 1 - alpha/2 rounds to 1 in f64.
5. Garwood's bisection reach k + 40 sqrt(k + 1) + 50 and its mutants against the largest
upper end any accepted confidence asks for (alpha = 2^-53, scipy's chi-square quantile).
6. With the argument `extremes` (and only that): the rows of exact.rs's test table
`EXTREMES`, every end of both intervals at seven confidences from 0.9 to 1 - 2^-53 and counts
from 0 to 1e5 (exact bounds at 40 digits, closed forms where the code has them), and of the
large-count formulas beyond the limit.
7. With the argument `pieces` (and only that): the rows of exact.rs's test table `PIECES`,
each private piece of the tail sums (Stirling's error, the deviance, ln of each pmf, each
tail) at 40 digits, at arguments on both sides of every branch, for the mutation tests.
8. With the argument `stops` (and only that): the steps `falling_tail` takes with every ratio
1/2 under its stopping rule and under each mutant of it, in f64 as the code does it, and
the sum it returns (the test `falling_tail_stops_where_its_bound_on_the_rest_allows`).

Run: pip install mpmath scipy; python3 scripts/exact-mutants.py [extremes | pieces | stops]
"""
import math
import sys

import mpmath as mp
from scipy import stats

mp.mp.dps = 40


def z_of(confidence):
    return mp.sqrt(2) * mp.erfinv(mp.mpf(confidence))


def binomial_tail(k, n, p, upward):
    """P(X >= k) (upward) or P(X <= k) for X binomial(n, p), summed from k away from the
    mode, which must lie on the other side of k (the terms then decay)."""
    q = 1 - p
    term = mp.exp(mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
                  + k * mp.log(p) + (n - k) * mp.log(q))
    total, i = mp.mpf(0), k
    while True:
        total += term
        if (upward and i == n) or (not upward and i == 0):
            return total
        if upward:
            term *= (n - i) / (i + 1) * p / q
            i += 1
        else:
            term *= i / (n - i + 1) * q / p
            i -= 1
        if term < total * mp.mpf(10) ** -45:
            return total


def poisson_tail(k, mu, upward):
    """P(K >= k) (upward) or P(K <= k) for K Poisson(mu), summed from k away from the mode,
    which must lie on the other side of k (the terms then decay)."""
    term = mp.exp(-mu + k * mp.log(mu) - mp.loggamma(k + 1))
    total, i = mp.mpf(0), k
    while True:
        total += term
        if not upward and i == 0:
            return total
        if upward:
            term *= mu / (i + 1)
            i += 1
        else:
            term *= i / mu
            i -= 1
        if term < total * mp.mpf(10) ** -45:
            return total


def root(tail, target, guess, top=None):
    """The root of ln tail = ln target near scipy's `guess`, bracketed within 1e-6 of it
    (and below `top`)."""
    guess = mp.mpf(guess)
    step = mp.mpf(10) ** -6 * (guess if top is None else min(guess, top - guess))
    def f(v):
        return mp.log(tail(v)) - mp.log(target)

    try:
        return mp.findroot(f, (guess - step, guess + step), solver="anderson",
                           tol=mp.mpf(10) ** -30)
    except ValueError:
        # Anderson stalls on some roots near 1e-25 (one success in 1e8 at alpha = 2^-53);
        # the bracket holds a sign change, which Illinois closes.
        return mp.findroot(f, (guess - step, guess + step), solver="illinois",
                           tol=mp.mpf(10) ** -30)


def clopper_pearson(x, n, confidence, alpha=None):
    alpha = 1 - mp.mpf(confidence) if alpha is None else alpha
    low = stats.beta.ppf(float(alpha / 2), x, n - x + 1)
    high = stats.beta.isf(float(alpha / 2), x + 1, n - x)
    # P(X >= x; p) = alpha/2 below x/n; P(X <= x; p) = alpha/2 above it.
    low_mp = root(lambda p: binomial_tail(x, n, p, True), alpha / 2, low, 1)
    high_mp = root(lambda p: binomial_tail(x, n, p, False), alpha / 2, high, 1)
    return low_mp, high_mp, low, high


def garwood(k, confidence, alpha=None):
    alpha = 1 - mp.mpf(confidence) if alpha is None else alpha
    low = stats.chi2.ppf(float(alpha / 2), 2 * k) / 2
    high = stats.chi2.isf(float(alpha / 2), 2 * k + 2) / 2
    # P(K >= k; mu) = alpha/2 below k; P(K <= k; mu) = alpha/2 above it.
    low_mp = root(lambda mu: poisson_tail(k, mu, True), alpha / 2, low)
    high_mp = root(lambda mu: poisson_tail(k, mu, False), alpha / 2, high)
    return low_mp, high_mp, low, high


def wilson(x, n, confidence):
    z = z_of(confidence)
    x, n = mp.mpf(x), mp.mpf(n)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * mp.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half - 1 / (2 * n), centre + half + 1 / (2 * n)


def wilson_hilferty(k, confidence):
    z = z_of(confidence)

    def cube(dof, z):
        c = mp.mpf(2) / (9 * dof)
        return dof * (1 - c + z * mp.sqrt(c)) ** 3 / 2

    return cube(2 * mp.mpf(k), -z), cube(2 * mp.mpf(k) + 2, z)


def show(label, exact, approx=None):
    low_mp, high_mp, low_sp, high_sp = exact
    print(label)
    print(f"  exact (mpmath) {mp.nstr(low_mp, 20)}  {mp.nstr(high_mp, 20)}")
    print(f"  scipy          {low_sp!r}  {high_sp!r}"
          f"  (relative difference {float(abs(low_sp / low_mp - 1)):.1e}, "
          f"{float(abs(high_sp / high_mp - 1)):.1e})")
    if approx is not None:
        low_a, high_a = approx
        width = high_mp - low_mp
        print(f"  large-count formula {mp.nstr(low_a, 20)}  {mp.nstr(high_a, 20)}")
        print(f"  formula - exact: {mp.nstr((low_a - low_mp) / low_mp, 3)}, "
              f"{mp.nstr((high_a - high_mp) / high_mp, 3)} relative; "
              f"{mp.nstr((low_a - low_mp) / width, 3)}, "
              f"{mp.nstr((high_a - high_mp) / width, 3)} of the width")


def mutants():
    print("1. Clopper-Pearson")
    show("x = 100000, n = 1e7, 95%", clopper_pearson(100000, 10**7, 0.95),
         wilson(100000, 10**7, 0.95))
    show("x = 100005, n = 100010, 95%", clopper_pearson(100005, 100010, 0.95),
         wilson(100005, 100010, 0.95))

    print("2. Garwood")
    show("k = 100000, 95%", garwood(100000, 0.95), wilson_hilferty(100000, 0.95))
    for k in (1, 2, 5):
        show(f"k = {k}, 99.9%", garwood(k, 0.999))

    print("3. The large-count formulas")
    for x, n, confidence in ((500000, 10**6, 0.95), (150000, 10**7, 0.95),
                             (9_850_000, 10**7, 0.999)):
        low, high = wilson(x, n, confidence)
        print(f"Wilson + 1/(2n), x = {x}, n = {n}, {confidence}: "
              f"{mp.nstr(low, 20)}  {mp.nstr(high, 20)}")
    for k, confidence in ((100001, 0.95), (1_000_000, 0.95), (250_000, 0.999)):
        low, high = wilson_hilferty(k, confidence)
        print(f"Wilson-Hilferty, k = {k}, {confidence}: "
              f"{mp.nstr(low, 20)}  {mp.nstr(high, 20)}")

    print("4. At confidence 1 - 2^-53")
    top = 1 - 2.0**-53
    alpha = mp.mpf(2) ** -53
    assert 1 - top == float(alpha) and 1 - float(alpha) / 2 == 1.0
    show("Clopper-Pearson, x = 50, n = 100", clopper_pearson(50, 100, top, alpha))
    show("Garwood, k = 10", garwood(10, top, alpha))

    print("5. Reach of Garwood's bisection against the upper end at alpha = 2^-53")
    for k in (1, 2, 3, 5, 10, 100, 1000, 10**4, 10**5):
        high = stats.chi2.isf(2.0**-54, 2 * k + 2) / 2
        reaches = {
            "reach": k + 40 * math.sqrt(k + 1) + 50,
            "k * 40 sqrt(k + 1) + 50": k * 40 * math.sqrt(k + 1) + 50,
            "(k + 40 sqrt(k + 1)) * 50": (k + 40 * math.sqrt(k + 1)) * 50,
            "k + 40 sqrt(k - 1) + 50": k + 40 * math.sqrt(k - 1) + 50,
            "k + 40 sqrt(k) + 50": k + 40 * math.sqrt(k) + 50,
        }
        lowest = min(reaches, key=reaches.get)
        print(f"k = {k}: upper end {high:.6g}; lowest reach {reaches[lowest]:.6g} ({lowest})")
        assert high < reaches[lowest]


# Section 6: every end against the confidence, up to the largest below 1. alpha is 1 minus
# the f64 confidence, exactly (1 - 1e-9 as an f64 is not 1 - 1e-9), as the code sees it.
CONFIDENCES = (0.9, 0.99, 0.999, 0.99999, 1 - 1e-9, 1 - 1e-12, 1 - 2.0**-53)
CP_CASES = ((0, 100), (1, 100), (5, 100), (50, 100), (100, 100), (1, 10**5), (5, 10**5),
            (100, 10**5), (10**5, 10**6), (0, 10**9), (1, 10**8), (5, 10**7))
GARWOOD_CASES = (0, 1, 5, 100, 10**5)
FORMULA_CP = ((500_000, 10**6),)
FORMULA_GARWOOD = (10**6,)


def exact_bounds(family, count, confidence):
    """The exact interval at 40 digits, the closed forms where the code has them."""
    alpha = 1 - mp.mpf(confidence)
    if family == "cp":
        x, n = count
        if x == 0:
            return mp.mpf(0), -mp.expm1(mp.log(alpha / 2) / n)
        if x == n:
            return mp.exp(mp.log(alpha / 2) / n), mp.mpf(1)
        low, high, _, _ = clopper_pearson(x, n, confidence, alpha)
        return low, high
    if count == 0:
        return mp.mpf(0), mp.log(2 / alpha)
    low, high, _, _ = garwood(count, confidence, alpha)
    return low, high


def formula_bounds(family, count, confidence):
    """The large-count formulas at 40 digits, z from the f64 confidence."""
    if family == "cp":
        return wilson(count[0], count[1], confidence)
    return wilson_hilferty(count, confidence)


def rust_float(v):
    return repr(float(v)) if v != 0 else "0.0"


def extremes():
    """Prints the rows of exact.rs's test table `EXTREMES`: family, x or k, n (0 for
    Garwood), confidence, low, high."""
    for confidence in CONFIDENCES:
        rows = [("cp", c, exact_bounds) for c in CP_CASES]
        rows += [("garwood", k, exact_bounds) for k in GARWOOD_CASES]
        rows += [("cp_formula", c, formula_bounds) for c in FORMULA_CP]
        rows += [("garwood_formula", k, formula_bounds) for k in FORMULA_GARWOOD]
        for family, count, bounds in rows:
            low, high = bounds(family.split("_")[0], count, confidence)
            x, n = count if isinstance(count, tuple) else (count, 0)
            print(f'    ("{family}", {float(x)!r}, {float(n)!r}, {confidence!r}, '
                  f"{rust_float(low)}, {rust_float(high)}),")


def binomial_pmf(x, n, p):
    return mp.exp(mp.loggamma(n + 1) - mp.loggamma(x + 1) - mp.loggamma(n - x + 1)
                  + x * mp.log(p) + (n - x) * mp.log(1 - p))


def binomial_cdf(x, n, p):
    """P(X <= x), summed downward from x (every term: the counts here are small or the
    stop at 1e-45 of the sum ends it)."""
    return binomial_tail(x, n, p, upward=False)


def pieces():
    """Prints the rows of exact.rs's test table `PIECES`: function, three arguments (0 where
    unused), value at 40 digits. Every argument is an f64, taken exactly."""
    f = lambda v: mp.mpf(float(v))
    rows = []
    for m in (1, 2, 7, 15, 16, 17, 40, 1000, 1e7):
        m = f(m)
        value = mp.loggamma(m + 1) - (m + mp.mpf(1) / 2) * mp.log(m) + m - mp.log(2 * mp.pi) / 2
        rows.append(("stirling_error", m, 0, 0, value))
    # (11, 9) is on the switch to the series, |x - m| = (x + m)/10 exactly in f64.
    for x, m in ((10, 10.5), (100, 99), (100000, 100003), (7, 7), (30, 27.5), (1, 10),
                 (50, 10), (3, 1e-3), (27, 30), (11, 9), (190, 10)):
        x, m = f(x), f(m)
        rows.append(("deviance", x, m, 0, x * mp.log(x / m) + m - x))
    for x, n, p in ((0, 100, 0.03), (100, 100, 0.9), (1, 100, 0.01), (5, 100, 0.2),
                    (50, 100, 0.5), (99, 100, 0.99), (5, 1e7, 1e-7), (3, 20, 0.6)):
        x, n, p = f(x), f(n), f(p)
        rows.append(("ln_binomial_pmf", x, n, p, mp.log(binomial_pmf(x, n, p))))
    for k, mu in ((0, 2.5), (1, 0.5), (5, 3), (20, 25), (100, 80), (100000, 99700)):
        k, mu = f(k), f(mu)
        rows.append(("ln_poisson_pmf", k, mu, 0, -mu + k * mp.log(mu) - mp.loggamma(k + 1)))
    for x, n, p in ((3, 100, 0.1), (12, 100, 0.1), (0, 20, 0.3), (10, 20, 0.5),
                    (15, 20, 0.5), (98, 100, 0.9), (5, 1e7, 2e-7), (40, 100, 0.05),
                    (1999, 2000, 0.5)):
        x, n, p = f(x), f(n), f(p)
        rows.append(("binomial_cdf", x, n, p, binomial_cdf(x, n, p)))
    for x, n, p in ((3, 100, 0.1), (12, 100, 0.1), (1, 20, 0.3), (10, 20, 0.5),
                    (20, 20, 0.5), (99, 100, 0.9), (5, 1e7, 2e-7), (30, 100, 0.05)):
        x, n, p = f(x), f(n), f(p)
        rows.append(("binomial_upper", x, n, p, binomial_tail(x, n, p, upward=True)))
    for k, mu in ((0, 2.5), (3, 5.5), (8, 5.5), (100, 80), (100, 130), (50, 5)):
        k, mu = f(k), f(mu)
        rows.append(("poisson_cdf", k, mu, 0, poisson_tail(k, mu, upward=False)))
    for k, mu in ((1, 0.5), (3, 5.5), (8, 5.5), (100, 80), (100, 130), (60, 5)):
        k, mu = f(k), f(mu)
        rows.append(("poisson_upper", k, mu, 0, poisson_tail(k, mu, upward=True)))
    for name, a, b, c, value in rows:
        print(f'        ("{name}", {float(a)!r}, {float(b)!r}, {float(c)!r}, '
              f"{mp.nstr(value, 20, min_fixed=0, max_fixed=0)}),")


# Section 8: falling_tail's rule "stop once term * r <= 1e-17 * sum * (1 - r)" and the
# mutants cargo-mutants makes of it, by the text of each.
STOP_RULES = {
    "term * r <= 1e-17 * sum * (1.0 - r) (the code)": lambda t, r, s: t * r <= 1e-17 * s * (1.0 - r),
    "<= -> >": lambda t, r, s: t * r > 1e-17 * s * (1.0 - r),
    "term + r": lambda t, r, s: t + r <= 1e-17 * s * (1.0 - r),
    "term / r": lambda t, r, s: t / r <= 1e-17 * s * (1.0 - r),
    "1e-17 + sum": lambda t, r, s: t * r <= (1e-17 + s) * (1.0 - r),
    "1e-17 / sum": lambda t, r, s: t * r <= 1e-17 / s * (1.0 - r),
    "1e-17 * sum + (1.0 - r)": lambda t, r, s: t * r <= 1e-17 * s + (1.0 - r),
    "1e-17 * sum / (1.0 - r)": lambda t, r, s: t * r <= 1e-17 * s / (1.0 - r),
    "1.0 + r": lambda t, r, s: t * r <= 1e-17 * s * (1.0 + r),
    "1.0 / r": lambda t, r, s: t * r <= 1e-17 * s * (1.0 / r),
}


def stops():
    """Prints, for each rule, the steps falling_tail's loop takes in f64 and the sum it
    returns (first = 0), with every ratio 1/2 (the test's case; sum 2) and with every ratio
    1 - 2^-10 (sum 1024, where a looser rule shows in the digits), capped at 1e7 steps."""
    for r in (0.5, 1 - 2.0**-10):
        print(f"every ratio {r!r}, exact sum {1 / (1 - r)!r}")
        for label, rule in STOP_RULES.items():
            term, total, j = 1.0, 1.0, 0.0
            while j < 1e7:
                term *= r
                total += term
                j += 1.0
                if rule(term, r, total):
                    break
            print(f"  {label}: {int(j)} steps, sum {math.exp(math.log(total))!r}")


if __name__ == "__main__":
    if sys.argv[1:] == ["extremes"]:
        extremes()
    elif sys.argv[1:] == ["pieces"]:
        pieces()
    elif sys.argv[1:] == ["stops"]:
        stops()
    else:
        mutants()
