/* The cra-elfcheck engine: collect the files under the given paths, audit them (in parallel), and build
 * the one `cra-elfcheck` JSON document (docs/formats.md) that every renderer reads. The SARIF emitter in
 * evidence/ consumes the same document through elfcheck_report_json(). */
#ifndef ELFCHECK_H
#define ELFCHECK_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "profile.h"

struct elfcheck_options {
  const struct elf_profile *profile; /* never NULL */
  const struct elf_policy *policy;   /* NULL: no waivers */
  bool hash;                         /* SHA-256 of every file */
  const char *sysroot;               /* for RPATH classification, or NULL */
  unsigned jobs;                     /* worker threads (>= 1) */
  bool quiet;                        /* no stderr lines for errors (they stay in the JSON) */
  /* JSON output only: each file's object is printed by the worker that audited it into this temporary
   * file and freed, so memory stays flat however many files there are; elfcheck_write_json then writes
   * the document. NULL: the objects stay in memory for elfcheck_report_json (text, SARIF). */
  FILE *spool;
};

struct elfcheck_file;

struct elfcheck_run {
  const struct elfcheck_options *opts;
  struct elfcheck_file *files; /* sorted by display path */
  size_t nfiles;
  size_t audited, skipped_non_elf, errors, failed_required;
};

/* Collects and audits everything under `paths`; one stderr line per unreadable input. Returns the exit
 * code by the contract: 2 when an input failed, else 1 when a required check failed, else 0. */
int elfcheck_run(const struct elfcheck_options *opts, char *const *paths, size_t npaths, struct elfcheck_run *run);
/* The report document (caller owns it). Deterministic: same inputs give byte-identical output. The
 * per-file objects move into it: call it once per run. */
cJSON *elfcheck_report_json(const struct elfcheck_run *run);
/* Writes the report document (the same bytes elfcheck_render_json gives) to `out`, taking the spooled
 * file objects in path order. Only after elfcheck_run with opts->spool set. Returns 0, or -1 on a read or
 * write error. */
int elfcheck_write_json(const struct elfcheck_run *run, FILE *out);
void elfcheck_run_free(struct elfcheck_run *run);

/* Renderers (output only). */
char *elfcheck_render_json(const cJSON *doc);                     /* malloc'd, ends with a newline */
char *elfcheck_render_text(const cJSON *doc, bool colour);        /* malloc'd */

#endif
