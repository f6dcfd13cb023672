#!/usr/bin/env bash
# The wrappers' own cost per invocation: cra-cc against the real compiler called directly on a trivial
# translation unit, side by side in one run. The plugin, cra-check and the cra-elfcheck audit are turned off
# (CRA_CHECK=off, CRA_ELFCHECK=off) so only the wrapper itself is measured: argument analysis, the probe
# cache read, the policy, spawning the compiler, hashing the output and writing the build record.
#
# Commands per step (compile -c, link, a pass-through -E):
#   direct     the compiler with the user's arguments only
#   direct+h   the compiler with the flags cra-cc adds, spelled out: what the wrapper runs underneath (the
#              difference to `direct` is the cost of the hardening flags, not of the wrapper)
#   cra-cc     the wrapper; overhead = cra-cc minus direct+h, target <= 2 ms
# and the same pair over a null compiler (a script that only writes the output file), which takes the
# compiler's own run-to-run noise out of the difference.
#
# Three estimates, because on a shared machine the load moves wall times by more than the wrapper costs:
# the difference of the medians (hyperfine's side-by-side table), the median of paired differences (the two
# commands back to back, in alternating order, so load changes hit both alike), and the difference in CPU
# time (user + system, children included), which waiting for a core does not inflate.
#
# Usage: bench/wrapper-overhead/run.sh [--compiler gcc-12] [--runs N] [--bindir DIR] [--out DIR]
#   --compiler  the real compiler (default gcc-12; clang-19 works the same)
#   --runs      timed runs per command (default 200, after warm-up runs)
#   --bindir    where cra-cc is (default build/bin)
#   --out       where hyperfine's JSON, the paired samples and summary.txt go (default bench/work/wrapper-overhead)
# Uses hyperfine (scripts/setup --bench installs it) without a shell (-N) for the side-by-side table; the
# paired loop is Python. Exit 0 when the worst overhead of a hardened step (compile, link, null compile) is
# <= 2 ms -- the paired wall median, or the CPU time when the load average exceeds the cores (then wall
# times mostly measure the queue for a core) --, 1 when it is above, 64 on a usage error.
set -euo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"
compiler=gcc-12
runs=200
bindir="${CRA_BINDIR:-$here/build/bin}"
out="$here/bench/work/wrapper-overhead"
while [ $# -gt 0 ]; do
  case "$1" in
    --compiler) compiler="${2:?--compiler needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --bindir) bindir="${2:?--bindir needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed -e '/^set -e/d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option: $1" >&2; exit 64 ;;
  esac
done
cc="$(command -v "$compiler")" || { echo "run.sh: $compiler: not found" >&2; exit 64; }
wrap="$bindir/cra-cc"
[ -x "$wrap" ] || { echo "run.sh: $wrap: not built (scripts/build)" >&2; exit 64; }
bench="$here/bench/wrapper-overhead"

rm -rf "$out"
mkdir -p "$out/src"
cd "$out/src"
printf 'int answer(void) { return 42; }\n' > tu.c
printf 'int answer(void);\nint main(void) { return answer() - 42; }\n' > main.c
sed "s|@CC@|$cc|" "$bench/nullcc.in" > nullcc
chmod +x nullcc

# The wrapper's environment, exported so every command runs without a shell or `env` in front.
export CRA_CC="$cc" CRA_CHECK=off CRA_ELFCHECK=off CRA_EVIDENCE_DIR="$out/evidence" CRA_CACHE_DIR="$out/cache"
unset CRA_PROFILE CRA_FAIL_ON CRA_VERBOSE CRA_CONFIG CRA_PLUGIN CRA_CC_DEPTH

# Fill the probe cache (once per compiler, not per invocation) and read the added flags from the records.
added() {
  python3 -c 'import json,glob,sys; print(" ".join(json.load(open(glob.glob(sys.argv[1])[0]))["flags"]["added"]))' \
    "$out/evidence/builds/$1-*.json"
}
"$wrap" -O2 -c tu.c -o w.o
"$wrap" -O2 -c main.c -o wm.o
"$wrap" -O2 wm.o w.o -o w.out
"$wrap" --cra-cc="$PWD/nullcc" -O2 -c tu.c -o n.o
compile_flags="$(added w.o)"
link_flags="$(added w.out)"
"$cc" -O2 -c tu.c -o d.o
"$cc" -O2 -c main.c -o dm.o

names=(compile:direct compile:direct+h compile:cra-cc
       link:direct link:direct+h link:cra-cc
       preprocess:direct preprocess:cra-cc
       null-compile:direct+h null-compile:cra-cc)
cmds=("$cc -O2 -c tu.c -o d.o"
      "$cc $compile_flags -O2 -c tu.c -o dh.o"
      "$wrap -O2 -c tu.c -o w.o"
      "$cc -O2 dm.o d.o -o d.out"
      "$cc $link_flags -O2 dm.o d.o -o dh.out"
      "$wrap -O2 wm.o w.o -o w.out"
      "$cc -E tu.c -o d.i"
      "$wrap -E tu.c -o w.i"
      "$PWD/nullcc $compile_flags -O2 -c tu.c -o nd.o"
      "$wrap --cra-cc=$PWD/nullcc -O2 -c tu.c -o n.o")
printf '%s\n' "${cmds[@]}" > "$out/cmds.txt"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(uname -m), $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "compiler: $cc $("$cc" -dumpfullversion 2>/dev/null || "$cc" -dumpversion)"
  echo "wrapper: $("$wrap" --cra-version | head -1)"
  echo "compile flags added: $compile_flags"
  echo "link flags added: $link_flags"
} > "$out/summary.txt"

hf=""
if command -v hyperfine >/dev/null; then
  args=()
  for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
  hyperfine -N --warmup 20 --runs "$runs" --style basic --export-json "$out/hyperfine.json" "${args[@]}" \
    > "$out/hyperfine.txt" 2>&1
  hf="$out/hyperfine.json"
else
  echo "note: hyperfine not installed (scripts/setup --bench): paired loop only" >> "$out/summary.txt"
fi
python3 "$bench/measure.py" paired "$out/cmds.txt" "$runs" "$out/paired.json" "${names[@]}"
python3 "$bench/measure.py" summary "$out/paired.json" "$runs" $hf >> "$out/summary.txt"
cat "$out/summary.txt"
grep -q '^result: PASS' "$out/summary.txt"
