/* SARIF 2.1.0 (OASIS, errata01 schema) for CI and GitHub code scanning: the one SARIF emitter of cra-harden
 * (cra-check and cra-elfcheck call it too). GitHub needs rules with help text, results with at least one
 * physical location with a region, and partialFingerprints; binaries have no lines, so binary results are
 * located at the binary with startLine 1 (shared/reference/sarif.md section 4). Suppressed findings and waived
 * checks stay in the log as SARIF suppressions with their justification. */
#include "ev_internal.h"

#include "cra_common.h"
#include "cra_version.h"

#include <stdlib.h>
#include <string.h>

#define SRCROOT "%SRCROOT%"

/* GitHub's mapping of security-severity to its levels (> 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low), with
 * the toolkit's severities at 8.0 / 5.5 / 3.0 (docs/formats.md). */
static const char *security_severity(int rank) {
  return rank >= 3 ? "8.0" : rank == 2 ? "5.5" : "3.0";
}

static const char *level_of(int rank) { return rank >= 3 ? "error" : rank == 2 ? "warning" : "note"; }

/* Severity rank of a binary check result: a failed required check is a missing mitigation (high). */
static int check_rank(const ev_check *c) {
  if (strcmp(c->verdict, "fail") == 0)
    return c->required ? 3 : 2;
  if (strcmp(c->verdict, "partial") == 0)
    return 2;
  return 1; /* unknown */
}

/* CWE of a binary check: CWE-693 Protection Mechanism Failure is the generic "missing mitigation"; where a
 * more specific weakness is defensible it is used instead (shared/reference/sarif.md section 4). */
static int check_cwe(const char *id) {
  if (strcmp(id, "rpath") == 0)
    return 426; /* Untrusted Search Path */
  if (strcmp(id, "dangerous-imports") == 0)
    return 676; /* Use of Potentially Dangerous Function */
  return 693;
}

static int check_reported(const ev_check *c) {
  return strcmp(c->verdict, "fail") == 0 || strcmp(c->verdict, "partial") == 0 || strcmp(c->verdict, "unknown") == 0;
}

static cJSON *artifact_location(const char *rel) {
  cJSON *a = cJSON_CreateObject();
  char *enc = ev_uri_encode_path(rel);
  if (rel[0] == '/') {
    char *uri = cra_xasprintf("file://%s", enc);
    cJSON_AddStringToObject(a, "uri", uri);
    free(uri);
  } else {
    cJSON_AddStringToObject(a, "uri", enc);
    cJSON_AddStringToObject(a, "uriBaseId", SRCROOT);
  }
  free(enc);
  return a;
}

static cJSON *location(const char *rel, int line, int col, int eline, int ecol, const char *snippet) {
  cJSON *loc = cJSON_CreateObject();
  cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
  cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(rel));
  cJSON *reg = cJSON_AddObjectToObject(phys, "region");
  int sl = line > 0 ? line : 1;
  cJSON_AddNumberToObject(reg, "startLine", sl);
  if (col > 0)
    cJSON_AddNumberToObject(reg, "startColumn", col);
  if (eline >= sl) {
    cJSON_AddNumberToObject(reg, "endLine", eline);
    if (ecol > 0 && (eline > sl || col <= 0 || ecol >= col))
      cJSON_AddNumberToObject(reg, "endColumn", ecol);
  }
  if (snippet && *snippet) {
    cJSON *sn = cJSON_AddObjectToObject(reg, "snippet");
    cJSON_AddStringToObject(sn, "text", snippet);
  }
  return loc;
}

static void add_fingerprints(cJSON *res, const char *fp, int occurrence) {
  cJSON *pf = cJSON_AddObjectToObject(res, "partialFingerprints");
  /* GitHub uses only primaryLocationLineHash, "<16 hex>:<occurrence>"; our fingerprint has no line in it, so a
   * moved finding keeps its alert; the occurrence tells apart two places in one file with the same text. The
   * full fingerprint is kept for --baseline. */
  char *plh = cra_xasprintf("%.16s:%d", fp, occurrence > 0 ? occurrence : 1);
  cJSON_AddStringToObject(pf, "primaryLocationLineHash", plh);
  cJSON_AddStringToObject(pf, "craFingerprint/v1", fp);
  free(plh);
}

static void add_suppression(cJSON *res, const char *kind, const char *justification) {
  cJSON *arr = cJSON_AddArrayToObject(res, "suppressions");
  cJSON *s = cJSON_CreateObject();
  cJSON_AddStringToObject(s, "kind", kind);
  cJSON_AddStringToObject(s, "status", "accepted");
  if (justification && *justification)
    cJSON_AddStringToObject(s, "justification", justification);
  cJSON_AddItemToArray(arr, s);
}

/* ---- rules ----------------------------------------------------------------------------------------------- */

typedef struct {
  char *id;
  int is_check;
  int rank;       /* worst result severity */
  ev_strv reqs;   /* requirement ids */
  ev_intv cwe;
  const char *fix;      /* first finding's fix (borrowed) */
  const char *message;  /* first finding's message or check evidence (borrowed) */
} rule_acc;

typedef struct {
  rule_acc *v;
  size_t n, cap;
} rule_set;

static rule_acc *rule_get(rule_set *rs, const char *id, int is_check) {
  for (size_t i = 0; i < rs->n; i++)
    if (strcmp(rs->v[i].id, id) == 0)
      return &rs->v[i];
  if (rs->n == rs->cap) {
    rs->cap = rs->cap ? rs->cap * 2 : 8;
    rs->v = cra_xreallocarray(rs->v, rs->cap, sizeof *rs->v);
  }
  rule_acc *r = &rs->v[rs->n++];
  memset(r, 0, sizeof *r);
  r->id = cra_xstrdup(id);
  r->is_check = is_check;
  return r;
}

static int cmp_rule(const void *a, const void *b) { return strcmp(((const rule_acc *)a)->id, ((const rule_acc *)b)->id); }

static size_t rule_index(const rule_set *rs, const char *id) {
  for (size_t i = 0; i < rs->n; i++)
    if (strcmp(rs->v[i].id, id) == 0)
      return i;
  return 0;
}

static void req_prose(ev_sb *sb, const ev_strv *reqs) {
  for (size_t i = 0; i < reqs->n; i++) {
    const ev_reqinfo *info = ev_reqinfo_get(reqs->v[i]);
    if (i)
      ev_sb_puts(sb, "; ");
    if (info)
      ev_sb_printf(sb, "%s (%s)", info->point, info->title);
    else
      ev_sb_puts(sb, reqs->v[i]);
  }
}

static cJSON *rule_json(const rule_acc *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "id", r->id);
  const char *summary = r->is_check ? ev_check_summary(r->id) : ev_rule_summary(r->id);
  char *shortd = summary && *summary ? cra_xstrdup(summary)
                 : r->is_check       ? cra_xasprintf("Binary hardening check '%s' (cra-elfcheck)", r->id)
                                     : cra_xasprintf("Source rule '%s' (cra-harden)", r->id);
  ev_sb full = {0}, help = {0}, md = {0};
  if (r->is_check)
    ev_sb_printf(&full, "cra-elfcheck verifies on every linked binary, from the ELF file itself: %s.", shortd);
  else
    ev_sb_printf(&full, "%s%s", shortd, shortd[strlen(shortd) - 1] == '.' ? "" : ".");
  if (r->reqs.n) {
    ev_sb_puts(&full, " CRA Annex I: ");
    req_prose(&full, &r->reqs);
    ev_sb_puts(&full, ".");
  }
  ev_sb_printf(&help, "%s\n", full.s);
  ev_sb_printf(&md, "**%s**\n\n", shortd);
  if (r->reqs.n) {
    ev_sb_puts(&md, "CRA Annex I: ");
    req_prose(&md, &r->reqs);
    ev_sb_puts(&md, ".\n\n");
  }
  if (r->message && !r->is_check) {
    ev_sb_printf(&help, "\nExample: %s\n", r->message);
  }
  if (r->fix) {
    ev_sb_printf(&help, "\nFix: %s\n", r->fix);
    ev_sb_printf(&md, "Fix: %s\n\n", r->fix);
  } else if (r->is_check) {
    ev_sb_puts(&help, "\nFix: build with the flags of the hardening profile (cra-cc adds them), or record a waiver "
                      "with its justification in the elfcheck policy.\n");
    ev_sb_puts(&md, "Fix: build with the flags of the hardening profile (`cra-cc` adds them), or record a waiver "
                    "with its justification in the elfcheck policy.\n\n");
  }
  if (r->cwe.n) {
    ev_sb_puts(&help, "\nCWE:");
    ev_sb_puts(&md, "CWE:");
    for (size_t i = 0; i < r->cwe.n; i++) {
      ev_sb_printf(&help, " CWE-%d", r->cwe.v[i]);
      ev_sb_printf(&md, " [CWE-%d](https://cwe.mitre.org/data/definitions/%d.html)", r->cwe.v[i], r->cwe.v[i]);
    }
    ev_sb_puts(&help, "\n");
    ev_sb_puts(&md, "\n\n");
  }
  const char *docdir = r->is_check ? "docs/elfcheck" : "docs/rules";
  ev_sb_printf(&help, "\nDocumentation: %s/%s.md in cra-harden.\n", docdir, r->id);
  ev_sb_printf(&md, "Documentation: `%s/%s.md` in cra-harden.\n", docdir, r->id);
  cJSON_AddItemToObject(o, "shortDescription", cJSON_CreateObject());
  cJSON_AddStringToObject(cJSON_GetObjectItem(o, "shortDescription"), "text", shortd);
  cJSON *fd = cJSON_AddObjectToObject(o, "fullDescription");
  cJSON_AddStringToObject(fd, "text", full.s);
  cJSON *h = cJSON_AddObjectToObject(o, "help");
  cJSON_AddStringToObject(h, "text", help.s);
  cJSON_AddStringToObject(h, "markdown", md.s);
  cJSON *dc = cJSON_AddObjectToObject(o, "defaultConfiguration");
  cJSON_AddStringToObject(dc, "level", level_of(r->rank));
  cJSON *props = cJSON_AddObjectToObject(o, "properties");
  cJSON *tags = cJSON_AddArrayToObject(props, "tags");
  cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
  cJSON_AddItemToArray(tags, cJSON_CreateString(r->is_check ? "hardening" : "cra-harden"));
  /* GitHub shows at most 10 of 20 tags: CWE first, then the CRA points. */
  size_t ntags = 2;
  for (size_t i = 0; i < r->cwe.n && ntags < 20; i++, ntags++) {
    char *t = cra_xasprintf("external/cwe/cwe-%d", r->cwe.v[i]);
    cJSON_AddItemToArray(tags, cJSON_CreateString(t));
    free(t);
  }
  for (size_t i = 0; i < r->reqs.n && ntags < 20; i++, ntags++) {
    char *t = cra_xasprintf("cra/annex-i/%s", r->reqs.v[i]);
    cJSON_AddItemToArray(tags, cJSON_CreateString(t));
    free(t);
  }
  cJSON_AddStringToObject(props, "security-severity", security_severity(r->rank));
  cJSON_AddStringToObject(props, "precision", r->is_check ? "very-high" : "high");
  free(shortd);
  free(full.s);
  free(help.s);
  free(md.s);
  return o;
}

/* ---- the log --------------------------------------------------------------------------------------------- */

cJSON *ev_build_sarif(const ev_model *m) {
  rule_set rs = {0};
  for (size_t i = 0; i < m->nfindings; i++) {
    const ev_finding *f = &m->findings[i];
    rule_acc *r = rule_get(&rs, f->rule, 0);
    int rank = ev_severity_rank(f->severity);
    if (rank > r->rank)
      r->rank = rank;
    ev_strv_extend(&r->reqs, &f->requirements);
    for (size_t k = 0; k < f->cwe.n; k++)
      ev_intv_push(&r->cwe, f->cwe.v[k]);
    if (!r->fix)
      r->fix = f->fix;
    if (!r->message)
      r->message = f->message;
  }
  for (size_t i = 0; i < m->nbinaries; i++)
    for (size_t j = 0; j < m->binaries[i].nchecks; j++) {
      const ev_check *c = &m->binaries[i].checks[j];
      if (!check_reported(c))
        continue;
      rule_acc *r = rule_get(&rs, c->id, 1);
      if (check_rank(c) > r->rank)
        r->rank = check_rank(c);
      ev_strv_extend(&r->reqs, &c->requirements);
      if (!r->cwe.n)
        ev_intv_push(&r->cwe, check_cwe(c->id));
    }
  for (size_t i = 0; i < rs.n; i++) {
    ev_strv_sort_unique(&rs.v[i].reqs);
    ev_intv_sort_unique(&rs.v[i].cwe);
  }
  if (rs.n > 1)
    qsort(rs.v, rs.n, sizeof *rs.v, cmp_rule);

  cJSON *log = cJSON_CreateObject();
  cJSON_AddStringToObject(log, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  cJSON_AddStringToObject(log, "version", "2.1.0");
  cJSON *runs = cJSON_AddArrayToObject(log, "runs");
  cJSON *run = cJSON_CreateObject();
  cJSON_AddItemToArray(runs, run);

  cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
  cJSON_AddStringToObject(driver, "name", "cra-harden");
  cJSON_AddStringToObject(driver, "semanticVersion", CRA_VERSION);
  cJSON_AddStringToObject(driver, "version", CRA_VERSION);
  cJSON *dprops = cJSON_AddObjectToObject(driver, "properties");
  cJSON_AddStringToObject(dprops, "llvm", CRA_LLVM_VERSION_STRING);
  cJSON_AddStringToObject(dprops, "producer", m->opts.producer);
  cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
  for (size_t i = 0; i < rs.n; i++)
    cJSON_AddItemToArray(rules, rule_json(&rs.v[i]));

  char *cat = cra_xasprintf("%s/", m->opts.producer);
  cJSON_AddStringToObject(cJSON_AddObjectToObject(run, "automationDetails"), "id", cat);
  free(cat);
  cJSON *bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
  char *renc = ev_uri_encode_path(m->root);
  char *ruri = cra_xasprintf("file://%s%s", renc, strcmp(m->root, "/") == 0 ? "" : "/");
  cJSON_AddStringToObject(cJSON_AddObjectToObject(bases, SRCROOT), "uri", ruri);
  free(renc);
  free(ruri);

  /* the audited binaries as artifacts, with their hashes: the SARIF doubles as a test report */
  cJSON *arts = cJSON_AddArrayToObject(run, "artifacts");
  for (size_t i = 0; i < m->nbinaries; i++) {
    const ev_binary *b = &m->binaries[i];
    cJSON *a = cJSON_CreateObject();
    cJSON_AddItemToObject(a, "location", artifact_location(b->rel));
    cJSON *roles = cJSON_AddArrayToObject(a, "roles");
    cJSON_AddItemToArray(roles, cJSON_CreateString("analysisTarget"));
    if (b->sha256 && strlen(b->sha256) == 64) {
      cJSON *h = cJSON_AddObjectToObject(a, "hashes");
      cJSON_AddStringToObject(h, "sha-256", b->sha256);
    }
    cJSON *p = cJSON_AddObjectToObject(a, "properties");
    if (b->build_id)
      cJSON_AddStringToObject(p, "build_id", b->build_id);
    if (b->kind)
      cJSON_AddStringToObject(p, "kind", b->kind);
    if (b->arch)
      cJSON_AddStringToObject(p, "arch", b->arch);
    cJSON_AddItemToArray(arts, a);
  }

  cJSON *inv = cJSON_CreateObject();
  cJSON_AddItemToArray(cJSON_AddArrayToObject(run, "invocations"), inv);
  size_t unreadable = 0;
  for (size_t i = 0; i < m->nbinaries; i++)
    unreadable += m->binaries[i].error != NULL;
  cJSON_AddBoolToObject(inv, "executionSuccessful", m->errors.n == 0 && unreadable == 0);
  cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
  for (size_t i = 0; i < m->errors.n; i++) {
    cJSON *n = cJSON_CreateObject();
    cJSON_AddStringToObject(n, "level", "error");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(n, "message"), "text", m->errors.v[i]);
    cJSON_AddItemToArray(notes, n);
  }
  for (size_t i = 0; i < m->build_problems.n; i++) {
    cJSON *n = cJSON_CreateObject();
    cJSON_AddStringToObject(n, "level", "warning");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(n, "message"), "text", m->build_problems.v[i]);
    cJSON_AddItemToArray(notes, n);
  }
  for (size_t i = 0; i < m->nbinaries; i++) {
    const ev_binary *b = &m->binaries[i];
    if (!b->error)
      continue;
    cJSON *n = cJSON_CreateObject();
    cJSON_AddStringToObject(n, "level", "error");
    char *t = cra_xasprintf("%s: %s", b->rel, b->error);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(n, "message"), "text", t);
    free(t);
    cJSON *locs = cJSON_AddArrayToObject(n, "locations");
    cJSON_AddItemToArray(locs, location(b->rel, 1, 0, 0, 0, NULL));
    cJSON_AddItemToArray(notes, n);
  }

  cJSON *results = cJSON_AddArrayToObject(run, "results");
  for (size_t i = 0; i < m->nfindings; i++) {
    const ev_finding *f = &m->findings[i];
    cJSON *res = cJSON_CreateObject();
    cJSON_AddStringToObject(res, "ruleId", f->rule);
    cJSON_AddNumberToObject(res, "ruleIndex", (double)rule_index(&rs, f->rule));
    cJSON_AddStringToObject(res, "level", level_of(ev_severity_rank(f->severity)));
    size_t ml = strlen(f->message);
    const char *stop = ml && strchr(".!?", f->message[ml - 1]) ? "" : ".";
    char *text = f->fix && *f->fix ? cra_xasprintf("%s%s Fix: %s", f->message, stop, f->fix) : cra_xstrdup(f->message);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", *text ? text : f->rule);
    free(text);
    char *rel = ev_path_rel(m, f->file);
    cJSON *locs = cJSON_AddArrayToObject(res, "locations");
    cJSON_AddItemToArray(locs, location(rel, f->line, f->column, f->end_line, f->end_column, f->snippet));
    free(rel);
    add_fingerprints(res, f->fingerprint, f->occurrence);
    if (m->have_baseline)
      cJSON_AddStringToObject(res, "baselineState", f->in_baseline ? "unchanged" : "new");
    if (f->suppressed)
      add_suppression(res, "inSource", f->justification);
    cJSON *p = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(p, "severity", f->severity);
    cJSON_AddItemToObject(p, "requirements", ev_json_strv(&f->requirements));
    cJSON_AddItemToObject(p, "binaries", ev_json_strv(&f->binaries));
    cJSON_AddNumberToObject(p, "translationUnits", (double)f->tus.n);
    cJSON_AddItemToArray(results, res);
  }
  for (size_t i = 0; i < m->nbinaries; i++) {
    const ev_binary *b = &m->binaries[i];
    for (size_t j = 0; j < b->nchecks; j++) {
      const ev_check *c = &b->checks[j];
      if (!check_reported(c))
        continue;
      cJSON *res = cJSON_CreateObject();
      cJSON_AddStringToObject(res, "ruleId", c->id);
      cJSON_AddNumberToObject(res, "ruleIndex", (double)rule_index(&rs, c->id));
      cJSON_AddStringToObject(res, "level", level_of(check_rank(c)));
      const char *what = strcmp(c->verdict, "fail") == 0      ? "fails"
                         : strcmp(c->verdict, "partial") == 0 ? "is only partly in place"
                                                              : "could not be determined";
      char *text = cra_xasprintf("%s: %s %s%s%s%s", b->rel, c->id, what, c->required ? " (required)" : "",
                                 c->evidence && *c->evidence ? ": " : ".", c->evidence && *c->evidence ? c->evidence : "");
      cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", text);
      free(text);
      cJSON *locs = cJSON_AddArrayToObject(res, "locations");
      cJSON_AddItemToArray(locs, location(b->rel, 1, 0, 0, 0, NULL));
      add_fingerprints(res, c->fingerprint, 1);
      if (m->have_baseline)
        cJSON_AddStringToObject(res, "baselineState", c->in_baseline ? "unchanged" : "new");
      if (c->waiver_justification)
        add_suppression(res, "external", c->waiver_justification);
      cJSON *p = cJSON_AddObjectToObject(res, "properties");
      cJSON_AddStringToObject(p, "verdict", c->verdict);
      cJSON_AddBoolToObject(p, "required", c->required);
      cJSON_AddItemToObject(p, "requirements", ev_json_strv(&c->requirements));
      ev_json_add_str_or_null(p, "sha256", b->sha256);
      if (c->waiver_policy)
        cJSON_AddStringToObject(p, "waiverPolicy", c->waiver_policy);
      cJSON_AddItemToArray(results, res);
    }
  }

  cJSON *rp = cJSON_AddObjectToObject(run, "properties");
  cJSON_AddStringToObject(rp, "productName", m->opts.product_name ? m->opts.product_name : "unnamed product");
  cJSON_AddStringToObject(rp, "productVersion", m->opts.product_version ? m->opts.product_version : "unversioned");
  const char *profile = m->opts.profile ? m->opts.profile : m->profiles.n == 1 ? m->profiles.v[0] : NULL;
  ev_json_add_str_or_null(rp, "profile", profile);

  for (size_t i = 0; i < rs.n; i++) {
    free(rs.v[i].id);
    ev_strv_free(&rs.v[i].reqs);
    ev_intv_free(&rs.v[i].cwe);
  }
  free(rs.v);
  return log;
}

char *ev_emit_sarif(const ev_model *m) {
  cJSON *log = ev_build_sarif(m);
  char *out = ev_json_print(log);
  cJSON_Delete(log);
  return out;
}
