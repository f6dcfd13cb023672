/* cases/elf nobuf.c: no arrays and no address-taken locals, so -fstack-protector-strong instruments
 * nothing, and no call the compiler could fortify. */
#include <stdio.h>
#include <stdlib.h>

static int mix(int a, int b) { return a * 31 + b; }

int main(int argc, char **argv) {
  int v = 0;
  for (int i = 0; i < argc; i++)
    v = mix(v, argv[i][0]);
  puts(v & 1 ? "odd" : "even");
  return v & 3;
}
