"""MTTDL of the stripe chains in exact rational arithmetic (checks the closed form and the float solve)."""
from fractions import Fraction as Fr
lam, mu = Fr(2, 100) / 8766, Fr(1, 24)
def solve(A, b):
    n = len(A); A = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = next(r for r in range(c, n) if A[r][c] != 0); A[c], A[p] = A[p], A[c]
        for r in range(n):
            if r != c and A[r][c] != 0:
                f = A[r][c] / A[c][c]; A[r] = [x - f * y for x, y in zip(A[r], A[c])]
    return [A[i][n] / A[i][i] for i in range(n)]
def closed(w, m, limit):
    a = [(w - j) * lam for j in range(m + 1)]; b = [0] + [min(j, limit or j) * mu for j in range(1, m + 1)]
    tot = Fr(0)
    for i in range(m + 1):
        for j in range(i + 1):
            num = Fr(1)
            for l in range(j + 1, i + 1): num *= b[l]
            den = Fr(1)
            for l in range(j, i + 1): den *= a[l]
            tot += num / den
    return tot
for w, m in [(2, 1), (3, 2), (9, 3)]:
    for limit in (None, 1):
        n = m + 1; A = [[Fr(0)] * n for _ in range(n)]
        for j in range(n):
            out = (w - j) * lam + (min(j, limit or j) * mu if j else 0)
            A[j][j] = out
            if j + 1 < n: A[j][j + 1] = -(w - j) * lam
            if j: A[j][j - 1] = -min(j, limit or j) * mu
        x = solve(A, [Fr(1)] * n)[0]
        print(w, m, limit, f"exact MTTDL {float(x):.9e} h; closed form {float(closed(w, m, limit)):.9e} h")
