#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char buf[64];
  strncpy(buf, argv[0], sizeof buf - 1);
  buf[sizeof buf - 1] = '\0';
  printf("%s %d\n", buf, argc);
  return 0;
}
