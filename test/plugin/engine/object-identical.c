// The plugin runs after the main action and only reads the AST: the object file is byte-identical
// with and without it, at -O0 and -O2, with findings present.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -c -O2 -g0 %s -o %t/plain.o
// RUN: %clang -c -O2 -g0 -fplugin=%cra-plugin %s -o %t/plugin.o 2>&1 | FileCheck %s
// RUN: cmp %t/plain.o %t/plugin.o
// RUN: %clang -c -O0 -g %s -o %t/plain0.o
// RUN: %clang -c -O0 -g -fplugin=%cra-plugin -fplugin-arg-cra-findings=%t/f %s -o %t/plugin0.o 2>/dev/null
// RUN: cmp %t/plain0.o %t/plugin0.o
// CHECK: warning: {{.*}}[cra-cred-url-userinfo]
const char *mirror(void) { return "ftp://fw:Upd4te-77@10.0.0.2/img"; }
int add(int a, int b) { return a + b; }
