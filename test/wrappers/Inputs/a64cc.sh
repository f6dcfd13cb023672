#!/bin/sh
# An AArch64 cross compiler for the policy tests: clang for aarch64-linux-gnu. It compiles (no sysroot is
# needed for a translation unit without headers) but cannot link, as a cross compiler without a target libc.
exec "${A64_CLANG:?}" --target=aarch64-linux-gnu "$@"
