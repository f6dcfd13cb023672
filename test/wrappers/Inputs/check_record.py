#!/usr/bin/env python3
"""Checks one build record against the file system: the output's SHA-256, absolute inputs that exist, the
compiler's identity as the compiler itself reports it, and the argument vector (compiler, added flags, then
the user's arguments). Prints one line per fact for FileCheck.
Usage: check_record.py RECORD COMPILER USER-ARG..."""
import hashlib
import json
import os
import subprocess
import sys


def main():
    rec = json.load(open(sys.argv[1]))
    compiler, user = sys.argv[2], sys.argv[3:]
    out = rec["output"]
    sha = hashlib.sha256(open(out, "rb").read()).hexdigest()
    print("sha256", "ok" if sha == rec["output_sha256"] else f"MISMATCH {rec['output_sha256']} != {sha}")
    print("output", "absolute" if os.path.isabs(out) else "RELATIVE", os.path.basename(out))
    for i in rec["inputs"]:
        print("input", os.path.basename(i), "ok" if os.path.isabs(i) and os.path.exists(i) else "BAD")
    version = subprocess.run([compiler, "-dumpfullversion"], capture_output=True, text=True).stdout.strip()
    machine = subprocess.run([compiler, "-dumpmachine"], capture_output=True, text=True).stdout.strip()
    c = rec["compiler"]
    print("compiler", c["family"], "path-ok" if c["path"] == os.path.abspath(compiler) else "PATH " + c["path"],
          "version-ok" if c["version"] == version else f"VERSION {c['version']} != {version}",
          "target-ok" if c["target"] == machine else "TARGET " + c["target"])
    argv = rec["argv"]
    added = rec["flags"]["added"]
    print("argv[0]", "ok" if argv[0] == c["path"] else "BAD " + argv[0])
    print("argv added", "ok" if argv[1:1 + len(added)] == added else "BAD")
    print("argv user", "ok" if argv[len(argv) - len(user):] == user else "BAD " + " ".join(argv))
    print("directory", "ok" if rec["directory"] == os.getcwd() else "BAD " + rec["directory"])
    print("tool", rec["tool"]["name"], rec["step"], rec["profile"])


sys.exit(main())
