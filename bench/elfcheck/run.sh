#!/usr/bin/env bash
# Side-by-side benchmark of cra-elfcheck against Debian's checksec (2.6), hardening-check (devscripts) and
# scanelf (pax-utils), with two floors: mmap + read the ELF header of every file (floor.c, compiled here)
# and cat of every file. One run, niced, single-threaded tools (-j 1 for cra-elfcheck): the machine is
# shared. Results (raw /usr/bin/time -v output, results.tsv, agreement.txt) go to the work directory;
# bench/elfcheck/README.md holds the numbers of a run as ratios against the issue's targets.
#
# Usage: bench/elfcheck/run.sh [--subset N] [--work DIR] [--bindir DIR] [DIR...]
#   DIR...        where to find ELF files (default /usr/bin /usr/lib/x86_64-linux-gnu; not following links)
#   --subset N    how many files (the first N, sorted) checksec and hardening-check get (default 200: they
#                 need minutes for a few hundred files); cra-elfcheck, scanelf and the floors get all files
#   --work DIR    work directory (default bench/work/elfcheck, git-ignored)
#   --bindir DIR  where cra-elfcheck is (default build/bin)
# Needs: scripts/setup --bench (checksec, devscripts, pax-utils, time). Exit 64 on a usage error.
set -uo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"
subset=200
work="$here/bench/work/elfcheck"
bindir="${CRA_BINDIR:-$here/build/bin}"
dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --subset) subset="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --bindir) bindir="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed -e '/^set -uo/d' -e 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option '$1'" >&2; exit 64 ;;
    *) dirs+=("$1"); shift ;;
  esac
done
[ "${#dirs[@]}" -gt 0 ] || dirs=(/usr/bin /usr/lib/x86_64-linux-gnu)
for t in checksec hardening-check scanelf /usr/bin/time cc python3; do
  command -v "$t" >/dev/null || { echo "run.sh: $t missing (scripts/setup --bench)" >&2; exit 64; }
done
[ -x "$bindir/cra-elfcheck" ] || { echo "run.sh: $bindir/cra-elfcheck missing (scripts/build)" >&2; exit 64; }
mkdir -p "$work"
export LC_ALL=C

# The file set: regular files (no symlinks followed) starting with the ELF magic, sorted.
python3 - "${dirs[@]}" > "$work/files.txt" <<'PY'
import os, stat, sys
out = []
for d in sys.argv[1:]:
    for root, subdirs, files in os.walk(d):
        for n in files:
            p = os.path.join(root, n)
            try:
                if not stat.S_ISREG(os.lstat(p).st_mode):
                    continue
                with open(p, "rb") as fh:
                    if fh.read(4) == b"\x7fELF":
                        out.append(p)
            except OSError:
                pass
for p in sorted(out):
    print(p)
PY
head -n "$subset" "$work/files.txt" > "$work/subset.txt"
nfiles=$(wc -l < "$work/files.txt")
nsub=$(wc -l < "$work/subset.txt")
bytes=$(xargs -d '\n' stat -c %s < "$work/files.txt" | awk '{s+=$1} END {print s}')
echo "run.sh: $nfiles ELF files ($bytes bytes), subset $nsub"
cc -O2 -o "$work/floor" "$here/bench/elfcheck/floor.c" || exit 1

# Warm the page cache once so every tool reads from memory (the floors then measure the same thing).
xargs -d '\n' cat < "$work/files.txt" > /dev/null

# measure NAME SET COMMAND...: /usr/bin/time -v into $work/NAME.time; one results.tsv row:
# name, set, files, cpu seconds (user+sys), wall seconds, peak RSS in KiB.
[ -f "$work/results.tsv" ] && cp "$work/results.tsv" "$work/results.prev.tsv"
printf 'tool\tset\tfiles\tcpu_s\twall_s\tmaxrss_kib\n' > "$work/results.tsv"
measure() {
  local name="$1" set="$2"; shift 2
  local n; n=$(wc -l < "$work/$set.txt")
  nice -n 10 /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"
  awk -v name="$name" -v set="$set" -v n="$n" -F': ' '
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    /Elapsed \(wall clock\)/ {w=$2; k=split(w, a, ":"); w = (k == 3) ? a[1]*3600 + a[2]*60 + a[3] : a[1]*60 + a[2]}
    END {printf "%s\t%s\t%d\t%.3f\t%.3f\t%d\n", name, set, n, u + s, w, m}' "$work/$name.time" >> "$work/results.tsv"
  tail -n 1 "$work/results.tsv"
}

# Floors and the fast tools over every file.
measure floor-mmap files sh -c "'$work/floor' < '$work/files.txt'"
measure floor-cat files sh -c "xargs -d '\n' cat < '$work/files.txt' > /dev/null"
measure cra-elfcheck-nohash files xargs -d '\n' -a "$work/files.txt" "$bindir/cra-elfcheck" --no-hash -j 1 -q --format=json
measure cra-elfcheck-sha256 files xargs -d '\n' -a "$work/files.txt" "$bindir/cra-elfcheck" -j 1 -q --format=json
measure scanelf files xargs -d '\n' -a "$work/files.txt" scanelf -a
# Memory as the file count grows, and per-file CPU on exactly the files the slow tools get: the same
# tools over the subset, ten times in a row (one pass is too short to time; files counts 10 x subset).
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$work/subset.txt"; done > "$work/subset10.txt"
measure cra-elfcheck-nohash-subset subset xargs -d '\n' -a "$work/subset.txt" "$bindir/cra-elfcheck" --no-hash -j 1 -q --format=json
measure cra-elfcheck-nohash-subset-x10 subset10 sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do xargs -d '\n' -a '$work/subset.txt' '$bindir/cra-elfcheck' --no-hash -j 1 -q --format=json; done"
measure scanelf-subset-x10 subset10 sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do xargs -d '\n' -a '$work/subset.txt' scanelf -a; done"
# The same 200 files twenty times over in one process (copies: the same inode is audited once), so that
# neither start-up nor the timer's 10 ms resolution dominates the per-file cost (five copies gave
# 0.11-0.13 s: the timer's resolution alone was 8 %).
rm -rf "$work/copies" && mkdir -p "$work/copies"
for i in $(seq 1 20); do mkdir "$work/copies/$i"; xargs -d '\n' -a "$work/subset.txt" cp -t "$work/copies/$i"; done
find "$work/copies" -type f | sort > "$work/copies.txt"
# Written back and read once, like the main set: the first tool measured must not pay for the copies'
# writeback and first mapping (it showed as 2.5x the system time of the tool measured after it).
sync
xargs -d '\n' cat < "$work/copies.txt" > /dev/null
measure cra-elfcheck-nohash-copies copies xargs -d '\n' -a "$work/copies.txt" "$bindir/cra-elfcheck" --no-hash -j 1 -q --format=json
measure scanelf-copies copies xargs -d '\n' -a "$work/copies.txt" scanelf -a
rm -rf "$work/copies"
[ -n "${BENCH_SKIP_SLOW:-}" ] && [ -f "$work/checksec.time" ] && { grep -E '^(checksec|hardening-check)	' "$work/results.prev.tsv" >> "$work/results.tsv" 2>/dev/null; }
# The slow tools over the subset (BENCH_SKIP_SLOW=1 reuses the previous run's rows). checksec 2.6 takes
# one --file per run; hardening-check takes many.
[ -z "${BENCH_SKIP_SLOW:-}" ] && measure checksec subset sh -c "while IFS= read -r f; do checksec --output=json --file=\"\$f\"; echo; done < '$work/subset.txt'"
[ -z "${BENCH_SKIP_SLOW:-}" ] && measure hardening-check subset xargs -d '\n' -a "$work/subset.txt" hardening-check

# Agreement with checksec on RELRO and canary over the subset.
"$bindir/cra-elfcheck" --no-hash -q --format=json $(cat "$work/subset.txt") > "$work/cra-subset.json" 2>/dev/null
python3 "$here/bench/elfcheck/agreement.py" "$work/checksec.out" "$work/cra-subset.json" > "$work/agreement.txt"
cat "$work/agreement.txt" | head -n 20
python3 "$here/bench/elfcheck/ratios.py" "$work/results.tsv" > "$work/ratios.txt"
cat "$work/ratios.txt"
