#!/usr/bin/env bash
# What the cra-harden rules cost (issue 3's targets), side by side in one run, on two inputs:
#   sqlite3   the sqlite3 amalgamation (one 8.6 MB translation unit), generated from Debian's sqlite3
#             source package with its own `make sqlite3.c` (the package ships the split sources only);
#   mosquitto every C translation unit of Debian's mosquitto, from the compile_commands.json its own
#             CMake build writes (-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, RelWithDebInfo: -O2 -g).
# Variants (bench/plugin/bench.py): clang-19 -c with and without -fplugin=cra-plugin.so, clang-19
# -fsyntax-only, cra-check, clang-tidy-19 --checks='-*,cert-*,bugprone-*'; wall time and peak RSS
# (/usr/bin/time -f %M) per variant, median over the repetitions; summarize.py prints the ratios.
#
# Usage: bench/plugin/run.sh [--reps N] [--work DIR] [--bindir DIR] [--only sqlite3|mosquitto]
#                            [--instructions N]
#   --reps N     repetitions (default 5)
#   --instructions N  count instructions (valgrind --tool=callgrind, instructions.py) over N translation
#                units of each input instead of timing them (0: all); repeatable where CPU seconds are not
#   --work DIR   work directory (default bench/work/plugin; git-ignored)
#   --bindir DIR where cra-check is (default build/bin; the plugin is DIR/../lib/cra-harden/cra-plugin.so)
# Needs clang-19, clang-tidy-19 (scripts/setup --bench), tclsh (sqlite's generator), and the sources:
# `apt-get source sqlite3 mosquitto` is done here when they are missing (needs a deb-src entry:
# bench/real-world/run.sh --fetch-only mosquitto adds one). Exit 0 when every measurement ran, 1 when
# a compile failed (the numbers are then not comparable), 64 on a usage error.
set -uo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"
reps=5
work="$here/bench/work/plugin"
bindir="$here/build/bin"
only=""
instructions=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --bindir) bindir="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --instructions) instructions="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed -e '/^set -uo/d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done
bindir="$(cd "$bindir" && pwd)" || exit 64
plugin="$bindir/../lib/cra-harden/cra-plugin.so"
for t in clang-19 clang-tidy-19 tclsh "$bindir/cra-check" "$plugin" /usr/bin/time; do
  command -v "$t" >/dev/null || [ -e "$t" ] || { echo "run.sh: $t: not found" >&2; exit 64; }
done
log() { printf 'run.sh: %s\n' "$*" >&2; }
mkdir -p "$work/src"

source_of() {   # PACKAGE -> the unpacked source directory (apt-get source when missing)
  local d
  d="$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name "$1-*" | sort | head -1)"
  if [ -z "$d" ]; then
    (cd "$work/src" && apt-get source -qq "$1") >"$work/$1.source.log" 2>&1 ||
      { log "$1: apt-get source failed (see $work/$1.source.log)"; return 1; }
    d="$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name "$1-*" | sort | head -1)"
  fi
  echo "$d"
}

# sqlite3.c from the package's own generator, and a one-entry compile database for it: -O2, nothing else.
prepare_sqlite3() {
  local s b="$work/sqlite3"
  s="$(source_of sqlite3)" || return 1
  if [ ! -f "$b/sqlite3.c" ]; then
    mkdir -p "$b"
    (cd "$b" && nice -n 10 "$s/configure" -q && nice -n 10 make sqlite3.c) >"$work/sqlite3.gen.log" 2>&1 ||
      { log "sqlite3: make sqlite3.c failed (see $work/sqlite3.gen.log)"; return 1; }
  fi
  cat >"$b/compile_commands.json" <<EOF
[{"directory": "$b", "file": "$b/sqlite3.c",
  "arguments": ["clang-19", "-O2", "-c", "$b/sqlite3.c", "-o", "$b/sqlite3.o"]}]
EOF
  echo "$b"
}

# mosquitto configured (not built: the TUs need no generated headers) with clang-19, as Debian does.
prepare_mosquitto() {
  local s b="$work/mosquitto-build"
  s="$(source_of mosquitto)" || return 1
  if [ ! -f "$b/compile_commands.json" ]; then
    cmake -S "$s" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-19 \
      -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      -DWITH_DOCS=OFF -DWITH_CJSON=ON -DWITH_SRV=OFF -DWITH_WEBSOCKETS=OFF >"$work/mosquitto.cmake.log" 2>&1 ||
      { log "mosquitto: cmake failed (see $work/mosquitto.cmake.log)"; return 1; }
  fi
  echo "$b"
}

tsv="$work/results-$(date -u +%Y%m%dT%H%M%SZ).tsv"
rules_commit="$(git -C "$here" log -1 --format='%h %cI' -- plugin 2>/dev/null || echo unknown)"
{
  echo "host: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rule code: commit $rules_commit (last commit touching plugin/)"
  echo "clang: $(clang-19 --version | head -1); clang-tidy: $(clang-tidy-19 --version | grep -i version | head -1 | sed 's/^ *//')"
} | tee "$tsv.info" >&2
status=0
for name in sqlite3 mosquitto; do
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  b="$(prepare_"$name")" || { status=1; continue; }
  if [ -n "$instructions" ]; then
    command -v valgrind >/dev/null || { log "valgrind: not found"; exit 64; }
    log "$name: instructions over ${instructions/#0/all} translation units"
    nice -n 10 python3 "$here/bench/plugin/instructions.py" -p "$b" --sample "$instructions" \
      --plugin "$plugin" --cra-check "$bindir/cra-check" | tee "$work/instructions-$name.txt" || status=1
    continue
  fi
  nice -n 10 python3 "$here/bench/plugin/bench.py" --name "$name" -p "$b" --reps "$reps" \
    --plugin "$plugin" --cra-check "$bindir/cra-check" --out "$tsv" || status=1
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$tsv.info" >&2
[ -s "$tsv" ] && [ -z "$instructions" ] && python3 "$here/bench/plugin/summarize.py" "$tsv"
exit "$status"
