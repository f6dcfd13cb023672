#!/usr/bin/env python3
"""Summarises the cra-build records of an evidence directory for FileCheck, one block per record sorted by
output name: paths are reduced to basenames so the lines do not depend on the test's temporary directory.
Usage: records.py EVIDENCE_DIR [--argv]"""
import json
import os
import sys


def base(p):
    return os.path.basename(p) if p else p


def main():
    ev = sys.argv[1]
    show_argv = "--argv" in sys.argv[2:]
    d = os.path.join(ev, "builds")
    if not os.path.isdir(d):
        print("no builds/ directory")
        return 1
    recs = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".json"):
            print(f"stray file {name}")
            continue
        with open(os.path.join(d, name)) as f:
            r = json.load(f)
        if r.get("format") != "cra-build" or r.get("version") != 1:
            print(f"bad format in {name}")
        expect = base(r["output"]) + "-"
        if not name.startswith(expect):
            print(f"record name {name} does not match output {r['output']}")
        recs.append(r)
    recs.sort(key=lambda r: (base(r["output"]), r["step"]))
    print(f"records: {len(recs)}")
    for r in recs:
        c = r["compiler"]
        print(f"{r['step']} {base(r['output'])} <- {' '.join(base(i) for i in r['inputs'])}")
        print(f"  compiler: {c['family']} {base(c['path'])} profile={r['profile']} checker={r['checker']['mode']}")
        fl = r["flags"]
        for k in ("added", "overridden", "rejected"):
            print(f"  {k}: {' '.join(fl[k])}".rstrip())
        for s in fl["skipped"]:
            print(f"  skipped: {s['flag']} ({s['reason']})")
        if len(r["output_sha256"]) != 64:
            print("  bad sha256")
        if r["checker"].get("findings"):
            print(f"  findings: {r['checker']['findings'].split('-')[0]}")
        if "audit" in r:
            print(f"  audit: {r['audit']['report']} failed={','.join(r['audit']['failed_required'])}")
        for p in r["problems"]:
            print(f"  problem: {p}")
        if show_argv:
            print(f"  argv: {' '.join(base(r['argv'][0:1][0]) if i == 0 else a for i, a in enumerate(r['argv']))}")
    return 0


sys.exit(main())
