#!/bin/bash
# Submits a sharded nines run: SHARDS array tasks, then the merge once they all succeed.
#   SCENARIO=design.toml TRIALS=10000000 SHARDS=64 ./submit.sh [--wait]
# A sharded study the same way (COMMAND=sweep, compare or plan; its flags in RUN_ARGS):
#   COMMAND=sweep SCENARIO=design.toml RUN_ARGS="--set components.app.count=2,3,4" \
#       TRIALS=1000000 SHARDS=64 ./submit.sh
# COMMAND=plan submits both stages of a sharded plan, each job depending on the last:
# the design stage's array (PARTS), the merge ranking the designs and leaving the paired
# stage pending (RANKING, default REPORT-ranking), the paired stage's array (PAIRED_PARTS,
# default PARTS-paired; PAIRED_SHARDS tasks, default SHARDS), and the merge writing the plan
# (REPORT).
# Every variable is passed on to the jobs (sbatch exports the environment by default):
# COMMAND, SCENARIO, TRIALS, SEED, RUN_ARGS (more flags), PARTS (partials folder), REPORT
# (report folder), NINES (the binary); CPUS sets the cores of each job (default 4).
# With --wait, returns when the last merge has finished, with its exit status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${SHARDS:-64}
cpus=${CPUS:-4}
array=$(sbatch --parsable --array="0-$((shards - 1))" --cpus-per-task="$cpus" "$here/shards.sbatch")
echo "shards: job $array (${shards} tasks)"
if [ "${COMMAND:-run}" = plan ]; then
    ranking=${RANKING:-${REPORT:-report}-ranking}
    paired_parts=${PAIRED_PARTS:-${PARTS:-parts}-paired}
    paired_shards=${PAIRED_SHARDS:-$shards}
    rank=$(REPORT="$ranking" MERGE_ARGS="--paired sharded" sbatch --parsable \
        --dependency="afterok:${array%%;*}" --kill-on-invalid-dep=yes --cpus-per-task="$cpus" \
        "$here/merge.sbatch")
    echo "ranking merge: job $rank (into $ranking)"
    array=$(PAIRED_STAGE="$ranking" PARTS="$paired_parts" sbatch --parsable \
        --dependency="afterok:${rank%%;*}" --kill-on-invalid-dep=yes \
        --array="0-$((paired_shards - 1))" --cpus-per-task="$cpus" "$here/shards.sbatch")
    echo "paired-stage shards: job $array (${paired_shards} tasks)"
    export PARTS="$paired_parts"
fi
sbatch --dependency="afterok:${array%%;*}" --kill-on-invalid-dep=yes --cpus-per-task="$cpus" \
    "$@" "$here/merge.sbatch"
