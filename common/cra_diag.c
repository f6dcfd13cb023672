/* Diagnostics and --version, with one message shape for every tool: "prog: subject: problem". */
#include "cra_common.h"
#include "cra_version.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "cra";

void cra_set_progname(const char *argv0) {
  if (!argv0 || !*argv0)
    return;
  const char *slash = strrchr(argv0, '/');
  progname = slash ? slash + 1 : argv0;
}

const char *cra_progname(void) { return progname; }

static void vmsg(const char *kind, const char *fmt, va_list ap) {
  /* One line per message, whatever the subject holds: a file name with a newline or an escape sequence
   * must not forge a second message or drive the terminal, so control bytes are shown as \xNN (and
   * invalid UTF-8 as U+FFFD), as in the text reports. */
  char *text = NULL;
  if (vasprintf(&text, fmt, ap) < 0)
    text = NULL;
  fprintf(stderr, "%s: ", progname);
  if (kind)
    fprintf(stderr, "%s: ", kind);
  cra_fputs_printable(text ? text : fmt, stderr);
  fputc('\n', stderr);
  free(text);
}

void cra_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmsg(NULL, fmt, ap);
  va_end(ap);
}

void cra_note(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmsg("note", fmt, ap);
  va_end(ap);
}

void cra_die(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmsg(NULL, fmt, ap);
  va_end(ap);
  exit(status);
}

void cra_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmsg(NULL, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try '%s --help' for more information.\n", progname);
  exit(CRA_EXIT_USAGE);
}

void cra_print_version(FILE *out) {
  fprintf(out, "%s (cra-harden) %s\nbuilt against LLVM %s\n", progname, CRA_VERSION, CRA_LLVM_VERSION_STRING);
}
