/*
 * arena.h -- per-request allocator and growable buffer.
 *
 * Every request gets one arena; everything a handler allocates comes from
 * it and is released in one go by arena_reset() at the end of the request,
 * so a long-running worker cannot leak between requests.
 */
#ifndef EHM_ARENA_H
#define EHM_ARENA_H

#include <stddef.h>
#include <stdarg.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total;      /* bytes handed out since the last reset */
};

struct buf {
	struct arena *a;
	char *p;
	size_t len, cap;
};

void arena_init(struct arena *);
void *arena_alloc(struct arena *, size_t);          /* zeroed, never NULL (aborts on OOM) */
char *arena_strdup(struct arena *, const char *);
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_printf(struct arena *, const char *, ...)
	__attribute__((format(printf, 2, 3)));
void arena_reset(struct arena *);                    /* keeps the first block */
void arena_free(struct arena *);

void buf_init(struct buf *, struct arena *);
void buf_append(struct buf *, const char *, size_t);
void buf_puts(struct buf *, const char *);
void buf_printf(struct buf *, const char *, ...)
	__attribute__((format(printf, 2, 3)));
const char *buf_cstr(struct buf *);                  /* NUL-terminated view */

#endif
