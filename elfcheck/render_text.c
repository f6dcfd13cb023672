/* Text renderer: one file gets a block with every check's verdict and evidence; several files get a compact
 * table (one row per file, one column per check) followed by the evidence for each failed required check.
 * Colour only when asked (the caller decides: a terminal and no NO_COLOR). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cra_common.h"
#include "elfcheck.h"

struct buf {
  char *s;
  size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *t = NULL;
  int n = vasprintf(&t, fmt, ap);
  va_end(ap);
  if (n < 0)
    cra_die(CRA_EXIT_SOFTWARE, "out of memory");
  if (b->len + (size_t)n + 1 > b->cap) {
    b->cap = (b->len + (size_t)n + 1) * 2;
    b->s = cra_xrealloc(b->s, b->cap);
  }
  memcpy(b->s + b->len, t, (size_t)n + 1);
  b->len += (size_t)n;
  free(t);
}

static const char *abbrev(const char *id) {
  static const char *const map[][2] = {
      {"auto-var-init", "AVI"}, {"bti-pac", "BTI"},        {"cet", "CET"},         {"dangerous-imports", "DANG"},
      {"debug-info", "DBG"},    {"exported-symbols", "EXP"}, {"fortify", "FORT"},  {"fortify-level", "FLVL"},
      {"nx-stack", "NX"},       {"pie", "PIE"},            {"relro", "RELRO"},     {"rpath", "RPATH"},
      {"rwx-segments", "RWX"},  {"stack-clash", "CLASH"},  {"stack-protector", "SSP"}, {"symbols", "SYMS"},
      {"textrel", "TXREL"},     {"zero-call-used-regs", "ZCUR"}};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strcmp(map[i][0], id) == 0)
      return map[i][1];
  return id;
}

static const char *short_verdict(const char *v) {
  if (strcmp(v, "pass") == 0) return "ok";
  if (strcmp(v, "partial") == 0) return "part";
  if (strcmp(v, "fail") == 0) return "FAIL";
  if (strcmp(v, "not_applicable") == 0) return "-";
  return "?";
}

static const char *colour_of(const char *v, bool failed) {
  if (failed) return "\033[1;31m";
  if (strcmp(v, "pass") == 0) return "\033[32m";
  if (strcmp(v, "partial") == 0) return "\033[33m";
  if (strcmp(v, "fail") == 0) return "\033[31m";
  return "";
}

static const char *jstr(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static bool jtrue(const cJSON *o, const char *k) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k)); }

static void cell(struct buf *b, const char *text, int width, const char *col, bool colour) {
  if (colour && *col)
    put(b, "%s%-*s\033[0m", col, width, text);
  else
    put(b, "%-*s", width, text);
}

static void file_block(struct buf *b, const cJSON *file, bool colour) {
  put(b, "%s: %s, %s %s %s-endian\n", jstr(file, "path"), jstr(file, "kind"), jstr(file, "arch"),
      jstr(file, "class"), jstr(file, "endian"));
  const cJSON *notes = cJSON_GetObjectItemCaseSensitive(file, "notes"), *n;
  cJSON_ArrayForEach(n, notes) put(b, "  note: %s\n", n->valuestring);
  const cJSON *c;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(file, "checks")) {
    const char *v = jstr(c, "verdict");
    bool failed = jtrue(c, "failed");
    bool waived = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(c, "waiver"));
    put(b, "  %-20s ", jstr(c, "id"));
    cell(b, v, 15, colour_of(v, failed), colour);
    put(b, "%-9s %s\n", failed ? "REQUIRED" : waived ? "waived" : jtrue(c, "required") ? "required" : "",
        jstr(c, "evidence"));
    if (waived)
      put(b, "  %-20s %-15s %-9s waiver: %s\n", "", "", "",
          jstr(cJSON_GetObjectItemCaseSensitive(c, "waiver"), "justification"));
  }
}

char *elfcheck_render_text(const cJSON *doc, bool colour) {
  struct buf b = {0};
  put(&b, "%s", "");
  const cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "files");
  int nfiles = cJSON_GetArraySize(files);
  const cJSON *file;
  if (nfiles == 1) {
    file_block(&b, cJSON_GetArrayItem(files, 0), colour);
  } else if (nfiles > 1) {
    int width = 4;
    cJSON_ArrayForEach(file, files) {
      int l = (int)strlen(jstr(file, "path"));
      if (l > width)
        width = l;
    }
    if (width > 60)
      width = 60;
    const cJSON *first = cJSON_GetArrayItem(files, 0), *c;
    put(&b, "%-*s %-26s", width, "PATH", "KIND");
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(first, "checks"))
      put(&b, " %-5s", abbrev(jstr(c, "id")));
    put(&b, "\n");
    cJSON_ArrayForEach(file, files) {
      put(&b, "%-*s %-26s", width, jstr(file, "path"), jstr(file, "kind"));
      cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(file, "checks")) {
        const char *v = jstr(c, "verdict");
        bool failed = jtrue(c, "failed");
        char text[8];
        snprintf(text, sizeof text, "%s%s", short_verdict(v), failed ? "!" : "");
        put(&b, " ");
        cell(&b, text, 5, colour_of(v, failed), colour);
      }
      put(&b, "\n");
    }
    bool header = false;
    cJSON_ArrayForEach(file, files) {
      cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(file, "checks")) {
        if (!jtrue(c, "failed"))
          continue;
        if (!header) {
          put(&b, "\nfailed required checks:\n");
          header = true;
        }
        put(&b, "  %s: %s: %s: %s\n", jstr(file, "path"), jstr(c, "id"), jstr(c, "verdict"), jstr(c, "evidence"));
      }
    }
  }
  const cJSON *e;
  cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "errors"))
    put(&b, "error: %s: %s\n", jstr(e, "path"), jstr(e, "message"));
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "summary");
  int audited = cJSON_GetObjectItemCaseSensitive(s, "files")->valueint;
  int skipped = cJSON_GetObjectItemCaseSensitive(s, "skipped_non_elf")->valueint;
  int errors = cJSON_GetObjectItemCaseSensitive(s, "errors")->valueint;
  int failed = cJSON_GetObjectItemCaseSensitive(s, "failed_required")->valueint;
  put(&b, "%d file%s audited, %d skipped (not ELF), %d error%s, %d failed the %s profile\n", audited,
      audited == 1 ? "" : "s", skipped, errors, errors == 1 ? "" : "s", failed, jstr(doc, "profile"));
  return b.s;
}
