/* A per-thread bump allocator for cJSON trees that are built, printed and dropped together.
 *
 * cra-elfcheck builds one small tree per audited file (~450 allocations: nodes, keys, strings), prints it
 * and deletes it; with malloc that was a fifth of its instructions, and cJSON_Delete's walk more. Inside
 * cra_json_arena_begin() .. cra_json_arena_end() a thread's cJSON allocations come from its own arena,
 * cJSON_free of them does nothing, and the end releases them all at once: no walk, no per-node free.
 * Outside that window, and on other threads, the hooks are plain malloc/free. A pointer the arena did not
 * hand out (allocated before the window) is still freed with free(). */
#include "cra_json_arena.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cra_common.h"

#define BLOCK_SIZE ((size_t)64 * 1024)

struct block {
  struct block *next;
  size_t size, used; /* bytes of data[] */
  alignas(max_align_t) unsigned char data[];
};

struct arena {
  struct block *blocks; /* newest first; the first block ever made is kept across windows */
  bool active;
};

static _Thread_local struct arena tl_arena;

static bool owns(const struct arena *a, const void *p) {
  uintptr_t u = (uintptr_t)p;
  for (const struct block *b = a->blocks; b; b = b->next)
    if (u >= (uintptr_t)b->data && u < (uintptr_t)b->data + b->size)
      return true;
  return false;
}

static void *arena_alloc(struct arena *a, size_t n) {
  const size_t align = alignof(max_align_t);
  if (n > SIZE_MAX - align)
    return NULL;
  n = (n + align - 1) & ~(align - 1);
  struct block *b = a->blocks;
  if (!b || b->size - b->used < n) {
    size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
    b = malloc(sizeof *b + size);
    if (!b)
      return NULL; /* cJSON reports the failure as it would for malloc */
    b->size = size;
    b->used = 0;
    b->next = a->blocks;
    a->blocks = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  return p;
}

static void *hook_malloc(size_t n) { return tl_arena.active ? arena_alloc(&tl_arena, n) : malloc(n); }

static void hook_free(void *p) {
  if (p && !(tl_arena.active && owns(&tl_arena, p)))
    free(p);
}

static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void install(void) {
  cJSON_Hooks h = {hook_malloc, hook_free};
  cJSON_InitHooks(&h);
}

void cra_json_arena_install(void) { pthread_once(&installed, install); }

void cra_json_arena_begin(void) {
  cra_json_arena_install();
  tl_arena.active = true;
}

void cra_json_arena_end(void) {
  struct arena *a = &tl_arena;
  a->active = false;
  /* keep the oldest block (the usual tree fits in it), return the rest */
  struct block *b = a->blocks;
  while (b && b->next) {
    struct block *next = b->next;
    free(b);
    b = next;
  }
  a->blocks = b;
  if (b)
    b->used = 0;
}

void cra_json_arena_thread_exit(void) {
  cra_json_arena_end();
  free(tl_arena.blocks);
  tl_arena.blocks = NULL;
}
