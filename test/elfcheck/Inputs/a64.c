/* A freestanding AArch64 program for bti-pac (no sysroot needed): _start calls through a volatile function
 * pointer (an indirect branch BTI guards). With -DUSE_LIB it calls lib_add from a shared library (a PLT). */
#ifdef USE_LIB
int lib_add(int, int);
#else
static int lib_add(int a, int b) { return a + b; }
#endif
int (*volatile fp)(int, int) = lib_add;

void _start(void) {
  volatile int r = fp(1, 2);
  (void)r;
  for (;;) {
  }
}
