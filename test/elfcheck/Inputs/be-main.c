/* A freestanding PIE for the big-endian tests: calls lib_add (lib.c) through a function pointer. */
int lib_add(int, int);
int (*volatile fp)(int, int) = lib_add;

void _start(void) {
  volatile int r = fp(1, 2);
  (void)r;
  for (;;) {
  }
}
