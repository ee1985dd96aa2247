/*
 * tpl.cc -- the only C++ in ehm: an extern "C" bridge to ctemplate.
 * No exception crosses this boundary.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <string>
#include <vector>

#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

#include "tpl.h"

struct tpl_dict {
	ctemplate::TemplateDictionary *d;
	tpl_dict *root;                       /* NULL for the root itself */
	std::vector<tpl_dict *> children;     /* wrappers the root frees */
};

namespace {

class CallbackEmitter : public ctemplate::ExpandEmitter {
public:
	CallbackEmitter(void (*emit)(void *, const char *, size_t), void *ud)
	    : emit_(emit), ud_(ud) {}
	void Emit(char c) override { emit_(ud_, &c, 1); }
	void Emit(const std::string &s) override { emit_(ud_, s.data(), s.size()); }
	void Emit(const char *s) override { emit_(ud_, s, strlen(s)); }
	void Emit(const char *s, size_t n) override { emit_(ud_, s, n); }
private:
	void (*emit_)(void *, const char *, size_t);
	void *ud_;
};

/*
 * Keys (variable, section and include names) with their ids computed once
 * per thread.  ctemplate hashes a plain char * key on every call and then
 * registers it in a process-wide id-to-name map under a reader-writer
 * lock, which the request threads contended for on every tpl_set; a key
 * whose id is already set skips both.  Slots are found by the key's
 * address (our keys are string literals) and confirmed by its text, so a
 * key built at run time is still looked up correctly; the copies are
 * never freed, as ctemplate's map keeps pointing at them.
 */
struct key_slot {
	const char *addr;
	ctemplate::StaticTemplateString sts;
};
enum { KEY_SLOTS = 1024, KEY_PROBES = 8 };
thread_local key_slot key_slots[KEY_SLOTS];

ctemplate::TemplateString
key_of(const char *k)
{
	size_t len = strlen(k);
	size_t h = (size_t)((uintptr_t)k >> 3);
	for (size_t p = 0; p < KEY_PROBES; p++) {
		key_slot &s = key_slots[(h + p) % KEY_SLOTS];
		if (s.addr == NULL) {
			char *copy = strdup(k);
			if (copy == NULL)
				break;
			s.sts.do_not_use_directly_.ptr_ = copy;
			s.sts.do_not_use_directly_.length_ = len;
			s.sts.do_not_use_directly_.id_ = 0;
			ctemplate::StaticTemplateStringInitializer init(&s.sts);
			s.addr = k;
			return ctemplate::TemplateString(s.sts);
		}
		if (s.addr == k && s.sts.do_not_use_directly_.length_ == len &&
		    memcmp(s.sts.do_not_use_directly_.ptr_, k, len) == 0)
			return ctemplate::TemplateString(s.sts);
	}
	return ctemplate::TemplateString(k, len);    /* table full here: the slow way */
}

tpl_dict *
wrap(ctemplate::TemplateDictionary *d, tpl_dict *root)
{
	tpl_dict *w = new tpl_dict;
	w->d = d;
	w->root = root;
	return w;
}

} // namespace

extern "C" int
tpl_load_dir(const char *dir, char *err, size_t errlen)
{
	try {
		ctemplate::TemplateCache *cache = ctemplate::mutable_default_template_cache();
		std::string root(dir);
		if (root.empty() || root.back() != '/')
			root += '/';
		cache->SetTemplateRootDirectory(root);
		DIR *dp = opendir(dir);
		if (dp == NULL) {
			snprintf(err, errlen, "%s: cannot open templates folder", dir);
			return -1;
		}
		struct dirent *e;
		int rc = 0;
		while ((e = readdir(dp)) != NULL) {
			size_t n = strlen(e->d_name);
			if (n < 5 || strcmp(e->d_name + n - 4, ".tpl") != 0)
				continue;
			std::string path = root + e->d_name;
			FILE *f = fopen(path.c_str(), "r");
			char line[256] = "";
			if (f) {
				if (fgets(line, sizeof line, f) == NULL)
					line[0] = '\0';
				fclose(f);
			}
			if (strstr(line, "{{%AUTOESCAPE context=\"HTML\"}}") == NULL) {
				snprintf(err, errlen, "%s: first line must be {{%%AUTOESCAPE context=\"HTML\"}}",
				    path.c_str());
				rc = -1;
				break;
			}
			if (!cache->LoadTemplate(e->d_name, ctemplate::STRIP_BLANK_LINES)) {
				snprintf(err, errlen, "%s: template has a syntax error (see above)",
				    path.c_str());
				rc = -1;
				break;
			}
		}
		closedir(dp);
		if (rc == 0)
			cache->Freeze();
		return rc;
	} catch (const std::exception &ex) {
		snprintf(err, errlen, "templates: %s", ex.what());
		return -1;
	} catch (...) {
		snprintf(err, errlen, "templates: unknown error");
		return -1;
	}
}

extern "C" tpl_dict *
tpl_new(const char *name)
{
	try {
		return wrap(new ctemplate::TemplateDictionary(name ? name : "page"), NULL);
	} catch (...) {
		return NULL;
	}
}

extern "C" void
tpl_free(tpl_dict *w)
{
	if (w == NULL)
		return;
	try {
		if (w->root != NULL)
			return;         /* children are freed with their root */
		for (tpl_dict *c : w->children)
			delete c;
		delete w->d;
		delete w;
	} catch (...) {
	}
}

extern "C" void
tpl_set(tpl_dict *w, const char *key, const char *value)
{
	try {
		w->d->SetValue(key_of(key), value ? value : "");
	} catch (...) {
	}
}

extern "C" void
tpl_set_int(tpl_dict *w, const char *key, long value)
{
	try {
		w->d->SetIntValue(key_of(key), value);
	} catch (...) {
	}
}

extern "C" void
tpl_show(tpl_dict *w, const char *section)
{
	try {
		w->d->ShowSection(key_of(section));
	} catch (...) {
	}
}

static tpl_dict *
child(tpl_dict *parent, ctemplate::TemplateDictionary *d)
{
	tpl_dict *root = parent->root ? parent->root : parent;
	tpl_dict *c = wrap(d, root);
	root->children.push_back(c);
	return c;
}

extern "C" tpl_dict *
tpl_section(tpl_dict *w, const char *section)
{
	try {
		return child(w, w->d->AddSectionDictionary(key_of(section)));
	} catch (...) {
		return NULL;
	}
}

extern "C" tpl_dict *
tpl_include(tpl_dict *w, const char *marker, const char *file)
{
	try {
		ctemplate::TemplateDictionary *d = w->d->AddIncludeDictionary(key_of(marker));
		d->SetFilename(file);
		return child(w, d);
	} catch (...) {
		return NULL;
	}
}

extern "C" int
tpl_expand(const char *file, tpl_dict *w,
    void (*emit)(void *ud, const char *, size_t), void *ud)
{
	try {
		CallbackEmitter e(emit, ud);
		bool ok = ctemplate::mutable_default_template_cache()->ExpandNoLoad(
		    file, ctemplate::STRIP_BLANK_LINES, w->d, NULL, &e);
		return ok ? 0 : -1;
	} catch (...) {
		return -1;
	}
}
