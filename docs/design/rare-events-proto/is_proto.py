"""Prototype of the recommended estimator: ordinary trials (unbiased main run) + at each excursion
start (first loss of redundancy) one importance-sampled branch of the excursion, with forcing and
balanced failure biasing in each inter-event window, exact likelihood ratio (cumulative hazards).
Model: 1-of-n identical instances, own repair each (unlimited crews).
Usage: python3 is_proto.py MODEL TRIALS THETA SEED [WARMUP_HOURS [BETA]]
  MODEL: exp3 | exp4 | weib3 | small2 | dur2 | dur3 | dur3fixed; WARMUP_HOURS > 0: steady state over
  [W, W+1y]; BETA: share of the failure choice proportional to the window probabilities (0 = BFB)."""
import math, random, sys, time

class Exp:
    def __init__(s, mean): s.m = mean
    def draw(s, r): return r.expovariate(1 / s.m)
    def H(s, a): return a / s.m
    def Hinv(s, y): return y * s.m
    def dH(s, a, w): return w / s.m
class Weib:
    def __init__(s, k, mean): s.k = k; s.sc = mean / math.gamma(1 + 1 / k)
    def draw(s, r): return r.weibullvariate(s.sc, s.k)
    def H(s, a): return (a / s.sc) ** s.k
    def Hinv(s, y): return s.sc * y ** (1 / s.k)
    def dH(s, a, w): return s.H(a + w) - s.H(a)
class Fixed:
    def __init__(s, v): s.v = v
    def draw(s, r): return s.v
class LogN:
    def __init__(s, mean, sd):
        v = math.log(1 + (sd / mean) ** 2); s.sig = math.sqrt(v); s.mu = math.log(mean) - v / 2
    def draw(s, r): return r.lognormvariate(s.mu, s.sig)

MODELS = {  # n, life, repair, exact steady state, exact 1-year mean from all-up/new
    "exp3": (3, Exp(1e4), Exp(4.0), 6.392326e-11, 6.386981e-11),
    "exp4": (4, Exp(1e3), Exp(1.0), 9.960100e-13, 9.957735e-13),
    "weib3": (3, Weib(0.7, 1e4), LogN(4.0, 6.0), 6.392326e-11, None),
    "small2": (2, Exp(100.0), Exp(10.0), (10 / 110) ** 2, None),
    # durability: 3 replicas on disks at 2% AFR (mean life 8766/0.02 h), rebuild 24 h
    "dur3": (3, Exp(8766.0 / 0.02), Exp(24.0), 1.791268e-10, None),   # exact: P(loss in 1y)
    "dur3fixed": (3, Exp(8766.0 / 0.02), Fixed(24.0), None, None),
    "dur2": (2, Exp(8766.0 / 0.02), Exp(24.0), 2.183924e-06, None),
}
H = 8766.0
MIX = 0.0    # share of the choice proportional to q_c (0: balanced)
WARM = 0.0   # steady state: simulate [0, WARM + 8766], count only t >= WARM

def branch(t, ages, ends, life, rep, r, theta, n):
    """One IS excursion from time t. ages: {i: age} of up instances; ends: {i: repair end}.
    Returns weighted downtime, weighted outages, weight at first outage, events."""
    lw = 0.0; D = 0.0; O = 0.0; first = 0.0; ev = 0
    ages = dict(ages); ends = dict(ends)
    while ends and t < H:
        j, nxt = min(ends.items(), key=lambda kv: kv[1])
        if not ages:                                   # service down: nothing to bias
            e = min(nxt, H); D += math.exp(lw) * (e - max(t, WARM)); t = e
            if t >= H: break
            del ends[j]; ages[j] = 0.0; ev += 1; continue
        W = min(nxt, H) - t
        ups = list(ages.items())
        dHs = [life.dH(a, W) for _, a in ups]
        Q = -math.expm1(-sum(dHs))
        thw = max(theta, Q)
        if r.random() < thw:                           # force one failure inside the window
            m = len(ups)
            qs = [-math.expm1(-x) for x in dHs]; sq = sum(qs)
            if MIX > 0 and r.random() < MIX:
                u = r.random() * sq; k = 0
                while k < m - 1 and u >= qs[k]: u -= qs[k]; k += 1
            else:
                k = int(r.random() * m)
            i, ai = ups[k]
            qi = qs[k]
            pk = (1 - MIX) / m + MIX * qi / sq
            y = -math.log1p(-r.random() * qi)
            tau = life.Hinv(life.H(ai) + y) - ai
            tau = min(max(tau, 0.0), W)
            others = sum(life.dH(a, tau) for (l, a) in ups if l != i)
            lw += math.log(qi / (thw * pk)) - others
            t += tau
            for l in ages: ages[l] += tau
            del ages[i]; ends[i] = t + rep.draw(r); ev += 1
            if not ages:                               # the service goes down
                w = math.exp(lw); O += w
                if first == 0.0: first = w
        else:                                          # no failure in the window
            lw += math.log1p(-Q) - math.log1p(-thw) if thw < 1 else 0.0
            e = min(nxt, H)
            for l in ages: ages[l] += e - t
            t = e
            if t >= H: break
            del ends[j]; ages[j] = 0.0; ev += 1
    return D, O, first, ev

def trial(seed, idx, model, theta):
    n, life, rep = MODELS[model][:3]
    r = random.Random(seed * 1_000_003 + idx)        # main stream of trial idx
    born = [0.0] * n; fail = [life.draw(r) for _ in range(n)]; end = [math.inf] * n
    t = 0.0; D = O = F = 0.0; ev = 0; excursion = 0; main_outage = False; warm_done = False
    while True:
        i = min(range(n), key=lambda l: min(fail[l], end[l]))
        t = min(fail[i], end[i])
        if t >= H: break
        ev += 1
        if WARM > 0 and not warm_done and t >= WARM:
            warm_done = True
            if any(end[l] != math.inf for l in range(n)):   # mid-excursion at W: branch from here
                excursion += 1
                rb = random.Random((seed * 1_000_003 + idx) * 7919 + excursion)
                ages = {l: WARM - born[l] for l in range(n) if end[l] == math.inf}
                ends = {l: end[l] for l in range(n) if end[l] != math.inf}
                d, o, f, e = branch(WARM, ages, ends, life, rep, rb, theta, n)
                D += d; ev += e
        if fail[i] <= end[i]:                          # failure in the main run
            nup_before = sum(1 for l in range(n) if end[l] == math.inf)
            fail[i] = math.inf; end[i] = t + rep.draw(r)
            if nup_before == n and t >= WARM:          # excursion starts: branch it
                excursion += 1
                rb = random.Random((seed * 1_000_003 + idx) * 7919 + excursion)  # branch stream
                ages = {l: t - born[l] for l in range(n) if end[l] == math.inf}
                ends = {l: end[l] for l in range(n) if end[l] != math.inf}
                # the branch redraws the failed instance's repair: same law, its own stream
                ends[i] = t + rep.draw(rb)
                d, o, f, e = branch(t, ages, ends, life, rep, rb, theta, n)
                D += d; O += o; ev += e
                if not main_outage: F += f
            if all(end[l] != math.inf for l in range(n)): main_outage = True
        else:                                          # repair in the main run
            end[i] = math.inf; born[i] = t; fail[i] = t + life.draw(r)
    return D, O, F, ev

def run(model, trials, theta, seed):
    t0 = time.process_time(); s = s2 = so = sf = sf2 = 0.0; ev = 0
    for k in range(trials):
        d, o, f, e = trial(seed, k, model, theta)
        s += d; s2 += d * d; so += o; sf += f; sf2 += f * f; ev += e
    cpu = time.process_time() - t0
    mean = s / trials; var = (s2 - trials * mean * mean) / (trials - 1)
    relvar = var / mean ** 2 if mean > 0 else float("inf")
    re = 1.96 * math.sqrt(relvar / trials)
    U = mean / (H - WARM)
    ex = [x if x else float("nan") for x in MODELS[model][3:]]
    fm = sf / trials; fv = 0.0
    print(f"{model} theta={theta} seed={seed} trials={trials}: U_1y={U:.4e} +-{re*100:.1f}% "
          f"(exact ss {ex[0]:.4e}, 1y {ex[1]:.4e}); "
          f"outages/y={so/trials:.4e}; P(year down)={sf/trials:.4e}; relvar/trial={relvar:.2f}; "
          f"events/trial={ev/trials:.2f}; cpu={cpu:.1f}s; trials for +-10%={384.1*relvar:.0f}; "
          f"P relvar/trial={((sf2 - trials*fm*fm)/(trials-1))/fm**2 if fm>0 else float('nan'):.1f} "
          f"-> P +-{196*math.sqrt(((sf2 - trials*fm*fm)/(trials-1))/fm**2/trials) if fm>0 else float('nan'):.1f}%")
    pre = 1.96 * math.sqrt(((sf2 - trials*fm*fm)/(trials-1))/fm**2/trials) if fm > 0 else float('inf')
    return U, re, fm, pre

if __name__ == "__main__":
    model, trials, theta, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    if len(sys.argv) > 5:                              # warm-up in hours: steady-state estimate
        WARM = float(sys.argv[5]); H = WARM + 8766.0
    if len(sys.argv) > 6:
        MIX = float(sys.argv[6])
    run(model, trials, theta, seed)
