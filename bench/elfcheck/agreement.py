#!/usr/bin/env python3
"""Agreement of cra-elfcheck with checksec 2.6 on RELRO and canary over the same files. Prints the
agreement counts and every disagreement grouped by (checksec answer, our verdict, our evidence), each group
with its size and up to three example files, so each one can be explained.
Usage: agreement.py checksec.out cra-elfcheck.json   (checksec.out: one --output=json object per line)"""
import collections
import json
import re
import sys

cs = {}
for line in open(sys.argv[1], errors="replace"):
    line = line.strip()
    if not line.startswith("{"):
        continue
    try:
        cs.update(json.loads(line))
    except ValueError:
        pass
ours = {}
for f in json.load(open(sys.argv[2]))["files"]:
    ours[f["path"]] = {c["id"]: c for c in f["checks"]}
    ours[f["path"]]["_kind"] = f["kind"]

RELRO = {"pass": "full", "partial": "partial", "fail": "no"}
CANARY = {"pass": "yes", "fail": "no"}


def norm(ev):
    """Evidence without file-specific numbers and names, for grouping."""
    ev = re.sub(r"\d+", "N", ev)
    ev = re.sub(r"from \S+", "from F", ev)
    ev = re.sub(r"\(e\.g\. \S+\)", "", ev)
    return ev[:150]


for prop, cid, mapping in (("relro", "relro", RELRO), ("canary", "stack-protector", CANARY)):
    agree, total = 0, 0
    groups = collections.defaultdict(list)
    for path, c in sorted(cs.items()):
        if path not in ours:
            continue
        total += 1
        v = ours[path][cid]["verdict"]
        mine = mapping.get(v, v)
        if mine == c.get(prop):
            agree += 1
        else:
            groups[(c.get(prop), v, ours[path]["_kind"], norm(ours[path][cid]["evidence"]))].append(path)
    print("%s: %d of %d agree (%.1f%%), %d disagree" % (prop, agree, total, 100.0 * agree / max(total, 1), total - agree))
    for (theirs, v, kind, ev), paths in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print("  %4d  checksec %-8s ours %-15s %-26s %s" % (len(paths), theirs, v, kind, ev))
        for p in paths[:3]:
            print("          e.g. %s" % p)
    print()
missing = sorted(set(cs) - set(ours))
if missing:
    print("files checksec reported that cra-elfcheck did not audit: %d (e.g. %s)" % (len(missing), missing[:3]))
