/* docs/real-world.md defect 9: glibc data objects (in6addr_any, in6addr_loopback, stdout, environ) read
 * by non-PIC data references are copied into the executable (R_*_COPY) and defined in its .dynsym; they
 * are the library's, not exports. cr_own_data is the program's own, exported only with -rdynamic. */
#include <netinet/in.h>
#include <stdio.h>
extern char **environ;
int cr_own_data = 1;
int main(void) {
  struct in6_addr a = in6addr_any, b = in6addr_loopback;
  return fprintf(stdout, "%d %d %d %d\n", a.s6_addr[0], b.s6_addr[15], environ != NULL, cr_own_data) < 0;
}
