#!/usr/bin/env python3
"""Turns bench/elfcheck results.tsv into the ratios the issue's targets are stated in (per-file CPU for the
tools that ran on the subset). Usage: ratios.py results.tsv"""
import csv
import sys

rows = {r["tool"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}


def per_file(name):
    r = rows[name]
    return float(r["cpu_s"]) / max(int(r["files"]), 1)


def show(name):
    r = rows[name]
    cpu, wall, n = float(r["cpu_s"]), float(r["wall_s"]), int(r["files"])
    print("%-28s %5d files  cpu %8.3f s  wall %8.3f s  %9.1f files/s (cpu)  %9.1f us/file  peak RSS %7.1f MiB" % (
        name, n, cpu, wall, n / cpu if cpu > 0 else float("inf"), 1e6 * cpu / max(n, 1), int(r["maxrss_kib"]) / 1024))


for name in rows:
    show(name)
print()
c = per_file("cra-elfcheck-nohash")
ch = per_file("cra-elfcheck-sha256")


def ratio(a, b):
    return a / b if b > 0 else float("inf")


cs = per_file("cra-elfcheck-nohash-copies")
print("per-file CPU ratios on the subset's files (20 copies, one process; higher = cra-elfcheck cheaper):")
print("  checksec / cra-elfcheck          %10.0fx   (target >= 1000x)" % ratio(per_file("checksec"), cs))
print("  hardening-check / cra-elfcheck   %10.0fx   (target >= 1000x)" % ratio(per_file("hardening-check"), cs))
print("  scanelf / cra-elfcheck (subset)  %10.2fx   (target >= 1: as fast as scanelf)" % ratio(per_file("scanelf-copies"), cs))
print("  scanelf / cra-elfcheck (all)     %10.2fx   (target >= 1)" % ratio(per_file("scanelf"), c))
print("cra-elfcheck / floors (lower = closer to the floor):")
print("  checks alone / mmap floor        %10.2fx   (target <= 5x)" % ratio(c, per_file("floor-mmap")))
print("  with SHA-256 / cat floor         %10.2fx   (target <= 2x)" % ratio(ch, per_file("floor-cat")))
m_full = int(rows["cra-elfcheck-nohash"]["maxrss_kib"])
m_sub = int(rows["cra-elfcheck-nohash-subset"]["maxrss_kib"])
print("memory: peak RSS %d files %.1f MiB vs %d files %.1f MiB (x%.2f for x%.1f files)" % (
    int(rows["cra-elfcheck-nohash-subset"]["files"]), m_sub / 1024, int(rows["cra-elfcheck-nohash"]["files"]),
    m_full / 1024, ratio(m_full, m_sub), ratio(int(rows["cra-elfcheck-nohash"]["files"]),
                                                int(rows["cra-elfcheck-nohash-subset"]["files"]))))
