/*
 * tpl.h -- the C API to ctemplate (implemented in tpl.cc, the only C++ file).
 *
 * Templates are loaded from one folder at start-up, checked for the
 * AUTOESCAPE pragma and frozen; expansion is then thread-safe with one
 * dictionary tree per request.  Values set here are always escaped by the
 * template's context: there is deliberately no call to insert raw HTML.
 */
#ifndef EHM_TPL_H
#define EHM_TPL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tpl_dict tpl_dict;

/* Load every *.tpl in dir; 0 on success, else -1 with a message in err. */
int tpl_load_dir(const char *dir, char *err, size_t errlen);

tpl_dict *tpl_new(const char *name);
void tpl_free(tpl_dict *);
void tpl_set(tpl_dict *, const char *key, const char *value);
void tpl_set_int(tpl_dict *, const char *key, long value);
void tpl_show(tpl_dict *, const char *section);
tpl_dict *tpl_section(tpl_dict *, const char *section);   /* one more repetition */
tpl_dict *tpl_include(tpl_dict *, const char *marker, const char *file);

/* Expand file with d; output goes to emit().  0 on success. */
int tpl_expand(const char *file, tpl_dict *d,
    void (*emit)(void *ud, const char *, size_t), void *ud);

#ifdef __cplusplus
}
#endif
#endif
