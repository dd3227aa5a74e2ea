#!/bin/sh
# 1,000 designs of the built-in example's size, priced (scenarios/web-service-priced.toml).
cd "$(dirname "$0")/.." && exec ./target/release/nines plan scenarios/web-service-priced.toml \
  --vary components.app.count=3,4,5,6,7,8,9,10,11,12 \
  --vary components.app.modes.0.repair.median=30m,1h,2h,4h,8h \
  --vary 'cost.fixed.on-call=$200000/y,$120000/y,$80000/y,$60000/y,$40000/y' \
  --zip components.app.modes.0.repair.median,cost.fixed.on-call \
  --vary components.app.health_check.interval=2s,5s,10s,30s \
  --vary components.db.failover.detection=10s,30s,1m,2m,5m \
  --objective 'availability>=99.95%' --threads 2 "$@"
