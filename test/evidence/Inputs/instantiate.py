#!/usr/bin/env python3
"""Copies a fixture tree, replacing @ROOT@ with an absolute directory, so the hand-written evidence files
(docs/formats.md uses absolute paths) can live anywhere. Usage: instantiate.py SRC DST ROOT"""
import os
import shutil
import sys

src, dst, root = sys.argv[1:4]
for dirpath, _, files in os.walk(src):
    rel = os.path.relpath(dirpath, src)
    os.makedirs(os.path.join(dst, rel), exist_ok=True)
    for f in files:
        with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
            text = fh.read().replace("@ROOT@", root)
        with open(os.path.join(dst, rel, f), "w", encoding="utf-8") as fh:
            fh.write(text)
