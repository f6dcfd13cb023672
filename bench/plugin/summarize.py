#!/usr/bin/env python3
"""Medians and ratios of a bench/plugin/bench.py TSV, as the Markdown tables of bench/plugin/README.md.

Usage: summarize.py TSV
Rows: name, TUs, repetition, variant, wall seconds (sum over TUs), peak RSS KiB (max over TUs), failures.
"""
import collections
import statistics
import sys

TARGETS = {  # variant, baseline, target ratio for wall and for peak RSS (issue 3)
    "cc+plugin": ("cc", 1.03, 1.10),
    "cra-check": ("syntax", 1.20, 1.10),
    "tidy": ("syntax", None, None),
}


def main():
    rows = collections.defaultdict(lambda: collections.defaultdict(list))
    ntu = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) != 7:
                continue
            name, tus, _rep, var, wall, rss, _bad = p
            ntu[name] = tus
            rows[name][var].append((float(wall), int(rss)))
    for name, by in rows.items():
        reps = min(len(v) for v in by.values())
        print(f"#### {name} ({ntu[name]} translation units, {reps} repetitions)\n")
        print("| variant | median wall (s) | min–max wall (s) | median peak RSS (MiB) | vs | wall ratio | RSS ratio | target |")
        print("|---|---|---|---|---|---|---|---|")
        med = {v: (statistics.median(w for w, _ in xs), statistics.median(m for _, m in xs)) for v, xs in by.items()}
        for var in ["cc", "cc+plugin", "syntax", "cra-check", "tidy"]:
            if var not in by:
                continue
            walls = [w for w, _ in by[var]]
            w, m = med[var]
            base, wr, mr, tgt = "", "", "", ""
            if var in TARGETS and TARGETS[var][0] in med:
                b, tw, tm = TARGETS[var]
                bw, bm = med[b]
                base = b
                wr = f"{w / bw:.3f}x" if bw else ""
                mr = f"{m / bm:.3f}x" if bm else ""
                if tw:
                    ok = (w / bw <= tw) and (m / bm <= tm)
                    tgt = f"wall ≤ {tw:.2f}x, RSS ≤ {tm:.2f}x: {'met' if ok else 'NOT met'}"
            print(f"| {var} | {w:.2f} | {min(walls):.2f}–{max(walls):.2f} | {m / 1024:.0f} | {base} | {wr} | {mr} | {tgt} |")
        print()
    return 0


sys.exit(main())
