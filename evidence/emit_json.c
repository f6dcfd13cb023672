/* The evidence document (format "cra-evidence", docs/evidence-format.md, schema
 * docs/schemas/cra-evidence.schema.json): what was checked, on which exact binaries, with which result, and why
 * any gap is acceptable. Keys are sorted, arrays are in the model's stable order. */
#include "ev_internal.h"

#include "cra_common.h"
#include "cra_version.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- cJSON helpers --------------------------------------------------------------------------------------- */

/* Sorts an object's members by key (insertion sort on the linked list: stable, small lists). */
static void sort_members(cJSON *obj) {
  cJSON *sorted = NULL;
  cJSON *c = obj->child;
  while (c) {
    cJSON *next = c->next;
    c->prev = c->next = NULL;
    if (!sorted || strcmp(c->string, sorted->string) < 0) {
      c->next = sorted;
      sorted = c;
    } else {
      cJSON *p = sorted;
      while (p->next && strcmp(p->next->string, c->string) <= 0)
        p = p->next;
      c->next = p->next;
      p->next = c;
    }
    c = next;
  }
  /* cJSON keeps child->prev pointing at the last element */
  cJSON *last = NULL;
  for (cJSON *p = sorted; p; p = p->next) {
    p->prev = last;
    last = p;
  }
  if (sorted)
    sorted->prev = last;
  obj->child = sorted;
}

void ev_json_sort_keys(cJSON *item) {
  if (!item)
    return;
  if (cJSON_IsObject(item))
    sort_members(item);
  for (cJSON *c = item->child; c; c = c->next)
    ev_json_sort_keys(c);
}

cJSON *ev_json_strv(const ev_strv *s) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = 0; i < s->n; i++)
    cJSON_AddItemToArray(a, cJSON_CreateString(s->v[i]));
  return a;
}

void ev_json_add_str_or_null(cJSON *obj, const char *key, const char *val) {
  if (val)
    cJSON_AddStringToObject(obj, key, val);
  else
    cJSON_AddNullToObject(obj, key);
}

char *ev_json_print(cJSON *doc) {
  cra_json_repair_utf8(doc); /* input strings may be invalid UTF-8; the output must not be */
  ev_json_sort_keys(doc);
  char *text = cJSON_Print(doc);
  if (!text)
    cra_die(CRA_EXIT_SOFTWARE, "out of memory printing JSON");
  char *out = cra_xasprintf("%s\n", text);
  cJSON_free(text);
  return out;
}

static cJSON *rel_array(const ev_model *m, const ev_strv *abs) {
  ev_strv rel = {0};
  for (size_t i = 0; i < abs->n; i++)
    ev_strv_push_take(&rel, ev_path_rel(m, abs->v[i]));
  ev_strv_sort_unique(&rel);
  cJSON *a = ev_json_strv(&rel);
  ev_strv_free(&rel);
  return a;
}

static const char *baseline_state(const ev_model *m, int in_baseline) {
  if (!m->have_baseline)
    return NULL;
  return in_baseline ? "existing" : "new";
}

/* ---- parts ----------------------------------------------------------------------------------------------- */

static cJSON *finding_json(const ev_model *m, const ev_finding *f) {
  cJSON *o = cJSON_CreateObject();
  char *id = ev_short_id(f->fingerprint, f->occurrence);
  cJSON_AddStringToObject(o, "id", id);
  free(id);
  cJSON_AddStringToObject(o, "fingerprint", f->fingerprint);
  cJSON_AddStringToObject(o, "rule", f->rule);
  cJSON *cwe = cJSON_AddArrayToObject(o, "cwe");
  for (size_t i = 0; i < f->cwe.n; i++)
    cJSON_AddItemToArray(cwe, cJSON_CreateNumber(f->cwe.v[i]));
  cJSON_AddItemToObject(o, "requirements", ev_json_strv(&f->requirements));
  cJSON_AddStringToObject(o, "severity", f->severity);
  cJSON *loc = cJSON_AddObjectToObject(o, "location");
  char *rel = ev_path_rel(m, f->file);
  cJSON_AddStringToObject(loc, "file", rel);
  free(rel);
  cJSON_AddNumberToObject(loc, "line", f->line);
  cJSON_AddNumberToObject(loc, "column", f->column);
  cJSON_AddNumberToObject(loc, "end_line", f->end_line);
  cJSON_AddNumberToObject(loc, "end_column", f->end_column);
  cJSON_AddStringToObject(o, "message", f->message);
  ev_json_add_str_or_null(o, "fix", f->fix);
  ev_json_add_str_or_null(o, "snippet", f->snippet);
  cJSON_AddStringToObject(o, "status", f->suppressed ? "suppressed" : "open");
  ev_json_add_str_or_null(o, "justification", f->suppressed ? f->justification : NULL);
  cJSON_AddItemToObject(o, "translation_units", rel_array(m, &f->tus));
  cJSON_AddItemToObject(o, "binaries", ev_json_strv(&f->binaries));
  ev_json_add_str_or_null(o, "tool", f->tool);
  ev_json_add_str_or_null(o, "baseline", baseline_state(m, f->in_baseline));
  return o;
}

static cJSON *check_json(const ev_model *m, const ev_check *c) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "id", c->id);
  cJSON_AddItemToObject(o, "requirements", ev_json_strv(&c->requirements));
  cJSON_AddStringToObject(o, "verdict", c->verdict);
  cJSON_AddBoolToObject(o, "required", c->required);
  ev_json_add_str_or_null(o, "evidence", c->evidence);
  cJSON_AddItemToObject(o, "detail", c->detail ? cJSON_Duplicate(c->detail, 1) : cJSON_CreateNull());
  if (c->waiver_justification) {
    cJSON *w = cJSON_AddObjectToObject(o, "waiver");
    cJSON_AddStringToObject(w, "justification", c->waiver_justification);
    ev_json_add_str_or_null(w, "policy", c->waiver_policy);
  } else {
    cJSON_AddNullToObject(o, "waiver");
  }
  cJSON_AddStringToObject(o, "fingerprint", c->fingerprint);
  ev_json_add_str_or_null(o, "baseline", strcmp(c->verdict, "pass") == 0 ? NULL : baseline_state(m, c->in_baseline));
  return o;
}

static void add_verdict_counts(cJSON *o, const ev_binary *b, size_t counts[6]) {
  static const char *const names[] = {"pass", "partial", "fail", "not_applicable", "unknown"};
  size_t local[6] = {0};
  for (size_t j = 0; j < b->nchecks; j++) {
    for (size_t k = 0; k < 5; k++)
      if (strcmp(b->checks[j].verdict, names[k]) == 0)
        local[k]++;
    if (b->checks[j].waiver_justification)
      local[5]++;
  }
  for (size_t k = 0; k < 5; k++)
    cJSON_AddNumberToObject(o, names[k], (double)local[k]);
  cJSON_AddNumberToObject(o, "waived", (double)local[5]);
  if (counts)
    for (size_t k = 0; k < 6; k++)
      counts[k] += local[k];
}

/* The report file a binary came from, root-relative when it lies under the root (the same file named "./x" or
 * "/abs/x" on the command line gives the same text). */
static char *origin_rel(const ev_model *m, const char *origin) {
  if (!origin || origin[0] == '<')
    return cra_xstrdup(origin ? origin : "<input>");
  char cwd[4096];
  char *abs = ev_path_normalize(origin, getcwd(cwd, sizeof cwd) ? cwd : "/");
  char *rel = ev_path_rel(m, abs);
  free(abs);
  return rel;
}

static cJSON *binary_json(const ev_model *m, const ev_binary *b) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "path", b->rel);
  ev_json_add_str_or_null(o, "sha256", b->sha256);
  ev_json_add_str_or_null(o, "build_id", b->build_id);
  ev_json_add_str_or_null(o, "kind", b->kind);
  ev_json_add_str_or_null(o, "arch", b->arch);
  ev_json_add_str_or_null(o, "class", b->elf_class);
  ev_json_add_str_or_null(o, "soname", b->soname);
  ev_json_add_str_or_null(o, "error", b->error);
  ev_json_add_str_or_null(o, "profile", b->profile);
  char *rep = origin_rel(m, b->origin);
  cJSON_AddStringToObject(o, "report", rep);
  free(rep);
  cJSON_AddItemToObject(o, "needed", ev_json_strv(&b->needed));
  cJSON_AddItemToObject(o, "compilers", ev_json_strv(&b->compilers));
  cJSON_AddItemToObject(o, "notes", ev_json_strv(&b->notes));
  cJSON *checks = cJSON_AddArrayToObject(o, "checks");
  for (size_t j = 0; j < b->nchecks; j++)
    cJSON_AddItemToArray(checks, check_json(m, &b->checks[j]));
  cJSON *build = cJSON_AddObjectToObject(o, "build");
  cJSON_AddStringToObject(build, "tie", b->tie ? b->tie : "none");
  cJSON_AddItemToObject(build, "sources", rel_array(m, &b->sources));
  cJSON_AddNumberToObject(build, "objects", (double)b->objects.n);
  cJSON_AddItemToObject(build, "compilers", ev_json_strv(&b->build_compilers));
  cJSON_AddItemToObject(build, "profiles", ev_json_strv(&b->build_profiles));
  cJSON *flags = cJSON_AddObjectToObject(build, "flags");
  cJSON_AddItemToObject(flags, "added", ev_json_strv(&b->flags_added));
  cJSON_AddItemToObject(flags, "rejected", ev_json_strv(&b->flags_rejected));
  cJSON_AddItemToObject(flags, "overridden", ev_json_strv(&b->flags_overridden));
  cJSON_AddItemToObject(o, "findings", ev_json_strv(&b->findings));
  add_verdict_counts(cJSON_AddObjectToObject(o, "summary"), b, NULL);
  return o;
}

static cJSON *requirement_json(const ev_model *m, const ev_requirement *q) {
  cJSON *o = cJSON_CreateObject();
  const ev_reqinfo *info = ev_reqinfo_get(q->id);
  cJSON_AddStringToObject(o, "id", q->id);
  ev_json_add_str_or_null(o, "point", info ? info->point : NULL);
  ev_json_add_str_or_null(o, "title", info ? info->title : NULL);
  ev_json_add_str_or_null(o, "label", info ? info->label : NULL);
  cJSON_AddStringToObject(o, "status", ev_status_name(q->status));
  cJSON_AddStringToObject(o, "rationale", q->rationale);
  cJSON *checks = cJSON_AddArrayToObject(o, "checks");
  for (size_t i = 0; i < q->nchecks; i++) {
    const ev_binary *b = &m->binaries[q->checks[i].binary];
    const ev_check *c = &b->checks[q->checks[i].check];
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "binary", b->rel);
    cJSON_AddStringToObject(r, "check", c->id);
    cJSON_AddStringToObject(r, "verdict", c->verdict);
    cJSON_AddBoolToObject(r, "required", c->required);
    cJSON_AddBoolToObject(r, "waived", c->waiver_justification != NULL);
    cJSON_AddStringToObject(r, "fingerprint", c->fingerprint);
    cJSON_AddItemToArray(checks, r);
  }
  cJSON *fs = cJSON_AddArrayToObject(o, "findings");
  for (size_t i = 0; i < q->nfindings; i++)
    cJSON_AddItemToArray(fs, cJSON_CreateString(m->findings[q->findings[i]].fingerprint));
  cJSON *rs = cJSON_AddArrayToObject(o, "accepted_risks");
  for (size_t i = 0; i < q->nrisks; i++)
    cJSON_AddItemToArray(rs, cJSON_CreateString(m->risks[q->risks[i]].ref));
  cJSON *cnt = cJSON_AddObjectToObject(o, "counts");
  cJSON_AddNumberToObject(cnt, "checks_pass", (double)q->c_pass);
  cJSON_AddNumberToObject(cnt, "checks_fail_required", (double)q->c_fail_required);
  cJSON_AddNumberToObject(cnt, "checks_fail_optional", (double)q->c_fail_optional);
  cJSON_AddNumberToObject(cnt, "checks_partial", (double)q->c_partial);
  cJSON_AddNumberToObject(cnt, "checks_unknown", (double)q->c_unknown);
  cJSON_AddNumberToObject(cnt, "checks_waived", (double)q->c_waived);
  cJSON_AddNumberToObject(cnt, "checks_not_applicable", (double)q->c_na);
  cJSON_AddNumberToObject(cnt, "binaries_unreadable", (double)q->unreadable_binaries);
  cJSON_AddNumberToObject(cnt, "findings_open_high", (double)q->f_open[3]);
  cJSON_AddNumberToObject(cnt, "findings_open_medium", (double)q->f_open[2]);
  cJSON_AddNumberToObject(cnt, "findings_open_low", (double)q->f_open[1]);
  cJSON_AddNumberToObject(cnt, "findings_suppressed", (double)q->f_suppressed);
  return o;
}

static cJSON *summary_json(const ev_model *m) {
  cJSON *s = cJSON_CreateObject();
  cJSON *rq = cJSON_AddObjectToObject(s, "requirements");
  size_t st[4] = {0};
  for (size_t i = 0; i < m->nreqs; i++)
    st[m->reqs[i].status]++;
  for (int k = 0; k < 4; k++)
    cJSON_AddNumberToObject(rq, ev_status_name((ev_status)k), (double)st[k]);
  cJSON *byreq = cJSON_AddObjectToObject(s, "by_requirement");
  for (size_t i = 0; i < m->nreqs; i++) {
    const ev_requirement *q = &m->reqs[i];
    cJSON *r = cJSON_AddObjectToObject(byreq, q->id);
    cJSON_AddStringToObject(r, "status", ev_status_name(q->status));
    cJSON_AddNumberToObject(r, "checks", (double)q->nchecks);
    cJSON_AddNumberToObject(r, "checks_failed", (double)(q->c_fail_required + q->c_fail_optional));
    cJSON_AddNumberToObject(r, "findings_open", (double)(q->f_open[1] + q->f_open[2] + q->f_open[3]));
    cJSON_AddNumberToObject(r, "findings_suppressed", (double)q->f_suppressed);
  }
  cJSON *sev = cJSON_AddObjectToObject(s, "by_severity");
  size_t open = 0, supp = 0, fresh = 0;
  for (int r = 3; r >= 1; r--) {
    size_t o = 0, su = 0;
    for (size_t i = 0; i < m->nfindings; i++)
      if (ev_severity_rank(m->findings[i].severity) == r) {
        if (m->findings[i].suppressed)
          su++;
        else
          o++;
      }
    cJSON *x = cJSON_AddObjectToObject(sev, ev_severity_name(r));
    cJSON_AddNumberToObject(x, "open", (double)o);
    cJSON_AddNumberToObject(x, "suppressed", (double)su);
    open += o;
    supp += su;
  }
  for (size_t i = 0; i < m->nfindings; i++)
    if (!m->findings[i].suppressed && !m->findings[i].in_baseline)
      fresh++;
  cJSON *fs = cJSON_AddObjectToObject(s, "findings");
  cJSON_AddNumberToObject(fs, "total", (double)m->nfindings);
  cJSON_AddNumberToObject(fs, "open", (double)open);
  cJSON_AddNumberToObject(fs, "suppressed", (double)supp);
  if (m->have_baseline)
    cJSON_AddNumberToObject(fs, "new", (double)fresh);
  else
    cJSON_AddNullToObject(fs, "new");
  cJSON *bins = cJSON_AddObjectToObject(s, "binaries");
  size_t unreadable = 0, counts[6] = {0};
  cJSON *bybin = cJSON_AddObjectToObject(s, "by_binary");
  for (size_t i = 0; i < m->nbinaries; i++) {
    const ev_binary *b = &m->binaries[i];
    if (b->error)
      unreadable++;
    cJSON *x = cJSON_AddObjectToObject(bybin, b->rel);
    add_verdict_counts(x, b, counts);
    size_t fo = 0;
    for (size_t k = 0; k < m->nfindings; k++)
      if (!m->findings[k].suppressed && ev_strv_has(&m->findings[k].binaries, b->rel))
        fo++;
    cJSON_AddNumberToObject(x, "findings_open", (double)fo);
    cJSON_AddNumberToObject(x, "findings", (double)b->findings.n);
  }
  cJSON_AddNumberToObject(bins, "total", (double)m->nbinaries);
  cJSON_AddNumberToObject(bins, "unreadable", (double)unreadable);
  static const char *const names[] = {"pass", "partial", "fail", "not_applicable", "unknown", "waived"};
  cJSON *cs = cJSON_AddObjectToObject(bins, "checks");
  for (int k = 0; k < 6; k++)
    cJSON_AddNumberToObject(cs, names[k], (double)counts[k]);
  return s;
}

cJSON *ev_build_json(const ev_model *m) {
  cJSON *doc = cJSON_CreateObject();
  cJSON_AddStringToObject(doc, "format", "cra-evidence");
  cJSON_AddNumberToObject(doc, "version", EV_EVIDENCE_FORMAT_VERSION);
  char ts[32];
  cra_report_time_iso(ts, sizeof ts);
  cJSON_AddStringToObject(doc, "timestamp", ts);
  cJSON *prod = cJSON_AddObjectToObject(doc, "product");
  cJSON_AddStringToObject(prod, "name", m->opts.product_name ? m->opts.product_name : "unnamed product");
  cJSON_AddStringToObject(prod, "version", m->opts.product_version ? m->opts.product_version : "unversioned");
  cJSON *tk = cJSON_AddObjectToObject(doc, "toolkit");
  cJSON_AddStringToObject(tk, "name", "cra-harden");
  cJSON_AddStringToObject(tk, "version", CRA_VERSION);
  cJSON_AddStringToObject(tk, "llvm", CRA_LLVM_VERSION_STRING);
  cJSON_AddStringToObject(tk, "producer", m->opts.producer);
  cJSON *tools = cJSON_AddArrayToObject(doc, "tools");
  for (size_t i = 0; i < m->ntools; i++) {
    cJSON *t = cJSON_CreateObject();
    ev_json_add_str_or_null(t, "name", m->tools[i].name);
    ev_json_add_str_or_null(t, "version", m->tools[i].version);
    ev_json_add_str_or_null(t, "llvm", m->tools[i].llvm);
    cJSON_AddItemToArray(tools, t);
  }
  const char *profile = m->opts.profile ? m->opts.profile : m->profiles.n == 1 ? m->profiles.v[0] : NULL;
  ev_json_add_str_or_null(doc, "profile", profile);
  cJSON_AddItemToObject(doc, "profiles", ev_json_strv(&m->profiles));
  cJSON *in = cJSON_AddObjectToObject(doc, "inputs");
  cJSON_AddNumberToObject(in, "files", (double)m->n_files);
  cJSON_AddNumberToObject(in, "findings_records", (double)m->n_findings_records);
  cJSON_AddNumberToObject(in, "elfcheck_reports", (double)m->n_elfcheck_reports);
  cJSON_AddNumberToObject(in, "build_records", (double)m->n_build_records);
  cJSON_AddItemToObject(in, "errors", ev_json_strv(&m->errors));
  cJSON_AddItemToObject(in, "build_problems", ev_json_strv(&m->build_problems));
  ev_json_add_str_or_null(in, "baseline", m->baseline_origin);
  cJSON *reqs = cJSON_AddArrayToObject(doc, "requirements");
  for (size_t i = 0; i < m->nreqs; i++)
    cJSON_AddItemToArray(reqs, requirement_json(m, &m->reqs[i]));
  cJSON *bins = cJSON_AddArrayToObject(doc, "binaries");
  for (size_t i = 0; i < m->nbinaries; i++)
    cJSON_AddItemToArray(bins, binary_json(m, &m->binaries[i]));
  cJSON *fs = cJSON_AddArrayToObject(doc, "findings");
  for (size_t i = 0; i < m->nfindings; i++)
    cJSON_AddItemToArray(fs, finding_json(m, &m->findings[i]));
  cJSON *risks = cJSON_AddArrayToObject(doc, "accepted_risks");
  for (size_t i = 0; i < m->nrisks; i++) {
    const ev_risk *r = &m->risks[i];
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "kind", r->kind);
    cJSON_AddStringToObject(x, "subject", r->subject);
    ev_json_add_str_or_null(x, "justification", r->justification);
    ev_json_add_str_or_null(x, "policy", r->policy);
    cJSON_AddStringToObject(x, "ref", r->ref);
    cJSON_AddItemToObject(x, "requirements", ev_json_strv(&r->requirements));
    cJSON_AddItemToArray(risks, x);
  }
  cJSON_AddItemToObject(doc, "summary", summary_json(m));
  return doc;
}

char *ev_emit_json(const ev_model *m) {
  cJSON *doc = ev_build_json(m);
  char *out = ev_json_print(doc);
  cJSON_Delete(doc);
  return out;
}
