/* Text that must be valid UTF-8: JSON output (RFC 8259 requires it, and cJSON copies bytes as they are).
 * ELF files carry raw bytes (.comment, PT_INTERP, file names) and inputs may be corrupt. */
#include "cra_common.h"

#include <cjson/cJSON.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (Unicode 15, table 3-7: no overlongs, no surrogates, at
 * most U+10FFFF), or 0 when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s) {
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

/* Length of the ASCII prefix of s (of strlen(s) bytes), eight bytes at a time: nearly every string of
 * a report is ASCII, and this runs over every string of every file's JSON. */
static size_t ascii_prefix(const unsigned char *s, size_t len) {
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & UINT64_C(0x8080808080808080))
      break;
  }
  while (i < len && s[i] < 0x80)
    i++;
  return i;
}

char *cra_utf8_repair(const char *text) {
  size_t len = strlen(text);
  if (ascii_prefix((const unsigned char *)text, len) == len)
    return NULL;
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0, bad = 0;
  while (s[i]) {
    size_t n = utf8_seq(s + i);
    if (!n) {
      bad++;
      n = 1;
    }
    i += n;
  }
  if (!bad)
    return NULL;
  /* Each bad byte becomes U+FFFD (3 bytes). */
  char *out = cra_xmalloc(i + 2 * bad + 1), *o = out;
  for (size_t k = 0; s[k];) {
    size_t n = utf8_seq(s + k);
    if (n) {
      memcpy(o, s + k, n);
      o += n;
      k += n;
    } else {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      k++;
    }
  }
  *o = '\0';
  return out;
}

/* Replaces every key and string value of a tree (and its siblings) for which fix() returns a copy. */
static void rewrite_strings(cJSON *node, char *(*fix)(const char *)) {
  for (; node; node = node->next) {
    if (node->string && !(node->type & cJSON_StringIsConst)) {
      char *fixed = fix(node->string);
      if (fixed) {
        size_t n = strlen(fixed) + 1;
        char *key = cJSON_malloc(n);
        if (!key)
          cra_die(CRA_EXIT_SOFTWARE, "out of memory");
        memcpy(key, fixed, n);
        cJSON_free(node->string);
        node->string = key;
        free(fixed);
      }
    }
    if (cJSON_IsString(node) && node->valuestring) {
      char *fixed = fix(node->valuestring);
      if (fixed) {
        if (!cJSON_SetValuestring(node, fixed))
          cra_die(CRA_EXIT_SOFTWARE, "out of memory");
        free(fixed);
      }
    }
    rewrite_strings(node->child, fix);
  }
}

void cra_json_repair_utf8(cJSON *node) { rewrite_strings(node, cra_utf8_repair); }

static bool is_control(unsigned char c, bool keep_lines) {
  return (c < 0x20 && !(keep_lines && (c == '\n' || c == '\t'))) || c == 0x7f;
}

/* Bytes of the control character at s (C0, DEL, or a C1 control U+0080-U+009F, encoded C2 80..C2 9F in
 * valid UTF-8: some terminals act on C1 CSI as on ESC [), or 0. */
static size_t control_len(const unsigned char *s, bool keep_lines) {
  if (is_control(s[0], keep_lines))
    return 1;
  return s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F ? 2 : 0;
}

char *cra_printable(const char *text, bool keep_lines) {
  char *utf8 = cra_utf8_repair(text);
  const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : text);
  size_t controls = 0, len = 0;
  for (; s[len]; len++)
    controls += control_len(s + len, keep_lines) != 0;
  if (!controls)
    return utf8;
  char *out = cra_xmalloc(len + 7 * controls + 1), *o = out; /* C2 9B -> \xc2\x9b: 2 bytes become 8 */
  for (size_t k = 0; k < len;) {
    size_t n = control_len(s + k, keep_lines);
    if (!n)
      n = 1, *o++ = (char)s[k];
    else
      for (size_t i = 0; i < n; i++) {
        static const char hex[] = "0123456789abcdef";
        *o++ = '\\', *o++ = 'x', *o++ = hex[s[k + i] >> 4], *o++ = hex[s[k + i] & 15];
      }
    k += n;
  }
  *o = '\0';
  free(utf8);
  return out;
}

void cra_fputs_printable(const char *text, FILE *out) {
  static const char hex[] = "0123456789abcdef";
  for (const unsigned char *s = (const unsigned char *)text; *s;) {
    size_t n = control_len(s, false);
    if (n) {
      for (size_t i = 0; i < n; i++) {
        fputc('\\', out), fputc('x', out), fputc(hex[s[i] >> 4], out), fputc(hex[s[i] & 15], out);
      }
    } else if ((n = utf8_seq(s)) != 0) {
      fwrite(s, 1, n, out);
    } else {
      fputs("\xEF\xBF\xBD", out);
      n = 1;
    }
    s += n;
  }
}

static char *printable_one_line(const char *text) { return cra_printable(text, false); }

void cra_json_printable(cJSON *node) { rewrite_strings(node, printable_one_line); }
