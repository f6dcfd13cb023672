/* The evidence model: construction, small vectors, paths, the requirement catalogue, input errors and the CI
 * gate. Parsing is in ev_parse.c, the merge in ev_merge.c, output in emit_*.c. */
#include "ev_internal.h"

#include "cra_common.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- vectors ------------------------------------------------------------------------------------------ */

void ev_strv_push_take(ev_strv *s, char *str) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 4;
    s->v = cra_xreallocarray(s->v, s->cap, sizeof *s->v);
  }
  s->v[s->n++] = str;
}

void ev_strv_push(ev_strv *s, const char *str) { ev_strv_push_take(s, cra_xstrdup(str)); }

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void ev_strv_sort_unique(ev_strv *s) {
  if (s->n < 2)
    return;
  qsort(s->v, s->n, sizeof *s->v, cmp_str);
  size_t w = 1;
  for (size_t r = 1; r < s->n; r++) {
    if (strcmp(s->v[r], s->v[w - 1]) == 0)
      free(s->v[r]);
    else
      s->v[w++] = s->v[r];
  }
  s->n = w;
}

int ev_strv_has(const ev_strv *s, const char *str) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i], str) == 0)
      return 1;
  return 0;
}

int ev_strv_bsearch(const ev_strv *s, const char *str) {
  if (!s->n)
    return 0;
  return bsearch(&str, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

void ev_strv_extend(ev_strv *dst, const ev_strv *src) {
  for (size_t i = 0; i < src->n; i++)
    ev_strv_push(dst, src->v[i]);
}

void ev_strv_free(ev_strv *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

void ev_intv_push(ev_intv *s, int x) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 4;
    s->v = cra_xreallocarray(s->v, s->cap, sizeof *s->v);
  }
  s->v[s->n++] = x;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

void ev_intv_sort_unique(ev_intv *s) {
  if (s->n < 2)
    return;
  qsort(s->v, s->n, sizeof *s->v, cmp_int);
  size_t w = 1;
  for (size_t r = 1; r < s->n; r++)
    if (s->v[r] != s->v[w - 1])
      s->v[w++] = s->v[r];
  s->n = w;
}

void ev_intv_free(ev_intv *s) {
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

/* ---- string buffer ---------------------------------------------------------------------------------- */

static void sb_reserve(ev_sb *b, size_t more) {
  if (b->n + more + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + more + 1)
      cap *= 2;
    b->s = cra_xrealloc(b->s, cap);
    b->cap = cap;
  }
}

void ev_sb_puts(ev_sb *b, const char *s) {
  size_t n = strlen(s);
  sb_reserve(b, n);
  memcpy(b->s + b->n, s, n + 1);
  b->n += n;
}

void ev_sb_printf(ev_sb *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *tmp = NULL;
  if (vasprintf(&tmp, fmt, ap) < 0)
    cra_die(CRA_EXIT_SOFTWARE, "out of memory");
  va_end(ap);
  ev_sb_puts(b, tmp);
  free(tmp);
}

char *ev_sb_take(ev_sb *b) {
  char *s = b->s ? b->s : cra_xstrdup("");
  b->s = NULL;
  b->n = b->cap = 0;
  return s;
}

/* ---- paths -------------------------------------------------------------------------------------------- */

/* Lexical normalisation (no symlink resolution: the files may be gone, and the result must not depend on the
 * machine's state): joins a relative path to `base`, drops "." and empty components, resolves "..". */
char *ev_path_normalize(const char *path, const char *base) {
  char *joined = path[0] == '/' || !base ? cra_xstrdup(path) : cra_path_join(base, path);
  size_t len = strlen(joined);
  char *out = cra_xmalloc(len + 2);
  size_t o = 0;
  const char *p = joined;
  while (*p) {
    while (*p == '/')
      p++;
    if (!*p)
      break;
    const char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 1 && p[0] == '.') {
      /* skip */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--; /* drop the slash too */
    } else {
      out[o++] = '/';
      memcpy(out + o, p, n);
      o += n;
    }
    p += n;
  }
  if (o == 0)
    out[o++] = '/';
  out[o] = '\0';
  free(joined);
  return out;
}

char *ev_path_rel(const ev_model *m, const char *abs) {
  size_t rl = strlen(m->root);
  if (strcmp(m->root, "/") == 0)
    return cra_xstrdup(abs[0] == '/' && abs[1] ? abs + 1 : abs);
  if (strncmp(abs, m->root, rl) == 0) {
    if (abs[rl] == '/' && abs[rl + 1])
      return cra_xstrdup(abs + rl + 1);
    if (abs[rl] == '\0')
      return cra_xstrdup(".");
  }
  return cra_xstrdup(abs);
}

char *ev_uri_encode_path(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *out = cra_xmalloc(3 * n + 1);
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    unsigned char c = *p;
    int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '.' || c == '_' || c == '~' || c == '/' || c == '+' || c == ',' || c == '=' || c == '@';
    if (plain) {
      out[o++] = (char)c;
    } else {
      out[o++] = '%';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    }
  }
  out[o] = '\0';
  return out;
}

/* ---- names -------------------------------------------------------------------------------------------- */

int ev_severity_rank(const char *s) {
  if (!s)
    return 0;
  if (strcmp(s, "low") == 0)
    return 1;
  if (strcmp(s, "medium") == 0)
    return 2;
  if (strcmp(s, "high") == 0)
    return 3;
  return 0;
}

const char *ev_severity_name(int rank) {
  static const char *names[] = {"none", "low", "medium", "high"};
  return rank >= 0 && rank <= 3 ? names[rank] : "none";
}

const char *ev_status_name(ev_status s) {
  switch (s) {
  case EV_MET: return "met";
  case EV_PARTIALLY_MET: return "partially_met";
  case EV_NOT_MET: return "not_met";
  case EV_NOT_ASSESSED: break;
  }
  return "not_assessed";
}

const char *ev_status_label(ev_status s) {
  switch (s) {
  case EV_MET: return "met";
  case EV_PARTIALLY_MET: return "partially met";
  case EV_NOT_MET: return "not met";
  case EV_NOT_ASSESSED: break;
  }
  return "not assessed";
}

/* The requirement ids of docs/formats.md, with the regulation's own lettering (Regulation (EU) 2024/2847,
 * Annex I). (2)(a), (2)(h) and the rest of Part II are listed too, so a finding mapped to them reads well. */
static const ev_reqinfo reqinfo[] = {
    {"part-i/2a", "Annex I Part I (2)(a)", "no known exploitable vulnerabilities", "R1"},
    {"part-i/2b", "Annex I Part I (2)(b)", "secure by default configuration", "R2"},
    {"part-i/2c", "Annex I Part I (2)(c)", "security updates", "R12"},
    {"part-i/2d", "Annex I Part I (2)(d)", "protection from unauthorised access", "R3"},
    {"part-i/2e", "Annex I Part I (2)(e)", "confidentiality of data", "R4"},
    {"part-i/2f", "Annex I Part I (2)(f)", "integrity of data, programs and configuration", "R5"},
    {"part-i/2g", "Annex I Part I (2)(g)", "data minimisation", "R6"},
    {"part-i/2h", "Annex I Part I (2)(h)", "availability of essential functions", "R7"},
    {"part-i/2i", "Annex I Part I (2)(i)", "minimise impact on other devices and networks", "R8"},
    {"part-i/2j", "Annex I Part I (2)(j)", "limit attack surfaces, including external interfaces", "R9"},
    {"part-i/2k", "Annex I Part I (2)(k)", "reduce the impact of incidents by exploitation mitigation", "R10"},
    {"part-i/2l", "Annex I Part I (2)(l)", "security logging and monitoring", "R11"},
    {"part-i/2m", "Annex I Part I (2)(m)", "secure removal of data and settings", NULL},
    {"part-ii/1", "Annex I Part II (1)", "identify and document vulnerabilities and components (SBOM)", NULL},
    {"part-ii/2", "Annex I Part II (2)", "address and remediate vulnerabilities without delay", NULL},
    {"part-ii/3", "Annex I Part II (3)", "effective and regular security tests and reviews", NULL},
    {"part-ii/7", "Annex I Part II (7)", "secure distribution of updates", NULL},
};

const ev_reqinfo *ev_reqinfo_get(const char *id) {
  for (size_t i = 0; i < sizeof reqinfo / sizeof reqinfo[0]; i++)
    if (strcmp(reqinfo[i].id, id) == 0)
      return &reqinfo[i];
  return NULL;
}

int ev_req_binary_verified(const char *id) { return strcmp(id, "part-i/2j") == 0 || strcmp(id, "part-i/2k") == 0; }

/* The rule registry of the plugin, for SARIF help text: the row macro drops every column but the id and the
 * summary, so the table compiles as C whatever the severity column is spelt as. */
typedef struct {
  const char *id, *summary;
} ev_rule_row;
#define RULE(cls, id, sev, on, cwe, req, summary) {id, summary},
static const ev_rule_row rule_rows[] = {
#if __has_include("Rules.inc")
#include "Rules.inc"
#endif
    {NULL, NULL}};
#undef RULE
/* cra-elfcheck's check registry, the same way: CHECK(id, requirement, function, summary). */
#define CHECK(id, req, fn, summary) {id, summary},
static const ev_rule_row check_rows[] = {
#if __has_include("checks.def")
#include "checks.def"
#endif
    {NULL, NULL}};
#undef CHECK

const char *ev_rule_summary(const char *rule_id) {
  for (size_t i = 0; rule_rows[i].id; i++)
    if (strcmp(rule_rows[i].id, rule_id) == 0)
      return rule_rows[i].summary;
  return NULL;
}

const char *ev_check_summary(const char *check_id) {
  for (size_t i = 0; check_rows[i].id; i++)
    if (strcmp(check_rows[i].id, check_id) == 0)
      return check_rows[i].summary;
  return NULL;
}

/* ---- the model ---------------------------------------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? cra_xstrdup(s) : NULL; }

ev_model *ev_model_new(const ev_options *opts) {
  ev_model *m = cra_xcalloc(1, sizeof *m);
  if (opts)
    m->opts = *opts;
  m->opts.product_name = dup_or_null(m->opts.product_name);
  m->opts.product_version = dup_or_null(m->opts.product_version);
  m->opts.producer = cra_xstrdup(m->opts.producer ? m->opts.producer : "cra-evidence");
  m->opts.profile = dup_or_null(m->opts.profile);
  char cwd[PATH_MAX];
  const char *base = getcwd(cwd, sizeof cwd) ? cwd : "/";
  m->root = ev_path_normalize(m->opts.root ? m->opts.root : ".", base);
  m->opts.root = NULL;
  return m;
}

static void finding_free(ev_finding *f) {
  free(f->rule);
  free(f->severity);
  free(f->file);
  free(f->message);
  free(f->fix);
  free(f->snippet);
  free(f->fingerprint);
  free(f->justification);
  free(f->tool);
  ev_intv_free(&f->cwe);
  ev_strv_free(&f->requirements);
  ev_strv_free(&f->tus);
  ev_strv_free(&f->objects);
  ev_strv_free(&f->binaries);
}

void ev_finding_free(ev_finding *f) { finding_free(f); }

static void binary_free(ev_binary *b) {
  free(b->path);
  free(b->rel);
  free(b->sha256);
  free(b->build_id);
  free(b->kind);
  free(b->arch);
  free(b->elf_class);
  free(b->endian);
  free(b->soname);
  free(b->error);
  free(b->origin);
  free(b->profile);
  free(b->tie);
  ev_intv_free(&b->compiles);
  ev_strv_free(&b->needed);
  ev_strv_free(&b->compilers);
  ev_strv_free(&b->notes);
  for (size_t i = 0; i < b->nchecks; i++) {
    ev_check *c = &b->checks[i];
    free(c->id);
    free(c->verdict);
    free(c->evidence);
    free(c->fingerprint);
    free(c->waiver_justification);
    free(c->waiver_policy);
    ev_strv_free(&c->requirements);
    cJSON_Delete(c->detail);
  }
  free(b->checks);
  ev_strv_free(&b->sources);
  ev_strv_free(&b->objects);
  ev_strv_free(&b->flags_added);
  ev_strv_free(&b->flags_rejected);
  ev_strv_free(&b->flags_overridden);
  ev_strv_free(&b->build_compilers);
  ev_strv_free(&b->build_profiles);
  ev_strv_free(&b->dwarf_cus);
  ev_strv_free(&b->findings);
}

void ev_binary_free(ev_binary *b) { binary_free(b); }

void ev_model_free(ev_model *m) {
  if (!m)
    return;
  free((char *)m->opts.product_name);
  free((char *)m->opts.product_version);
  free((char *)m->opts.producer);
  free((char *)m->opts.profile);
  free(m->root);
  ev_strv_free(&m->errors);
  ev_strv_free(&m->build_problems);
  for (size_t i = 0; i < m->nfindings; i++)
    finding_free(&m->findings[i]);
  free(m->findings);
  for (size_t i = 0; i < m->nbinaries; i++)
    binary_free(&m->binaries[i]);
  free(m->binaries);
  for (size_t i = 0; i < m->nbuilds; i++) {
    ev_build *b = &m->builds[i];
    free(b->step);
    free(b->directory);
    free(b->output);
    free(b->output_sha256);
    free(b->profile);
    free(b->compiler);
    free(b->origin);
    free(b->checker_mode);
    ev_strv_free(&b->inputs);
    ev_strv_free(&b->added);
    ev_strv_free(&b->rejected);
    ev_strv_free(&b->overridden);
    ev_strv_free(&b->argv);
  }
  free(m->builds);
  for (size_t i = 0; i < m->ntools; i++) {
    free(m->tools[i].name);
    free(m->tools[i].version);
    free(m->tools[i].llvm);
  }
  free(m->tools);
  ev_strv_free(&m->profiles);
  ev_strv_free(&m->baseline);
  free(m->baseline_origin);
  for (size_t i = 0; i < m->narchives; i++) {
    free(m->archives[i].path);
    ev_strv_free(&m->archives[i].members);
  }
  free(m->archives);
  for (size_t i = 0; i < m->nrisks; i++) {
    free(m->risks[i].subject);
    free(m->risks[i].justification);
    free(m->risks[i].policy);
    free(m->risks[i].ref);
    ev_strv_free(&m->risks[i].requirements);
  }
  free(m->risks);
  for (size_t i = 0; i < m->nreqs; i++) {
    free(m->reqs[i].id);
    free(m->reqs[i].rationale);
    free(m->reqs[i].checks);
    free(m->reqs[i].findings);
    free(m->reqs[i].risks);
  }
  free(m->reqs);
  free(m);
}

void ev_model_error_add(ev_model *m, const char *origin, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0)
    cra_die(CRA_EXIT_SOFTWARE, "out of memory");
  va_end(ap);
  ev_strv_push_take(&m->errors, cra_xasprintf("%s: %s", origin, msg));
  free(msg);
}

size_t ev_model_error_count(const ev_model *m) { return m->errors.n; }

const char *ev_model_error(const ev_model *m, size_t i) { return i < m->errors.n ? m->errors.v[i] : NULL; }

size_t ev_model_build_problem_count(const ev_model *m) { return m->build_problems.n; }

size_t ev_model_unreadable_count(const ev_model *m) {
  size_t n = 0;
  for (size_t i = 0; i < m->nbinaries; i++)
    n += m->binaries[i].error != NULL;
  return n;
}

char *ev_model_unreadable(const ev_model *m, size_t i) {
  for (size_t k = 0; k < m->nbinaries; k++)
    if (m->binaries[k].error && i-- == 0) {
      char *rel = ev_path_rel(m, m->binaries[k].path);
      char *s = cra_xasprintf("%s: not audited: %s", rel, m->binaries[k].error);
      free(rel);
      return s;
    }
  return NULL;
}

const char *ev_model_build_problem(const ev_model *m, size_t i) {
  return i < m->build_problems.n ? m->build_problems.v[i] : NULL;
}

int ev_fail_level_parse(const char *s, ev_fail_level *out) {
  static const struct {
    const char *name;
    ev_fail_level level;
  } levels[] = {{"none", EV_FAIL_NONE},
                {"low", EV_FAIL_LOW},
                {"medium", EV_FAIL_MEDIUM},
                {"high", EV_FAIL_HIGH},
                {"requirement", EV_FAIL_REQUIREMENT}};
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
    if (strcmp(s, levels[i].name) == 0) {
      *out = levels[i].level;
      return 0;
    }
  return -1;
}

int ev_model_gate_fails(const ev_model *m, ev_fail_level level) {
  if (level == EV_FAIL_NONE)
    return 0;
  if (level == EV_FAIL_REQUIREMENT) {
    for (size_t i = 0; i < m->nreqs; i++)
      if (m->reqs[i].status == EV_NOT_MET)
        return 1;
    return 0;
  }
  int min_rank = level == EV_FAIL_LOW ? 1 : level == EV_FAIL_MEDIUM ? 2 : 3;
  for (size_t i = 0; i < m->nfindings; i++) {
    const ev_finding *f = &m->findings[i];
    if (!f->suppressed && !f->in_baseline && ev_severity_rank(f->severity) >= min_rank)
      return 1;
  }
  /* A failed required binary check is a missing mitigation: it fails the gate at every severity level. */
  for (size_t i = 0; i < m->nbinaries; i++)
    for (size_t j = 0; j < m->binaries[i].nchecks; j++) {
      const ev_check *c = &m->binaries[i].checks[j];
      if (c->required && c->failed && !c->waiver_justification && !c->in_baseline)
        return 1;
    }
  return 0;
}

char *ev_short_id(const char *fingerprint, int occurrence) {
  if (occurrence > 1)
    return cra_xasprintf("F-%.10s-%d", fingerprint ? fingerprint : "", occurrence);
  return cra_xasprintf("F-%.10s", fingerprint ? fingerprint : "");
}
