#!/usr/bin/env python3
"""Walks the two registries (plugin/Rules.inc, elfcheck/checks.def) and the tool list, and checks that every
unit of functionality is complete (CONVENTIONS.md): ids unique, sorted and kebab-case; every rule has its
class file, docs/rules/<id>.md and test/plugin/<family>/<id>.c; every binary check has
elfcheck/checks/<id>.c, docs/elfcheck/<id>.md and test/elfcheck/<id>.test; every tool has a man page.

Usage: check_registry.py SRC_ROOT TOOL...
Prints one line per problem, then "N rules, M checks, K tools: P problems"; exit 1 when P > 0."""
import glob
import os
import re
import sys

RULE_ROW = re.compile(r'^RULE\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(true|false)\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"([^"]+)"\s*\)\s*$')
CHECK_ROW = re.compile(r'^CHECK\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*"([^"]+)"\s*\)\s*$')
KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")  # rules: a family prefix
CHECK_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
REQ = re.compile(r"^part-(i|ii)/[0-9]+[a-z]?$")


def rows(path, pattern, lead):
    out, problems = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.startswith(lead):
                continue
            m = pattern.match(line.rstrip("\n"))
            if not m:
                problems.append(f"{path}:{n}: row does not parse")
                continue
            out.append((n, m))
    return out, problems


def check_ids(path, ids, problems, pattern, what):
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        problems.append(f"{path}: duplicate ids: {', '.join(dup)}")
    if ids != sorted(ids):
        problems.append(f"{path}: ids are not sorted")
    for i in ids:
        if not pattern.match(i):
            problems.append(f"{path}: id '{i}' is not kebab-case{what}")


def main():
    root, tools = sys.argv[1], sys.argv[2:]
    problems = []
    need = lambda rel, why: problems.append(f"{rel}: missing ({why})") if not os.path.exists(os.path.join(root, rel)) else None

    inc = os.path.join(root, "plugin", "Rules.inc")
    rules, p = rows(inc, RULE_ROW, "RULE(")
    problems += p
    check_ids(inc, [m.group(2) for _, m in rules], problems, KEBAB, " with a family prefix")
    for n, m in rules:
        cls, rid, reqs = m.group(1), m.group(2), m.group(6)
        if not glob.glob(os.path.join(root, "plugin", "rules", "*", cls + ".cpp")):
            problems.append(f"plugin/rules/*/{cls}.cpp: missing (class of rule {rid})")
        need(f"docs/rules/{rid}.md", f"doc page of rule {rid}")
        if not glob.glob(os.path.join(root, "test", "plugin", "*", rid + ".c")):
            problems.append(f"test/plugin/*/{rid}.c: missing (test of rule {rid})")
        if not m.group(5) or not all(c.isdigit() for c in m.group(5).split(",")):
            problems.append(f"{inc}:{n}: rule {rid}: CWE list '{m.group(5)}' is not numbers")
        for r in reqs.split(","):
            if not REQ.match(r):
                problems.append(f"{inc}:{n}: rule {rid}: requirement '{r}' is not an Annex I id")

    defs = os.path.join(root, "elfcheck", "checks.def")
    checks, p = rows(defs, CHECK_ROW, "CHECK(")
    problems += p
    check_ids(defs, [m.group(1) for _, m in checks], problems, CHECK_ID, "")
    for n, m in checks:
        cid = m.group(1)
        need(f"elfcheck/checks/{cid}.c", f"function of check {cid}")
        need(f"docs/elfcheck/{cid}.md", f"doc page of check {cid}")
        need(f"test/elfcheck/{cid}.test", f"test of check {cid}")
        if not REQ.match(m.group(2)):
            problems.append(f"{defs}:{n}: check {cid}: requirement '{m.group(2)}' is not an Annex I id")

    for t in sorted(set("cra-cc" if t == "cra-c++" else t for t in tools)):
        # cra-c++ is cra-cc under another name and shares its page.
        page = "cra-cc" if t == "cra-c++" else t
        need(f"docs/man/{page}.1", f"man page of {t}")
    need("docs/man/cra-plugin.7", "man page of the plugin")

    for line in problems:
        print(line)
    print(f"{len(rules)} rules, {len(checks)} checks, {len(tools)} tools: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
