#!/usr/bin/env python3
"""Checks that a man page documents every option of a tool.

man_options.py HELP.txt PAGE.1            long options (--name) and short ones (-p) from --help
man_options.py --plugin ERR.txt PAGE.7    plugin keys from "(known: a, b, c)" in the error text
Prints "N options, M undocumented" (and each undocumented one); exit 1 when M > 0. When groff is
installed the page is also rendered with all warnings on, and a warning fails the check."""
import re
import shutil
import subprocess
import sys


def roff_text(path):
    with open(path, encoding="utf-8") as f:
        t = f.read()
    return t.replace("\\-", "-").replace("\\fB", "").replace("\\fI", "").replace("\\fR", "")


def main():
    args = sys.argv[1:]
    plugin = args[:1] == ["--plugin"]
    if plugin:
        args = args[1:]
    src, page = args
    text = open(src, encoding="utf-8").read()
    if plugin:
        m = re.search(r"\(known: ([a-z, -]+)\)", text)
        opts = [k.strip() + ("=" if k.strip() != "werror" else "") for k in m.group(1).split(",")] if m else []
    else:
        opts = sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", text)) - {"--"})
    man = roff_text(page)
    missing = [o for o in opts if not re.search(r"(^|[\s.])" + re.escape(o.rstrip("=")) + r"(\s|=|$|,|\[|\()", man, re.M)]
    for o in missing:
        print("undocumented:", o)
    bad = 0
    if shutil.which("groff"):
        r = subprocess.run(["groff", "-man", "-ww", "-z", page], capture_output=True, text=True)
        for line in r.stderr.splitlines():
            print("roff:", line)
            bad += 1
    print(f"{len(opts)} options, {len(missing)} undocumented")
    return 1 if missing or bad else 0


if __name__ == "__main__":
    sys.exit(main())
