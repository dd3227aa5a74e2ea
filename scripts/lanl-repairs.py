#!/usr/bin/env python3
"""Derives src/catalog/data/lanl-repairs.csv from the Los Alamos failure records.

Reads LA-UR-05-7318-failure-data-1996-2005.csv.xz (23,739 records of 22 HPC systems,
1996-2005; public release by Los Alamos National Laboratory) and writes how many records
had each down time, by root-cause category. The catalog's empirical repair presets
(repair-hpc-*) resample these durations; they are shipped so that building and testing nines
never needs the raw data.

Down time is the `Down Time` column (minutes): from an operator's entry shortly after
monitoring paged, to the node's return to the job mix (LANL's FAQ), so detection-to-return
repair time. Every record is kept, including the 187 of zero minutes, so counts and
quantiles match ../shared/field-data.md section 1b.

Run: python3 scripts/lanl-repairs.py [DATA_DIR]   (default ../shared/data)
"""
import collections
import csv
import lzma
import os
import sys

CAUSES = ["Hardware", "Software", "Undetermined", "Network", "Facilities", "Human Error"]
NAME = "LA-UR-05-7318-failure-data-1996-2005.csv.xz"
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "catalog", "data", "lanl-repairs.csv")

HEADER = """\
# Repair (down) times of 23,739 failure records of 22 HPC systems at Los Alamos National
# Laboratory, 1996-2005, by root-cause category: how many records had each down time.
# Data provided by Los Alamos National Laboratory (public release LA-UR-05-7318, the data of
# B. Schroeder and G. A. Gibson, "A Large-Scale Study of Failures in High-Performance
# Computing Systems", DSN 2006). Los Alamos asks that users recognize Los Alamos for
# providing these data.
# Derived by scripts/lanl-repairs.py from the `Down Time` column (minutes; operator entry
# after a monitoring page to return to the job mix). cause "none": no category recorded.
"""


def cause_of(row):
    """The record's root-cause category (the data gives at most one), or "none"."""
    found = [c for c in CAUSES if row[c].strip()]
    if len(found) > 1:
        sys.exit(f"record with several causes: {found}")
    return found[0] if found else "none"


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
    with lzma.open(os.path.join(data, NAME), "rt", newline="") as f:
        rows = list(csv.DictReader(f))
    counts = collections.Counter((cause_of(r), int(r["Down Time"])) for r in rows)
    order = {c: i for i, c in enumerate(CAUSES + ["none"])}
    with open(OUT, "w", newline="") as out:
        out.write(HEADER)
        out.write("cause,minutes,count\n")
        for (cause, minutes), n in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
            out.write(f"{cause},{minutes},{n}\n")
    print(f"{len(rows)} records, {len(counts)} rows -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
