/* fortify-level: the _FORTIFY_SOURCE level, which symbols cannot show (=2 and =3 differ only where sizes
 * are dynamic). GCC never writes -D options into DW_AT_producer, so the evidence is a command line that
 * records them: clang's DW_AT_producer with -grecord-command-line, or .GCC.command.line
 * (-frecord-gcc-switches / -frecord-command-line). -O0 disables FORTIFY whatever the level. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks.h"

/* Applies one token to the running level. `pending` is 'D' or 'U' when the previous token was a bare -D or
 * -U (clang records "-D _FORTIFY_SOURCE=3" as two tokens), else 0. */
static void apply(const char *tok, char pending, int *level, bool *o0) {
  const char *m = NULL;
  char op = pending;
  if (pending)
    m = tok;
  else if (strncmp(tok, "-D", 2) == 0 || strncmp(tok, "-U", 2) == 0) {
    m = tok + 2;
    op = tok[1];
  }
  if (m && strncmp(m, "_FORTIFY_SOURCE", 15) == 0 && (m[15] == '=' || m[15] == '\0')) {
    if (op == 'U')
      *level = 0;
    else
      *level = m[15] == '=' ? atoi(m + 16) : 1; /* a bare -D_FORTIFY_SOURCE means level 1 */
    return;
  }
  if (!pending && strncmp(tok, "-O", 2) == 0)
    *o0 = strcmp(tok, "-O0") == 0;
}

static void scan(const char *text, bool spaces, int *level, bool *o0, char *pending) {
  const char *p = text;
  while (*p) {
    while (spaces && *p == ' ')
      p++;
    if (!*p)
      break;
    const char *end = spaces ? strchr(p, ' ') : NULL;
    size_t l = end ? (size_t)(end - p) : strlen(p);
    char tok[128];
    if (l < sizeof tok) {
      memcpy(tok, p, l);
      tok[l] = '\0';
      if (strcmp(tok, "-D") == 0 || strcmp(tok, "-U") == 0) {
        *pending = tok[1];
      } else {
        apply(tok, *pending, level, o0);
        *pending = 0;
      }
    }
    p += l;
  }
}

void elf_check_fortify_level(const struct elf_facts *f, struct elf_check_result *r) {
  if (f->kind == ELF_KIND_CORE || f->kind == ELF_KIND_OTHER) {
    elf_na_unless_linked(f, r);
    return;
  }
  int min_level = 99;
  size_t units = 0, strings = 0;
  bool any_o0 = false;
  const char *src = NULL;
  for (size_t i = 0; i < f->nproducers; i++) {
    const char *p = f->producers[i];
    if (!strstr(p, "clang version") || !strstr(p, " -"))
      continue; /* GCC's producer never carries -D */
    int level = 0;
    bool o0 = false;
    char pending = 0;
    scan(p, true, &level, &o0, &pending);
    units += f->producer_units ? f->producer_units[i] : 1;
    strings++;
    any_o0 |= o0;
    if (o0)
      level = 0;
    if (level < min_level) {
      min_level = level;
      src = "DW_AT_producer";
    }
  }
  for (size_t i = 0; i < f->ncmdlines; i++) {
    if (strncmp(f->cmdlines[i], "GNU ", 4) == 0)
      continue; /* GCC's -frecord-gcc-switches omits -D options too */
    int level = 0;
    bool o0 = false;
    char pending = 0;
    scan(f->cmdlines[i], true, &level, &o0, &pending);
    units++;
    strings++;
    any_o0 |= o0;
    if (o0)
      level = 0;
    if (level < min_level) {
      min_level = level;
      src = ".GCC.command.line";
    }
  }
  cJSON *d = elf_detail(r);
  cJSON_AddNumberToObject(d, "units_recorded", (double)units);
  cJSON_AddNumberToObject(d, "producer_strings", (double)strings);
  if (units == 0) {
    cJSON_AddNullToObject(d, "level");
    elf_result(r, ELF_UNKNOWN, "no recorded command line with -D options (GCC's DW_AT_producer omits them; "
               "GCC's -frecord-gcc-switches too; clang needs -grecord-command-line or -frecord-command-line)");
    return;
  }
  cJSON_AddNumberToObject(d, "level", min_level);
  if (any_o0)
    elf_result(r, ELF_FAIL, "%s: -O0 disables _FORTIFY_SOURCE", src);
  else if (min_level >= 3)
    elf_result(r, ELF_PASS, "%s: -D_FORTIFY_SOURCE=%d", src, min_level);
  else if (min_level >= 1)
    elf_result(r, ELF_PARTIAL, "%s: -D_FORTIFY_SOURCE=%d (=3 also checks sizes known only at run time)", src,
               min_level);
  else
    elf_result(r, ELF_FAIL, "%s: no -D_FORTIFY_SOURCE in the recorded command line", src);
}
