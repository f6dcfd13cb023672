/* Imports of functions with no safe use (gets) and a misuse record (system, strcat). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char line[128];

int main(int argc, char **argv) {
  char *(*volatile g)(char *) = 0;
  if (argc > 3 && g)
    g(line);
  strcat(line, argv[0]);
  return system(argc > 1 ? argv[1] : "true");
}
