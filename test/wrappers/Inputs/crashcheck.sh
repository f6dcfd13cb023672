#!/bin/sh
# Stands in for cra-check or cra-elfcheck next to a copy of cra-cc: dies of SIGSEGV, as a crashing
# checker would, so the tests can show the wrapper's own failures never break the build.
kill -SEGV $$
