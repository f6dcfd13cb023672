/* Build records (format "cra-build", version 1; docs/formats.md): one JSON file per
 * compile or link output, written with cJSON, sorted keys, atomically, under <evidence>/builds/. */
#include "record.h"

#include "cra_common.h"
#include "cra_version.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cJSON *strv_array(const wrap_strv *sv) {
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < sv->n; i++)
    cJSON_AddItemToArray(arr, cJSON_CreateString(sv->v[i]));
  return arr;
}

static void add_str_or_null(cJSON *obj, const char *key, const char *s) {
  if (s)
    cJSON_AddStringToObject(obj, key, s);
  else
    cJSON_AddNullToObject(obj, key);
}

int wrap_record_write(const char *evdir, const wrap_record *r, char **written) {
  char hex[65];
  if (wrap_sha256_file(r->output, hex) != 0)
    return -1;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return -1;
  /* Keys in sorted order: the file is diffable and byte-identical for the same build. */
  cJSON *root = cJSON_CreateObject();
  cJSON_AddItemToObject(root, "argv", strv_array(r->argv));
  if (r->audit_report || r->audit_failed) {
    cJSON *audit = cJSON_CreateObject();
    cJSON_AddItemToObject(audit, "failed_required", r->audit_failed ? strv_array(r->audit_failed) : cJSON_CreateArray());
    add_str_or_null(audit, "report", r->audit_report);
    cJSON_AddItemToObject(root, "audit", audit);
  }
  cJSON *checker = cJSON_CreateObject();
  add_str_or_null(checker, "findings", r->findings);
  cJSON_AddStringToObject(checker, "mode", r->checker_mode);
  cJSON_AddItemToObject(root, "checker", checker);
  cJSON *comp = cJSON_CreateObject();
  cJSON_AddStringToObject(comp, "family", wrap_family_name(r->cc->family));
  cJSON_AddStringToObject(comp, "path", r->cc->path);
  cJSON_AddStringToObject(comp, "target", r->cc->target);
  cJSON_AddStringToObject(comp, "version", r->cc->version);
  cJSON_AddItemToObject(root, "compiler", comp);
  cJSON_AddStringToObject(root, "directory", cwd);
  cJSON *flags = cJSON_CreateObject();
  cJSON_AddItemToObject(flags, "added", strv_array(&r->pol->added));
  cJSON_AddItemToObject(flags, "overridden", strv_array(&r->pol->overridden));
  cJSON_AddItemToObject(flags, "rejected", strv_array(&r->pol->rejected));
  cJSON *skipped = cJSON_CreateArray();
  for (size_t i = 0; i < r->pol->skipped_flag.n; i++) {
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "flag", r->pol->skipped_flag.v[i]);
    cJSON_AddStringToObject(s, "reason", r->pol->skipped_reason.v[i]);
    cJSON_AddItemToArray(skipped, s);
  }
  cJSON_AddItemToObject(flags, "skipped", skipped);
  cJSON_AddItemToObject(root, "flags", flags);
  cJSON_AddStringToObject(root, "format", "cra-build");
  cJSON_AddItemToObject(root, "inputs", strv_array(r->inputs));
  cJSON_AddStringToObject(root, "output", r->output);
  cJSON_AddStringToObject(root, "output_sha256", hex);
  cJSON_AddItemToObject(root, "problems", strv_array(r->problems));
  cJSON_AddStringToObject(root, "profile", wrap_profile_name(r->profile));
  cJSON_AddStringToObject(root, "step", r->step);
  cJSON *tool = cJSON_CreateObject();
  cJSON_AddStringToObject(tool, "name", cra_progname());
  cJSON_AddStringToObject(tool, "version", CRA_VERSION);
  cJSON_AddItemToObject(root, "tool", tool);
  cJSON_AddNumberToObject(root, "version", 1);
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  if (!text) {
    errno = ENOMEM;
    return -1;
  }
  char *name = wrap_record_name(r->output);
  char *dir = cra_path_join(evdir, "builds");
  char *path = cra_path_join(dir, name);
  size_t len = strlen(text);
  char *withnl = cra_xmalloc(len + 2);
  memcpy(withnl, text, len);
  withnl[len] = '\n';
  withnl[len + 1] = '\0';
  cJSON_free(text);
  /* Atomic for readers and killed builds; no fsync: a record is rewritten by the next build anyway. */
  int rc = cra_atomic_replace(path, withnl, len + 1);
  int e = errno;
  free(withnl);
  free(name);
  free(dir);
  if (rc == 0 && written)
    *written = path;
  else
    free(path);
  errno = e;
  return rc;
}
