"""Coverage of the 95% interval over seeds (normal interval on i.i.d. per-trial estimates)."""
import sys, io, contextlib, math
import is_proto
model, trials, theta, seeds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
use_p = len(sys.argv) > 5 and sys.argv[5] == 'p'
exact = is_proto.MODELS[model][4] or is_proto.MODELS[model][3]
hit = 0
for sd in range(1, seeds + 1):
    with contextlib.redirect_stdout(io.StringIO()):
        U, re, P, pre = is_proto.run(model, trials, theta, 1000 + sd)
    if use_p: U, re = P, pre
    hit += abs(U / exact - 1) <= re
print(f"{model} {'P(loss)' if use_p else 'U'}: {hit}/{seeds} intervals cover {exact:.4e} ({trials} trials each, theta {theta})")
