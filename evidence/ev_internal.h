/* Internal structures of the evidence model, shared by the parser, the merge and the emitters. Everything here
 * is owned by the ev_model; emitters only read it after ev_model_finalize(). */
#ifndef CRA_EV_INTERNAL_H
#define CRA_EV_INTERNAL_H

#include "ev_model.h"

#include <stddef.h>

/* A growable vector of malloc'd strings. */
typedef struct {
  char **v;
  size_t n, cap;
} ev_strv;

void ev_strv_push(ev_strv *s, const char *str);      /* copies str */
void ev_strv_push_take(ev_strv *s, char *str);       /* takes ownership */
void ev_strv_sort_unique(ev_strv *s);                 /* strcmp order, duplicates removed */
int ev_strv_has(const ev_strv *s, const char *str);   /* linear; for sorted use ev_strv_bsearch */
int ev_strv_bsearch(const ev_strv *s, const char *str); /* s must be sorted-unique */
void ev_strv_extend(ev_strv *dst, const ev_strv *src);
void ev_strv_free(ev_strv *s);

typedef struct {
  int *v;
  size_t n, cap;
} ev_intv;

void ev_intv_push(ev_intv *s, int x);
void ev_intv_sort_unique(ev_intv *s);
void ev_intv_free(ev_intv *s);

/* One source finding (after finalize: one per fingerprint, merged over every translation unit). */
typedef struct {
  char *rule, *severity, *file, *message, *fix, *snippet, *fingerprint, *justification, *tool;
  int line, column, end_line, end_column;
  int suppressed;
  ev_intv cwe;
  ev_strv requirements;
  ev_strv tus;      /* translation units (absolute source paths) that reported it */
  ev_strv objects;  /* their outputs (absolute object paths), when known */
  ev_strv binaries; /* after finalize: root-relative paths of the binaries it ends up in */
  int in_baseline;
  int occurrence; /* after finalize: 1, or n for the n-th place in the same file with the same fingerprint */
} ev_finding;

/* One binary check of a cra-elfcheck report. */
typedef struct {
  char *id, *verdict, *evidence, *fingerprint, *waiver_justification, *waiver_policy;
  ev_strv requirements;
  int required;
  int failed; /* the profile's decision: fail, or partial where the profile needs pass */
  cJSON *detail; /* owned copy or NULL */
  int in_baseline;
} ev_check;

/* One audited (or unreadable) binary. */
typedef struct {
  char *path; /* absolute, normalised */
  char *rel;  /* root-relative (after finalize) */
  char *sha256, *build_id, *kind, *arch, *elf_class, *endian, *soname, *error, *origin, *profile;
  ev_strv needed, compilers, notes;
  ev_check *checks;
  size_t nchecks;
  /* filled by the merge */
  char *tie; /* "build-records", "build-records+dwarf", "dwarf" or "none" */
  ev_strv sources, objects, flags_added, flags_rejected, flags_overridden, build_compilers, build_profiles;
  ev_strv dwarf_cus; /* absolute compile-unit paths read from DWARF (I/O step before the merge) */
  ev_strv findings;  /* fingerprints */
  ev_intv compiles;  /* indices into m->builds: every command that compiled a source of this binary */
  size_t unaccounted; /* link inputs (objects, archive members) no build record explains */
} ev_binary;

/* One build record. */
typedef struct {
  char *step, *directory, *output, *output_sha256, *profile, *compiler, *origin, *checker_mode;
  ev_strv inputs; /* absolute, normalised */
  ev_strv added, rejected, overridden;
  ev_strv argv;   /* the command as run, after hardening (empty when the record has none) */
} ev_build;

/* A static archive linked into a binary and the names of its members. */
typedef struct {
  char *path;
  ev_strv members;
} ev_archive;

/* A tool that wrote one of the inputs. */
typedef struct {
  char *name, *version, *llvm;
} ev_tool;

/* An accepted risk: a suppressed finding or a waived check. */
typedef struct {
  const char *kind; /* "suppression" or "waiver" */
  char *subject;    /* "rule at file:line" or "check on binary" */
  char *justification, *policy, *ref; /* ref: finding fingerprint or check fingerprint */
  ev_strv requirements;
} ev_risk;

typedef enum { EV_NOT_ASSESSED = 0, EV_MET, EV_PARTIALLY_MET, EV_NOT_MET } ev_status;

/* A reference from a requirement to one check of one binary. */
typedef struct {
  size_t binary, check;
} ev_checkref;

typedef struct {
  char *id;
  ev_status status;
  char *rationale;
  ev_checkref *checks;
  size_t nchecks;
  size_t *findings; /* indices into m->findings */
  size_t nfindings;
  size_t *risks; /* indices into m->risks */
  size_t nrisks;
  size_t unreadable_binaries;
  /* counts behind the status */
  size_t c_pass, c_fail_required, c_fail_optional, c_partial, c_unknown, c_waived, c_na;
  size_t f_open[4], f_suppressed; /* open by severity rank 1..3 */
} ev_requirement;

struct ev_model {
  ev_options opts; /* strings owned (copied) */
  char *root;      /* absolute, normalised, no trailing slash */
  ev_strv errors;  /* "origin: message" */
  ev_strv build_problems; /* "output: problem" from the build records (what the wrapper could not do) */
  size_t n_findings_records, n_elfcheck_reports, n_build_records, n_files;
  ev_finding *findings;
  size_t nfindings, capfindings;
  ev_binary *binaries;
  size_t nbinaries, capbinaries;
  ev_build *builds;
  size_t nbuilds, capbuilds;
  ev_tool *tools;
  size_t ntools, captools;
  ev_strv profiles;
  ev_strv baseline; /* fingerprints, sorted unique */
  ev_archive *archives; /* static archives named by link records (read before the merge) */
  size_t narchives;
  int have_baseline;
  char *baseline_origin;
  /* after finalize */
  int finalized;
  ev_risk *risks;
  size_t nrisks;
  ev_requirement *reqs;
  size_t nreqs;
};

/* A growable string buffer for prose. */
typedef struct {
  char *s;
  size_t n, cap;
} ev_sb;
void ev_sb_printf(ev_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ev_sb_puts(ev_sb *b, const char *s);
char *ev_sb_take(ev_sb *b); /* the malloc'd string ("" when empty); b is reset */

/* Paths. */
char *ev_path_normalize(const char *path, const char *base); /* absolute, lexically normalised; malloc'd */
char *ev_path_rel(const ev_model *m, const char *abs);      /* root-relative when under root; malloc'd */
char *ev_uri_encode_path(const char *path);                  /* RFC 3986 path encoding; malloc'd */

/* Severities: "low" 1, "medium" 2, "high" 3, anything else 0. */
int ev_severity_rank(const char *s);
const char *ev_severity_name(int rank);
const char *ev_status_name(ev_status s);    /* "met", "partially_met", ... (JSON) */
const char *ev_status_label(ev_status s);   /* "met", "partially met", ... (prose) */

/* The Annex I points the toolkit knows (docs/formats.md); NULL fields when unknown. */
typedef struct {
  const char *id, *point, *title, *label;
} ev_reqinfo;
const ev_reqinfo *ev_reqinfo_get(const char *id);
/* True for points the binary checks verify (R9, R10): with no audited binary they are not assessed. */
int ev_req_binary_verified(const char *id);

/* Catalogue of source rules (plugin/Rules.inc) and binary checks, for SARIF help; NULL when unknown. */
const char *ev_rule_summary(const char *rule_id);
const char *ev_check_summary(const char *check_id);

void ev_finding_free(ev_finding *f); /* frees the members, not f */
void ev_binary_free(ev_binary *b);   /* frees the members, not b */

/* Records a problem "origin: message". */
void ev_model_error_add(ev_model *m, const char *origin, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The merge (ev_merge.c): pure over the model's contents. */
void ev_merge(ev_model *m);
/* DWARF compile-unit names of one binary (ev_dwarf.c); returns 0 or -1. */
int ev_dwarf_cu_names(const char *path, ev_strv *out);
/* Member names of a static archive (ev_dwarf.c, libelf); returns 0 or -1 (not readable, not an archive). */
int ev_archive_members(const char *path, ev_strv *out);

/* cJSON helpers for the emitters. */
void ev_json_sort_keys(cJSON *item);                       /* recursive, strcmp order */
cJSON *ev_json_strv(const ev_strv *s);                     /* array of strings */
void ev_json_add_str_or_null(cJSON *obj, const char *key, const char *val);
char *ev_json_print(cJSON *doc);                           /* sorted keys, pretty, trailing newline */

/* Short id of a fingerprint for prose ("F-1a2b3c4d"). Static buffer per call site is not used: malloc'd. */
/* "F-" + 10 hex digits of the fingerprint, "-<n>" for the n-th occurrence after the first. malloc'd. */
char *ev_short_id(const char *fingerprint, int occurrence);

#endif
