// An unknown or malformed -fplugin-arg-cra-KEY is an error that stops the compilation (a misspelt
// argument must not silently disable checks); known keys are accepted.
// RUN: not %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-chekcs=cred-* %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: cra: unknown plugin argument 'chekcs' (known: checks, config, findings, root, werror)
// RUN: not %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-checks %s 2>&1 | FileCheck %s --check-prefix=NOVALUE
// NOVALUE: error: cra: plugin argument 'checks' needs a value
// RUN: not %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-werror=maybe %s 2>&1 | FileCheck %s --check-prefix=BADBOOL
// BADBOOL: error: cra: plugin argument 'werror' takes no value or one of 1/0/true/false, not 'maybe'
// RUN: not %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-config=%t.missing.json %s 2>&1 | FileCheck %s --check-prefix=CONFIG
// CONFIG: error: cra: {{.*}}missing.json
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-werror=0 -fplugin-arg-cra-root=%S %s 2>&1 | count 0
int ok(void) { return 0; }
