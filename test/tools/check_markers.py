#!/usr/bin/env python3
"""Checks source-rule findings against markers written in the test files themselves.

Markers (shared/cases/source/README.md), on the line a finding must be reported on:
  // EXPECT rule-id [rule-id ...]   this line must produce a finding of each id
  // NOFLAG                         this line must produce no finding at all
Every other finding is unexpected too: a file passes only when the findings equal the EXPECT set.

Only rules in the registry are checked: an EXPECT of a rule that no family has implemented yet is
listed as "pending" and does not fail the run (--strict-pending makes it fail). --rules GLOB,... narrows
the check to some rule ids (e.g. one family), both for expectations and for findings.

Usage:
  check_markers.py --clang CLANG --plugin cra-plugin.so --registry plugin/Rules.inc [--rules 'cred-*']
                   FILE.c... [-- EXTRA CLANG ARGS]
  check_markers.py --checker cra-check ... (runs `cra-check FILE -- ARGS` instead of clang)
Exit status: 0 all expectations met, 1 a finding missing or unexpected, 2 a file failed to compile.
"""
import argparse
import fnmatch
import os
import re
import subprocess
import sys

DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>warning|error): (?P<msg>.*) \[cra-(?P<id>[a-z0-9-]+)\]$")
EXPECT = re.compile(r"//\s*EXPECT\s+(?P<ids>[a-z0-9][a-z0-9 ,-]*)")
NOFLAG = re.compile(r"//\s*NOFLAG\b")
RULE_ROW = re.compile(r'^\s*RULE\(\s*\w+\s*,\s*"([a-z0-9-]+)"')


def registry_ids(path):
    ids = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = RULE_ROW.match(line)
            if m:
                ids.add(m.group(1))
    return ids


def markers(path):
    expect, noflag = {}, set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = EXPECT.search(line)
            if m:
                ids = [i for i in re.split(r"[\s,]+", m.group("ids").strip()) if i]
                expect.setdefault(n, set()).update(ids)
            if NOFLAG.search(line):
                noflag.add(n)
    return expect, noflag


def selected(rule, globs):
    return not globs or any(fnmatch.fnmatchcase(rule, g) for g in globs)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clang")
    ap.add_argument("--plugin")
    ap.add_argument("--checker", help="run this cra-check instead of clang with the plugin")
    ap.add_argument("--registry", required=True, help="plugin/Rules.inc")
    ap.add_argument("--rules", default="", help="comma-separated globs of rule ids to check")
    ap.add_argument("--strict-pending", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    if not a.checker and not (a.clang and a.plugin):
        ap.error("need --clang and --plugin, or --checker")
    globs = [g for g in a.rules.split(",") if g]
    known = registry_ids(a.registry)

    totals = {"files": 0, "expected": 0, "missing": 0, "unexpected": 0, "pending": 0}
    compile_failed = False
    for path in a.files:
        totals["files"] += 1
        inc = ["-I", os.path.dirname(os.path.abspath(path))]
        if a.checker:
            cmd = [a.checker, path, "--"] + inc + extra
        else:
            cmd = [a.clang, "-fsyntax-only", "-fplugin=" + os.path.abspath(a.plugin)] + inc + extra + [path]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        got = {}
        for line in r.stdout.splitlines():
            m = DIAG.match(line)
            if not m:
                continue
            if os.path.abspath(m.group("file")) != os.path.abspath(path):
                continue
            rid = m.group("id")
            if selected(rid, globs):
                got.setdefault(int(m.group("line")), {})[rid] = m.group("msg")
        if r.returncode != 0 and not got:
            errors = [l for l in r.stdout.splitlines() if ": error: " in l]
            if errors:
                print(f"{path}: does not compile:\n  " + "\n  ".join(errors[:5]))
                compile_failed = True
                continue
        expect, noflag = markers(path)
        for line in sorted(expect):
            for rid in sorted(expect[line]):
                if not selected(rid, globs):
                    continue
                if rid not in known:
                    totals["pending"] += 1
                    print(f"{path}:{line}: pending {rid} (not in the registry yet)")
                    continue
                totals["expected"] += 1
                if rid not in got.get(line, {}):
                    totals["missing"] += 1
                    print(f"{path}:{line}: missing {rid}")
        for line in sorted(got):
            for rid, msg in sorted(got[line].items()):
                if rid in expect.get(line, set()):
                    continue
                totals["unexpected"] += 1
                why = "NOFLAG line" if line in noflag else "no EXPECT"
                print(f"{path}:{line}: unexpected {rid} ({why}): {msg}")
    print("checked {files} files: {expected} expected, {missing} missing, {unexpected} unexpected, "
          "{pending} pending".format(**totals))
    if a.strict_pending and totals["pending"]:
        return 1
    if compile_failed:
        return 2
    return 1 if totals["missing"] or totals["unexpected"] else 0


if __name__ == "__main__":
    sys.exit(main())
