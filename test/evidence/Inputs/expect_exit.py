#!/usr/bin/env python3
"""Runs a command and checks its exact exit status (lit's `not` only knows zero and non-zero).
stdout and stderr pass through. Usage: expect_exit.py CODE CMD [ARG]..."""
import subprocess
import sys

want = int(sys.argv[1])
r = subprocess.run(sys.argv[2:])
if r.returncode != want:
    print(f"expect_exit.py: {sys.argv[2]} exited {r.returncode}, expected {want}", file=sys.stderr)
    sys.exit(1)
