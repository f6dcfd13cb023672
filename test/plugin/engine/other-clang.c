// The plugin loaded into a clang of another major version refuses cleanly: the compiler reports that it
// cannot load (or that the plugin was built for another clang) and exits 1; it never crashes, and without
// the plugin the same compile succeeds. (The in-plugin guard, for hosts whose symbols do resolve, is
// plugin/Plugin.cpp: registerIfCompatible.)
// REQUIRES: other-clang
// RUN: not %other_clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s
// RUN: %other_clang -fsyntax-only %s
// CHECK: {{unable to load plugin '.*cra-plugin.so'|cra-plugin: built for clang}}
int main(void) { return 0; }
