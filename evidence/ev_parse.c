/* Reading the inputs of the evidence model (docs/formats.md): findings records ("cra-findings"), cra-elfcheck
 * reports ("cra-elfcheck"), build records ("cra-build"), evidence directories, and baselines. A file that
 * cannot be read or parsed is recorded as an input error by name and skipped; a malformed entry inside an
 * otherwise good file is recorded with its index and skipped; everything else is kept. */
#include "ev_internal.h"

#include "cra_common.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The newest version of each input format this reader understands. */
#define EV_FINDINGS_VERSION 1
#define EV_ELFCHECK_VERSION 1
#define EV_BUILD_VERSION 1
#define EV_CHECK_VERSION 1

/* ---- cJSON accessors ------------------------------------------------------------------------------------ */

/* The string member `key`, or NULL when absent, null or not a string. */
static const char *jstr(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

static char *jstrdup(const cJSON *o, const char *key) {
  const char *s = jstr(o, key);
  return s ? cra_xstrdup(s) : NULL;
}

/* An integer member in [min, INT_MAX]: 1 and *out set; 0 when absent or null; -1 when present but wrong. */
static int jint(const cJSON *o, const char *key, int min, int *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!v || cJSON_IsNull(v))
    return 0;
  if (!cJSON_IsNumber(v))
    return -1;
  double d = v->valuedouble;
  if (!isfinite(d) || d != floor(d) || d < min || d > 2147483647.0)
    return -1;
  *out = (int)d;
  return 1;
}

/* Appends the strings of an array member; returns -1 when the member is present but not an array of strings. */
static int jstrv(const cJSON *o, const char *key, ev_strv *out) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!a || cJSON_IsNull(a))
    return 0;
  if (!cJSON_IsArray(a))
    return -1;
  const cJSON *e;
  cJSON_ArrayForEach(e, a) {
    if (!cJSON_IsString(e) || !e->valuestring)
      return -1;
    ev_strv_push(out, e->valuestring);
  }
  return 0;
}

/* A document-level problem counter with the first message kept for the caller. */
typedef struct {
  ev_model *m;
  const char *origin;
  int problems;
  char *first;
} ev_ctx;

static void problem(ev_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(ev_ctx *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0)
    cra_die(CRA_EXIT_SOFTWARE, "out of memory");
  va_end(ap);
  ev_model_error_add(c->m, c->origin, "%s", msg);
  if (!c->first)
    c->first = cra_xasprintf("%s: %s", c->origin, msg);
  free(msg);
  c->problems++;
}

static void add_tool(ev_model *m, const cJSON *doc) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "tool");
  if (!cJSON_IsObject(t) || !jstr(t, "name"))
    return;
  if (m->ntools == m->captools) {
    m->captools = m->captools ? 2 * m->captools : 4;
    m->tools = cra_xreallocarray(m->tools, m->captools, sizeof *m->tools);
  }
  ev_tool *x = &m->tools[m->ntools++];
  x->name = jstrdup(t, "name");
  x->version = jstrdup(t, "version");
  x->llvm = jstrdup(t, "llvm");
}

static int valid_requirement(const char *id) {
  /* part-i/2a .. part-i/2m, part-ii/1 .. part-ii/8, also part-i/1 */
  if (strncmp(id, "part-i/", 7) == 0) {
    const char *p = id + 7;
    if (strcmp(p, "1") == 0)
      return 1;
    return p[0] == '2' && p[1] >= 'a' && p[1] <= 'm' && p[2] == '\0';
  }
  if (strncmp(id, "part-ii/", 8) == 0) {
    const char *p = id + 8;
    return p[0] >= '1' && p[0] <= '8' && p[1] == '\0';
  }
  return 0;
}

/* Requirements of an entry: an array of known Annex I ids. Returns -1 (and names the bad one) when malformed. */
static int parse_requirements(ev_ctx *c, const cJSON *o, ev_strv *out, const char *where) {
  if (jstrv(o, "requirements", out) != 0) {
    problem(c, "%s: \"requirements\" is not an array of strings", where);
    return -1;
  }
  for (size_t i = 0; i < out->n; i++)
    if (!valid_requirement(out->v[i])) {
      problem(c, "%s: unknown requirement id '%s'", where, out->v[i]);
      return -1;
    }
  ev_strv_sort_unique(out);
  return 0;
}

/* ---- findings records ------------------------------------------------------------------------------------ */

static ev_finding *new_finding(ev_model *m) {
  if (m->nfindings == m->capfindings) {
    m->capfindings = m->capfindings ? 2 * m->capfindings : 16;
    m->findings = cra_xreallocarray(m->findings, m->capfindings, sizeof *m->findings);
  }
  ev_finding *f = &m->findings[m->nfindings++];
  memset(f, 0, sizeof *f);
  return f;
}

static int parse_finding(ev_ctx *c, const cJSON *e, const char *where, const char *tu_file, const char *tu_out,
                         const char *base, const char *tool) {
  ev_model *m = c->m;
  if (!cJSON_IsObject(e)) {
    problem(c, "%s: not an object", where);
    return -1;
  }
  const char *rule = jstr(e, "rule"), *sev = jstr(e, "severity"), *file = jstr(e, "file"), *msg = jstr(e, "message");
  if (!rule || !*rule) {
    problem(c, "%s: missing \"rule\"", where);
    return -1;
  }
  if (!ev_severity_rank(sev)) {
    problem(c, "%s: \"severity\" must be high, medium or low", where);
    return -1;
  }
  if (!file || !*file) {
    problem(c, "%s: missing \"file\"", where);
    return -1;
  }
  if (!msg) {
    problem(c, "%s: missing \"message\"", where);
    return -1;
  }
  int line = 0, col = 0, eline = 0, ecol = 0;
  if (jint(e, "line", 0, &line) != 1) {
    problem(c, "%s: \"line\" is missing or not a non-negative integer", where);
    return -1;
  }
  if (jint(e, "column", 0, &col) < 0 || jint(e, "end_line", 0, &eline) < 0 || jint(e, "end_column", 0, &ecol) < 0) {
    problem(c, "%s: a column or end position is not a non-negative integer", where);
    return -1;
  }
  const cJSON *supp = cJSON_GetObjectItemCaseSensitive(e, "suppressed");
  if (supp && !cJSON_IsBool(supp) && !cJSON_IsNull(supp)) {
    problem(c, "%s: \"suppressed\" is not a boolean", where);
    return -1;
  }
  ev_strv reqs = {0};
  if (parse_requirements(c, e, &reqs, where) != 0) {
    ev_strv_free(&reqs);
    return -1;
  }
  ev_intv cwe = {0};
  const cJSON *cw = cJSON_GetObjectItemCaseSensitive(e, "cwe");
  if (cw && !cJSON_IsNull(cw)) {
    const cJSON *x;
    int bad = !cJSON_IsArray(cw);
    if (!bad)
      cJSON_ArrayForEach(x, cw) {
        if (!cJSON_IsNumber(x) || x->valuedouble < 1 || x->valuedouble > 100000 || x->valuedouble != floor(x->valuedouble))
          bad = 1;
        else
          ev_intv_push(&cwe, (int)x->valuedouble);
      }
    if (bad) {
      problem(c, "%s: \"cwe\" is not an array of CWE numbers", where);
      ev_strv_free(&reqs);
      ev_intv_free(&cwe);
      return -1;
    }
  }
  ev_intv_sort_unique(&cwe);
  const char *fp = jstr(e, "fingerprint");
  ev_finding *f = new_finding(m);
  f->rule = cra_xstrdup(rule);
  f->severity = cra_xstrdup(sev);
  f->file = ev_path_normalize(file, base);
  f->message = cra_xstrdup(msg);
  f->fix = jstrdup(e, "fix");
  f->snippet = jstrdup(e, "snippet");
  f->fingerprint = fp && *fp ? cra_xstrdup(fp) : NULL;
  f->suppressed = cJSON_IsTrue(supp);
  f->justification = jstrdup(e, "justification");
  f->tool = tool ? cra_xstrdup(tool) : NULL;
  f->line = line;
  f->column = col;
  f->end_line = eline;
  f->end_column = ecol;
  f->cwe = cwe;
  f->requirements = reqs;
  if (tu_file)
    ev_strv_push_take(&f->tus, ev_path_normalize(tu_file, base));
  if (tu_out)
    ev_strv_push_take(&f->objects, ev_path_normalize(tu_out, base));
  return 0;
}

static void parse_findings_record(ev_ctx *c, const cJSON *doc) {
  ev_model *m = c->m;
  const cJSON *tu = cJSON_GetObjectItemCaseSensitive(doc, "translation_unit");
  const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "findings");
  if (!cJSON_IsArray(list)) {
    problem(c, "\"findings\" is missing or not an array");
    return;
  }
  if (tu && !cJSON_IsObject(tu) && !cJSON_IsNull(tu)) {
    problem(c, "\"translation_unit\" is not an object");
    return;
  }
  const char *dir = tu ? jstr(tu, "directory") : NULL;
  char *base = dir ? ev_path_normalize(dir, m->root) : cra_xstrdup(m->root);
  const char *tu_file = tu ? jstr(tu, "file") : NULL;
  const char *tu_out = tu ? jstr(tu, "output") : NULL;
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "tool");
  const char *tool = cJSON_IsObject(t) ? jstr(t, "name") : NULL;
  m->n_findings_records++;
  add_tool(m, doc);
  int i = 0;
  const cJSON *e;
  cJSON_ArrayForEach(e, list) {
    char where[48];
    snprintf(where, sizeof where, "findings[%d]", i++);
    parse_finding(c, e, where, tu_file, tu_out, base, tool);
  }
  free(base);
}

/* ---- cra-elfcheck reports -------------------------------------------------------------------------------- */

static int valid_verdict(const char *v) {
  static const char *const verdicts[] = {"pass", "partial", "fail", "not_applicable", "unknown"};
  for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
    if (v && strcmp(v, verdicts[i]) == 0)
      return 1;
  return 0;
}

static ev_binary *new_binary(ev_model *m) {
  if (m->nbinaries == m->capbinaries) {
    m->capbinaries = m->capbinaries ? 2 * m->capbinaries : 8;
    m->binaries = cra_xreallocarray(m->binaries, m->capbinaries, sizeof *m->binaries);
  }
  ev_binary *b = &m->binaries[m->nbinaries++];
  memset(b, 0, sizeof *b);
  return b;
}

static int parse_check(ev_ctx *c, const cJSON *e, const char *where, ev_check *out) {
  memset(out, 0, sizeof *out);
  if (!cJSON_IsObject(e)) {
    problem(c, "%s: not an object", where);
    return -1;
  }
  const char *id = jstr(e, "id"), *verdict = jstr(e, "verdict");
  if (!id || !*id) {
    problem(c, "%s: missing \"id\"", where);
    return -1;
  }
  if (!valid_verdict(verdict)) {
    problem(c, "%s: \"verdict\" must be pass, partial, fail, not_applicable or unknown", where);
    return -1;
  }
  if (parse_requirements(c, e, &out->requirements, where) != 0) {
    ev_strv_free(&out->requirements);
    return -1;
  }
  const cJSON *required = cJSON_GetObjectItemCaseSensitive(e, "required");
  /* "failed" is the profile's decision (a partial RELRO fails a profile that needs full); reports without
   * it (cra-check's, older ones) fail on "fail" alone. */
  const cJSON *failed = cJSON_GetObjectItemCaseSensitive(e, "failed");
  /* A gate must not be passed by a typo: "required": "true" is not false, it is an error. */
  if ((required && !cJSON_IsBool(required)) || (failed && !cJSON_IsBool(failed))) {
    problem(c, "%s: \"%s\" must be true or false", where, required && !cJSON_IsBool(required) ? "required" : "failed");
    ev_strv_free(&out->requirements);
    return -1;
  }
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "waiver");
  if (w && !cJSON_IsNull(w)) {
    if (!cJSON_IsObject(w) || !jstr(w, "justification") || !*jstr(w, "justification")) {
      problem(c, "%s: a waiver needs a non-empty \"justification\"", where);
      ev_strv_free(&out->requirements);
      return -1;
    }
    out->waiver_justification = jstrdup(w, "justification");
    out->waiver_policy = jstrdup(w, "policy");
  }
  out->id = cra_xstrdup(id);
  out->verdict = cra_xstrdup(verdict);
  out->evidence = jstrdup(e, "evidence");
  out->required = cJSON_IsTrue(required);
  out->failed = failed ? cJSON_IsTrue(failed) : strcmp(verdict, "fail") == 0;
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "detail");
  out->detail = d && !cJSON_IsNull(d) ? cJSON_Duplicate(d, 1) : NULL;
  return 0;
}

static void parse_elfcheck_file(ev_ctx *c, const cJSON *e, const char *where, const char *profile) {
  ev_model *m = c->m;
  if (!cJSON_IsObject(e)) {
    problem(c, "%s: not an object", where);
    return;
  }
  const char *path = jstr(e, "path");
  if (!path || !*path) {
    problem(c, "%s: missing \"path\"", where);
    return;
  }
  const cJSON *checks = cJSON_GetObjectItemCaseSensitive(e, "checks");
  if (checks && !cJSON_IsArray(checks)) {
    problem(c, "%s: \"checks\" is not an array", where);
    return;
  }
  ev_binary *b = new_binary(m);
  b->path = ev_path_normalize(path, m->root);
  b->sha256 = jstrdup(e, "sha256");
  b->build_id = jstrdup(e, "build_id");
  b->kind = jstrdup(e, "kind");
  b->arch = jstrdup(e, "arch");
  b->elf_class = jstrdup(e, "class");
  b->endian = jstrdup(e, "endian");
  b->soname = jstrdup(e, "soname");
  b->origin = cra_xstrdup(c->origin);
  b->profile = profile ? cra_xstrdup(profile) : NULL;
  if (jstrv(e, "needed", &b->needed) || jstrv(e, "compilers", &b->compilers) || jstrv(e, "notes", &b->notes))
    problem(c, "%s: \"needed\", \"compilers\" or \"notes\" is not an array of strings", where);
  int n = checks ? cJSON_GetArraySize(checks) : 0;
  b->checks = cra_xcalloc(n ? (size_t)n : 1, sizeof *b->checks);
  int i = 0;
  const cJSON *ce;
  if (checks)
    cJSON_ArrayForEach(ce, checks) {
      char cw[96];
      snprintf(cw, sizeof cw, "%s.checks[%d]", where, i++);
      if (parse_check(c, ce, cw, &b->checks[b->nchecks]) == 0)
        b->nchecks++;
    }
}

static void parse_elfcheck_report(ev_ctx *c, const cJSON *doc) {
  ev_model *m = c->m;
  const cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "files");
  const cJSON *errors = cJSON_GetObjectItemCaseSensitive(doc, "errors");
  if (!cJSON_IsArray(files)) {
    problem(c, "\"files\" is missing or not an array");
    return;
  }
  if (errors && !cJSON_IsArray(errors) && !cJSON_IsNull(errors)) {
    problem(c, "\"errors\" is not an array");
    return;
  }
  m->n_elfcheck_reports++;
  add_tool(m, doc);
  const char *profile = jstr(doc, "profile");
  if (profile)
    ev_strv_push(&m->profiles, profile);
  int i = 0;
  const cJSON *e;
  cJSON_ArrayForEach(e, files) {
    char where[48];
    snprintf(where, sizeof where, "files[%d]", i++);
    parse_elfcheck_file(c, e, where, profile);
  }
  i = 0;
  if (cJSON_IsArray(errors))
    cJSON_ArrayForEach(e, errors) {
      const char *path = cJSON_IsObject(e) ? jstr(e, "path") : NULL;
      const char *msg = cJSON_IsObject(e) ? jstr(e, "message") : NULL;
      if (!path || !msg) {
        problem(c, "errors[%d]: needs \"path\" and \"message\"", i);
      } else {
        /* A binary the auditor could not read: it stays in the evidence as unaudited. */
        ev_binary *b = new_binary(m);
        b->path = ev_path_normalize(path, m->root);
        b->error = cra_xstrdup(msg);
        b->origin = cra_xstrdup(c->origin);
        b->profile = profile ? cra_xstrdup(profile) : NULL;
        b->checks = cra_xcalloc(1, sizeof *b->checks);
      }
      i++;
    }
}

/* ---- build records --------------------------------------------------------------------------------------- */

static void parse_build_record(ev_ctx *c, const cJSON *doc) {
  ev_model *m = c->m;
  const char *step = jstr(doc, "step"), *dir = jstr(doc, "directory"), *out = jstr(doc, "output");
  if (!step || (strcmp(step, "compile") != 0 && strcmp(step, "link") != 0)) {
    problem(c, "\"step\" must be compile or link");
    return;
  }
  if (!out || !*out) {
    problem(c, "missing \"output\"");
    return;
  }
  ev_strv inputs = {0};
  if (jstrv(doc, "inputs", &inputs) != 0) {
    problem(c, "\"inputs\" is not an array of strings");
    ev_strv_free(&inputs);
    return;
  }
  if (m->nbuilds == m->capbuilds) {
    m->capbuilds = m->capbuilds ? 2 * m->capbuilds : 16;
    m->builds = cra_xreallocarray(m->builds, m->capbuilds, sizeof *m->builds);
  }
  ev_build *b = &m->builds[m->nbuilds++];
  memset(b, 0, sizeof *b);
  m->n_build_records++;
  add_tool(m, doc);
  b->step = cra_xstrdup(step);
  b->directory = dir ? ev_path_normalize(dir, m->root) : cra_xstrdup(m->root);
  b->output = ev_path_normalize(out, b->directory);
  b->output_sha256 = jstrdup(doc, "output_sha256");
  b->profile = jstrdup(doc, "profile");
  b->origin = cra_xstrdup(c->origin);
  if (b->profile)
    ev_strv_push(&m->profiles, b->profile);
  for (size_t i = 0; i < inputs.n; i++)
    ev_strv_push_take(&b->inputs, ev_path_normalize(inputs.v[i], b->directory));
  ev_strv_free(&inputs);
  const cJSON *comp = cJSON_GetObjectItemCaseSensitive(doc, "compiler");
  if (cJSON_IsObject(comp)) {
    const char *fam = jstr(comp, "family"), *ver = jstr(comp, "version"), *path = jstr(comp, "path");
    if (fam || ver)
      b->compiler = cra_xasprintf("%s%s%s", fam ? fam : "", fam && ver ? " " : "", ver ? ver : "");
    else if (path)
      b->compiler = cra_xstrdup(path);
  }
  const cJSON *flags = cJSON_GetObjectItemCaseSensitive(doc, "flags");
  if (cJSON_IsObject(flags)) {
    if (jstrv(flags, "added", &b->added) || jstrv(flags, "rejected", &b->rejected) ||
        jstrv(flags, "overridden", &b->overridden))
      problem(c, "\"flags\" members must be arrays of strings");
  }
  const cJSON *chk = cJSON_GetObjectItemCaseSensitive(doc, "checker");
  if (cJSON_IsObject(chk))
    b->checker_mode = jstrdup(chk, "mode");
  /* What the wrapper could not do for this output (compiler not identified, flags dropped, auditor
   * crashed): the evidence for it is incomplete, and says so. */
  ev_strv probs = {0};
  if (jstrv(doc, "problems", &probs) != 0) {
    problem(c, "\"problems\" is not an array of strings");
  } else {
    char *rel = ev_path_rel(m, b->output);
    for (size_t i = 0; i < probs.n; i++)
      ev_strv_push_take(&m->build_problems, cra_xasprintf("%s: %s", rel, probs.v[i]));
    free(rel);
  }
  ev_strv_free(&probs);
  if (cJSON_GetObjectItemCaseSensitive(doc, "argv") && jstrv(doc, "argv", &b->argv) != 0) {
    problem(c, "\"argv\" is not an array of strings");
    ev_strv_free(&b->argv);
    memset(&b->argv, 0, sizeof b->argv);
  }
}

/* cra-check --format=json: one findings record per translation unit, and the files it could not analyse
 * (each one a problem here too: findings for them may be missing). */
static void parse_check_report(ev_ctx *c, const cJSON *doc) {
  const cJSON *tus = cJSON_GetObjectItemCaseSensitive(doc, "translation_units");
  if (!cJSON_IsArray(tus)) {
    problem(c, "\"translation_units\" is missing or not an array");
    return;
  }
  int i = 0, version = 0;
  const cJSON *tu;
  cJSON_ArrayForEach(tu, tus) {
    const char *f = cJSON_IsObject(tu) ? jstr(tu, "format") : NULL;
    if (!f || strcmp(f, "cra-findings") != 0 || jint(tu, "version", 1, &version) != 1)
      problem(c, "translation_units[%d]: not a cra-findings record", i);
    else if (version > EV_FINDINGS_VERSION)
      problem(c, "translation_units[%d]: cra-findings version %d is newer than this reader (%d)", i, version,
              EV_FINDINGS_VERSION);
    else
      parse_findings_record(c, tu);
    i++;
  }
  const cJSON *e;
  cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "errors")) {
    const char *file = cJSON_IsObject(e) ? jstr(e, "file") : NULL, *msg = cJSON_IsObject(e) ? jstr(e, "message") : NULL;
    problem(c, "cra-check could not analyse %s: %s", file ? file : "a file", msg ? msg : "no reason given");
  }
}

/* ---- documents and files --------------------------------------------------------------------------------- */

int ev_model_add_document(ev_model *m, const cJSON *doc, const char *origin, char **err) {
  ev_ctx c = {m, origin ? origin : "<input>", 0, NULL};
  if (err)
    *err = NULL;
  const char *format = cJSON_IsObject(doc) ? jstr(doc, "format") : NULL;
  int version = 0;
  if (!cJSON_IsObject(doc)) {
    problem(&c, "not a JSON object");
  } else if (!format) {
    problem(&c, "no \"format\" member; not a cra-harden file");
  } else if (jint(doc, "version", 1, &version) != 1) {
    problem(&c, "\"version\" is missing or not a positive integer");
  } else if (strcmp(format, "cra-findings") == 0) {
    if (version > EV_FINDINGS_VERSION)
      problem(&c, "cra-findings version %d is newer than this reader (%d)", version, EV_FINDINGS_VERSION);
    else
      parse_findings_record(&c, doc);
  } else if (strcmp(format, "cra-check") == 0) {
    if (version > EV_CHECK_VERSION)
      problem(&c, "cra-check version %d is newer than this reader (%d)", version, EV_CHECK_VERSION);
    else
      parse_check_report(&c, doc);
  } else if (strcmp(format, "cra-elfcheck") == 0) {
    if (version > EV_ELFCHECK_VERSION)
      problem(&c, "cra-elfcheck version %d is newer than this reader (%d)", version, EV_ELFCHECK_VERSION);
    else
      parse_elfcheck_report(&c, doc);
  } else if (strcmp(format, "cra-build") == 0) {
    if (version > EV_BUILD_VERSION)
      problem(&c, "cra-build version %d is newer than this reader (%d)", version, EV_BUILD_VERSION);
    else
      parse_build_record(&c, doc);
  } else if (strcmp(format, "cra-evidence") == 0) {
    problem(&c, "an evidence document is not an input; pass it with --baseline");
  } else {
    problem(&c, "unknown format '%s'", format);
  }
  if (err)
    *err = c.first;
  else
    free(c.first);
  return c.problems;
}

/* True when the text ends inside an open object, array or string: the mark of a writer killed mid-way (our
 * own writers are atomic, but other producers and copies may not be). */
static int json_unfinished(const char *buf, size_t len) {
  long depth = 0;
  int in_str = 0, esc = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = buf[i];
    if (in_str) {
      if (esc)
        esc = 0;
      else if (ch == '\\')
        esc = 1;
      else if (ch == '"')
        in_str = 0;
    } else if (ch == '"') {
      in_str = 1;
    } else if (ch == '{' || ch == '[') {
      depth++;
    } else if (ch == '}' || ch == ']') {
      depth--;
    }
  }
  return in_str || depth > 0;
}

/* Parses a whole buffer as JSON; on failure returns NULL and a malloc'd reason. */
static cJSON *parse_json(const char *buf, size_t len, char **why) {
  if (len == 0) {
    *why = cra_xstrdup("empty file");
    return NULL;
  }
  const char *end = NULL;
  cJSON *doc = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
  if (!doc) {
    const char *at = cJSON_GetErrorPtr();
    size_t off = at && at >= buf && at <= buf + len ? (size_t)(at - buf) : len;
    if (off >= len || json_unfinished(buf, len))
      *why = cra_xasprintf("truncated JSON (input ends at byte %zu)", len);
    else
      *why = cra_xasprintf("invalid JSON at byte %zu", off);
  }
  return doc;
}

int ev_model_add_buffer(ev_model *m, const char *buf, size_t len, const char *origin) {
  m->n_files++;
  if (strlen(buf) != len) {
    ev_model_error_add(m, origin, "contains a NUL byte; not a JSON file");
    return 1;
  }
  char *why = NULL;
  cJSON *doc = parse_json(buf, len, &why);
  if (!doc) {
    ev_model_error_add(m, origin, "%s", why);
    free(why);
    return 1;
  }
  int n = ev_model_add_document(m, doc, origin, NULL);
  cJSON_Delete(doc);
  return n;
}

int ev_model_add_file(ev_model *m, const char *path) {
  size_t len = 0;
  char *buf = cra_read_file(path, &len);
  if (!buf) {
    m->n_files++;
    ev_model_error_add(m, path, "%s", cra_strerror(errno));
    return 1;
  }
  int n = ev_model_add_buffer(m, buf, len, path);
  free(buf);
  return n;
}

static int is_json_name(const char *name) {
  size_t n = strlen(name);
  /* cra_atomic_write's temporaries are "<name>.tmp.XXXXXX": a write in progress, never a finished record. */
  return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* The *.json files directly in `dir`, sorted (strcmp), as full paths. Returns -1 when unreadable. */
static int list_json(const char *dir, ev_strv *out) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  struct dirent *de;
  while ((de = readdir(d)) != NULL)
    if (is_json_name(de->d_name))
      ev_strv_push_take(out, cra_path_join(dir, de->d_name));
  closedir(d);
  ev_strv_sort_unique(out);
  return 0;
}

int ev_model_add_dir(ev_model *m, const char *path) {
  static const char *const subdirs[] = {"builds", "binaries", "findings"};
  int problems = 0, layout = 0;
  ev_strv files = {0};
  for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
    char *sub = cra_path_join(path, subdirs[i]);
    struct stat st;
    if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
      layout = 1;
      if (list_json(sub, &files) != 0) {
        ev_model_error_add(m, sub, "%s", cra_strerror(errno));
        problems++;
      }
    }
    free(sub);
  }
  if (!layout && list_json(path, &files) != 0) {
    ev_model_error_add(m, path, "%s", cra_strerror(errno));
    problems++;
  }
  ev_strv_sort_unique(&files);
  /* An empty evidence directory is a wrong path or a build that never ran through the wrappers: merged
   * silently it would yield a document claiming nothing was wrong. */
  if (files.n == 0 && problems == 0) {
    ev_model_error_add(m, path, "no evidence files (no *.json%s); was the build run through cra-cc with "
                       "CRA_EVIDENCE_DIR set to it?", layout ? " in builds/, binaries/ or findings/" : "");
    problems++;
  }
  for (size_t i = 0; i < files.n; i++)
    problems += ev_model_add_file(m, files.v[i]);
  ev_strv_free(&files);
  return problems;
}

/* ---- baselines ------------------------------------------------------------------------------------------- */

static void collect_fingerprints(const cJSON *arr, const char *key, ev_strv *out) {
  const cJSON *e;
  if (!cJSON_IsArray(arr))
    return;
  cJSON_ArrayForEach(e, arr) {
    const char *fp = jstr(e, key);
    if (fp && *fp)
      ev_strv_push(out, fp);
  }
}

int ev_model_load_baseline(ev_model *m, const char *path, char **err) {
  size_t len = 0;
  char *buf = cra_read_file(path, &len);
  if (!buf) {
    *err = cra_xasprintf("%s: %s", path, cra_strerror(errno));
    return -1;
  }
  char *why = NULL;
  cJSON *doc = parse_json(buf, len, &why);
  free(buf);
  if (!doc) {
    *err = cra_xasprintf("%s: %s", path, why);
    free(why);
    return -1;
  }
  int ok = 0;
  const char *format = jstr(doc, "format");
  const cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs");
  if (format && strcmp(format, "cra-evidence") == 0) {
    collect_fingerprints(cJSON_GetObjectItemCaseSensitive(doc, "findings"), "fingerprint", &m->baseline);
    const cJSON *bins = cJSON_GetObjectItemCaseSensitive(doc, "binaries"), *b;
    if (cJSON_IsArray(bins))
      cJSON_ArrayForEach(b, bins) collect_fingerprints(cJSON_GetObjectItemCaseSensitive(b, "checks"), "fingerprint",
                                                       &m->baseline);
    ok = 1;
  } else if (cJSON_IsArray(runs)) {
    /* SARIF written by this library: the full fingerprint is partialFingerprints["craFingerprint/v1"]. */
    const cJSON *run, *res;
    cJSON_ArrayForEach(run, runs) {
      const cJSON *results = cJSON_GetObjectItemCaseSensitive(run, "results");
      if (!cJSON_IsArray(results))
        continue;
      cJSON_ArrayForEach(res, results) {
        const cJSON *pf = cJSON_GetObjectItemCaseSensitive(res, "partialFingerprints");
        const char *fp = jstr(pf, "craFingerprint/v1");
        if (fp && *fp)
          ev_strv_push(&m->baseline, fp);
      }
    }
    ok = 1;
  }
  cJSON_Delete(doc);
  if (!ok) {
    *err = cra_xasprintf("%s: not an evidence document or a SARIF log", path);
    return -1;
  }
  ev_strv_sort_unique(&m->baseline);
  m->have_baseline = 1;
  free(m->baseline_origin);
  m->baseline_origin = cra_xstrdup(path);
  return 0;
}
