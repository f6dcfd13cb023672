// sec-weak-rng: rand()/random() values that become tokens, keys, nonces, salts or session ids,
// against jitter, back-off, sampling and shuffling.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DTEST_BUILD %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 7 expected, 0 missing, 0 unexpected, 0 pending
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct session { unsigned id; long expires; };

void session_new(struct session *s) {
  s->id = (unsigned)rand();                                       // EXPECT sec-weak-rng
  // MSG: sec-weak-rng.c:[[@LINE-1]]:21: warning: rand() is not a cryptographic random generator but its value makes 's->id' [cra-sec-weak-rng]
}

void make_token(char *out, size_t n) {
  for (size_t i = 0; i + 1 < n; i++)
    out[i] = "0123456789abcdef"[random() & 15];                   // EXPECT sec-weak-rng
  out[n - 1] = '\0';
}

unsigned new_nonce(void) {
  return (unsigned)random();                                      // EXPECT sec-weak-rng
}

void csrf_cookie(char *buf, size_t len) {
  snprintf(buf, len, "csrf=%08x", (unsigned)rand());              // EXPECT sec-weak-rng
}

int key_setup(unsigned char key[16]) {
  for (int i = 0; i < 16; i++)
    key[i] = (unsigned char)(rand() & 0xff);                      // EXPECT sec-weak-rng
  return 0;
}

unsigned pick_salt(void) {
  unsigned salt = (unsigned)lrand48();                            // EXPECT sec-weak-rng
  return salt;
}

unsigned otp_code(void) {
  unsigned r = (unsigned)rand();                                  // EXPECT sec-weak-rng
  unsigned pin = r % 1000000;
  return pin;
}

#ifdef TEST_BUILD
unsigned test_token(void) {
  unsigned token = (unsigned)rand();                              // NOFLAG removed unless -DTEST_BUILD
  // ON: sec-weak-rng.c:[[@LINE-1]]:30: warning: rand() {{.*}}'token' [cra-sec-weak-rng]
  return token;
}
#endif

/* Not security values. */
void reconnect_backoff(unsigned attempt) {
  unsigned jitter = (unsigned)rand() % 1000;                      // NOFLAG
  usleep((attempt * 1000 + jitter) * 1000);
  unsigned delay_ms = 500 + (unsigned)(random() % 250);           // NOFLAG
  usleep(delay_ms * 1000);
}

int sample_telemetry(void) {
  return rand() % 100 < 5;                                        // NOFLAG a sampling decision
}

void shuffle(int *v, int n) {
  for (int i = n - 1; i > 0; i--) {
    int j = rand() % (i + 1);                                     // NOFLAG
    int t = v[i];
    v[i] = v[j];
    v[j] = t;
  }
}

unsigned retry_interval(void) {
  unsigned r = (unsigned)rand();                                  // NOFLAG
  unsigned timeout = 1 + r % 30;
  return timeout;
}
