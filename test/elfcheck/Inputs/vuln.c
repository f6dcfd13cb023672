/* cases/elf vuln.c: process() copies into a local buffer with strcpy and memcpy and printfs it, so
 * -fstack-protector-strong instruments it and -O2 -D_FORTIFY_SOURCE=2 fortifies the three calls.
 * With -DWITH_FGETS it also calls fgets with a size the compiler proves safe (stays plain: case E3). */
#include <stdio.h>
#include <string.h>

void process(const char *in, size_t n) {
  char buf[64];
  strcpy(buf, in);
  memcpy(buf + 8, in, n);
#ifdef WITH_FGETS
  fgets(buf, sizeof buf, stdin);
#endif
  printf(buf, n);
}

int main(int argc, char **argv) {
  if (argc > 1)
    process(argv[1], (size_t)argc);
  return 0;
}
