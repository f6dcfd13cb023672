// sec-banned-func: calls that cannot be bounded, against the bounded forms and copies whose bound
// is provable at compile time.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s -- -Wno-deprecated-declarations | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s -- -Wno-deprecated-declarations | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -Wno-deprecated-declarations %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -Wno-deprecated-declarations -DLEGACY %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 10 expected, 0 missing, 0 unexpected, 0 pending
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
