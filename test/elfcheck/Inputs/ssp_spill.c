/* docs/real-world.md defect 5: many values live across calls, no array and no address-taken local. Clang
 * -O2 spills them to a frame of 72 bytes; -fstack-protector-strong has nothing to instrument. */
extern long g(long);
long f(long a, long b, long c, long d, long e, long h) {
  long x1 = g(a), x2 = g(b), x3 = g(c), x4 = g(d), x5 = g(e), x6 = g(h);
  long x7 = g(x1 + x6), x8 = g(x2 + x5), x9 = g(x3 + x4), x10 = g(x7 + x8);
  return x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + g(a + b + c + d + e + h);
}
