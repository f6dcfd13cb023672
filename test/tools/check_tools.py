#!/usr/bin/env python3
"""Meta check: every installed cra-harden tool answers --help (exit 0, a usage line), --version (exit 0,
names the toolkit version and the LLVM it was built against) and rejects an unknown option with exit 64 and
a one-line message on stderr. Usage: check_tools.py BINDIR VERSION LLVM_VERSION TOOL..."""
import os
import subprocess
import sys


def run(argv):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def main():
    bindir, version, llvm = sys.argv[1:4]
    tools = sys.argv[4:]
    if not tools:
        print("FAIL: no tools registered (cra_register_tool was never called)")
        return 1
    failures = 0
    for t in tools:
        exe = os.path.join(bindir, t)
        if not os.access(exe, os.X_OK):
            print(f"FAIL {t}: not built at {exe}")
            failures += 1
            continue
        r = run([exe, "--help"])
        if r.returncode != 0 or "usage" not in r.stdout.lower():
            print(f"FAIL {t} --help: exit {r.returncode}, no usage text on stdout")
            failures += 1
        r = run([exe, "--version"])
        if r.returncode != 0 or version not in r.stdout or llvm not in r.stdout:
            print(f"FAIL {t} --version: exit {r.returncode}, output {r.stdout!r} lacks {version} or LLVM {llvm}")
            failures += 1
        # Compiler wrappers hand unknown options to the real compiler; only their own --cra-* namespace is theirs.
        bad = "--cra-no-such-option-xyzzy" if t in ("cra-cc", "cra-c++") else "--no-such-option-xyzzy"
        r = run([exe, bad])
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        if r.returncode != 64 or not lines or "no-such-option-xyzzy" not in lines[0]:
            print(f"FAIL {t} unknown option: exit {r.returncode}, stderr {r.stderr!r}")
            failures += 1
        else:
            print(f"ok {t}")
    return 1 if failures else 0


sys.exit(main())
