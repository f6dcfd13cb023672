/* Per-thread arena for short-lived cJSON trees (cra_json_arena.c). */
#ifndef CRA_JSON_ARENA_H
#define CRA_JSON_ARENA_H

/* Makes cJSON allocate through the arena hooks; idempotent, thread-safe. Call before any cJSON tree that
 * must outlive an arena window is created, so that every tree is allocated through the same hooks. */
void cra_json_arena_install(void);
/* From now on this thread's cJSON allocations come from its arena and cJSON_free of them is a no-op. */
void cra_json_arena_begin(void);
/* Releases everything this thread allocated since cra_json_arena_begin(): every tree built in the window
 * must be dropped without cJSON_Delete (or deleted before this call) and not used afterwards. */
void cra_json_arena_end(void);
/* Frees the thread's last block; call before a worker thread returns. */
void cra_json_arena_thread_exit(void);

#endif
