/* cases/elf lib.c: a two-function shared library. */
int lib_counter;
int lib_add(int a, int b) { return a + b + lib_counter; }
int lib_bump(void) { return ++lib_counter; }
