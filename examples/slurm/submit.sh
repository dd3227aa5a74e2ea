#!/bin/bash
# Submits a sharded nines run: SHARDS array tasks, then the merge once they all succeed.
#   SCENARIO=design.toml TRIALS=10000000 SHARDS=64 ./submit.sh [--wait]
# A sharded study the same way (COMMAND=sweep, compare or plan; its flags in RUN_ARGS):
#   COMMAND=sweep SCENARIO=design.toml RUN_ARGS="--set components.app.count=2,3,4" \
#       TRIALS=1000000 SHARDS=64 ./submit.sh
# Every variable is passed on to the jobs (sbatch exports the environment by default):
# COMMAND, SCENARIO, TRIALS, SEED, RUN_ARGS (more flags), PARTS (partials folder), REPORT
# (report folder), NINES (the binary); CPUS sets the cores of each job (default 4).
# With --wait, returns when the merge has finished, with its exit status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${SHARDS:-64}
cpus=${CPUS:-4}
array=$(sbatch --parsable --array="0-$((shards - 1))" --cpus-per-task="$cpus" "$here/shards.sbatch")
echo "shards: job $array (${shards} tasks)"
sbatch --dependency="afterok:${array%%;*}" --kill-on-invalid-dep=yes --cpus-per-task="$cpus" \
    "$@" "$here/merge.sbatch"
