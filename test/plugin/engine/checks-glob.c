// checks=GLOB,... enables and disables rules in order over the default set; a positive glob that
// matches no rule is an error.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefixes=URL,NAMED
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=* %s 2>&1 | FileCheck %s --check-prefixes=URL,NAMED
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-url-userinfo %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=URL --implicit-check-not=cred-named-literal
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=cred-*,-cred-url-userinfo %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NAMED --implicit-check-not=cred-url-userinfo
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-checks=-* %s 2>&1 | count 0
// RUN: not %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-checks=cred-nosuch* %s 2>&1 | FileCheck %s --check-prefix=NOMATCH
// RUN: not %clang -fsyntax-only -fplugin=%cra-plugin '-fplugin-arg-cra-checks=cred-[' %s 2>&1 | FileCheck %s --check-prefix=BADGLOB
// URL: checks-glob.c:[[#@LINE+4]]:{{.*}}[cra-cred-url-userinfo]
// NAMED: checks-glob.c:[[#@LINE+4]]:{{.*}}[cra-cred-named-literal]
// NOMATCH: error: cra: checks: 'cred-nosuch*' matches no rule (see --list-rules)
// BADGLOB: error: cra: checks: bad glob 'cred-['
const char *backup = "sftp://bk:Bk-2207x@10.1.1.1/";
static const char *admin_password = "Adm1n-2207";
