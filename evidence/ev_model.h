/* cra_evidence: the one evidence model of cra-harden and its emitters (JSON evidence document, SARIF 2.1.0,
 * terminal text, Markdown for the technical file).
 *
 * Life cycle: ev_model_new() -> ev_model_add_document()/ev_model_add_file() for every input, in any order ->
 * ev_model_finalize() (dedupe, tie findings to binaries, requirement statuses, summary) -> any emitter, as often
 * as wanted -> ev_model_free(). The same inputs in any order give byte-identical output.
 *
 * cra-check and cra-elfcheck use this library for --format=sarif: they feed their own JSON document
 * (docs/formats.md: "cra-findings", "cra-elfcheck") into a model and call ev_emit_sarif(). Nothing in the library
 * prints: problems with inputs are collected and can be read with ev_model_error_count()/ev_model_error(). */
#ifndef CRA_EV_MODEL_H
#define CRA_EV_MODEL_H

#include <cjson/cJSON.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Gate levels for --fail-on (ordered: a level fails on everything at or above it). */
typedef enum {
  EV_FAIL_NONE = 0,    /* never fail */
  EV_FAIL_LOW,         /* any open finding or failed required check */
  EV_FAIL_MEDIUM,      /* open findings of medium or high severity, failed required checks */
  EV_FAIL_HIGH,        /* open high findings and failed required checks */
  EV_FAIL_REQUIREMENT  /* only when a requirement's status is "not met" */
} ev_fail_level;

typedef struct ev_options {
  const char *product_name;    /* NULL: "unnamed product" */
  const char *product_version; /* NULL: "unversioned" */
  const char *root;            /* paths are written relative to this directory; NULL: the current directory */
  const char *producer;        /* the program building the model ("cra-evidence", "cra-check", ...); SARIF
                                  automationDetails and run properties name it. NULL: "cra-evidence" */
  const char *profile;         /* overrides the profile read from the inputs; NULL: from the inputs */
  int use_dwarf;               /* tie findings to binaries through DWARF compile-unit names when a binary has
                                  no link record (reads the binaries named by the elfcheck reports) */
} ev_options;

typedef struct ev_model ev_model;

/* A new empty model; the options are copied. Never returns NULL. */
ev_model *ev_model_new(const ev_options *opts);
void ev_model_free(ev_model *m);

/* Adds one parsed input document ("cra-findings", "cra-elfcheck" or "cra-build", docs/formats.md); `origin`
 * names it in messages and in the evidence (a file path, "<stdin>"). Entries that are malformed are skipped
 * and recorded as input errors; the rest of the document is kept. Returns the number of problems recorded for
 * this document (0: clean; a rejected document counts 1). When `err` is not NULL and a problem was found, *err
 * gets a malloc'd one-line description of the first problem (caller frees). The model does not keep `doc`. */
int ev_model_add_document(ev_model *m, const cJSON *doc, const char *origin, char **err);

/* Reads and adds one file (any of the three formats). A file that cannot be read or parsed (e.g. truncated by a
 * killed build) is recorded as an input error and skipped. Returns the number of problems recorded. */
int ev_model_add_file(ev_model *m, const char *path);

/* Parses `len` bytes (NUL-terminated at buf[len]) as one JSON input document named `origin`; like
 * ev_model_add_file(). */
int ev_model_add_buffer(ev_model *m, const char *buf, size_t len, const char *origin);

/* Adds an evidence directory (findings/, binaries/, builds/ with *.json; or a plain directory of *.json files).
 * Returns the number of problems recorded. */
int ev_model_add_dir(ev_model *m, const char *path);

/* Loads a baseline: an earlier evidence document (cra-evidence JSON) or a SARIF file written by this library.
 * Findings and failed checks whose fingerprint is in the baseline are "existing" and do not fail the gate.
 * Returns 0, or -1 with *err set (malloc'd) when the file cannot be used. */
int ev_model_load_baseline(ev_model *m, const char *path, char **err);

/* Merges everything added so far: dedupes findings by fingerprint, ties findings to binaries, computes the
 * requirement statuses and the summary. Call once, after the last add. */
void ev_model_finalize(ev_model *m);

/* Problems met while reading inputs, sorted by origin then message (stable for any input order). */
size_t ev_model_error_count(const ev_model *m);
/* i-th problem as "origin: message" (owned by the model). */
const char *ev_model_error(const ev_model *m, size_t i);
/* What the wrappers recorded they could not do ("output: problem"), sorted; the document lists them too. */
size_t ev_model_build_problem_count(const ev_model *m);
/* Binaries an elfcheck report names as unreadable ("path: not audited: message"), for stderr. */
size_t ev_model_unreadable_count(const ev_model *m);
char *ev_model_unreadable(const ev_model *m, size_t i); /* malloc'd "path: message", NULL past the end */
const char *ev_model_build_problem(const ev_model *m, size_t i);

/* True (1) when the gate at `level` fails: see ev_fail_level. Only findings and failed checks not in the
 * baseline count. Valid after finalize. */
int ev_model_gate_fails(const ev_model *m, ev_fail_level level);
/* Parses "none|low|medium|high|requirement"; returns 0 or -1. */
int ev_fail_level_parse(const char *s, ev_fail_level *out);

/* Emitters: malloc'd NUL-terminated text ending in a newline (caller frees). Valid after finalize. */
char *ev_emit_json(const ev_model *m);     /* the evidence document, docs/evidence-format.md */
char *ev_emit_sarif(const ev_model *m);    /* SARIF 2.1.0 for code scanning, docs/evidence-format.md#sarif */
char *ev_emit_text(const ev_model *m);     /* terminal summary per requirement */
char *ev_emit_markdown(const ev_model *m); /* a section for the technical file (Annex VII point 6) */

/* The evidence document as a cJSON tree (caller deletes); ev_emit_json() prints it. */
cJSON *ev_build_json(const ev_model *m);
/* The SARIF log as a cJSON tree (caller deletes). */
cJSON *ev_build_sarif(const ev_model *m);

/* Version of the evidence document format written by ev_emit_json(). */
#define EV_EVIDENCE_FORMAT_VERSION 1

#ifdef __cplusplus
}
#endif

#endif
