#!/usr/bin/env python3
"""Measurement and summary for bench/wrapper-overhead/run.sh.

  measure.py paired CMDS RUNS OUT.json NAME...   run each step's baseline and cra-cc back to back, the order
                                                 alternating, and keep the paired differences (wall and CPU)
  measure.py summary PAIRED.json RUNS [HYPERFINE.json]   print the table and the verdict (<= 2 ms)
"""
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time

# step -> the baseline its cra-cc command is compared with (the same compiler command, the same flags)
STEPS = (("compile", "direct+h"), ("link", "direct+h"), ("preprocess", "direct"), ("null-compile", "direct+h"))
HARDENED = ("compile", "link", "null-compile")
WARMUP = 10


def run_once(argv):
    """Wall and CPU seconds (user + system of the children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(cmds_file, runs, dest, names):
    cmds = [shlex.split(line) for line in open(cmds_file).read().splitlines()]
    index = {n: i for i, n in enumerate(names)}
    result = {}
    for step, base in STEPS:
        a, b = cmds[index[f"{step}:{base}"]], cmds[index[f"{step}:cra-cc"]]
        walls, cpus = [], []
        for r in range(runs + WARMUP):
            if r % 2:
                wb, cb = run_once(b)
                wa, ca = run_once(a)
            else:
                wa, ca = run_once(a)
                wb, cb = run_once(b)
            if r >= WARMUP:
                walls.append(wb - wa)
                cpus.append(cb - ca)
        result[step] = {"base": base, "wall_diff": walls, "cpu_diff": cpus}
    json.dump(result, open(dest, "w"))


def ms(seconds):
    return seconds * 1000.0


def summary(paired_file, runs, hf_file=None):
    hf = {}
    if hf_file and os.path.exists(hf_file):
        hf = {r["command"]: r for r in json.load(open(hf_file))["results"]}
        print(f"side by side (hyperfine -N, {runs} runs each after 20 warm-up runs):")
        print(f"  {'command':<21} {'median':>8} {'mean':>8} {'p10':>8} {'p90':>8} {'cpu':>8}  (ms)")
        for name, r in hf.items():
            t = sorted(r["times"])
            q = statistics.quantiles(t, n=10)
            print(f"  {name:<21} {ms(statistics.median(t)):>8.2f} {ms(statistics.fmean(t)):>8.2f} "
                  f"{ms(q[0]):>8.2f} {ms(q[-1]):>8.2f} {ms(r['user'] + r['system']):>8.2f}")
    data = json.load(open(paired_file))
    print(f"overhead of cra-cc over the same compiler command with the same flags ({runs} pairs per step):")
    worst = worst_cpu = 0.0
    for step, p in data.items():
        w, c = p["wall_diff"], p["cpu_diff"]
        q = statistics.quantiles(w, n=4)
        line = (f"  {step:<13} paired wall median {ms(statistics.median(w)):+6.2f} ms "
                f"(IQR {ms(q[0]):+.2f} .. {ms(q[2]):+.2f}), cpu {ms(statistics.fmean(c)):+6.2f} ms")
        if hf:
            a, b = hf[f"{step}:cra-cc"], hf[f"{step}:{p['base']}"]
            line += f", difference of medians {ms(statistics.median(a['times']) - statistics.median(b['times'])):+6.2f} ms"
        print(line)
        if step in HARDENED:
            worst = max(worst, ms(statistics.median(w)))
            worst_cpu = max(worst_cpu, ms(statistics.fmean(c)))
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    # With more runnable processes than cores, a wall time measures the queue for a core as much as the
    # command: the wrapper's extra process waits once more. Then the CPU time is the honest measure.
    busy = load > cores
    measure, value = ("cpu", worst_cpu) if busy else ("wall", worst)
    verdict = "PASS" if value <= 2.0 else "FAIL"
    print(f"load average {load:.1f} on {cores} cores: judged on {measure} time"
          + (" (the machine is oversubscribed)" if busy else ""))
    print(f"result: {verdict} (target <= 2 ms per hardened invocation; worst paired wall median {worst:.2f} ms, "
          f"worst cpu {worst_cpu:.2f} ms)")


def main():
    if len(sys.argv) >= 6 and sys.argv[1] == "paired":
        paired(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "summary":
        summary(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) == 5 else None)
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


sys.exit(main())
