/* A library that defines (exports) its own strcpy: a definition, not an import of libc's. */
#include <stddef.h>
char *strcpy(char *d, const char *s) {
  size_t i = 0;
  for (; s[i]; i++)
    d[i] = s[i];
  d[i] = 0;
  return d;
}
