#!/usr/bin/env bash
# Build real Debian source packages with their own, unmodified build systems, with and without the
# cra-harden wrappers, under gcc-12 and clang-19; audit the outputs with cra-elfcheck and merge the
# evidence with cra-evidence. Results go to bench/work/real-world/ (git-ignored); docs/real-world.md
# holds the hand-triaged summary of a run.
#
# Usage: bench/real-world/run.sh [options] PACKAGE...
#   --compilers "gcc-12 clang-19"  real compilers to use (default both)
#   --modes "plain wrapped"        plain = the compiler directly (the baseline wall time), wrapped = through cra-cc
#   --jobs N                       make/ninja parallelism (default 2: the machine is shared)
#   --timeout S                    wall-time limit per build (default 1800 s); a build over it counts as failed
#   --fetch-only                   only add deb-src, apt-get source and build-dep; build nothing
#   --audit-only                   build nothing; re-run cra-elfcheck and cra-evidence over the wrapped
#                                  builds already in the work directory (e.g. after a cra-harden change)
#   --work DIR                     work directory (default bench/work/real-world)
#   --bindir DIR                   where cra-cc, cra-elfcheck, cra-evidence are (default build/bin)
#   --profile NAME                 CRA_PROFILE for the wrapped builds; the mode is then recorded as
#                                  wrapped-NAME (default: the wrappers' default profile, mode "wrapped")
# Needs root for the apt steps (deb-src entry, apt-get update, build-dep). Exit 0 when every requested
# build ran (a failed build is recorded in results.tsv, not fatal); 64 on a usage error.
set -uo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"
compilers="gcc-12 clang-19"
modes="plain wrapped"
jobs=2
timeout_s=1800
fetch_only=0
audit_only=0
work="$here/bench/work/real-world"
bindir="${CRA_BINDIR:-$here/build/bin}"
profile=""

usage() {
  sed -n '2,/^set -uo/p' "$0" | sed -e '/^set -uo/d' -e 's/^# \{0,1\}//'
}
while [ $# -gt 0 ]; do
  case "$1" in
    --compilers) compilers="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --fetch-only) fetch_only=1; shift ;;
    --audit-only) audit_only=1; shift ;;
    --work) work="$2"; shift 2 ;;
    --bindir) bindir="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    -*) echo "run.sh: unknown option: $1" >&2; exit 64 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "run.sh: no package named (try: mosquitto lighttpd curl civetweb dropbear)" >&2; exit 64; }
pkgs=("$@")
bindir="$(cd "$bindir" 2>/dev/null && pwd || echo "$bindir")"

log() { printf 'run.sh: %s\n' "$*" >&2; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# --- 1. a deb-src entry derived from the machine's own apt sources ------------------------------------
# deb822 files (*.sources) get a twin stanza with Types: deb-src; one-line files get "deb-src" twins of
# their "deb" lines. Sources whose file is disabled (not *.sources / *.list) are not read by apt either.
have_deb_src() {
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
  grep -qsiE '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources && return 0
  return 1
}
ensure_deb_src() {
  have_deb_src && { log "deb-src entries present"; return 0; }
  local out822=/etc/apt/sources.list.d/cra-harden-deb-src.sources
  local outlist=/etc/apt/sources.list.d/cra-harden-deb-src.list
  local f tmp
  tmp="$(mktemp)"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # Keep only Debian archive stanzas (the packages we want live there); copy each with Types: deb-src.
    awk 'BEGIN{RS=""; ORS="\n\n"}
         /URIs:[^\n]*debian/ && /Types:[^\n]*deb/ { sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >>"$tmp"
  done
  if [ -s "$tmp" ]; then
    $sudo install -m 0644 "$tmp" "$out822"
    log "added deb-src stanzas from the existing deb822 sources to $out822"
  else
    : >"$tmp"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      sed -n 's/^[[:space:]]*deb\([[:space:]]\)/deb-src\1/p' "$f" | grep -i debian >>"$tmp" || true
    done
    [ -s "$tmp" ] || { rm -f "$tmp"; log "no Debian apt source found to derive a deb-src entry from"; return 1; }
    $sudo install -m 0644 "$tmp" "$outlist"
    log "added deb-src lines derived from the existing one-line sources to $outlist"
  fi
  rm -f "$tmp"
  $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
}

# --- 2. source and build dependencies ---------------------------------------------------------------------
fetch() {
  local p="$1"
  local d="$work/src/$p"
  if [ -n "$(find "$d" -mindepth 2 -maxdepth 2 -name debian -type d 2>/dev/null | head -1)" ]; then
    log "$p: source already unpacked in $d"
  else
    mkdir -p "$d"
    (cd "$d" && apt-get source -qq "$p") >"$work/logs/$p.source.log" 2>&1 ||
      { log "$p: apt-get source failed (see $work/logs/$p.source.log)"; return 1; }
  fi
  # Once per work directory (a stamp file), and waiting for the dpkg lock rather than failing on it: other
  # apt users on a shared machine hold it for minutes.
  [ -f "$work/logs/$p.build-dep.ok" ] && return 0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 build-dep -y -qq "$p" \
    >"$work/logs/$p.build-dep.log" 2>&1 ||
    { log "$p: apt-get build-dep failed (see $work/logs/$p.build-dep.log)"; return 1; }
  : >"$work/logs/$p.build-dep.ok"
}
srcdir_of() { find "$work/src/$1" -mindepth 1 -maxdepth 1 -type d | sort | head -1; }

# --- 3. the package's own build system -------------------------------------------------------------------
# Chosen from what the tree has, in the order the Debian packaging itself prefers: CMake for mosquitto and
# civetweb, Meson for lighttpd, Autotools for curl and dropbear. Nothing in the tree is edited. curl builds
# only lib/ and src/ (the library and the tool), not its test suite.
build_system() {
  local p="$1" s="$2"
  case "$p" in
    mosquitto|civetweb) echo cmake; return ;;
    lighttpd) [ -f "$s/meson.build" ] && { echo meson; return; } ;;
    curl|dropbear) echo autotools; return ;;
  esac
  if [ -x "$s/configure" ]; then echo autotools
  elif [ -f "$s/meson.build" ]; then echo meson
  elif [ -f "$s/CMakeLists.txt" ]; then echo cmake
  else echo make
  fi
}
cmake_args() {
  case "$1" in
    mosquitto) echo "-DWITH_DOCS=OFF -DWITH_CJSON=ON -DWITH_SRV=OFF -DWITH_WEBSOCKETS=OFF" ;;
    civetweb) echo "-DCIVETWEB_BUILD_TESTING=OFF -DCIVETWEB_ENABLE_SSL=ON -DBUILD_SHARED_LIBS=ON" ;;
  esac
}
meson_args() {
  case "$1" in
    lighttpd) echo "-Dwith_openssl=true" ;;   # mod_openssl: the TLS rules need TLS code to look at
  esac
}
configure_args() {
  case "$1" in
    # As Debian configures it: the system libtomcrypt/libtommath, not the bundled copies.
    dropbear) echo "--disable-bundled-libtom" ;;
    # Shared library only (libtool would compile every file twice) and without the protocols a device
    # build rarely has, to keep the four builds of the biggest package within the shared machine's budget.
    curl) echo "--with-openssl --without-libpsl --disable-manual --disable-static --disable-ldap" \
               "--disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-gopher" \
               "--disable-smb --disable-mqtt --without-librtmp --without-libssh2 --without-libssh" ;;
  esac
}
make_targets() {   # one make invocation per line
  case "$1" in
    curl) printf '%s\n' "-C lib all" "-C src all" ;;   # the library, then the tool
    *) echo "all" ;;
  esac
}

# run_build PKG CC MODE -> writes $work/build/<id>/, appends a row to results.tsv
run_build() {
  local p="$1" cc="$2" mode="$3"
  [ "$mode" = wrapped ] && [ -n "$profile" ] && mode="wrapped-$profile"
  local id="$1-$2-$mode"
  if [ "$audit_only" -eq 1 ]; then
    [ "$mode" != plain ] && [ -d "$work/build/$id/src" ] && audit "$id" "$work/build/$id" "$work/evidence/$id" &&
      log "$id: audited again"
    return 0
  fi
  local src b ev bs status=ok t0 t1 cxx cc_env cxx_env
  src="$(srcdir_of "$p")"
  b="$work/build/$id"; ev="$work/evidence/$id"
  rm -rf "$b" "$ev"; mkdir -p "$b" "$ev"
  cp -a "$src/." "$b/src"
  bs="$(build_system "$p" "$b/src")"
  case "$cc" in gcc-*) cxx="g++-${cc#gcc-}" ;; clang-*) cxx="clang++-${cc#clang-}" ;; *) cxx=c++ ;; esac
  if [ "$mode" != plain ]; then
    [ -x "$bindir/cra-cc" ] || { log "$id: no $bindir/cra-cc (build the wrappers first)"; echo -e "$p\t$cc\t$mode\t$bs\tskipped\t-" >>"$work/results.tsv"; return; }
    export CRA_CC="$cc" CRA_CXX="$cxx" CRA_EVIDENCE_DIR="$ev"
    [ -z "$profile" ] || export CRA_PROFILE="$profile"
    cc_env="$bindir/cra-cc"; cxx_env="$bindir/cra-c++"
  else
    unset CRA_CC CRA_CXX CRA_EVIDENCE_DIR CRA_PROFILE
    cc_env="$cc"; cxx_env="$cxx"
  fi
  local logf="$work/logs/$id.log"
  : >"$logf"
  t0="$(date +%s.%N)"
  (
    set -e
    cd "$b/src"
    case "$bs" in
      cmake)
        # shellcheck disable=SC2046
        timeout "$timeout_s" cmake -S . -B _build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
          -DCMAKE_C_COMPILER="$cc_env" -DCMAKE_CXX_COMPILER="$cxx_env" $(cmake_args "$p")
        timeout "$timeout_s" ninja -C _build -j "$jobs" ;;
      meson)
        # shellcheck disable=SC2046
        CC="$cc_env" CXX="$cxx_env" timeout "$timeout_s" meson setup _build --buildtype=debugoptimized \
          $(meson_args "$p")
        timeout "$timeout_s" ninja -C _build -j "$jobs" ;;
      autotools)
        [ -x configure ] || autoreconf -fi
        # shellcheck disable=SC2046
        CC="$cc_env" CXX="$cxx_env" timeout "$timeout_s" ./configure -q $(configure_args "$p")
        local tgt
        while read -r tgt; do
          # shellcheck disable=SC2086
          timeout "$timeout_s" make -j "$jobs" $tgt
        done < <(make_targets "$p")
        ;;
      make)
        timeout "$timeout_s" make -j "$jobs" CC="$cc_env" CXX="$cxx_env" ;;
    esac
  ) >>"$logf" 2>&1 || status=failed
  t1="$(date +%s.%N)"
  local wall
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')"
  log "$id: $bs build $status in ${wall}s (log: $logf)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$cc" "$mode" "$bs" "$status" "$wall" >>"$work/results.tsv"
  [ "$mode" != plain ] && [ "$status" = ok ] && audit "$id" "$b" "$ev"
  unset CRA_CC CRA_CXX CRA_EVIDENCE_DIR CRA_PROFILE
}

# Keeps the paths (one a line) of files that start with the ELF magic: executable scripts the build
# generates (test drivers, service run files) are not binaries to audit.
elf_only() {
  local f
  while IFS= read -r f; do
    [ "$(head -c 4 "$f" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] && printf '%s\n' "$f"
  done
  return 0
}

# --- 4. audit: cra-elfcheck over everything the build produced, cra-evidence over the evidence dir --------
audit() {
  local id="$1" b="$2" ev="$3" out="$work/out/$1" prof=()
  [ -z "$profile" ] || prof=(--profile="$profile")
  rm -rf "$out"; mkdir -p "$out"
  # What the build produced: executables and shared objects, not the build systems' own probe binaries
  # (CMake's compiler-id a.out, Meson's sanity checks, configure's conftest) and not the object files.
  find "$b/src" -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \) \
       -not -path '*/CMakeFiles/*' -not -path '*/meson-private/*' -not -name 'conftest*' \
       -not -name '*.o' -not -name '*.sh' -not -name '*.py' -not -name '*.pl' -not -name 'config.*' \
       -not -path '*/.git/*' -not -path '*/debian/*' | sort | elf_only >"$out/outputs.list"
  if [ -x "$bindir/cra-elfcheck" ]; then
    local rc=0 outs
    mapfile -t outs <"$out/outputs.list"
    "$bindir/cra-elfcheck" "${prof[@]}" --format=json -o "$out/elfcheck.json" "${outs[@]}" \
      2>"$out/elfcheck.err" || rc=$?
    echo "$rc" >"$out/elfcheck.rc"
    "$bindir/cra-elfcheck" "${prof[@]}" "${outs[@]}" >"$out/elfcheck.txt" 2>>"$out/elfcheck.err" || true
  else
    log "$id: no cra-elfcheck in $bindir; binary audit skipped"
  fi
  if [ -x "$bindir/cra-evidence" ]; then
    local rc=0
    "$bindir/cra-evidence" "${prof[@]}" --root "$b/src" --product-name "$1" --output-dir="$out" "$ev" \
      2>"$out/evidence.err" || rc=$?
    echo "$rc" >"$out/evidence.rc"
  else
    log "$id: no cra-evidence in $bindir; evidence merge skipped"
  fi
}

mkdir -p "$work/src" "$work/build" "$work/logs" "$work/out" "$work/evidence"
ensure_deb_src || exit 1
for p in "${pkgs[@]}"; do
  [ "$audit_only" -eq 1 ] || fetch "$p" || { printf '%s\t-\t-\t-\tfetch-failed\t-\n' "$p" >>"$work/results.tsv"; continue; }
  [ "$fetch_only" -eq 1 ] && continue
  for cc in $compilers; do
    command -v "$cc" >/dev/null || { log "no compiler $cc"; continue; }
    for mode in $modes; do
      run_build "$p" "$cc" "$mode"
    done
  done
done
[ "$fetch_only" -eq 1 ] || [ "$audit_only" -eq 1 ] || { log "results: $work/results.tsv"; column -t -s$'\t' "$work/results.tsv" >&2; }
exit 0
