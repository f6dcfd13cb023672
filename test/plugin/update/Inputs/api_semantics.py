#!/usr/bin/env python3
"""docs/rules/api-semantics.md <-> data/sinks.tsv: the VRES table of the doc must list exactly the VRES rows.

  api_semantics.py check SINKS.tsv DOC.md    exit 1 and list the differences when they disagree
  api_semantics.py table SINKS.tsv           print the table (to regenerate the doc section)
"""
import sys

CORRECT = {
    "one-success": "`== 1`, `!= 0`, `> 0`, `!x` to reject",
    "one-success-neg-error": "`== 1`, `> 0` (`<= 0` / `!= 1` to reject)",
    "positive-success-neg-error": "`> 0` (`<= 0` to reject)",
    "one-only-success": "`== 1` (`!= 1` to reject)",
    "zero-success": "`== 0` (`!= 0` to reject)",
    "zero-success-neg-error": "`== 0`, `< 0` / `!= 0` to reject",
    "outparam-one-success": "read the out-parameter: `== 1`",
    "outparam-zero-success": "read the out-parameter: `== 0`",
}


def vres_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) >= 5 and p[2] == "VRES":
                sem = p[4].split(";")
                rows.append((p[0], p[1], p[3], sem[0], "sig" in sem[1:], p[5] if len(p) > 5 else ""))
    return rows


def fmt(r):
    fn, arg, sel, sem, sig, note = r
    where = "return value" if arg == "ret" else "argument %s (out)" % arg.lstrip("*")
    if sel != "-":
        where += ", option `%s`" % sel
    return "| `%s` | %s | `%s` | %s | %s | %s |" % (fn, where, sem, CORRECT.get(sem, "?"), "yes" if sig else "", note)


def doc_rows(path):
    out = []
    with open(path, encoding="utf-8") as f:
        inside = False
        for line in f:
            if line.startswith("<!-- vres-table begin"):
                inside = True
                continue
            if line.startswith("<!-- vres-table end"):
                inside = False
            if inside and line.startswith("| `"):
                out.append(line.rstrip("\n"))
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "table":
        print("| API | verdict in | convention | correct test | barrier (`sig`) | note |")
        print("|---|---|---|---|---|---|")
        for r in vres_rows(sys.argv[2]):
            print(fmt(r))
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        want = [fmt(r) for r in vres_rows(sys.argv[2])]
        got = doc_rows(sys.argv[3])
        bad = 0
        for w in want:
            if w not in got:
                print("missing in doc: " + w)
                bad = 1
        for g in got:
            if g not in want:
                print("not in sinks.tsv: " + g)
                bad = 1
        unknown = sorted({r[3] for r in vres_rows(sys.argv[2])} - set(CORRECT))
        for u in unknown:
            print("unknown semantics: " + u)
            bad = 1
        print("%d VRES rows, %d table rows" % (len(want), len(got)))
        return bad
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main())
