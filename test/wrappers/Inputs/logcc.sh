#!/bin/sh
# A stand-in compiler that logs every identification run (-dM) to $LOGCC_LOG, then runs gcc: lets the cache
# tests count how often the wrapper probed the compiler.
for a in "$@"; do
  if [ "$a" = "-dM" ]; then echo "identify $$" >> "${LOGCC_LOG:?}"; fi
done
exec gcc "$@"
