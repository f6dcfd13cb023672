#!/usr/bin/env python3
"""Compares what cra-harden found in examples/gateway with the planted-issue tables of its README.

Usage: check_planted.py EXAMPLE_DIR EVIDENCE_DIR [EVIDENCE_JSON]

EXAMPLE_DIR   examples/gateway (its README.md holds the tables; its sources the PLANTED markers)
EVIDENCE_DIR  the CRA_EVIDENCE_DIR the wrappers wrote (findings/, binaries/, builds/)
EVIDENCE_JSON optional: cra-evidence --format=json output; its findings and binary verdicts must agree

Prints one line per expected item (found / MISSING), one per UNEXPECTED finding or failed check, and a
last line "result: ok" or "result: FAIL (...)". Exit 0 only on ok.
"""
import glob
import json
import os
import re
import sys

SRC_ROW = re.compile(r"^\|\s*(P\d+)\s*\|\s*`([a-z0-9-]+)`\s*\|\s*`([^`:]+):(\d+)`\s*\|")
BIN_ROW = re.compile(r"^\|\s*(P\d+)\s*\|\s*`([^`]+)`\s*\|\s*`([a-z0-9-]+)`\s*\|\s*`([a-z_]+)`")


def read_tables(example):
    src, binv = [], []
    with open(os.path.join(example, "README.md"), encoding="utf-8") as f:
        for line in f:
            m = SRC_ROW.match(line)
            if m:
                src.append((m.group(1), m.group(2), m.group(3), int(m.group(4))))
                continue
            m = BIN_ROW.match(line)
            if m:
                binv.append((m.group(1), m.group(2), m.group(3), m.group(4)))
    return src, binv


def rel(example, path):
    if not path:
        return path
    if not os.path.isabs(path):
        # cra-evidence writes paths relative to --root; findings records carry absolute ones.
        return os.path.normpath(path)
    return os.path.relpath(os.path.realpath(path), os.path.realpath(example))


def load_json(path, problems):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f"unreadable {path}: {e}")
        return None


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 64
    example, evdir = sys.argv[1], sys.argv[2]
    evjson = sys.argv[3] if len(sys.argv) == 4 else None
    problems = []
    src, binv = read_tables(example)
    if not src or not binv:
        problems.append("README tables not found or empty")

    # The README must point at the marked lines, so the table cannot drift from the code.
    for pid, rule, f, line in src:
        try:
            with open(os.path.join(example, f), encoding="utf-8") as fh:
                text = fh.read().splitlines()
            if line > len(text) or f"PLANTED {pid}" not in text[line - 1]:
                problems.append(f"README row {pid}: {f}:{line} has no 'PLANTED {pid}' marker")
        except OSError as e:
            problems.append(f"README row {pid}: {e}")

    # Source findings from the per-translation-unit records (suppressed ones are not findings).
    found = {}
    records = sorted(glob.glob(os.path.join(evdir, "findings", "*.json")))
    if not records:
        problems.append(f"no findings records in {evdir}/findings")
    for p in records:
        doc = load_json(p, problems)
        if not doc:
            continue
        for fd in doc.get("findings", []):
            if fd.get("suppressed"):
                continue
            key = (fd.get("rule"), rel(example, fd.get("file")), fd.get("line"))
            found.setdefault(key, fd.get("message", ""))

    expected = {(rule, f, line): pid for pid, rule, f, line in src}
    for (rule, f, line), pid in sorted(expected.items(), key=lambda kv: kv[1]):
        if (rule, f, line) in found:
            print(f"found {pid} {rule} {f}:{line}")
        else:
            near = [k for k in found if k[0] == rule]
            hint = f" (the rule fired at {', '.join(f'{k[1]}:{k[2]}' for k in near)})" if near else ""
            print(f"MISSING {pid} {rule} {f}:{line}{hint}")
            problems.append(f"{pid} missing")
    for key in sorted(k for k in found if k not in expected):
        print(f"UNEXPECTED {key[0]} {key[1]}:{key[2]}: {found[key]}")
        problems.append(f"unexpected {key[0]} at {key[1]}:{key[2]}")

    # Binary verdicts: the failed required checks of each audited binary, by basename.
    failed = {}
    reports = sorted(glob.glob(os.path.join(evdir, "binaries", "*.json")))
    if not reports:
        problems.append(f"no binary reports in {evdir}/binaries")
    for p in reports:
        doc = load_json(p, problems)
        if not doc:
            continue
        for fr in doc.get("files", []):
            name = os.path.basename(fr.get("path", ""))
            bad = failed.setdefault(name, set())
            for c in fr.get("checks", []):
                if c.get("required") and c.get("verdict") in ("fail", "partial") and not c.get("waiver"):
                    bad.add((c.get("id"), c.get("verdict")))
    exp_bin = {(b, chk): (pid, verdict) for pid, b, chk, verdict in binv}
    for (b, chk), (pid, verdict) in sorted(exp_bin.items()):
        got = [v for (i, v) in failed.get(b, set()) if i == chk]
        if b not in failed:
            print(f"MISSING {pid} no report for binary {b}")
            problems.append(f"{pid}: {b} not audited")
        elif verdict in got:
            print(f"found {pid} {b} {chk}={verdict}")
        else:
            print(f"MISSING {pid} {b} {chk}={verdict} (got {got or 'no failure'})")
            problems.append(f"{pid} missing")
    for name in sorted(failed):
        for chk, verdict in sorted(failed[name]):
            if (name, chk) not in exp_bin:
                print(f"UNEXPECTED binary {name}: required check {chk} = {verdict}")
                problems.append(f"unexpected {name}:{chk}")
    for name in ("gatewayd", "gw-ctl"):
        if name not in failed:
            problems.append(f"binary {name} not audited")

    # The merged evidence must carry the same source findings.
    if evjson:
        doc = load_json(evjson, problems)
        if doc is not None:
            merged = set()
            for fd in doc.get("findings", []):
                if fd.get("suppressed") or fd.get("status") == "suppressed":
                    continue
                loc = fd.get("location") or fd
                merged.add((fd.get("rule"), rel(example, loc.get("file")), loc.get("line")))
            if merged != set(found):
                only_raw = sorted(set(found) - merged)
                only_ev = sorted(merged - set(found))
                problems.append(f"evidence JSON disagrees with the records: missing {only_raw}, extra {only_ev}")
            else:
                print(f"evidence json: {len(merged)} findings, same as the records")

    if problems:
        print("result: FAIL (" + "; ".join(problems) + ")")
        return 1
    print(f"result: ok ({len(src)} planted source issues found, {len(binv)} planted binary verdict, nothing else)")
    return 0


sys.exit(main())
