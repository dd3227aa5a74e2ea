"""P(loss within a year) by uniformization: the absorbing state's probability is a sum of positive terms."""
import numpy as np
from scipy.stats import poisson
Y = 8766.0; lam, mu = 0.02 / Y, 1 / 24.0
for w, m in [(2, 1), (3, 2), (9, 3)]:
    for limit in (None, 1):
        n = m + 2; Q = np.zeros((n, n))
        for j in range(m + 1):
            Q[j, j + 1] = (w - j) * lam
            if j: Q[j, j - 1] = min(j, limit or j) * mu
            Q[j, j] = -Q[j].sum()
        L = max(-Q.diagonal()) * 1.02; P = np.eye(n) + Q / L
        K = int(poisson.ppf(1 - 1e-16, L * Y)) + 10
        pk = poisson.pmf(np.arange(K + 1), L * Y)
        v = np.eye(n)[0]; acc = 0.0
        for k in range(K + 1):
            acc += pk[k] * v[-1]; v = v @ P
        print(w, m, limit, f"P(loss in 1y) = {acc:.6e}")
