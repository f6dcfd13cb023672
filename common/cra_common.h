/* Small shared C helpers for every cra-harden tool: diagnostics with the program name, checked allocation,
 * atomic file writes, path helpers, SHA-256 of files and the exit-code contract (docs/exit-codes.md). */
#ifndef CRA_COMMON_H
#define CRA_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* The exit-code contract shared by every tool. */
enum {
  CRA_EXIT_OK = 0,     /* ran, nothing failed the policy */
  CRA_EXIT_FAIL = 1,   /* ran, findings failed the policy */
  CRA_EXIT_INPUT = 2,  /* some input could not be read or parsed; the rest was processed */
  CRA_EXIT_USAGE = 64, /* usage error (EX_USAGE) */
  CRA_EXIT_SOFTWARE = 70 /* internal error (EX_SOFTWARE) */
};

/* Diagnostics: "prog: message" on stderr. cra_set_progname() takes argv[0] (basename is kept). */
void cra_set_progname(const char *argv0);
const char *cra_progname(void);
void cra_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cra_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "prog: message" and exits with `status`. */
_Noreturn void cra_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Usage error: prints "prog: message" and "Try 'prog --help'." and exits 64. */
_Noreturn void cra_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Standard --version text: "prog (cra-harden) X.Y.Z, built against LLVM A.B.C". */
void cra_print_version(FILE *out);

/* Checked allocation: abort with a message on exhaustion; never return NULL. */
void *cra_xmalloc(size_t n);
void *cra_xcalloc(size_t count, size_t size);
void *cra_xrealloc(void *p, size_t n);
void *cra_xreallocarray(void *p, size_t count, size_t size);
char *cra_xstrdup(const char *s);
char *cra_xstrndup(const char *s, size_t n);
/* malloc'd formatted string. */
char *cra_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Atomic write: data goes to a unique temporary file in the same directory, is fsync'ed, then renamed over
 * `path`, so readers (and a parallel make) see either the old or the whole new file. Returns 0, or -1 with
 * errno set. */
int cra_atomic_write(const char *path, const void *data, size_t len);
/* Atomic write of a NUL-terminated string. */
int cra_atomic_write_str(const char *path, const char *text);

/* mkdir -p with mode 0777 & ~umask; returns 0 or -1 with errno set. */
int cra_mkdir_p(const char *path);
/* Reads a whole file into a malloc'd NUL-terminated buffer; *len gets the size. Returns NULL with errno set. */
char *cra_read_file(const char *path, size_t *len);
/* Joins two path parts with one '/'. malloc'd. */
char *cra_path_join(const char *a, const char *b);

/* SHA-256 of a whole file (libcrypto, hardware accelerated where the CPU has it) as 64 lowercase hex chars.
 * Returns 0, or -1 with errno set. */
int cra_sha256_file(const char *path, char hex[65]);
/* SHA-256 of a buffer, as hex. */
void cra_sha256_hex(const void *data, size_t len, char hex[65]);

/* Seconds since the epoch for reports: SOURCE_DATE_EPOCH when set and valid, else now. */
long long cra_report_time(void);
/* ISO-8601 UTC ("2026-01-02T03:04:05Z") of cra_report_time(), in buf (at least 21 bytes). */
void cra_report_time_iso(char *buf, size_t n);

#endif
