#!/usr/bin/env python3
"""Medians and ratios of a bench/plugin/bench.py TSV, as the Markdown tables of bench/plugin/README.md.

Usage: summarize.py TSV...   (several runs' files are pooled: the medians are over all their repetitions)
Rows: name, TUs, repetition, variant, wall seconds (sum over TUs), peak RSS KiB (max over TUs), failures,
and (newer runs) user+system CPU seconds (sum over TUs).
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
    # CPU time per (run file, repetition) and variant, for the paired ratios: a variant and its baseline
    # measured in the same repetition saw the same machine load.
    paired = collections.defaultdict(lambda: collections.defaultdict(dict))
    for fileno, path in enumerate(sys.argv[1:]):
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) not in (7, 8):
                    continue
                name, tus, rep, var, wall, rss, _bad = p[:7]
                cpu = float(p[7]) if len(p) == 8 else None
                ntu[name] = tus
                rows[name][var].append((float(wall), int(rss), cpu))
                paired[name][(fileno, rep)][var] = cpu
    for name, by in rows.items():
        reps = min(len(v) for v in by.values())
        print(f"#### {name} ({ntu[name]} translation units, {reps} repetitions)\n")
        print("| variant | median wall (s) | min–max wall (s) | median CPU (s) | median peak RSS (MiB) | vs | "
              "wall ratio | CPU ratio | paired CPU ratio (min–max) | RSS ratio | target |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        have_cpu = all(c is not None for xs in by.values() for _, _, c in xs)
        med = {v: (statistics.median(w for w, _, _ in xs), statistics.median(m for _, m, _ in xs),
                   statistics.median(c for _, _, c in xs) if have_cpu else None) for v, xs in by.items()}
        for var in ["cc", "cc+plugin", "syntax", "cra-check", "tidy"]:
            if var not in by:
                continue
            walls = [w for w, _, _ in by[var]]
            w, m, c = med[var]
            base, wr, cr, pr, mr, tgt = "", "", "", "", "", ""
            if var in TARGETS and TARGETS[var][0] in med:
                b, tw, tm = TARGETS[var]
                bw, bm, bc = med[b]
                base = b
                wr = f"{w / bw:.3f}x" if bw else ""
                cr = f"{c / bc:.3f}x" if have_cpu and bc else ""
                ratios = [r[var] / r[b] for r in paired[name].values()
                          if r.get(var) is not None and r.get(b)]
                if have_cpu and ratios:
                    pr = f"{statistics.median(ratios):.3f}x ({min(ratios):.2f}–{max(ratios):.2f})"
                mr = f"{m / bm:.3f}x" if bm else ""
                if tw:
                    # Judged on CPU time when the run has it: on a shared machine the wall time is
                    # mostly waiting for a core, and the wait is not the tool's cost.
                    t_ok = (statistics.median(ratios) <= tw) if have_cpu and ratios else (w / bw <= tw)
                    tgt = (f"{'paired CPU' if have_cpu else 'wall'} ≤ {tw:.2f}x: {'met' if t_ok else 'NOT met'}; RSS "
                           f"≤ {tm:.2f}x: {'met' if m / bm <= tm else 'NOT met'}")
            cs = f"{c:.2f}" if c is not None else "–"
            print(f"| {var} | {w:.2f} | {min(walls):.2f}–{max(walls):.2f} | {cs} | {m / 1024:.0f} | {base} | "
                  f"{wr} | {cr} | {pr} | {mr} | {tgt} |")
        print()
    return 0


sys.exit(main())
