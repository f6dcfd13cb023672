/* A Markdown section to paste into the CRA technical file (Art. 31, Annex VII point 6: reports of the tests
 * carried out to verify conformity with Annex I; point 5: where no harmonised standard is applied, the solutions
 * adopted). It names the method, the exact binaries (path, SHA-256, build-id), each requirement's status with
 * its rationale, and the findings and accepted risks behind it, so a reviewer can follow each requirement to the
 * binary and the line. */
#include "ev_internal.h"

#include "cra_common.h"
#include "cra_version.h"

#include <stdlib.h>
#include <string.h>

/* Table cell text: pipes escaped, newlines folded. */
static void cell(ev_sb *sb, const char *s) {
  if (!s) {
    ev_sb_puts(sb, "—");
    return;
  }
  for (const char *p = s; *p; p++) {
    char c[3] = {*p, 0, 0};
    if (*p == '|')
      ev_sb_puts(sb, "\\|");
    else if (*p == '\n' || *p == '\r')
      ev_sb_puts(sb, " ");
    else
      ev_sb_puts(sb, c);
  }
}

/* Inline code with a backtick fence that the text cannot close. */
static void code(ev_sb *sb, const char *s) {
  const char *fence = strchr(s, '`') ? "`` " : "`";
  const char *close = strchr(s, '`') ? " ``" : "`";
  ev_sb_puts(sb, fence);
  cell(sb, s);
  ev_sb_puts(sb, close);
}

char *ev_emit_markdown(const ev_model *m) {
  ev_sb sb = {0};
  const char *name = m->opts.product_name ? m->opts.product_name : "unnamed product";
  const char *version = m->opts.product_version ? m->opts.product_version : "unversioned";
  const char *profile = m->opts.profile ? m->opts.profile : m->profiles.n == 1 ? m->profiles.v[0] : NULL;
  char ts[32];
  cra_report_time_iso(ts, sizeof ts);

  ev_sb_printf(&sb, "## Build and binary hardening: test report for %s %s\n\n", name, version);
  ev_sb_puts(&sb, "*Technical documentation, Regulation (EU) 2024/2847 Annex VII point 6 (reports of the tests "
                  "carried out to verify conformity with Annex I).*\n\n");
  ev_sb_puts(&sb, "### Method\n\n");
  ev_sb_printf(&sb,
               "No harmonised standard names compiler or binary hardening yet, so this section describes the solution "
               "adopted (Annex VII point 5). The product was built with the cra-harden compiler wrappers and hardening "
               "profile `%s` (flags after the OpenSSF Compiler Options Hardening Guide for C and C++); the source was "
               "analysed by the cra-harden source rules; every shipped binary was audited from the ELF file itself "
               "by cra-elfcheck. Report generated %s by cra-harden %s (LLVM %s).\n\n",
               profile ? profile : "unknown", ts, CRA_VERSION, CRA_LLVM_VERSION_STRING);
  ev_sb_printf(&sb, "Inputs: %zu files (%zu findings records, %zu binary reports, %zu build records).", m->n_files,
               m->n_findings_records, m->n_elfcheck_reports, m->n_build_records);
  if (m->errors.n) {
    ev_sb_printf(&sb, " **%zu input%s could not be read; this report is incomplete:**\n\n", m->errors.n,
                 m->errors.n == 1 ? "" : "s");
    for (size_t i = 0; i < m->errors.n; i++) {
      ev_sb_puts(&sb, "- ");
      code(&sb, m->errors.v[i]);
      ev_sb_puts(&sb, "\n");
    }
  }
  if (m->build_problems.n) {
    ev_sb_printf(&sb, "\n\n**%zu build problem%s: the evidence for these outputs is incomplete:**\n\n",
                 m->build_problems.n, m->build_problems.n == 1 ? "" : "s");
    for (size_t i = 0; i < m->build_problems.n; i++) {
      ev_sb_puts(&sb, "- ");
      code(&sb, m->build_problems.v[i]);
      ev_sb_puts(&sb, "\n");
    }
  }
  ev_sb_puts(&sb, "\n\n### Requirements\n\n| Annex I point | Status | Rationale |\n|---|---|---|\n");
  for (size_t i = 0; i < m->nreqs; i++) {
    const ev_requirement *q = &m->reqs[i];
    const ev_reqinfo *info = ev_reqinfo_get(q->id);
    ev_sb_puts(&sb, "| ");
    if (info) {
      ev_sb_printf(&sb, "%s: %s", info->point, info->title);
      if (info->label)
        ev_sb_printf(&sb, " (%s)", info->label);
    } else {
      ev_sb_puts(&sb, q->id);
    }
    ev_sb_printf(&sb, " | **%s** | ", ev_status_label(q->status));
    cell(&sb, q->rationale);
    ev_sb_puts(&sb, " |\n");
  }

  ev_sb_puts(&sb, "\n### Binaries audited\n\n");
  if (!m->nbinaries)
    ev_sb_puts(&sb, "No binary report was among the inputs.\n");
  for (size_t i = 0; i < m->nbinaries; i++) {
    const ev_binary *b = &m->binaries[i];
    ev_sb_puts(&sb, "#### ");
    code(&sb, b->rel);
    ev_sb_puts(&sb, "\n\n");
    if (b->error) {
      ev_sb_puts(&sb, "Could not be audited: ");
      cell(&sb, b->error);
      ev_sb_puts(&sb, "\n\n");
      continue;
    }
    ev_sb_printf(&sb, "- SHA-256 `%s`, build-id `%s`, %s %s %s\n", b->sha256 ? b->sha256 : "unknown",
                 b->build_id ? b->build_id : "none", b->kind ? b->kind : "", b->arch ? b->arch : "",
                 b->elf_class ? b->elf_class : "");
    ev_sb_printf(&sb, "- Sources tied by %s: %zu", strcmp(b->tie, "build-records") == 0 ? "build records"
                                                   : strcmp(b->tie, "dwarf") == 0     ? "DWARF compile units"
                                                                                      : "nothing (no build record, no DWARF)",
                 b->sources.n);
    if (b->flags_added.n) {
      ev_sb_puts(&sb, "; flags added by the wrappers: ");
      for (size_t k = 0; k < b->flags_added.n; k++) {
        if (k)
          ev_sb_puts(&sb, " ");
        code(&sb, b->flags_added.v[k]);
      }
    }
    if (b->flags_overridden.n) {
      ev_sb_puts(&sb, "; weakening flags overridden: ");
      for (size_t k = 0; k < b->flags_overridden.n; k++) {
        if (k)
          ev_sb_puts(&sb, " ");
        code(&sb, b->flags_overridden.v[k]);
      }
    }
    ev_sb_puts(&sb, "\n\n| Check | Annex I | Verdict | Evidence |\n|---|---|---|---|\n");
    for (size_t j = 0; j < b->nchecks; j++) {
      const ev_check *c = &b->checks[j];
      ev_sb_printf(&sb, "| `%s`%s | ", c->id, c->required ? " (required)" : "");
      for (size_t k = 0; k < c->requirements.n; k++)
        ev_sb_printf(&sb, "%s%s", k ? ", " : "", c->requirements.v[k]);
      ev_sb_printf(&sb, " | %s%s | ", c->verdict, c->waiver_justification ? " (waived)" : "");
      cell(&sb, c->evidence ? c->evidence : "");
      ev_sb_puts(&sb, " |\n");
    }
    ev_sb_puts(&sb, "\n");
  }

  ev_sb_puts(&sb, "### Source findings\n\n");
  if (!m->nfindings) {
    ev_sb_puts(&sb, "None.\n\n");
  } else {
    ev_sb_puts(&sb, "| Id | Severity | Rule | Location | Annex I | Binaries | Status |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < m->nfindings; i++) {
      const ev_finding *f = &m->findings[i];
      char *id = ev_short_id(f->fingerprint, f->occurrence);
      char *rel = ev_path_rel(m, f->file);
      char *loc = cra_xasprintf("%s:%d", rel, f->line);
      ev_sb_printf(&sb, "| %s | %s | `%s` | ", id, f->severity, f->rule);
      code(&sb, loc);
      ev_sb_puts(&sb, " | ");
      for (size_t k = 0; k < f->requirements.n; k++)
        ev_sb_printf(&sb, "%s%s", k ? ", " : "", f->requirements.v[k]);
      ev_sb_puts(&sb, " | ");
      for (size_t k = 0; k < f->binaries.n; k++) {
        if (k)
          ev_sb_puts(&sb, ", ");
        code(&sb, f->binaries.v[k]);
      }
      if (!f->binaries.n)
        ev_sb_puts(&sb, "—");
      ev_sb_printf(&sb, " | %s |\n", f->suppressed ? "accepted" : "open");
      free(id);
      free(rel);
      free(loc);
    }
    ev_sb_puts(&sb, "\n");
  }

  ev_sb_puts(&sb, "### Accepted risks\n\n");
  if (!m->nrisks) {
    ev_sb_puts(&sb, "None.\n");
  } else {
    ev_sb_puts(&sb, "| Kind | Subject | Annex I | Justification |\n|---|---|---|---|\n");
    for (size_t i = 0; i < m->nrisks; i++) {
      const ev_risk *r = &m->risks[i];
      ev_sb_printf(&sb, "| %s | ", r->kind);
      cell(&sb, r->subject);
      ev_sb_puts(&sb, " | ");
      for (size_t k = 0; k < r->requirements.n; k++)
        ev_sb_printf(&sb, "%s%s", k ? ", " : "", r->requirements.v[k]);
      ev_sb_puts(&sb, " | ");
      cell(&sb, r->justification ? r->justification : "**no justification given**");
      if (r->policy) {
        ev_sb_puts(&sb, " (policy ");
        code(&sb, r->policy);
        ev_sb_puts(&sb, ")");
      }
      ev_sb_puts(&sb, " |\n");
    }
  }
  return ev_sb_take(&sb);
}
