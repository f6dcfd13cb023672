#!/usr/bin/env python3
"""Turns a bench/real-world/run.sh work directory into the Markdown tables of docs/real-world.md.

Usage: summarize.py [WORK_DIR]   (default bench/work/real-world)

Prints, in order: the build table (status and wall time per package, compiler and mode, with the
wrapped/plain ratio), the binary verdicts (failed required checks per package and compiler, by check),
the requirement statuses, and every source finding (deduplicated over compilers) with an empty
triage column for the hand triage. Reads results.tsv and out/<pkg>-<cc>-wrapped/evidence.json.
"""
import collections
import json
import os
import sys


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else "bench/work/real-world"
    rows = []
    with open(os.path.join(work, "results.tsv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 6:
                rows.append(p)
    # The last run of each (package, compiler, mode) wins.
    last = collections.OrderedDict()
    for pkg, cc, mode, bs, status, wall in rows:
        last[(pkg, cc, mode)] = (bs, status, wall)

    print("### Builds\n")
    print("| package | build system | compiler | plain | through cra-cc | ratio |")
    print("|---|---|---|---|---|---|")
    # A (package, compiler, wrapped mode) triple per row: "wrapped" is the wrappers' default profile,
    # "wrapped-NAME" a run with --profile NAME; each is compared with the same compiler's plain build.
    seen = []
    for (pkg, cc, mode) in last:
        if mode != "plain" and (pkg, cc, mode) not in seen:
            seen.append((pkg, cc, mode))
    for pkg, cc in {(p, c): 1 for (p, c, m) in last if m == "plain"}:
        if not any(s[0] == pkg and s[1] == cc for s in seen):
            seen.append((pkg, cc, "wrapped"))
    for pkg, cc, mode in seen:
        pl = last.get((pkg, cc, "plain"))
        wr = last.get((pkg, cc, mode))
        bs = (pl or wr)[0]

        def cell(r):
            if not r:
                return "not run"
            return f"{r[1]} {r[2]} s" if r[1] == "ok" else r[1]
        ratio = ""
        if pl and wr and pl[1] == "ok" and wr[1] == "ok" and float(pl[2]) > 0:
            ratio = f"{float(wr[2]) / float(pl[2]):.2f}x"
        prof = "" if mode == "wrapped" else f" ({mode[len('wrapped-'):]} profile)"
        print(f"| {pkg} | {bs} | {cc} | {cell(pl)} | {cell(wr)}{prof} | {ratio} |")

    print("\n### Binary verdicts (required checks of the profile the build used; default `recommended`)\n")
    print("| package | compiler | binaries | failed required checks (check: binaries) | unknown (required) | (2)(k) | (2)(j) |")
    print("|---|---|---|---|---|---|---|")
    findings = collections.OrderedDict()
    per_binary = []
    for pkg, cc, mode in seen:
        ev = load(os.path.join(work, "out", f"{pkg}-{cc}-{mode}", "evidence.json"))
        if mode != "wrapped":
            cc = f"{cc} ({mode[len('wrapped-'):]})"
        if not ev:
            built = last.get((pkg, cc.split(" ")[0], mode))
            why = "build failed" if built and built[1] != "ok" else "no evidence"
            print(f"| {pkg} | {cc} | {why} | | | | |")
            continue
        bins = ev.get("binaries", [])
        # Whether a required check failed the profile is cra-elfcheck's call (its "failed" flag): some
        # rows accept `partial` (dangerous-imports in `recommended`). Without the report, fail/partial.
        elf = load(os.path.join(work, "out", f"{pkg}-{cc.split(' ')[0]}-{mode}", "elfcheck.json")) or {}
        elf_failed = {}
        for f in elf.get("files", []):
            for c in f.get("checks", []):
                elf_failed[(f.get("path", ""), c.get("id"))] = c.get("failed")

        def fails(b, c):
            for (path, cid), flag in elf_failed.items():
                if cid == c["id"] and path.endswith("/" + b.get("path", "")) and flag is not None:
                    return bool(flag)
            return c.get("verdict") in ("fail", "partial")
        failed = collections.Counter()
        unknown = collections.Counter()
        for b in bins:
            for c in b.get("checks", []):
                c["_fails"] = fails(b, c) if c.get("required") else c.get("verdict") in ("fail", "partial")
                if not c.get("required") or c.get("waiver"):
                    continue
                if c["_fails"]:
                    failed[c["id"]] += 1
                elif c.get("verdict") == "unknown":
                    unknown[c["id"]] += 1
        req = {r["id"]: r.get("status", "?") for r in ev.get("requirements", [])}
        fmt = lambda cnt: ", ".join(f"{k}: {v}" for k, v in sorted(cnt.items())) or "none"
        print(f"| {pkg} | {cc} | {len(bins)} | {fmt(failed)} | {fmt(unknown)} | "
              f"{req.get('part-i/2k', '-')} | {req.get('part-i/2j', '-')} |")
        for b in bins:
            per_binary.append((pkg, cc, b))
        for fd in ev.get("findings", []):
            loc = fd.get("location") or {}
            key = (pkg, fd.get("rule"), loc.get("file"), loc.get("line"))
            e = findings.setdefault(key, {"message": fd.get("message", ""), "snippet": fd.get("snippet") or "",
                                          "compilers": [], "status": fd.get("status", "")})
            e["compilers"].append(cc)

    print("\n### Binary verdicts per binary\n")
    print("| package | binary | compiler | kind | required: failed the profile | required: unknown | optional: fail/partial |")
    print("|---|---|---|---|---|---|---|")
    for pkg, cc, b in per_binary:
        def ids(required, verdicts, failing=None):
            return ", ".join(sorted(c["id"] + ("" if c.get("verdict") == "fail" else f" ({c['verdict']})")
                                    for c in b.get("checks", [])
                                    if bool(c.get("required")) == required and c.get("verdict") in verdicts
                                    and (failing is None or c.get("_fails") == failing)
                                    and not c.get("waiver"))) or "none"
        accepted = ids(True, ("partial",), False)
        print(f"| {pkg} | `{b.get('path')}` | {cc} | {b.get('kind', '')} | {ids(True, ('fail', 'partial'), True)}"
              f"{'' if accepted == 'none' else '; accepted by the profile: ' + accepted} | "
              f"{ids(True, ('unknown',))} | {ids(False, ('fail', 'partial'))} |")

    print("\n### Source findings\n")
    print("| package | rule | location | found with | snippet | triage |")
    print("|---|---|---|---|---|---|")
    for (pkg, rule, f, line), e in findings.items():
        snip = e["snippet"].replace("|", "\\|").replace("\n", " ")[:90]
        print(f"| {pkg} | `{rule}` | `{f}:{line}` | {', '.join(e['compilers'])} | `{snip}` | |")
    return 0


sys.exit(main())
