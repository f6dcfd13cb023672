/* The merge: from everything the inputs said to one consistent model. Pure over the model's contents (the one
 * I/O step, reading DWARF compile-unit names of binaries without build records, is done first and apart), and
 * independent of input order: every choice between duplicates is made after a total sort, so the same inputs
 * in any order give the same model and byte-identical output. */
#include "ev_internal.h"

#include "cra_common.h"

#include <stdlib.h>
#include <string.h>

static int strcmp_null(const char *a, const char *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

static int cmp_strv(const ev_strv *a, const ev_strv *b) {
  for (size_t i = 0; i < a->n && i < b->n; i++) {
    int c = strcmp(a->v[i], b->v[i]);
    if (c)
      return c;
  }
  return (a->n > b->n) - (a->n < b->n);
}

static int cmp_int(int a, int b) { return (a > b) - (a < b); }

/* ---- findings -------------------------------------------------------------------------------------------- */

/* Total order over every field a merged finding keeps: the first of a fingerprint group is the same whatever
 * the input order. */
static int cmp_finding_total(const void *pa, const void *pb) {
  const ev_finding *a = pa, *b = pb;
  int c;
  if ((c = strcmp(a->fingerprint, b->fingerprint)) || (c = strcmp(a->file, b->file)) ||
      (c = cmp_int(a->line, b->line)) || (c = cmp_int(a->column, b->column)) ||
      (c = cmp_int(a->end_line, b->end_line)) || (c = cmp_int(a->end_column, b->end_column)) ||
      (c = strcmp(a->rule, b->rule)) || (c = strcmp(a->severity, b->severity)) ||
      (c = strcmp(a->message, b->message)) || (c = strcmp_null(a->fix, b->fix)) ||
      (c = strcmp_null(a->snippet, b->snippet)) || (c = cmp_int(a->suppressed, b->suppressed)) ||
      (c = strcmp_null(a->justification, b->justification)) || (c = strcmp_null(a->tool, b->tool)) ||
      (c = cmp_strv(&a->tus, &b->tus)) || (c = cmp_strv(&a->objects, &b->objects)))
    return c;
  return 0;
}

/* Output order: where a reader looks for it. */
static int cmp_finding_location(const void *pa, const void *pb) {
  const ev_finding *a = pa, *b = pb;
  int c;
  if ((c = strcmp(a->file, b->file)) || (c = cmp_int(a->line, b->line)) || (c = cmp_int(a->column, b->column)) ||
      (c = strcmp(a->rule, b->rule)))
    return c;
  return strcmp(a->fingerprint, b->fingerprint);
}

static void merge_findings(ev_model *m) {
  for (size_t i = 0; i < m->nfindings; i++) {
    ev_finding *f = &m->findings[i];
    if (!f->fingerprint) {
      /* The producer gave none: derive one that survives moved lines (rule, root-relative path, text). */
      char *rel = ev_path_rel(m, f->file);
      char *key = cra_xasprintf("%s%c%s%c%s", f->rule, 0x1f, rel, 0x1f, f->snippet ? f->snippet : f->message);
      char hex[65];
      cra_sha256_hex(key, strlen(key), hex);
      f->fingerprint = cra_xstrdup(hex);
      free(key);
      free(rel);
    }
  }
  if (m->nfindings > 1)
    qsort(m->findings, m->nfindings, sizeof *m->findings, cmp_finding_total);
  size_t w = 0;
  for (size_t r = 0; r < m->nfindings;) {
    size_t e = r + 1;
    /* One finding = one fingerprint at one place: the same place seen by many translation units (a header)
     * merges; two places in one file with the same text (the fingerprint has no line) stay two findings. */
    while (e < m->nfindings && strcmp(m->findings[e].fingerprint, m->findings[r].fingerprint) == 0 &&
           strcmp(m->findings[e].file, m->findings[r].file) == 0 && m->findings[e].line == m->findings[r].line &&
           m->findings[e].column == m->findings[r].column)
      e++;
    ev_finding keep = m->findings[r];
    /* A finding stays open unless every translation unit that saw it carries the suppression marker: one
     * unsuppressed occurrence means the risk was not accepted everywhere. */
    int all_suppressed = keep.suppressed;
    int sev = ev_severity_rank(keep.severity);
    for (size_t k = r + 1; k < e; k++) {
      ev_finding *o = &m->findings[k];
      ev_strv_extend(&keep.tus, &o->tus);
      ev_strv_extend(&keep.objects, &o->objects);
      ev_strv_extend(&keep.requirements, &o->requirements);
      for (size_t j = 0; j < o->cwe.n; j++)
        ev_intv_push(&keep.cwe, o->cwe.v[j]);
      all_suppressed = all_suppressed && o->suppressed;
      if (!keep.justification && o->justification)
        keep.justification = cra_xstrdup(o->justification);
      if (ev_severity_rank(o->severity) > sev) {
        sev = ev_severity_rank(o->severity);
        free(keep.severity);
        keep.severity = cra_xstrdup(o->severity);
      }
      ev_finding_free(o);
    }
    keep.suppressed = all_suppressed;
    ev_strv_sort_unique(&keep.tus);
    ev_strv_sort_unique(&keep.objects);
    ev_strv_sort_unique(&keep.requirements);
    ev_intv_sort_unique(&keep.cwe);
    m->findings[w++] = keep;
    r = e;
  }
  m->nfindings = w;
  /* Still sorted by fingerprint, then place: number the places of each fingerprint. */
  for (size_t i = 0; i < m->nfindings; i++)
    m->findings[i].occurrence =
        i > 0 && strcmp(m->findings[i - 1].fingerprint, m->findings[i].fingerprint) == 0 ? m->findings[i - 1].occurrence + 1 : 1;
  if (m->nfindings > 1)
    qsort(m->findings, m->nfindings, sizeof *m->findings, cmp_finding_location);
}

/* ---- binaries -------------------------------------------------------------------------------------------- */

static int cmp_binary_total(const void *pa, const void *pb) {
  const ev_binary *a = pa, *b = pb;
  int c;
  if ((c = strcmp(a->path, b->path)))
    return c;
  /* A real report beats an "could not read" entry for the same path. */
  if ((c = cmp_int(a->error != NULL, b->error != NULL)))
    return c;
  if ((c = strcmp_null(a->sha256, b->sha256)) || (c = strcmp_null(a->origin, b->origin)) ||
      (c = strcmp_null(a->error, b->error)))
    return c;
  return cmp_int((int)(a->nchecks > b->nchecks), (int)(a->nchecks < b->nchecks));
}

static int cmp_check(const void *pa, const void *pb) {
  const ev_check *a = pa, *b = pb;
  int c;
  if ((c = strcmp(a->id, b->id)) || (c = strcmp(a->verdict, b->verdict)))
    return c;
  return strcmp_null(a->evidence, b->evidence);
}

static void merge_binaries(ev_model *m) {
  if (m->nbinaries > 1)
    qsort(m->binaries, m->nbinaries, sizeof *m->binaries, cmp_binary_total);
  size_t w = 0;
  for (size_t r = 0; r < m->nbinaries; r++) {
    if (w > 0 && strcmp(m->binaries[w - 1].path, m->binaries[r].path) == 0) {
      /* The same binary in several reports (audited twice): one entry, the first in the total order. */
      ev_binary_free(&m->binaries[r]);
      continue;
    }
    m->binaries[w++] = m->binaries[r];
  }
  m->nbinaries = w;
  for (size_t i = 0; i < m->nbinaries; i++) {
    ev_binary *b = &m->binaries[i];
    b->rel = ev_path_rel(m, b->path);
    if (b->nchecks > 1)
      qsort(b->checks, b->nchecks, sizeof *b->checks, cmp_check);
    size_t cw = 0;
    for (size_t r = 0; r < b->nchecks; r++) {
      if (cw > 0 && strcmp(b->checks[cw - 1].id, b->checks[r].id) == 0) {
        ev_check *c = &b->checks[r];
        free(c->id);
        free(c->verdict);
        free(c->evidence);
        free(c->waiver_justification);
        free(c->waiver_policy);
        ev_strv_free(&c->requirements);
        cJSON_Delete(c->detail);
        continue;
      }
      b->checks[cw++] = b->checks[r];
    }
    b->nchecks = cw;
    for (size_t j = 0; j < b->nchecks; j++) {
      /* Identity of a check result across builds: check and path, never the binary's hash (a rebuild must
       * not look like a new problem to the baseline or to code scanning). */
      char *key = cra_xasprintf("cra-elfcheck%c%s%c%s", 0x1f, b->checks[j].id, 0x1f, b->rel);
      char hex[65];
      cra_sha256_hex(key, strlen(key), hex);
      free(key);
      b->checks[j].fingerprint = cra_xstrdup(hex);
    }
  }
}

/* ---- build graph ----------------------------------------------------------------------------------------- */

static int is_source_name(const char *p) {
  static const char *const exts[] = {".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".m", ".mm", ".S", ".s", ".i", ".ii"};
  const char *dot = strrchr(p, '.');
  if (!dot || strchr(dot, '/'))
    return 0;
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
    if (strcmp(dot, exts[i]) == 0)
      return 1;
  return 0;
}

static int is_archive_name(const char *p);

/* A shared library on the link line (-lfoo resolved, or libfoo.so[.N]): not compiled by this build. */
static int is_shared_name(const char *p) {
  const char *b = strrchr(p, '/');
  b = b ? b + 1 : p;
  size_t n = strlen(b);
  return (n > 3 && strcmp(b + n - 3, ".so") == 0) || strstr(b, ".so.") != NULL;
}

static int link_matches(const ev_build *l, const ev_binary *b) {
  if (strcmp(l->step, "link") != 0)
    return 0;
  if (strcmp(l->output, b->path) == 0)
    return 1;
  /* The binary may have been audited from another place (installed, copied): same bytes, same binary. */
  return l->output_sha256 && b->sha256 && strcmp(l->output_sha256, b->sha256) == 0;
}

static const ev_model *cmp_ctx;
static int cmp_build_index(const void *pa, const void *pb) {
  const ev_build *a = &cmp_ctx->builds[*(const size_t *)pa], *b = &cmp_ctx->builds[*(const size_t *)pb];
  return strcmp(a->output, b->output);
}

/* Compile records sorted by output, for the object -> source step. */
static size_t *compile_index(const ev_model *m, size_t *n) {
  size_t *idx = cra_xcalloc(m->nbuilds ? m->nbuilds : 1, sizeof *idx);
  *n = 0;
  for (size_t i = 0; i < m->nbuilds; i++)
    if (strcmp(m->builds[i].step, "compile") == 0)
      idx[(*n)++] = i;
  cmp_ctx = m;
  if (*n > 1)
    qsort(idx, *n, sizeof *idx, cmp_build_index);
  return idx;
}

static void add_compile_facts(ev_binary *b, const ev_build *r) {
  ev_strv_extend(&b->flags_added, &r->added);
  ev_strv_extend(&b->flags_rejected, &r->rejected);
  ev_strv_extend(&b->flags_overridden, &r->overridden);
  if (r->compiler)
    ev_strv_push(&b->build_compilers, r->compiler);
  if (r->profile)
    ev_strv_push(&b->build_profiles, r->profile);
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static const ev_archive *find_archive(const ev_model *m, const char *path) {
  for (size_t i = 0; i < m->narchives; i++)
    if (strcmp(m->archives[i].path, path) == 0)
      return &m->archives[i];
  return NULL;
}

/* A static archive on the link line: its members are matched to compile records by file name (ar keeps only
 * the base name), preferring objects under the archive's own directory when the name is ambiguous. */
static void resolve_archive(ev_model *m, const size_t *idx, size_t nidx, ev_binary *b, const ev_archive *ar) {
  size_t dl = strrchr(ar->path, '/') ? (size_t)(strrchr(ar->path, '/') - ar->path) : 0;
  for (size_t k = 0; k < ar->members.n; k++) {
    const char *mname = ar->members.v[k];
    int under = 0, matched = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (size_t j = 0; j < nidx; j++) {
        const ev_build *cr = &m->builds[idx[j]];
        if (strcmp(base_name(cr->output), mname) != 0)
          continue;
        int is_under = strncmp(cr->output, ar->path, dl) == 0 && cr->output[dl] == '/';
        if (pass == 0) {
          under |= is_under;
          continue;
        }
        if (under && !is_under)
          continue;
        ev_strv_push(&b->objects, cr->output);
        for (size_t s = 0; s < cr->inputs.n; s++)
          ev_strv_push(&b->sources, cr->inputs.v[s]);
        add_compile_facts(b, cr);
        ev_intv_push(&b->compiles, (int)idx[j]);
        matched = 1;
      }
    }
    if (!matched)
      b->unaccounted++;
  }
}

static void tie_binaries(ev_model *m) {
  size_t nidx = 0;
  size_t *idx = compile_index(m, &nidx);
  for (size_t i = 0; i < m->nbinaries; i++) {
    ev_binary *b = &m->binaries[i];
    int linked = 0;
    /* A link record of this very path wins: matching by SHA-256 is for binaries audited elsewhere, and two
     * outputs of one build can be byte-identical (a flag that changes no code) without being one binary. */
    int by_path = 0;
    for (size_t l = 0; l < m->nbuilds && !by_path; l++)
      by_path = strcmp(m->builds[l].step, "link") == 0 && strcmp(m->builds[l].output, b->path) == 0;
    for (size_t l = 0; l < m->nbuilds; l++) {
      const ev_build *lr = &m->builds[l];
      if (!link_matches(lr, b) || (by_path && strcmp(lr->output, b->path) != 0))
        continue;
      linked = 1;
      add_compile_facts(b, lr);
      for (size_t k = 0; k < lr->inputs.n; k++) {
        const char *in = lr->inputs.v[k];
        /* binary search for the first compile record with output == in */
        size_t lo = 0, hi = nidx;
        while (lo < hi) {
          size_t mid = (lo + hi) / 2;
          if (strcmp(m->builds[idx[mid]].output, in) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }
        int found = 0;
        for (size_t j = lo; j < nidx && strcmp(m->builds[idx[j]].output, in) == 0; j++) {
          const ev_build *cr = &m->builds[idx[j]];
          found = 1;
          ev_strv_push(&b->objects, in);
          for (size_t s = 0; s < cr->inputs.n; s++)
            ev_strv_push(&b->sources, cr->inputs.v[s]);
          add_compile_facts(b, cr);
          ev_intv_push(&b->compiles, (int)idx[j]);
        }
        const ev_archive *ar = found ? NULL : find_archive(m, in);
        if (ar) {
          resolve_archive(m, idx, nidx, b, ar);
        } else if (!found && is_source_name(in)) {
          ev_strv_push(&b->sources, in); /* compiled and linked in one step: the link command compiled it */
          ev_intv_push(&b->compiles, (int)l);
        } else if (!found && !is_archive_name(in) && !is_shared_name(in)) {
          b->unaccounted++; /* an object from outside the wrapped build, or an archive that could not be read */
        }
      }
    }
    ev_strv_sort_unique(&b->sources);
    /* DWARF compile units complete the records (sources in archives that could not be read, objects built
     * without the wrappers) or stand in for them. */
    size_t before = b->sources.n;
    ev_strv_extend(&b->sources, &b->dwarf_cus);
    ev_strv_sort_unique(&b->sources);
    int dwarf_added = b->sources.n > before;
    if (linked)
      b->tie = cra_xstrdup(dwarf_added ? "build-records+dwarf" : "build-records");
    else if (b->dwarf_cus.n)
      b->tie = cra_xstrdup("dwarf");
    else
      b->tie = cra_xstrdup("none");
    ev_strv_sort_unique(&b->objects);
    ev_strv_sort_unique(&b->flags_added);
    ev_strv_sort_unique(&b->flags_rejected);
    ev_strv_sort_unique(&b->flags_overridden);
    ev_strv_sort_unique(&b->build_compilers);
    ev_strv_sort_unique(&b->build_profiles);
    ev_intv_sort_unique(&b->compiles);
  }
  free(idx);

  /* finding -> binaries: through the object its translation unit produced, or its source file. */
  for (size_t i = 0; i < m->nfindings; i++) {
    ev_finding *f = &m->findings[i];
    for (size_t j = 0; j < m->nbinaries; j++) {
      ev_binary *b = &m->binaries[j];
      int hit = 0;
      for (size_t k = 0; !hit && k < f->objects.n; k++)
        hit = ev_strv_bsearch(&b->objects, f->objects.v[k]);
      for (size_t k = 0; !hit && k < f->tus.n; k++)
        hit = ev_strv_bsearch(&b->sources, f->tus.v[k]);
      if (hit) {
        ev_strv_push(&f->binaries, b->rel);
        ev_strv_push(&b->findings, f->fingerprint);
      }
    }
    ev_strv_sort_unique(&f->binaries);
  }
  for (size_t j = 0; j < m->nbinaries; j++)
    ev_strv_sort_unique(&m->binaries[j].findings);
}

/* ---- accepted risks -------------------------------------------------------------------------------------- */

static int cmp_risk(const void *pa, const void *pb) {
  const ev_risk *a = pa, *b = pb;
  int c;
  if ((c = strcmp(a->kind, b->kind)) || (c = strcmp(a->subject, b->subject)))
    return c;
  return strcmp(a->ref, b->ref);
}

static void collect_risks(ev_model *m) {
  size_t cap = 8;
  m->risks = cra_xcalloc(cap, sizeof *m->risks);
  for (size_t i = 0; i < m->nfindings; i++) {
    ev_finding *f = &m->findings[i];
    if (!f->suppressed)
      continue;
    if (m->nrisks == cap)
      m->risks = cra_xreallocarray(m->risks, cap *= 2, sizeof *m->risks);
    ev_risk *r = &m->risks[m->nrisks++];
    memset(r, 0, sizeof *r);
    char *rel = ev_path_rel(m, f->file);
    r->kind = "suppression";
    r->subject = cra_xasprintf("%s at %s:%d", f->rule, rel, f->line);
    r->justification = f->justification ? cra_xstrdup(f->justification) : NULL;
    r->ref = cra_xstrdup(f->fingerprint);
    ev_strv_extend(&r->requirements, &f->requirements);
    free(rel);
  }
  for (size_t i = 0; i < m->nbinaries; i++)
    for (size_t j = 0; j < m->binaries[i].nchecks; j++) {
      ev_check *c = &m->binaries[i].checks[j];
      if (!c->waiver_justification)
        continue;
      if (m->nrisks == cap)
        m->risks = cra_xreallocarray(m->risks, cap *= 2, sizeof *m->risks);
      ev_risk *r = &m->risks[m->nrisks++];
      memset(r, 0, sizeof *r);
      r->kind = "waiver";
      r->subject = cra_xasprintf("%s on %s (verdict %s)", c->id, m->binaries[i].rel, c->verdict);
      r->justification = cra_xstrdup(c->waiver_justification);
      r->policy = c->waiver_policy ? cra_xstrdup(c->waiver_policy) : NULL;
      r->ref = cra_xstrdup(c->fingerprint);
      ev_strv_extend(&r->requirements, &c->requirements);
    }
  if (m->nrisks > 1)
    qsort(m->risks, m->nrisks, sizeof *m->risks, cmp_risk);
}

/* ---- requirements ---------------------------------------------------------------------------------------- */

static void append_list_sep(ev_sb *sb, size_t *count, const char *text) {
  if ((*count)++)
    ev_sb_puts(sb, ", ");
  ev_sb_puts(sb, text);
}

/* Up to three examples of checks with `verdict` (and required flag when >= 0), unwaived. */
/* How a check counts for a requirement; the counts and the examples named in the rationale use the same. */
static const char *check_class(const ev_check *c) {
  if (strcmp(c->verdict, "not_applicable") == 0)
    return "na";
  if (c->waiver_justification && strcmp(c->verdict, "pass") != 0)
    return "waived";
  if (strcmp(c->verdict, "pass") == 0)
    return "pass";
  if (c->required && c->failed)
    return "fail_required";
  if (strcmp(c->verdict, "fail") == 0)
    return "fail_optional";
  if (strcmp(c->verdict, "partial") == 0)
    return "partial";
  return "unknown";
}

static char *check_examples(const ev_model *m, const ev_requirement *q, const char *cls) {
  ev_sb sb = {0};
  size_t shown = 0, total = 0;
  for (size_t i = 0; i < q->nchecks; i++) {
    const ev_binary *b = &m->binaries[q->checks[i].binary];
    const ev_check *c = &b->checks[q->checks[i].check];
    if (strcmp(check_class(c), cls) != 0)
      continue;
    total++;
    if (shown < 3) {
      if (shown++)
        ev_sb_puts(&sb, ", ");
      ev_sb_printf(&sb, "%s on %s", c->id, b->rel);
    }
  }
  if (total > shown)
    ev_sb_printf(&sb, " and %zu more", total - shown);
  return ev_sb_take(&sb);
}

static void compute_requirement(ev_model *m, ev_requirement *q) {
  /* references */
  size_t capc = 8, capf = 8, capr = 4;
  q->checks = cra_xcalloc(capc, sizeof *q->checks);
  q->findings = cra_xcalloc(capf, sizeof *q->findings);
  q->risks = cra_xcalloc(capr, sizeof *q->risks);
  int binary_point = ev_req_binary_verified(q->id);
  int any_check_point = binary_point;
  for (size_t i = 0; i < m->nbinaries; i++) {
    const ev_binary *b = &m->binaries[i];
    for (size_t j = 0; j < b->nchecks; j++) {
      const ev_check *c = &b->checks[j];
      if (!ev_strv_has(&c->requirements, q->id))
        continue;
      any_check_point = 1;
      if (q->nchecks == capc)
        q->checks = cra_xreallocarray(q->checks, capc *= 2, sizeof *q->checks);
      q->checks[q->nchecks++] = (ev_checkref){i, j};
      const char *cls = check_class(c);
      if (strcmp(cls, "na") == 0)
        q->c_na++;
      else if (strcmp(cls, "waived") == 0)
        q->c_waived++;
      else if (strcmp(cls, "pass") == 0)
        q->c_pass++;
      else if (strcmp(cls, "fail_required") == 0)
        q->c_fail_required++;
      else if (strcmp(cls, "fail_optional") == 0)
        q->c_fail_optional++;
      else if (strcmp(cls, "partial") == 0)
        q->c_partial++;
      else
        q->c_unknown++;
    }
  }
  if (any_check_point)
    for (size_t i = 0; i < m->nbinaries; i++)
      if (m->binaries[i].error)
        q->unreadable_binaries++;
  for (size_t i = 0; i < m->nfindings; i++) {
    const ev_finding *f = &m->findings[i];
    if (!ev_strv_has(&f->requirements, q->id))
      continue;
    if (q->nfindings == capf)
      q->findings = cra_xreallocarray(q->findings, capf *= 2, sizeof *q->findings);
    q->findings[q->nfindings++] = i;
    if (f->suppressed)
      q->f_suppressed++;
    else
      q->f_open[ev_severity_rank(f->severity)]++;
  }
  for (size_t i = 0; i < m->nrisks; i++)
    if (ev_strv_has(&m->risks[i].requirements, q->id)) {
      if (q->nrisks == capr)
        q->risks = cra_xreallocarray(q->risks, capr *= 2, sizeof *q->risks);
      q->risks[q->nrisks++] = i;
    }

  size_t assessed_checks = q->nchecks - q->c_na;
  size_t open = q->f_open[1] + q->f_open[2] + q->f_open[3];
  size_t nbin = 0;
  {
    ev_strv bins = {0};
    for (size_t i = 0; i < q->nchecks; i++)
      ev_strv_push(&bins, m->binaries[q->checks[i].binary].rel);
    ev_strv_sort_unique(&bins);
    nbin = bins.n;
    ev_strv_free(&bins);
  }

  /* status */
  if (q->c_fail_required || q->f_open[3])
    q->status = EV_NOT_MET;
  else if (q->c_fail_optional || q->c_partial || q->c_unknown || open || q->unreadable_binaries)
    q->status = EV_PARTIALLY_MET;
  else if (binary_point && assessed_checks == 0)
    q->status = EV_NOT_ASSESSED; /* source findings alone never show that a binary is hardened */
  else if (assessed_checks == 0 && q->nfindings == 0)
    q->status = EV_NOT_ASSESSED;
  else
    q->status = EV_MET;

  /* rationale: one sentence on the binaries, one on the source */
  ev_sb sb = {0};
  if (any_check_point) {
    if (q->nchecks == 0 && !q->unreadable_binaries) {
      ev_sb_puts(&sb, "No audited binary among the inputs covers this point; run cra-elfcheck on the shipped "
                      "binaries (or build with cra-cc) to assess it.");
    } else {
      ev_sb_printf(&sb, "Binary checks: %zu on %zu binar%s", q->nchecks, nbin, nbin == 1 ? "y" : "ies");
      size_t k = 0;
      ev_sb_puts(&sb, " (");
      char tmp[96];
      if (q->c_pass) {
        snprintf(tmp, sizeof tmp, "%zu pass", q->c_pass);
        append_list_sep(&sb, &k, tmp);
      }
      if (q->c_fail_required) {
        char *ex = check_examples(m, q, "fail_required");
        char *t = cra_xasprintf("%zu required fail: %s", q->c_fail_required, ex);
        append_list_sep(&sb, &k, t);
        free(t);
        free(ex);
      }
      if (q->c_fail_optional) {
        char *ex = check_examples(m, q, "fail_optional");
        char *t = cra_xasprintf("%zu optional fail: %s", q->c_fail_optional, ex);
        append_list_sep(&sb, &k, t);
        free(t);
        free(ex);
      }
      if (q->c_partial) {
        char *ex = check_examples(m, q, "partial");
        char *t = cra_xasprintf("%zu partial: %s", q->c_partial, ex);
        append_list_sep(&sb, &k, t);
        free(t);
        free(ex);
      }
      if (q->c_unknown) {
        char *ex = check_examples(m, q, "unknown");
        char *t = cra_xasprintf("%zu unknown: %s", q->c_unknown, ex);
        append_list_sep(&sb, &k, t);
        free(t);
        free(ex);
      }
      if (q->c_waived) {
        snprintf(tmp, sizeof tmp, "%zu waived with justification", q->c_waived);
        append_list_sep(&sb, &k, tmp);
      }
      if (q->c_na) {
        snprintf(tmp, sizeof tmp, "%zu not applicable", q->c_na);
        append_list_sep(&sb, &k, tmp);
      }
      if (q->unreadable_binaries) {
        snprintf(tmp, sizeof tmp, "%zu binar%s could not be audited", q->unreadable_binaries,
                 q->unreadable_binaries == 1 ? "y" : "ies");
        append_list_sep(&sb, &k, tmp);
      }
      if (!k)
        ev_sb_puts(&sb, "none");
      ev_sb_puts(&sb, ").");
    }
  }
  if (sb.n)
    ev_sb_puts(&sb, " ");
  if (q->nfindings == 0) {
    ev_sb_puts(&sb, "Source findings: none for this point.");
  } else {
    ev_sb_printf(&sb, "Source findings: %zu open", open);
    if (open) {
      ev_sb_puts(&sb, " (");
      size_t k = 0;
      for (int r = 3; r >= 1; r--)
        if (q->f_open[r]) {
          char tmp[48];
          snprintf(tmp, sizeof tmp, "%zu %s", q->f_open[r], ev_severity_name(r));
          append_list_sep(&sb, &k, tmp);
        }
      /* the first open finding at the highest severity, so the reader has a line to go to */
      for (int r = 3; r >= 1; r--) {
        const ev_finding *ex = NULL;
        for (size_t i = 0; i < q->nfindings && !ex; i++) {
          const ev_finding *f = &m->findings[q->findings[i]];
          if (!f->suppressed && ev_severity_rank(f->severity) == r)
            ex = f;
        }
        if (ex) {
          char *rel = ev_path_rel(m, ex->file);
          ev_sb_printf(&sb, "; e.g. %s at %s:%d", ex->rule, rel, ex->line);
          free(rel);
          break;
        }
      }
      ev_sb_puts(&sb, ")");
    }
    if (q->f_suppressed)
      ev_sb_printf(&sb, ", %zu accepted with justification", q->f_suppressed);
    ev_sb_puts(&sb, ".");
  }
  q->rationale = ev_sb_take(&sb);
}

static void compute_requirements(ev_model *m) {
  ev_strv ids = {0};
  ev_strv_push(&ids, "part-i/2j");
  ev_strv_push(&ids, "part-i/2k");
  for (size_t i = 0; i < m->nfindings; i++)
    ev_strv_extend(&ids, &m->findings[i].requirements);
  for (size_t i = 0; i < m->nbinaries; i++)
    for (size_t j = 0; j < m->binaries[i].nchecks; j++)
      ev_strv_extend(&ids, &m->binaries[i].checks[j].requirements);
  ev_strv_sort_unique(&ids);
  m->reqs = cra_xcalloc(ids.n, sizeof *m->reqs);
  m->nreqs = ids.n;
  for (size_t i = 0; i < ids.n; i++) {
    m->reqs[i].id = cra_xstrdup(ids.v[i]);
    compute_requirement(m, &m->reqs[i]);
  }
  ev_strv_free(&ids);
}

/* ---- tools ----------------------------------------------------------------------------------------------- */

static int cmp_tool(const void *pa, const void *pb) {
  const ev_tool *a = pa, *b = pb;
  int c;
  if ((c = strcmp_null(a->name, b->name)) || (c = strcmp_null(a->version, b->version)))
    return c;
  return strcmp_null(a->llvm, b->llvm);
}

static void merge_tools(ev_model *m) {
  if (m->ntools > 1)
    qsort(m->tools, m->ntools, sizeof *m->tools, cmp_tool);
  size_t w = 0;
  for (size_t r = 0; r < m->ntools; r++) {
    if (w > 0 && cmp_tool(&m->tools[w - 1], &m->tools[r]) == 0) {
      free(m->tools[r].name);
      free(m->tools[r].version);
      free(m->tools[r].llvm);
      continue;
    }
    m->tools[w++] = m->tools[r];
  }
  m->ntools = w;
}

/* ---- build records as evidence for switch-only protections ------------------------------------------------- */

/* Some protections leave no trace in the machine code that a binary check can recognise; cra-elfcheck can
 * only read them from recorded compiler switches (DW_AT_producer, .GCC.command.line) and otherwise says
 * "unknown" (the stack protector too, when no canary is seen but a frame might have needed one). The wrappers' build records are the stronger evidence (issue 6: "the strongest evidence for
 * protections that leave no trace in the binary"): when every command that compiled a source of the binary
 * is recorded, and each one enabled the protection (the last switch of its family decides, as for the
 * driver), the check's "unknown" becomes "pass", with the evidence saying it comes from the records. A
 * binary with any input no record explains, or with compile units only DWARF knows, keeps its verdict. */

/* Value of the last occurrence of one of the switch family in argv: 1 enabled, 0 disabled, -1 absent. */
static int last_switch(const ev_strv *argv, int (*judge)(const char *arg, const char *next)) {
  int v = -1;
  for (size_t i = 0; i < argv->n; i++) {
    int r = judge(argv->v[i], i + 1 < argv->n ? argv->v[i + 1] : NULL);
    if (r >= 0)
      v = r;
  }
  return v;
}

static int judge_stack_clash(const char *a, const char *next) {
  (void)next;
  return strcmp(a, "-fstack-clash-protection") == 0 ? 1 : strcmp(a, "-fno-stack-clash-protection") == 0 ? 0 : -1;
}

/* -fstack-protector-strong or -all; plain -fstack-protector (arrays of 8+ chars only) and -explicit are not
 * the guide's level, and -fno-stack-protector turns it off. */
static int judge_stack_protector(const char *a, const char *next) {
  (void)next;
  if (strncmp(a, "-fstack-protector", 17) != 0 && strcmp(a, "-fno-stack-protector") != 0)
    return -1;
  return strcmp(a, "-fstack-protector-strong") == 0 || strcmp(a, "-fstack-protector-all") == 0;
}

static int judge_auto_var_init(const char *a, const char *next) {
  (void)next;
  if (strncmp(a, "-ftrivial-auto-var-init=", 24) != 0)
    return -1;
  return strcmp(a + 24, "zero") == 0 || strcmp(a + 24, "pattern") == 0;
}

static int judge_zero_call_used_regs(const char *a, const char *next) {
  (void)next;
  if (strncmp(a, "-fzero-call-used-regs=", 22) != 0)
    return -1;
  return strcmp(a + 22, "skip") != 0;
}

/* _FORTIFY_SOURCE >= 3 as the preprocessor sees it last (-D / -U, joined or separate). */
static int judge_fortify3(const char *a, const char *next) {
  const char *def = NULL;
  if (strncmp(a, "-D_FORTIFY_SOURCE", 17) == 0)
    def = a + 2;
  else if (strcmp(a, "-D") == 0 && next && strncmp(next, "_FORTIFY_SOURCE", 15) == 0)
    def = next;
  else if (strcmp(a, "-U_FORTIFY_SOURCE") == 0 || (strcmp(a, "-U") == 0 && next && strcmp(next, "_FORTIFY_SOURCE") == 0))
    return 0;
  if (!def || (def[15] != '\0' && def[15] != '='))
    return -1;
  return def[15] == '=' && atoi(def + 16) >= 3;
}

/* glibc ignores _FORTIFY_SOURCE without optimisation: the last -O must not be -O0. */
static int judge_optimising(const char *a, const char *next) {
  (void)next;
  if (strncmp(a, "-O", 2) != 0)
    return -1;
  return strcmp(a, "-O0") != 0;
}

static const struct {
  const char *check, *what;
  int (*judge)(const char *, const char *);
  int needs_optimisation;
} switch_checks[] = {
    {"auto-var-init", "-ftrivial-auto-var-init=zero or =pattern", judge_auto_var_init, 0},
    {"fortify-level", "_FORTIFY_SOURCE=3 with optimisation", judge_fortify3, 1},
    {"stack-clash", "-fstack-clash-protection", judge_stack_clash, 0},
    {"stack-protector", "-fstack-protector-strong or -all", judge_stack_protector, 0},
    {"zero-call-used-regs", "-fzero-call-used-regs", judge_zero_call_used_regs, 0},
};

static void corroborate_from_records(ev_model *m) {
  for (size_t i = 0; i < m->nbinaries; i++) {
    ev_binary *b = &m->binaries[i];
    if (!b->tie || strcmp(b->tie, "build-records") != 0 || b->unaccounted || b->compiles.n == 0)
      continue;
    for (size_t j = 0; j < b->nchecks; j++) {
      ev_check *c = &b->checks[j];
      if (!c->verdict || strcmp(c->verdict, "unknown") != 0)
        continue;
      for (size_t k = 0; k < sizeof switch_checks / sizeof switch_checks[0]; k++) {
        if (strcmp(c->id, switch_checks[k].check) != 0)
          continue;
        size_t ok = 0;
        for (size_t r = 0; r < b->compiles.n; r++) {
          const ev_build *cr = &m->builds[b->compiles.v[r]];
          if (last_switch(&cr->argv, switch_checks[k].judge) == 1 &&
              (!switch_checks[k].needs_optimisation || last_switch(&cr->argv, judge_optimising) == 1))
            ok++;
        }
        if (ok != b->compiles.n)
          break;
        char *ev = cra_xasprintf("from the build records: %s in all %zu compile command%s of this binary's sources "
                                 "(the binary keeps no trace of it; %s)",
                                 switch_checks[k].what, ok, ok == 1 ? "" : "s",
                                 c->evidence ? c->evidence : "no recorded switches");
        free(c->evidence);
        c->evidence = ev;
        free(c->verdict);
        c->verdict = cra_xstrdup("pass");
        break;
      }
    }
  }
}

void ev_merge(ev_model *m) {
  ev_strv_sort_unique(&m->errors);
  ev_strv_sort_unique(&m->profiles);
  merge_tools(m);
  merge_findings(m);
  merge_binaries(m);
  tie_binaries(m);
  corroborate_from_records(m);
  for (size_t i = 0; i < m->nfindings; i++)
    m->findings[i].in_baseline = ev_strv_bsearch(&m->baseline, m->findings[i].fingerprint);
  for (size_t i = 0; i < m->nbinaries; i++)
    for (size_t j = 0; j < m->binaries[i].nchecks; j++)
      m->binaries[i].checks[j].in_baseline = ev_strv_bsearch(&m->baseline, m->binaries[i].checks[j].fingerprint);
  collect_risks(m);
  compute_requirements(m);
}

static int is_archive_name(const char *p) {
  size_t n = strlen(p);
  return n > 2 && strcmp(p + n - 2, ".a") == 0;
}

void ev_model_finalize(ev_model *m) {
  if (m->finalized)
    return;
  m->finalized = 1;
  ev_strv_sort_unique(&m->build_problems);
  /* The I/O steps, before the pure merge: member names of the static archives on link lines, and (unless
   * turned off) the DWARF compile-unit names of every audited binary. */
  ev_strv ars = {0};
  for (size_t i = 0; i < m->nbuilds; i++)
    if (strcmp(m->builds[i].step, "link") == 0)
      for (size_t k = 0; k < m->builds[i].inputs.n; k++)
        if (is_archive_name(m->builds[i].inputs.v[k]))
          ev_strv_push(&ars, m->builds[i].inputs.v[k]);
  ev_strv_sort_unique(&ars);
  m->archives = cra_xcalloc(ars.n ? ars.n : 1, sizeof *m->archives);
  for (size_t i = 0; i < ars.n; i++) {
    ev_archive *a = &m->archives[m->narchives];
    memset(a, 0, sizeof *a);
    if (ev_archive_members(ars.v[i], &a->members) == 0) {
      a->path = cra_xstrdup(ars.v[i]);
      m->narchives++;
    } else {
      ev_strv_free(&a->members);
    }
  }
  ev_strv_free(&ars);
  if (m->opts.use_dwarf)
    for (size_t i = 0; i < m->nbinaries; i++)
      if (!m->binaries[i].error)
        (void)ev_dwarf_cu_names(m->binaries[i].path, &m->binaries[i].dwarf_cus);
  ev_merge(m);
}
