/* cases/elf dyn3.c: a memcpy into a malloc'd buffer whose size is known only at run time: fortified at
 * _FORTIFY_SOURCE=3 (__builtin_dynamic_object_size), not at =2. */
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  size_t n = (size_t)argc * 16;
  char *p = malloc(n);
  if (!p)
    return 1;
  memcpy(p, argv[0], strlen(argv[0]) + 1 > n ? n : strlen(argv[0]) + 1);
  int r = p[0];
  free(p);
  return r;
}
