"""Exact reference values for nines' rare-event targets (issue 10).
Run: python3 exact.py   (numpy, scipy)"""
import numpy as np
from scipy.linalg import expm
from scipy import stats

YEAR = 8766.0

def kofn_exp(n, mttf, mttr):
    """1-of-n, independent, own repair: steady state (any distributions) and
    the horizon mean from all-up for exponential clocks."""
    u = mttr / (mttf + mttr)
    U = u ** n
    freq = n * u ** (n - 1) / (mttf + mttr)          # outages per hour
    dur = U / freq                                    # = mttr / n
    lam, mu = 1 / mttf, 1 / mttr
    s = lam + mu
    # u(t) = u (1 - e^{-s t}); horizon mean of u(t)^n over [0, YEAR]
    t = np.linspace(0, YEAR, 2_000_001)
    uh = np.trapezoid((u * -np.expm1(-s * t)) ** n, t) / YEAR
    return dict(U=U, Uh=uh, per_year=freq * YEAR, mean_outage_h=dur,
                p_year=-np.expm1(-freq * YEAR))

for name, args in [("1-of-3 MTTF 10000h MTTR 4h", (3, 1e4, 4.0)),
                   ("1-of-4 MTTF 1000h MTTR 1h", (4, 1e3, 1.0))]:
    r = kofn_exp(*args)
    print(f"{name}: U_ss={r['U']:.6e}  U_1y(from all-up)={r['Uh']:.6e}  "
          f"outages/y={r['per_year']:.6e}  mean outage={r['mean_outage_h']:.4f} h  "
          f"P(year has downtime)~{r['p_year']:.6e}")

# --- 1-of-3, Weibull(0.7, mean 10000 h) failures, lognormal repairs (mean 4 h, sd 6 h)
k, mttf = 0.7, 1e4
from math import gamma as G
scale = mttf / G(1 + 1 / k)
s2 = np.log(1 + (6 / 4) ** 2); sig = np.sqrt(s2); mu_ln = np.log(4) - s2 / 2
u = 4 / (mttf + 4)
print(f"Weibull/lognormal 1-of-3: U_ss = u^3 = {u**3:.6e} (exact: alternating renewal + independence);"
      f" outages/y = {3*u*u/(mttf+4)*YEAR:.6e}; mean outage = {4/3:.4f} h")
# The first-year mean from new for this model: see horizon_weibull.py (grid renewal equation with
# damping, two grids + Richardson extrapolation -> 2.8493e-10).

# --- durability: absorbing birth-death chains --------------------------------------------
lam = 0.02 / YEAR           # 2% AFR, as nines reads afr (rate = afr per year)
mu = 1 / 24.0               # rebuild 24 h (exponential in the chain)

def chain(width, tolerate, lam, mu, limit=None):
    """States j = 0..tolerate lost fragments (transient), tolerate+1 absorbing (loss)."""
    n = tolerate + 1
    Q = np.zeros((n + 1, n + 1))
    for j in range(n):
        Q[j, j + 1] = (width - j) * lam
        if j > 0:
            Q[j, j - 1] = min(j, limit or j) * mu
        Q[j, j] = -Q[j].sum()
    return Q

def mttdl_and_ploss(width, tolerate, lam, mu, limit=None, t=YEAR):
    Q = chain(width, tolerate, lam, mu, limit)
    T = Q[:-1, :-1]
    mttdl = np.linalg.solve(-T, np.ones(len(T)))[0]   # ~1e-5 relative error on 6+3 (conditioning);
    # mttdl_closed() below is exact (checked in rational arithmetic by exact_rational.py)
    # P(absorbed by t) from state 0: use expm on the full generator (uniformisation-equivalent);
    # 1 - row sum of the transient block is cancellation-prone at 1e-12, so integrate the
    # absorption flux instead: P = int_0^t p_last(s) * rate_last ds with p(s) from expm.
    ts = np.linspace(0, t, 20001)
    E = expm(Q * (ts[1] - ts[0]))
    p = np.zeros(len(Q)); p[0] = 1; flux = []
    for _ in ts:
        flux.append(p[tolerate] * Q[tolerate, tolerate + 1]); p = p @ E
    ploss = np.trapezoid(flux, ts)
    return mttdl, ploss

def mttdl_closed(width, tolerate, lam, mu, limit=None):
    """Exact MTTDL of a birth-death chain absorbed at tolerate+1, from state 0:
    sum_{i=0}^{m} sum_{j=0}^{i} prod_{l=j+1}^{i} b_l / prod_{l=j}^{i} a_l."""
    a = [(width - j) * lam for j in range(tolerate + 1)]
    b = [0] + [min(j, limit or j) * mu for j in range(1, tolerate + 1)]
    tot = 0.0
    for i in range(tolerate + 1):
        for j in range(i + 1):
            num = np.prod([b[l] for l in range(j + 1, i + 1)]) if i > j else 1.0
            den = np.prod([a[l] for l in range(j, i + 1)])
            tot += num / den
    return tot

for label, w, m in [("2 replicas", 2, 1), ("3 replicas", 3, 2), ("6+3 stripe", 9, 3)]:
    for limit in (None, 1):
        M, P = mttdl_and_ploss(w, m, lam, mu, limit)
        Mc = mttdl_closed(w, m, lam, mu, limit)
        lead = np.prod([(w - j) * lam for j in range(m + 1)]) / np.prod(
            [min(j, limit or j) * mu for j in range(1, m + 1)])
        print(f"{label:10s} rebuilds {'parallel' if limit is None else 'one at a time'}: "
              f"MTTDL = {M:.6e} h = {M/YEAR:.4e} y (closed form {Mc:.6e}); "
              f"P(loss in 1y) = {P:.6e}; 1-exp(-y/MTTDL) = {-np.expm1(-YEAR/M):.6e}; "
              f"leading-order rate*y = {lead*YEAR:.6e}; nines = {-np.log10(P):.2f}")
