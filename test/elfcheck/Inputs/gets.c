/* Imports gets (no safe use: CWE-242) and sprintf. gets is gone from C11's <stdio.h>; declare it. */
#include <stdio.h>
char *gets(char *);
int main(int argc, char **argv) {
  char line[64], out[96];
  if (argc > 5 && gets(line))
    sprintf(out, "%s:%s", argv[0], line);
  return out[0] & (argc > 5);
}
