/* The terminal summary per requirement, for CI logs: one block per Annex I point with its status, rationale and
 * the checks and findings that need attention, each with the binary or file:line to go to. No colour. */
#include "ev_internal.h"

#include "cra_common.h"
#include "cra_version.h"

#include <stdlib.h>
#include <string.h>

/* Strings from the inputs (paths, messages, justifications) printed on one line each: a newline or tab
 * in a file name must not start a line of its own in the summary (where it could pass for a verdict).
 * The copies live until the end of the summary. */
struct one_line {
  char **v;
  size_t n;
};

static const char *L(struct one_line *p, const char *s) {
  char *c = s ? cra_printable(s, false) : NULL;
  if (!c)
    return s;
  p->v = cra_xreallocarray(p->v, p->n + 1, sizeof *p->v);
  p->v[p->n++] = c;
  return c;
}

static void one_line_free(struct one_line *p) {
  for (size_t i = 0; i < p->n; i++)
    free(p->v[i]);
  free(p->v);
}

static void finding_line(ev_sb *sb, const ev_model *m, const ev_finding *f, const char *indent, struct one_line *o) {
  char *rel = ev_path_rel(m, f->file);
  ev_sb_printf(sb, "%s%-6s %s:%d:%d [%s] %s", indent, f->severity, L(o, rel), f->line, f->column, L(o, f->rule),
               L(o, f->message));
  free(rel);
  if (f->binaries.n) {
    ev_sb_puts(sb, " (in ");
    for (size_t i = 0; i < f->binaries.n && i < 3; i++)
      ev_sb_printf(sb, "%s%s", i ? ", " : "", L(o, f->binaries.v[i]));
    if (f->binaries.n > 3)
      ev_sb_printf(sb, " and %zu more", f->binaries.n - 3);
    ev_sb_puts(sb, ")");
  }
  if (f->tus.n > 1)
    ev_sb_printf(sb, " [%zu translation units]", f->tus.n);
  if (m->have_baseline)
    ev_sb_puts(sb, f->in_baseline ? " [baseline]" : " [new]");
  ev_sb_puts(sb, "\n");
}

char *ev_emit_text(const ev_model *m) {
  ev_sb sb = {0};
  struct one_line o = {0};
  const char *profile = m->opts.profile ? m->opts.profile : m->profiles.n == 1 ? m->profiles.v[0] : NULL;
  ev_sb_printf(&sb, "CRA evidence for %s %s (profile %s; cra-harden %s, LLVM %s)\n",
               m->opts.product_name ? L(&o, m->opts.product_name) : "unnamed product",
               m->opts.product_version ? L(&o, m->opts.product_version) : "unversioned",
               profile ? L(&o, profile) : "unknown",
               CRA_VERSION, CRA_LLVM_VERSION_STRING);
  size_t unreadable = 0;
  for (size_t i = 0; i < m->nbinaries; i++)
    unreadable += m->binaries[i].error != NULL;
  ev_sb_printf(&sb, "inputs: %zu files (%zu findings records, %zu elfcheck reports, %zu build records), %zu problem%s\n",
               m->n_files, m->n_findings_records, m->n_elfcheck_reports, m->n_build_records, m->errors.n,
               m->errors.n == 1 ? "" : "s");
  for (size_t i = 0; i < m->errors.n; i++)
    ev_sb_printf(&sb, "  unreadable: %s\n", L(&o, m->errors.v[i]));
  if (m->build_problems.n)
    ev_sb_printf(&sb, "build problems: %zu (the evidence for these outputs is incomplete)\n", m->build_problems.n);
  for (size_t i = 0; i < m->build_problems.n; i++)
    ev_sb_printf(&sb, "  problem: %s\n", L(&o, m->build_problems.v[i]));
  ev_sb_printf(&sb, "binaries: %zu audited, %zu could not be read; findings: %zu\n", m->nbinaries - unreadable,
               unreadable, m->nfindings);

  for (size_t i = 0; i < m->nreqs; i++) {
    const ev_requirement *q = &m->reqs[i];
    const ev_reqinfo *info = ev_reqinfo_get(q->id);
    ev_sb_printf(&sb, "\n%s %s%s%s%s: %s\n", info ? info->point : q->id, info ? info->title : "",
                 info && info->label ? " [" : "", info && info->label ? info->label : "", info && info->label ? "]" : "",
                 ev_status_label(q->status));
    ev_sb_printf(&sb, "  %s\n", L(&o, q->rationale));
    for (size_t k = 0; k < q->nchecks; k++) {
      const ev_binary *b = &m->binaries[q->checks[k].binary];
      const ev_check *c = &b->checks[q->checks[k].check];
      if (strcmp(c->verdict, "pass") == 0 || strcmp(c->verdict, "not_applicable") == 0)
        continue;
      ev_sb_printf(&sb, "  %-7s %s %s%s%s%s%s\n", L(&o, c->verdict), L(&o, b->rel), L(&o, c->id),
                   c->required ? " (required)" : "", c->evidence && *c->evidence ? ": " : "",
                   c->evidence ? L(&o, c->evidence) : "",
                   c->waiver_justification ? " [waived]" : "");
    }
    for (size_t k = 0; k < q->nfindings; k++) {
      const ev_finding *f = &m->findings[q->findings[k]];
      if (!f->suppressed)
        finding_line(&sb, m, f, "  ", &o);
    }
    for (size_t k = 0; k < q->nrisks; k++) {
      const ev_risk *r = &m->risks[q->risks[k]];
      ev_sb_printf(&sb, "  accepted (%s) %s: %s\n", L(&o, r->kind), L(&o, r->subject),
                   r->justification ? L(&o, r->justification) : "no justification given");
    }
  }
  size_t open[4] = {0}, supp = 0, fresh = 0;
  for (size_t i = 0; i < m->nfindings; i++) {
    if (m->findings[i].suppressed)
      supp++;
    else {
      open[ev_severity_rank(m->findings[i].severity)]++;
      fresh += !m->findings[i].in_baseline;
    }
  }
  ev_sb_printf(&sb, "\nfindings: %zu open (%zu high, %zu medium, %zu low), %zu suppressed", open[1] + open[2] + open[3],
               open[3], open[2], open[1], supp);
  if (m->have_baseline)
    ev_sb_printf(&sb, "; %zu not in the baseline", fresh);
  ev_sb_puts(&sb, "\n");
  size_t st[4] = {0};
  for (size_t i = 0; i < m->nreqs; i++)
    st[m->reqs[i].status]++;
  ev_sb_printf(&sb, "requirements: %zu met, %zu partially met, %zu not met, %zu not assessed\n", st[EV_MET],
               st[EV_PARTIALLY_MET], st[EV_NOT_MET], st[EV_NOT_ASSESSED]);
  one_line_free(&o);
  return ev_sb_take(&sb);
}
