// Custom diagnostics ignore clang's -Werror and -w, so the engine maps them itself: findings become
// errors with werror / -Werror, and disappear with -w (they are still recorded with findings=).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: not %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-werror %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -Werror %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -w -fplugin-arg-cra-findings=%t %s 2>&1 | count 0
// RUN: cat %t/*.json | FileCheck %s --check-prefix=REC
// -Wno-error keeps findings warnings; werror=0 leaves clang's -Werror in charge.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -Werror -Wno-error %s 2>&1 | FileCheck %s --check-prefix=WARN
// WARN: werror.c:[[#@LINE+3]]:{{[0-9]+}}: warning: {{.*}}[cra-cred-named-literal]
// ERR: werror.c:[[#@LINE+2]]:{{[0-9]+}}: error: {{.*}}[cra-cred-named-literal]
// REC: "rule": "cred-named-literal"
static const char *mqtt_password = "Brk-Pa55-91";
const char *pw(void) { return mqtt_password; }
