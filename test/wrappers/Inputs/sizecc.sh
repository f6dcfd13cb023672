#!/bin/sh
# A stand-in compiler whose "object" is exactly $SIZECC_BYTES random bytes: identification and probes go to
# gcc, a compile writes the -o file. Lets the record test hash outputs at SHA-256's padding boundaries.
case " $* " in *" -dM "*|*" -dumpmachine "*|*" -Werror "*) exec gcc "$@" ;; esac
prev=
for a in "$@"; do
  if [ "$prev" = "-o" ]; then head -c "${SIZECC_BYTES:?}" /dev/urandom > "$a"; fi
  prev=$a
done
