#!/usr/bin/env bash
# Regenerates results/: the report of every example in scenarios/ (nines run --out), a
# comparison of three designs and a sweep. Usage: scripts/regenerate-results.sh
#
# trials.csv (one row per trial) is left out to keep the repository small; every other file
# is exactly what the commands write.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
nines=target/release/nines

mkdir -p results
for scenario in scenarios/*.toml; do
    name=$(basename "$scenario" .toml)
    echo "== $scenario -> results/$name/"
    rm -rf "results/$name"
    # The object stores' durability is rare: their data sets get the rare method (the
    # service stays plain where a plain run sees enough outages: docs/rare-events.md).
    method=()
    case "$name" in object-store-*) method=(--method rare) ;; esac
    "$nines" run "$scenario" "${method[@]}" --out "results/$name" > "results/.$name.txt"
    mv "results/.$name.txt" "results/$name/report.txt"
    rm "results/$name/trials.csv"
done

# The built-in example under --method rare: which part each figure comes from, and why.
echo "== web-service --method rare -> results/web-service-rare/"
rm -rf results/web-service-rare
"$nines" run scenarios/web-service.toml --method rare --blocks --out results/web-service-rare \
    > results/.web-service-rare.txt
mv results/.web-service-rare.txt results/web-service-rare/report.txt
rm results/web-service-rare/trials.csv

echo "== compare -> results/compare/"
rm -rf results/compare
"$nines" compare scenarios/single-server.toml scenarios/app-tier.toml \
    scenarios/load-balanced-zone.toml --out results/compare > results/.compare.txt
mv results/.compare.txt results/compare/report.txt

echo "== sweep -> results/sweep-app-count/"
rm -rf results/sweep-app-count
"$nines" sweep scenarios/app-tier.toml --set components.app.count=4,5,6,7 \
    --out results/sweep-app-count > results/.sweep.txt
mv results/.sweep.txt results/sweep-app-count/report.txt

# The same sweep with the rare method, on to counts where plain simulation sees no outage.
echo "== sweep --method rare -> results/sweep-app-count-rare/"
rm -rf results/sweep-app-count-rare
"$nines" sweep scenarios/app-tier.toml --set components.app.count=4,5,6,7,8 --method rare \
    --trials 10000 --out results/sweep-app-count-rare > results/.sweep-rare.txt
mv results/.sweep-rare.txt results/sweep-app-count-rare/report.txt

echo "== compare object stores -> results/compare-object-store/"
rm -rf results/compare-object-store
"$nines" compare scenarios/object-store-replicas.toml scenarios/object-store-erasure.toml \
    scenarios/object-store-backup.toml --method rare --out results/compare-object-store \
    > results/.compare-object-store.txt
mv results/.compare-object-store.txt results/compare-object-store/report.txt

echo "== plan retail -> results/plan-retail/"
rm -rf results/plan-retail
"$nines" plan scenarios/retail.toml \
    --vary components.app.count=6,8,10,12,16,20 \
    --vary components.zone.count=2,3 \
    --vary 'components.app.capacity=2500 rps,5000 rps' \
    --vary 'cost.components.app.per_instance=$0.25/h,$0.45/h' \
    --zip components.app.capacity,cost.components.app.per_instance \
    --objective 'requests>=99.95%' --out results/plan-retail > results/.plan-retail.txt
mv results/.plan-retail.txt results/plan-retail/report.txt
