/* JSON renderer: the report document as built by elfcheck_report_json (keys already sorted). */
#include <stdlib.h>
#include <string.h>

#include "cra_common.h"
#include "elfcheck.h"

char *elfcheck_render_json(const cJSON *doc) {
  char *s = cJSON_Print(doc);
  if (!s)
    cra_die(CRA_EXIT_SOFTWARE, "cannot render JSON (out of memory)");
  size_t l = strlen(s);
  char *out = cra_xmalloc(l + 2);
  memcpy(out, s, l);
  out[l] = '\n';
  out[l + 1] = '\0';
  cJSON_free(s);
  return out;
}
