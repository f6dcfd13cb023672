#!/usr/bin/env python3
"""Side-by-side cost of the cra-harden rules (issue 3's speed targets), driven by bench/plugin/run.sh.

Usage: bench.py --name NAME -p BUILD_DIR [--reps N] [--tus FILE...] --out TSV
  BUILD_DIR holds compile_commands.json; every entry (or the --tus selected) is one translation unit.

For each repetition, the variants run one after the other over the same translation units, in an order
rotated per repetition so that a change of machine load does not always hit the same variant:
  cc        clang-19 <the TU's own flags> -c            (the object goes to a scratch file)
  cc+plugin the same with -fplugin=cra-plugin.so
  syntax    clang-19 <flags> -fsyntax-only
  cra-check cra-check -p BUILD_DIR FILE                 (one process per TU, like the compiler)
  tidy      clang-tidy-19 -p BUILD_DIR --checks='-*,cert-*,bugprone-*' FILE
The wall time of a variant is the sum over its TUs (they run serially: one core per measurement, so the
other engineers' load shows up as noise, not as a queue); the peak RSS is the largest of its TUs, as
reported by /usr/bin/time -f %M (kilobytes); the user+system CPU time (%U + %S) is summed as well.
One TSV row per (repetition, variant): name, TUs, repetition, variant, wall, peak RSS, failures, CPU.

The tools' outputs go to /dev/null: this measures cost, not findings.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

CLANG = os.environ.get("CLANG", "clang-19")
TIDY = os.environ.get("CLANG_TIDY", "clang-tidy-19")
TIDY_CHECKS = "-*,cert-*,bugprone-*"


def entries(build_dir, only):
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
        db = json.load(f)
    out, seen, kept = [], set(), []
    for e in db:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        # C only (clang-tidy and cra-check get the same TUs as the compiler), and each source once: CMake
        # compiles libmosquitto's files twice (shared and static), and `cra-check -p DIR FILE` would then
        # analyse both entries where the compiler variants run one.
        if not path.endswith(".c") or path in seen:
            continue
        if only and not any(path.endswith(o) for o in only):
            continue
        seen.add(path)
        kept.append(e)
        argv = e.get("arguments") or shlex.split(e["command"])
        out.append((e["directory"], path, argv))
    return out, kept


def measured_db(kept, db_dir):
    """Writes the compile database the tools that read one get (cra-check, clang-tidy): exactly the
    measured entries, so that a source CMake lists twice is analysed once, as the compiler variants
    compile it once. Returns its directory."""
    os.makedirs(db_dir, exist_ok=True)
    with open(os.path.join(db_dir, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(kept, f, indent=1)
    return db_dir


def strip_output(argv):
    """The TU's flags without the compiler, -c, -o FILE and the source file (callers add their own)."""
    flags, skip = [], False
    for i, a in enumerate(argv[1:], 1):
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a in ("-c",) or a.startswith("-o") and len(a) > 2 and not a.startswith("-opt"):
            continue
        if a in ("-MD", "-MMD"):
            continue
        if a in ("-MF", "-MT", "-MQ"):
            skip = True
            continue
        flags.append(a)
    return flags


def run_timed(cmd, cwd):
    """Runs cmd under /usr/bin/time; returns (wall seconds, user+system CPU seconds, peak RSS in KiB,
    exit status). The CPU time is the number that survives a loaded machine: a process waiting for a
    core accrues wall time but no CPU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.monotonic()
        rc = subprocess.call(["/usr/bin/time", "-f", "@@ %M %U %S", "-o", tf.name] + cmd, cwd=cwd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        lines = [ln.split() for ln in tf.read().splitlines() if ln.startswith("@@ ")]
    if not lines:
        return wall, 0.0, 0, rc
    _, m, u, s = lines[-1]
    return wall, float(u) + float(s), int(m), rc


def commands(variant, tu, build_dir, plugin, cra_check, scratch):
    d, path, argv = tu
    flags = [f for f in strip_output(argv) if os.path.normpath(os.path.join(d, f)) != path]
    if variant == "cc":
        return [CLANG] + flags + ["-c", path, "-o", scratch]
    if variant == "cc+plugin":
        return [CLANG] + flags + ["-fplugin=" + plugin, "-c", path, "-o", scratch]
    if variant == "syntax":
        return [CLANG] + flags + ["-fsyntax-only", path]
    if variant == "cra-check":
        return [cra_check, "-p", build_dir, path]
    if variant == "tidy":
        return [TIDY, "-p", build_dir, "--quiet", "--checks=" + TIDY_CHECKS, path]
    raise ValueError(variant)


VARIANTS = ["cc", "cc+plugin", "syntax", "cra-check", "tidy"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("-p", dest="build_dir", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--tus", nargs="*", default=[])
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--cra-check", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tus, kept = entries(a.build_dir, a.tus)
    a.build_dir = measured_db(kept, os.path.join(os.path.dirname(os.path.abspath(a.out)), a.name + "-db"))
    if not tus:
        print(f"bench.py: {a.build_dir}: no C translation unit in compile_commands.json", file=sys.stderr)
        return 2
    scratch = tempfile.NamedTemporaryFile(suffix=".o", delete=False).name
    failures = 0
    with open(a.out, "a", encoding="utf-8") as out:
        for rep in range(a.reps):
            order = VARIANTS[rep % len(VARIANTS):] + VARIANTS[:rep % len(VARIANTS)]
            for v in order:
                wall, cpu, rss, bad = 0.0, 0.0, 0, 0
                for tu in tus:
                    w, c, m, rc = run_timed(commands(v, tu, a.build_dir, a.plugin, a.cra_check, scratch), tu[0])
                    wall += w
                    cpu += c
                    rss = max(rss, m)
                    # cra-check exits 1 when it found something and clang-tidy may exit non-zero on
                    # warnings; only a compiler failure makes the measurement meaningless.
                    if rc != 0 and v in ("cc", "cc+plugin", "syntax"):
                        bad += 1
                failures += bad
                out.write(f"{a.name}\t{len(tus)}\t{rep}\t{v}\t{wall:.3f}\t{rss}\t{bad}\t{cpu:.2f}\n")
                out.flush()
                print(f"bench.py: {a.name} rep {rep} {v}: {wall:.2f} s wall, {cpu:.2f} s CPU, {rss} KiB"
                      + (f", {bad} failed" if bad else ""), file=sys.stderr)
    os.unlink(scratch)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
