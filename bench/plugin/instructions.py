#!/usr/bin/env python3
"""Issue 3's time targets counted in instructions (valgrind --tool=callgrind), not in seconds.

Usage: instructions.py -p BUILD_DIR --plugin SO --cra-check BIN [--sample N] [--jobs J]

CPU seconds on this shared 2-core machine move by +-10 % between repetitions, which cannot resolve the
3 % plugin target; an instruction count is the same on every run of the same binaries and inputs,
whatever else the machine does. It leaves out what callgrind cannot see (cache misses, the kernel), so
it complements bench.py's CPU time rather than replacing it. Variants as in bench.py: cc, cc+plugin,
syntax, cra-check, over N translation units of the compile database spread evenly over its sorted
entries (all when N is 0). Prints one line per TU and the totals with the two ratios of the targets.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the same commands and TU selection as the timed benchmark)

VARIANTS = ["cc", "cc+plugin", "syntax", "cra-check"]
REFS = re.compile(r"^==\d+== I\s+refs:\s+([\d,]+)", re.M)


def count(cmd, cwd, findings_exit):
    """Instructions executed by cmd and every process it starts; None when it failed (findings_exit:
    exit status 1 means findings, as for cra-check, not a failure)."""
    r = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null"]
                       + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       errors="replace")
    refs = [int(m.replace(",", "")) for m in REFS.findall(r.stderr)]
    if not refs or (r.returncode != 0 and not (findings_exit and r.returncode == 1)):
        return None
    return sum(refs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-p", dest="build_dir", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--cra-check", required=True)
    ap.add_argument("--sample", type=int, default=12)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    tus, kept = bench.entries(a.build_dir, [])
    if not tus:
        print(f"instructions.py: {a.build_dir}: no C translation unit", file=sys.stderr)
        return 2
    a.build_dir = bench.measured_db(kept, os.path.join(os.path.abspath(a.build_dir), "instructions-db"))
    if a.sample and a.sample < len(tus):
        step = len(tus) / a.sample
        tus = [tus[int(i * step)] for i in range(a.sample)]
    scratch = os.path.join(os.path.abspath(a.build_dir), "instructions-scratch.o")
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for i, tu in enumerate(tus):
            for v in VARIANTS:
                cmd = bench.commands(v, tu, a.build_dir, a.plugin, a.cra_check, scratch + f".{i}.{v}")
                jobs[(i, v)] = ex.submit(count, cmd, tu[0], v == "cra-check")
    totals = dict.fromkeys(VARIANTS, 0)
    failed = 0
    for i, tu in enumerate(tus):
        row = {v: jobs[(i, v)].result() for v in VARIANTS}
        if any(x is None for x in row.values()):
            failed += 1
            print(f"{os.path.relpath(tu[1])}: a variant failed; left out", file=sys.stderr)
            continue
        for v in VARIANTS:
            totals[v] += row[v]
        print(f"{os.path.basename(tu[1])}\t" + "\t".join(f"{v}={row[v]}" for v in VARIANTS))
    for f in os.listdir(os.path.dirname(scratch)):
        if f.startswith("instructions-scratch.o"):
            os.unlink(os.path.join(os.path.dirname(scratch), f))
    if not totals["cc"] or not totals["syntax"]:
        return 1
    print("total\t" + "\t".join(f"{v}={totals[v]}" for v in VARIANTS))
    print(f"plugin: cc+plugin / cc = {totals['cc+plugin'] / totals['cc']:.4f}  (target <= 1.03)")
    print(f"cra-check / syntax = {totals['cra-check'] / totals['syntax']:.4f}  (target <= 1.20)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
