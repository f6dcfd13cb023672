#!/bin/sh
# A stand-in compiler whose identification fails: it refuses `-E -dM` (as a broken cross driver or an
# unusual compiler would) and otherwise runs gcc.
for a in "$@"; do
  [ "$a" = "-dM" ] && { echo "nodumpcc: error: -dM is not supported" >&2; exit 1; }
done
exec gcc "$@"
