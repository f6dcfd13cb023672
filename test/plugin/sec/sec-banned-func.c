// sec-banned-func: calls that cannot be bounded, against the bounded forms and copies whose bound
// is provable at compile time.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s -- -Wno-deprecated-declarations | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s -- -Wno-deprecated-declarations | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -Wno-deprecated-declarations %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -Wno-deprecated-declarations -DLEGACY %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 20 expected, 0 missing, 0 unexpected, 0 pending
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *gets(char *s); /* removed from C11 headers; old code still declares it */

void unbounded(const char *name, const char *arg, va_list ap) {
  char buf[32];
  char line[64];
  char small[4];
  gets(line);                                                     // EXPECT sec-banned-func
  // MSG: sec-banned-func.c:[[@LINE-1]]:3: warning: gets() is unsafe by design (fgets(buf, sizeof buf, stdin)) [cra-sec-banned-func]
  strcpy(buf, name);                                              // EXPECT sec-banned-func
  strcat(buf, arg);                                               // EXPECT sec-banned-func
  strcpy(small, "too long");                                      // EXPECT sec-banned-func
  sprintf(buf, "user=%s", name);                                  // EXPECT sec-banned-func
  sprintf(small, "%d", 12345);                                    // EXPECT sec-banned-func
  vsprintf(line, "%s", ap);                                       // EXPECT sec-banned-func
  scanf("%s", line);                                              // EXPECT sec-banned-func
  sscanf(arg, "%d %[^\n]", (int *)buf, line);                     // EXPECT sec-banned-func
  tmpnam(line);                                                   // EXPECT sec-banned-func
#ifdef LEGACY
  strcpy(line, arg);                                              // NOFLAG removed unless -DLEGACY
  // ON: sec-banned-func.c:[[@LINE-1]]:3: warning: unbounded copy into 'line'{{.*}}[cra-sec-banned-func]
#endif
}

void bounded(const char *name, const char *arg, FILE *in) {
  char buf[32];
  char line[64];
  int n = 0;
  fgets(line, sizeof line, in);                                   // NOFLAG
  snprintf(buf, sizeof buf, "user=%s", name);                     // NOFLAG
  strncpy(buf, arg, sizeof buf - 1);                              // NOFLAG
  strcpy(buf, "guest");                                           // NOFLAG the literal fits
  strcpy(line, buf);                                              // NOFLAG a 32-byte array into 64 bytes
  strcat(buf, "!");                                               // NOFLAG "guest!" fits
  sprintf(buf, "%d/%u", n, 7u);                                   // NOFLAG at most 22 bytes
  sprintf(line, "%.40s", name);                                   // NOFLAG precision bounds it
  scanf("%63s", line);                                            // NOFLAG width
  sscanf(arg, "%d", &n);                                          // NOFLAG
  (void)n;
}

#define PATH_MAX_ 4096

/* Bounded by a dominating check of the source length against the destination (civetweb). */
int tmp_name(const char *fname, char *out) {
  char tmp[PATH_MAX_ + 8];
  if (strlen(fname) + 4 >= PATH_MAX_)
    return 0;
  strcpy(tmp, fname);                                             // NOFLAG strlen(fname) + 4 < 4096
  strcat(tmp, ".tmp");                                            // NOFLAG and 5 more bytes fit in 4104
  return out[0] = tmp[0];
}

size_t append(char **dst, char *end, const char *src) {
  size_t len = strlen(src);
  if ((size_t)(end - *dst) > len) {
    strcpy(*dst, src);                                            // NOFLAG len + 1 bytes are left
    *dst += len;
  }
  return len;
}

int short_name(const char *fname, char *out) {
  char tmp[64];
  if (strlen(fname) >= sizeof tmp || !out)
    return -1;
  strcpy(tmp, fname);                                             // NOFLAG at most 63 characters
  return out[0] = tmp[0];
}

int short_name_nested(const char *fname, char *out) {
  char tmp[64];
  size_t n = strlen(fname);
  if (out && n < sizeof tmp) {
    strcpy(tmp, fname);                                           // NOFLAG
    return out[0] = tmp[0];
  }
  return -1;
}

/* The same shapes where the check proves nothing about this copy. */
int tmp_name_small(const char *fname, char *out) {
  char tmp[64];
  if (strlen(fname) + 4 >= PATH_MAX_)
    return 0;
  strcpy(tmp, fname);                                             // EXPECT sec-banned-func checked against another size
  return out[0] = tmp[0];
}

int tmp_name_long_suffix(const char *fname, char *out) {
  char tmp[PATH_MAX_ + 8];
  if (strlen(fname) + 4 >= PATH_MAX_)
    return 0;
  strcpy(tmp, fname);                                             // NOFLAG
  strcat(tmp, ".backup-copy-x");                                  // EXPECT sec-banned-func 15 more bytes do not fit
  return out[0] = tmp[0];
}

int log_only(const char *fname, char *out) {
  char tmp[64];
  if (strlen(fname) >= sizeof tmp)
    fputs("name too long\n", stderr);
  strcpy(tmp, fname);                                             // EXPECT sec-banned-func the check does not dominate
  return out[0] = tmp[0];
}

int wrong_branch(const char *fname, char *out) {
  char tmp[64];
  if (strlen(fname) < sizeof tmp)
    return 0;
  else
    strcpy(tmp, fname);                                           // EXPECT sec-banned-func only when it is too long
  return out[0] = tmp[0];
}

int changed_after_check(const char *fname, const char *other, char *out) {
  char tmp[64];
  if (strlen(fname) >= sizeof tmp)
    return 0;
  fname = other;
  strcpy(tmp, fname);                                             // EXPECT sec-banned-func fname changed after the check
  return out[0] = tmp[0];
}

size_t append_no_room(char **dst, char *end, const char *src) {
  size_t len = strlen(src);
  if ((size_t)(end - *dst) >= len)
    strcpy(*dst, src);                                            // EXPECT sec-banned-func no room for the NUL
  return len;
}

/* curl lib/socks.c (7.88.1), SOCKS4a: the host name is checked against the protocol's 255, not
   against what is left of the request buffer after the user name. A true positive. */
int socks4a_request(const char *user, const char *hostname) {
  unsigned char socksreq[600];
  size_t packetsize = 8 + strlen(user) + 1;
  size_t hostnamelen = strlen(hostname) + 1;
  if (hostnamelen <= 255)
    strcpy((char *)socksreq + packetsize, hostname);              // EXPECT sec-banned-func
  else
    return -1;
  return socksreq[0] + (int)hostnamelen;
}

/* A destination allocated from the source's own length (curl). */
char *dup_suffix(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 5);
  if (!d)
    return NULL;
  strcpy(d, s);                                                   // NOFLAG n + 5 bytes
  strcat(d, ".tmp");                                              // NOFLAG
  return d;
}

char *join_second(const char *a, const char *b) {
  char *d = malloc(strlen(a) + strlen(b) + 2);
  if (d)
    strcpy(d, b);                                                 // NOFLAG the sum includes strlen(b) + 2
  return d;
}

char *dup_calloc(const char *s) {
  size_t n = strlen(s);
  char *d = calloc(n + 1, 1);
  if (d)
    strcpy(d, s);                                                 // NOFLAG
  return d;
}

char *dup_assigned(const char *s) {
  char *d;
  d = realloc(NULL, strlen(s) + 1);
  if (d)
    strcpy(d, s);                                                 // NOFLAG
  return d;
}

/* Allocations that do not cover the copy. */
char *dup_no_nul(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n);
  if (d)
    strcpy(d, s);                                                 // EXPECT sec-banned-func no byte for the NUL
  return d;
}

char *dup_other(const char *s, const char *t) {
  char *d = malloc(strlen(t) + 1);
  if (d)
    strcpy(d, s);                                                 // EXPECT sec-banned-func sized for another string
  return d;
}

char *dup_moved(const char *s) {
  char *d = malloc(strlen(s) + 1);
  if (!d)
    return NULL;
  d++;
  strcpy(d, s);                                                   // EXPECT sec-banned-func d no longer starts the block
  return d;
}
