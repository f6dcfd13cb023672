#!/bin/sh
# A stand-in compiler for the wrapper tests: runs gcc, but rejects -fstack-clash-protection (as an old or
# cross compiler would), exits 3 when given -DEXIT3 and dies of SIGSEGV when given -DCRASH.
for a in "$@"; do
  case "$a" in
    -fstack-clash-protection) echo "fakecc: error: unrecognized command-line option '$a'" >&2; exit 1 ;;
    -DEXIT3) exit 3 ;;
    -DCRASH) kill -SEGV $$ ;;
  esac
done
exec gcc "$@"
