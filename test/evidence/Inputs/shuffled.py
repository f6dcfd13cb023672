#!/usr/bin/env python3
"""Runs CMD OUTDIR FILE... with the *.json files under the current directory in a seeded random order (never
the sorted one), and notes the order in OUTDIR/order. Usage: shuffled.py SEED OUTDIR -- CMD [ARG]..."""
import os
import random
import subprocess
import sys

seed, outdir = int(sys.argv[1]), sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(".") for f in fs if f.endswith(".json"))
rng = random.Random(seed)
order = files[:]
while order == files:
    rng.shuffle(order)
os.makedirs(outdir, exist_ok=True)
with open(os.path.join(outdir, "order"), "w") as fh:
    fh.write(f"shuffled {len(order)} files\n" + "\n".join(order) + "\n")
sys.exit(subprocess.run(cmd + [outdir] + order).returncode)
