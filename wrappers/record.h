/* Build records: what one compile or link did, as evidence (docs/formats.md, "Build record"). */
#ifndef WRAP_RECORD_H
#define WRAP_RECORD_H

#include "wrap.h"

typedef struct {
  const char *step;          /* "compile" or "link" */
  const char *output;        /* absolute path of the output file */
  const wrap_strv *inputs;   /* absolute paths */
  const wrap_compiler *cc;
  enum wrap_profile profile;
  const wrap_strv *argv;     /* the effective argument vector: compiler, added flags, expanded user args */
  const wrap_policy *pol;
  const char *checker_mode;  /* "plugin", "cra-check" or "off" */
  const char *findings;      /* findings file relative to the evidence dir, or NULL when the tool names it */
  const char *audit_report;  /* binaries/<name>.json relative to the evidence dir, or NULL */
  const wrap_strv *audit_failed; /* required checks that failed, or NULL when there was no audit */
  const wrap_strv *problems; /* the wrapper's own failures for this output */
} wrap_record;

/* Writes <evdir>/builds/<name>.json atomically; *written (if not NULL) gets the malloc'd path.
 * Returns 0, or -1 with errno set (the output cannot be hashed, or the write failed). */
int wrap_record_write(const char *evdir, const wrap_record *r, char **written);

#endif
