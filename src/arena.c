/*
 * arena.c -- a bump allocator in chained blocks, reset after every request.
 * The first block is kept between requests so a typical request allocates
 * nothing from malloc at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define BLOCK_MIN (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

static struct arena_block *
block_new(size_t want)
{
	size_t size = want > BLOCK_MIN ? want : BLOCK_MIN;
	struct arena_block *b = malloc(sizeof *b + size);
	if (b == NULL) {
		fputs("ehm: out of memory\n", stderr);
		abort();
	}
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (a->head == NULL || a->head->size - a->head->used < n) {
		struct arena_block *b = block_new(n);
		b->next = a->head;
		a->head = b;
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *keep = NULL;
	while (b) {
		struct arena_block *next = b->next;
		if (next == NULL && b->size == BLOCK_MIN) {
			keep = b;
			keep->used = 0;
		} else
			free(b);
		b = next;
	}
	a->head = keep;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void
buf_init(struct buf *b, struct arena *a)
{
	b->a = a;
	b->p = NULL;
	b->len = b->cap = 0;
}

static void
grow(struct buf *b, size_t need)
{
	if (b->len + need + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 256;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *p = arena_alloc(b->a, cap);
	if (b->len)
		memcpy(p, b->p, b->len);
	b->p = p;
	b->cap = cap;
}

void
buf_append(struct buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *
buf_cstr(struct buf *b)
{
	if (b->p == NULL)
		grow(b, 0), b->p[0] = '\0';
	return b->p;
}
