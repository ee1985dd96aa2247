/*
 * demo_work.c -- the casework of the demo episodes: assessments under the
 * configured form (config.ini [terminology] assessment_form), team around
 * the family meetings with their attendees, attendance and outcomes, the
 * action plan reviewed at them, commissioning requests, step-up and
 * step-down referrals with children's social care, and contacts.
 *
 * It reads the episodes as stored (demo_episodes.c, or any demo database
 * made before this file existed) and writes every record as the real write
 * paths leave it: assessment.c (a draft whose sections were saved one by
 * one, then completed; a reassessment starts from the previous answers),
 * meeting.c (scheduled, attendees added, then held with attendance,
 * outcomes and the plan's review, or cancelled or rearranged with a note;
 * every action change in action_change, by meeting when reviewed at one)
 * and referral.c (contacts and their decisions, referrals sent, accepted or
 * returned, requests pending, approved or rejected).  Names are those the
 * forms would offer: the lead's display name, the TAF member's name and
 * agency, a family member's given names and family name.
 *
 * About seven in ten open episodes and every closed one have a completed
 * assessment; for those, one to four held meetings, sometimes a cancelled
 * one, and for four in ten open ones the next meeting (some this week); an
 * action plan of two to six actions reviewed at the later meetings; a step
 * up for about one open episode in thirty and for each closed with the
 * social care reason; a step down accepted for most episodes social care
 * asked for, a few more sent or returned; commissioning requests for about
 * one open episode in twenty that could make one; contacts for about one
 * household in twenty.  Nothing happens today or later except meetings
 * already scheduled.
 *
 * Whoever acts for a team (approving, deciding a contact or a referral) is
 * its manager, and a contact is recorded by one of its practitioners; the
 * teams are those of the episodes as stored, and a contact about a child in
 * no episode goes to the early help team whose manager created the child
 * (North, South or a further team, manager.tNN), so every team of a large
 * demo gets its share.  The active users are read once, sorted by id, with
 * each team's manager and practitioners, so lookups stay quick however
 * many teams there are.
 *
 * Episodes are taken in ranges of UNIT_EPISODES ids, each one writer unit
 * with one audit row; each episode's choices come from a splitmix64
 * generator seeded from --seed and its id (not the people's or the
 * episodes' generators, so they stay as they were), the contacts and extra
 * step-downs from one of their own: a seed always gives the same casework.
 * Nothing is added if the database already has an assessment.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "demo.h"
#include "demo_gen.h"
#include "forms.h"
#include "writer.h"

#define UNIT_EPISODES 2000
#define UNIT_CONTACTS 5000
#define REPORT_EVERY 20000
#define MAXK 8                /* children of an episode used here */
#define MAXA 3                /* adults */
#define MAXT 8                /* team around the family */
#define MAXHELD 4
#define MAXM (MAXHELD + 2)    /* and a cancelled one, and the next one */
#define MAXACT 6
#define MAXCHG (MAXACT * (MAXHELD + 2))
#define ANSWER 1800           /* longest answer written (bytes) */

/* Cut s to at most max bytes, never inside a UTF-8 character. */
static void
clip(char *s, long max)
{
	if (max <= 0 || (long)strlen(s) <= max)
		return;
	long i = max;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	s[i] = '\0';
}

/* ---- dates (the generator and civil dates: demo_gen.h) ---------------------------- */

static long
days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Day number → "6 April 2025". */
static void
words(long day, char out[32])
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	char iso[16];
	civil(day, iso);
	int y = 0, m = 1, d = 1;
	sscanf(iso, "%d-%d-%d", &y, &m, &d);
	fmt(out, 32, "%d %s %d", d, months[(m - 1) % 12], y);
}

/* "YYYY-MM-DD[THH:MM:SS…]" → seconds since 1970; 0 when empty. */
static long long
parse_ts(const char *s)
{
	int y, m, d, hh = 0, mm = 0, ss = 0;
	if (s == NULL || sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	if (strlen(s) >= 19)
		sscanf(s + 11, "%d:%d:%d", &hh, &mm, &ss);
	return (long long)days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* Saturday → Friday, Sunday → Monday (1970-01-01 was a Thursday). */
static long
weekday(long day)
{
	long wd = ((day + 4) % 7 + 7) % 7;
	return wd == 6 ? day - 1 : wd == 0 ? day + 1 : day;
}

static long
day_of(long long ts)
{
	return (long)(ts / 86400);
}

/* The day, or an earlier one: a, unless it is after b. */
static long
no_later(long a, long b)
{
	return a < b ? a : b;
}

/* ---- state ------------------------------------------------------------------------ */

struct wuser {
	long long id, team;
	char *name, *username;
	int manager;
};

/* A team of the active users: its first manager (by id) and its practitioners, by id. */
struct wteam {
	long long id, manager;
	long long *members;
	int nmembers;
};

enum { NEED_SCHOOL, NEED_BEHAVIOUR, NEED_EMOTIONAL, NEED_HEALTH, NEED_PARENTING, NEED_DA,
	NEED_HOUSING, NEED_MONEY, NEED_SUBSTANCE, NEED_CARER, NEED_OTHER, NNEEDS };

static const char *const need_names[NNEEDS] = { "School attendance", "Behaviour",
	"Emotional wellbeing", "Physical health", "Parenting support", "Domestic abuse", "Housing",
	"Money and debt", "Substance use", "Young carer", "Other" };

#define CHILD_NEEDS (1 << NEED_SCHOOL | 1 << NEED_BEHAVIOUR | 1 << NEED_EMOTIONAL | \
	1 << NEED_HEALTH | 1 << NEED_CARER)
#define PARENT_NEEDS (1 << NEED_PARENTING | 1 << NEED_DA | 1 << NEED_SUBSTANCE)
#define HOME_NEEDS (1 << NEED_HOUSING | 1 << NEED_MONEY | 1 << NEED_OTHER)

static struct {
	const struct config *cfg;
	const struct form_def *def;
	long long def_id;
	uint64_t seed;
	long today;
	struct wuser *u;          /* the active users, by id */
	int nu;
	struct wteam *tm;         /* their teams, by id (0: no team) */
	long long *members;       /* tm[].members point into this */
	int ntm;
	long long team[DEMO_MAX_TEAMS];   /* the early help teams: North, South, then manager.t02's … */
	int nteams;
	long long csc_agency, csc_user, pmin, pmax, people;
	/* what was added */
	long long episodes, assessments, completed, reassessed, drafts, answers, meetings, held,
	    cancelled, scheduled, attendees, actions, changes, stepups, stepdowns, requests, contacts;
	long long next_report;
} S;

static const struct wuser *
user_by_id(long long id)
{
	int lo = 0, hi = S.nu - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (S.u[mid].id == id)
			return &S.u[mid];
		if (S.u[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static struct wteam *
team_by_id(long long team)
{
	int lo = 0, hi = S.ntm - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (S.tm[mid].id == team)
			return &S.tm[mid];
		if (S.tm[mid].id < team)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static const char *
user_name(long long id)
{
	const struct wuser *u = user_by_id(id);
	return u ? u->name : "";
}

/* The team's manager: the first active one (manager.north, manager.south, manager.t02 … in the demo). */
static long long
team_manager(long long team)
{
	const struct wteam *t = team_by_id(team);
	return t ? t->manager : 0;
}

/* A practitioner of the team, or its manager when it has none. */
static long long
team_member(struct rng *r, long long team)
{
	const struct wteam *t = team_by_id(team);
	if (t == NULL)
		return 0;
	return t->nmembers ? t->members[rnd(r, t->nmembers)] : t->manager;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* S.tm from S.u: each team's first manager and its practitioners in id order. */
static int
index_teams(void)
{
	long long *ids = malloc(sizeof *ids * (size_t)(S.nu ? S.nu : 1));
	S.members = malloc(sizeof *S.members * (size_t)(S.nu ? S.nu : 1));
	if (ids == NULL || S.members == NULL) {
		free(ids);
		return -1;
	}
	for (int i = 0; i < S.nu; i++)
		ids[i] = S.u[i].team;
	qsort(ids, (size_t)S.nu, sizeof *ids, cmp_ll);
	int n = 0;
	for (int i = 0; i < S.nu; i++)
		if (n == 0 || ids[n - 1] != ids[i])
			ids[n++] = ids[i];
	S.tm = calloc((size_t)(n ? n : 1), sizeof *S.tm);
	if (S.tm == NULL) {
		free(ids);
		return -1;
	}
	S.ntm = n;
	for (int i = 0; i < n; i++)
		S.tm[i].id = ids[i];
	free(ids);
	/* Count each team's practitioners, give each its stretch of S.members, then fill them. */
	for (int i = 0; i < S.nu; i++)
		if (!S.u[i].manager)
			team_by_id(S.u[i].team)->nmembers++;
	long long *next = S.members;
	for (int i = 0; i < n; i++) {
		S.tm[i].members = next;
		next += S.tm[i].nmembers;
		S.tm[i].nmembers = 0;
	}
	for (int i = 0; i < S.nu; i++) {
		struct wteam *t = team_by_id(S.u[i].team);
		if (!S.u[i].manager)
			t->members[t->nmembers++] = S.u[i].id;
		else if (t->manager == 0)
			t->manager = S.u[i].id;
	}
	return 0;
}

static long long
user_named(const char *username)
{
	for (int i = 0; i < S.nu; i++)
		if (!strcmp(S.u[i].username, username))
			return S.u[i].id;
	return 0;
}

/* ---- an episode as stored ------------------------------------------------------------ */

struct wp {
	long long id;
	char first[64], full[240];
	long dob;                 /* day number; LONG_MIN when not known */
	int unborn, female, male;
	char rel[16];             /* adults: what they are to the first child */
};

struct wt {
	long long id, uid;        /* uid 0: from outside */
	char name[128], detail[160];
	long long added, ended;
};

enum { ST_REQUESTED, ST_OPEN, ST_CLOSED };
/* Why a closed episode closed (the configured reasons, by their words). */
enum { C_OTHER, C_MET, C_CSC, C_MOVED, C_DECLINED, C_UNIVERSAL };

struct wep {
	long long id, team, lead, requested_by;
	int status, closing, stepped_up, withdrawn, needs;
	long long req, alloc, closed, stop;      /* stop: nothing after (closure, withdrawal, today) */
	int nk, na, nt;
	struct wp k[MAXK], a[MAXA];
	struct wt t[MAXT];
	int focus[NNEEDS];        /* the child each need is about, all through (-1: any) */
};

#define NOT_KNOWN (-1000000L)

static int
age_on(const struct wp *p, long day)
{
	if (p->unborn || p->dob == NOT_KNOWN || p->dob > day)
		return -1;
	return (int)((day - p->dob) * 4 / 1461);
}

/* ---- texts ---------------------------------------------------------------------------- */

struct tx {
	const struct wep *e;
	struct rng *r;
	int focus;                /* a child born by `day`, or -1 */
	long day;
};

static int
born(const struct tx *t, int i)
{
	return age_on(&t->e->k[i], t->day) >= 0;
}

static int
nborn(const struct tx *t)
{
	int n = 0;
	for (int i = 0; i < t->e->nk; i++)
		n += born(t, i);
	return n;
}

/* A child aged lo to hi on the day (the first such, or any born child), or -1. */
static int
child_aged(const struct tx *t, int lo, int hi)
{
	int c[MAXK], n = 0, any = -1;
	for (int i = 0; i < t->e->nk; i++) {
		int a = age_on(&t->e->k[i], t->day);
		if (a < 0)
			continue;
		if (any < 0)
			any = i;
		if (a >= lo && a <= hi)
			c[n++] = i;
	}
	return n ? c[rnd(t->r, n)] : any;
}

static int
has_aged(const struct tx *t, int lo, int hi)
{
	for (int i = 0; i < t->e->nk; i++) {
		int a = age_on(&t->e->k[i], t->day);
		if (a >= lo && a <= hi)
			return 1;
	}
	return 0;
}

static const char *
pronoun(const struct wp *k, int which)
{
	static const char *const p[3][5] = {
		{ "she", "her", "her", "She", "Her" }, { "he", "his", "him", "He", "His" },
		{ "they", "their", "them", "They", "Their" } };
	int g = !k ? 2 : k->female ? 0 : k->male ? 1 : 2;
	return p[g][which];
}

/* What the children call the first adult. */
static const char *
parent_word(const struct wp *a)
{
	if (!strcmp(a->rel, "mother") || (!strcmp(a->rel, "parent") && a->female))
		return "Mum";
	if (!strcmp(a->rel, "father") || (!strcmp(a->rel, "parent") && a->male))
		return "Dad";
	if (!strcmp(a->rel, "grandparent"))
		return a->female ? "Nan" : "Grandad";
	return a->first;
}

static void
kids_phrase(const struct tx *t, char *out, size_t n)
{
	const char *names[MAXK];
	int c = 0;
	for (int i = 0; i < t->e->nk; i++)
		if (born(t, i))
			names[c++] = t->e->k[i].first;
	if (c == 0) {
		fmt(out, n, "the baby");
		return;
	}
	size_t l = 0;
	out[0] = '\0';
	for (int i = 0; i < c && l < n; i++) {
		int w = snprintf(out + l, n - l, "%s%s", i == 0 ? "" : i == c - 1 ? " and " : ", ",
		    names[i]);
		if (w < 0)
			break;
		l += (size_t)w;
	}
}

static void
expand(struct tx *t, const char *tpl, char *out, size_t n)
{
	const struct wep *e = t->e;
	const struct wp *k = t->focus >= 0 ? &e->k[t->focus] : NULL;
	size_t l = 0;
	char tmp[256];
	for (const char *p = tpl; *p && l + 1 < n; ) {
		if (*p != '{') {
			out[l++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end)
			break;
		size_t kl = (size_t)(end - p - 1);
		const char *key = p + 1;
		const char *v = "";
#define IS(s) (kl == sizeof(s) - 1 && !strncmp(key, s, kl))
		if (IS("c"))
			v = k ? k->first : "the baby";
		else if (IS("C"))
			v = k ? k->full : "the baby";
		else if (IS("k")) {
			kids_phrase(t, tmp, sizeof tmp);
			v = tmp;
		} else if (IS("are") || IS("were") || IS("have")) {
			int many = nborn(t) > 1;
			v = IS("are") ? (many ? "are" : "is") : IS("were") ? (many ? "were" : "was")
			    : many ? "have" : "has";
		} else if (IS("a"))
			v = e->a[0].first;
		else if (IS("b"))
			v = e->a[e->na > 1 ? 1 : 0].first;
		else if (IS("parent"))
			v = parent_word(&e->a[0]);
		else if (IS("he"))
			v = pronoun(k, 0);
		else if (IS("his"))
			v = pronoun(k, 1);
		else if (IS("him"))
			v = pronoun(k, 2);
		else if (IS("He"))
			v = pronoun(k, 3);
		else if (IS("His"))
			v = pronoun(k, 4);
		else if (IS("o")) {
			v = "the other children";
			for (int i = 0; i < e->nk; i++)
				if (i != t->focus && born(t, i)) {
					v = e->k[i].first;
					break;
				}
		} else if (IS("lead"))
			v = user_name(e->lead);
		else if (IS("n")) {
			fmt(tmp, sizeof tmp, "%ld", 2 + rnd(t->r, 4));
			v = tmp;
		} else if (IS("pct")) {
			fmt(tmp, sizeof tmp, "%ld", 71 + rnd(t->r, 19));
			v = tmp;
		} else if (IS("hi")) {
			fmt(tmp, sizeof tmp, "%ld", 92 + rnd(t->r, 8));
			v = tmp;
		} else if (IS("money")) {
			fmt(tmp, sizeof tmp, "%ld", 300 + 50 * rnd(t->r, 60));
			v = tmp;
		} else if (IS("day")) {
			static const char *const days[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
				"Friday" };
			v = PICK(t->r, days);
		} else if (IS("school")) {
			int a = k ? age_on(k, t->day) : -1;
			v = a >= 11 ? "Kingsford Academy" : a >= 0 && a < 4 ? "the Little Acorns nursery"
			    : "Northgate Primary School";
		} else if (IS("hobby")) {
			static const char *const h[] = { "football", "drawing", "dancing", "swimming",
				"Lego", "gaming", "music", "riding {his} bike", "baking", "gymnastics" };
			expand(t, PICK(t->r, h), tmp, sizeof tmp);
			v = tmp;
		}
#undef IS
		size_t vl = strlen(v);
		if (l + vl >= n)
			vl = n - 1 - l;
		memcpy(out + l, v, vl);
		l += vl;
		p = end + 1;
	}
	out[l] = '\0';
}

/* A sentence: the expansion with its first letter a capital ("the baby" can start one). */
static void
say(struct tx *t, const char *tpl, char *out, size_t n)
{
	expand(t, tpl, out, n);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 32);
}

/*
 * Append the expansion of tpl to buf (of n bytes, *l used), after sep when not first;
 * with sep " " or "\n" it is a sentence or a line, so it starts with a capital.
 */
static void
add(struct tx *t, char *buf, size_t n, size_t *l, const char *sep, const char *tpl)
{
	char one[1200];
	if (!strcmp(sep, " ") || !strcmp(sep, "\n"))
		say(t, tpl, one, sizeof one);
	else
		expand(t, tpl, one, sizeof one);
	int w = snprintf(buf + *l, n - *l, "%s%s", *l ? sep : "", one);
	if (w > 0)
		*l += (size_t)w < n - *l ? (size_t)w : n - *l - 1;
}

/* ---- assessment answers ----------------------------------------------------------------- */

static const char *const need_text[NNEEDS][2] = {
	[NEED_SCHOOL] = {
	    "{c}'s attendance is {pct}% this year, with most absences on Mondays, and {he} has fallen behind in reading and maths.",
	    "{c} is late most mornings and often refuses to go in; {school} say {he} is missing the start of lessons." },
	[NEED_BEHAVIOUR] = {
	    "{c} finds it hard to manage {his} feelings: {n} suspensions this year, and angry outbursts at home most evenings.",
	    "{c} walks out of lessons when {he} is frustrated and has been in fights at lunchtime." },
	[NEED_EMOTIONAL] = {
	    "{c} is anxious and withdrawn, sleeps badly and worries about {a} when {he} is away from home.",
	    "{c} has low mood, has stopped going to {his} clubs and spends most evenings alone in {his} room." },
	[NEED_HEALTH] = {
	    "{c}'s asthma is not well controlled and {he} has missed {n} health appointments this year.",
	    "{c} has eczema that often becomes infected; the treatment routine at home has lapsed." },
	[NEED_PARENTING] = {
	    "{a} struggles with routines and boundaries: bedtimes are late and mornings are chaotic. {a} has asked for help.",
	    "{a} has little support nearby and finds it hard to manage {k}'s behaviour consistently." },
	[NEED_DA] = {
	    "There is a history of domestic abuse by a former partner; {k} {have} seen arguments, and {a} needs a safety plan.",
	    "Police have been called to the address {n} times this year for arguments between the adults." },
	[NEED_HOUSING] = {
	    "The flat is overcrowded and damp; {c} shares a bedroom with {o}. The family are on the housing register.",
	    "The family have been served notice by their landlord and may soon be homeless." },
	[NEED_MONEY] = {
	    "The household has rent arrears and debts of about £{money}; the family have used the food bank {n} times.",
	    "Universal Credit was stopped for {n} weeks and the family have fallen behind with bills." },
	[NEED_SUBSTANCE] = {
	    "{a}'s drinking in the evenings affects supervision and mornings; {a} recognises this and wants help.",
	    "{a} is in early recovery from drug use and needs support to keep things stable for {k}." },
	[NEED_CARER] = {
	    "{c} does a lot of caring at home for {a} and is often tired; {he} has little time for friends or homework.",
	    "{c} looks after {o} most evenings while {a} is unwell." },
	[NEED_OTHER] = {
	    "The family are new to the area and are not yet registered with a GP or a dentist.",
	    "The family have been through a difficult separation and need help to settle into a new routine." },
};

/* The same needs at a reassessment, after some months of support. */
static const char *const progress_text[NNEEDS] = {
	[NEED_SCHOOL] = "{c}'s attendance is up to {hi}% this half term and {he} is catching up in class.",
	[NEED_BEHAVIOUR] = "No suspensions since the plan started; {c} uses {his} calm-down card and has fewer outbursts at home.",
	[NEED_EMOTIONAL] = "{c} is sleeping better and has gone back to {his} club; {he} says {he} worries less.",
	[NEED_HEALTH] = "{c} has been to every appointment since the last assessment and {his} asthma is under control.",
	[NEED_PARENTING] = "{a} has finished the parenting course; bedtimes are earlier and mornings calmer.",
	[NEED_DA] = "{a} has a safety plan and support from Safe Haven; there have been no further incidents.",
	[NEED_HOUSING] = "The landlord has treated the damp and the family's housing banding has been raised.",
	[NEED_MONEY] = "A debt plan is in place with Citizens Advice and the family have not needed the food bank since.",
	[NEED_SUBSTANCE] = "{a} goes to the recovery group every week and has been abstinent for several months.",
	[NEED_CARER] = "{c} goes to the young carers' group every week and has more time for homework.",
	[NEED_OTHER] = "The family are registered with a GP and a dentist and know the local services.",
};

static const char *const outcome_text[NNEEDS] = {
	[NEED_SCHOOL] = "{c} will be in school every day and on time.",
	[NEED_BEHAVIOUR] = "{c} will have fewer angry outbursts and no more suspensions.",
	[NEED_EMOTIONAL] = "{c} will feel less worried and sleep better.",
	[NEED_HEALTH] = "{c} will go to every health appointment and {his} health will be under control.",
	[NEED_PARENTING] = "Bedtimes and mornings will be calmer, with a routine everyone knows.",
	[NEED_DA] = "Everyone in the family will feel safe at home.",
	[NEED_HOUSING] = "The family will live somewhere warm, dry and big enough.",
	[NEED_MONEY] = "The family will have enough money for food and bills, with a plan for the debts.",
	[NEED_SUBSTANCE] = "{a} will stay in recovery and {k} will be safe and well looked after.",
	[NEED_CARER] = "{c} will have time for friends, clubs and homework.",
	[NEED_OTHER] = "The family will be settled, registered with a GP and know where to go for help.",
};

/* What the family want to change, in their words. */
static const char *const want_text[NNEEDS] = {
	[NEED_SCHOOL] = "getting {c} to school in the mornings",
	[NEED_BEHAVIOUR] = "{c}'s temper",
	[NEED_EMOTIONAL] = "{c}'s worrying and sleep",
	[NEED_HEALTH] = "keeping on top of {c}'s health appointments",
	[NEED_PARENTING] = "routines and bedtimes",
	[NEED_DA] = "feeling safe at home",
	[NEED_HOUSING] = "finding a home that is dry and big enough",
	[NEED_MONEY] = "money and the debts",
	[NEED_SUBSTANCE] = "staying off drink and drugs",
	[NEED_CARER] = "giving {c} a break from caring",
	[NEED_OTHER] = "settling into the area",
};

static const char *const agency_text[NNEEDS] = {
	[NEED_DA] = "Safe Haven Domestic Abuse Service: outreach worker for {a}",
	[NEED_HOUSING] = "Riverside Housing: housing officer (repairs and the transfer application)",
	[NEED_MONEY] = "Northgate Citizens Advice: benefits check and debt advice",
	[NEED_EMOTIONAL] = "Mental Health Support Team: referral for {c}",
	[NEED_SUBSTANCE] = "Exampleshire Recovery Service: key worker for {a}",
	[NEED_CARER] = "Exampleshire Young Carers: young carers assessment for {c}",
};

static int
first_need(int needs, int mask)
{
	for (int i = 0; i < NNEEDS; i++)
		if (needs & mask & (1 << i))
			return i;
	return -1;
}

/*
 * The focus child for a need: the episode's choice when born by then, else one of
 * school age for school and behaviour, older for caring and worries, any for the rest.
 */
static void
focus_for(struct tx *t, int need)
{
	int f = t->e->focus[need];
	if (f >= 0 && age_on(&t->e->k[f], t->day) >= 0) {
		t->focus = f;
		return;
	}
	t->focus = need == NEED_SCHOOL || need == NEED_BEHAVIOUR ? child_aged(t, 4, 17)
	    : need == NEED_CARER ? child_aged(t, 8, 17) : need == NEED_EMOTIONAL ? child_aged(t, 5, 17)
	    : child_aged(t, 0, 17);
}

/* Strengths and needs of one domain (the mask's needs). */
static void
domain_needs(struct tx *t, int needs, int mask, int again, const int *score_up, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	for (int i = 0; i < NNEEDS; i++) {
		if (!(needs & mask & (1 << i)))
			continue;
		focus_for(t, i);
		if (again && *score_up)
			add(t, out, n, &l, " ", progress_text[i]);
		else {
			if (again)
				add(t, out, n, &l, " ", "Still a worry:");
			add(t, out, n, &l, " ", need_text[i][rnd(t->r, 2)]);
		}
	}
	if (l)
		return;
	static const char *const none[3][2] = {
		{ "No significant needs for {c} beyond the worries at home; {he} needs stability and a predictable routine.",
		  "{c}'s development is on track; the worries are about the family's circumstances rather than {c}." },
		{ "{a} is coping day to day but is isolated and would like someone to talk to about routines.",
		  "No significant concerns about parenting; {a} would benefit from knowing what support is available." },
		{ "No significant housing or money worries; the family would benefit from links to local activities.",
		  "The home is settled; the family would like to know more about what the children's centre offers." } };
	int d = mask == CHILD_NEEDS ? 0 : mask == PARENT_NEEDS ? 1 : 2;
	t->focus = child_aged(t, 0, 17);
	add(t, out, n, &l, " ", none[d][rnd(t->r, 2)]);
}

static void
domain_strengths(struct tx *t, int domain, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	if (domain == 0) {
		t->focus = child_aged(t, 0, 17);
		int a = t->focus >= 0 ? age_on(&t->e->k[t->focus], t->day) : -1;
		static const char *const baby[] = {
			"{c} is meeting {his} milestones and is a smiley, settled baby; immunisations are up to date.",
			"{c} is gaining weight well and has a warm, close bond with {a}. The health visitor has no concerns about {his} growth." };
		static const char *const young[] = {
			"{c} is a lively, curious toddler who loves books and the park, and eats and sleeps well.",
			"{c} goes to nursery three mornings a week and staff say {he} plays well with other children." };
		static const char *const child[] = {
			"{c} is a kind, chatty child who loves {hobby} and has a good group of friends at {school}.",
			"{c} is doing well in reading and is proud of {his} swimming certificates; {he} is healthy and up to date with checks.",
			"Teachers describe {c} as polite and helpful; {he} enjoys maths and {hobby}." };
		static const char *const teen[] = {
			"{c} is bright and articulate, enjoys {hobby}, and wants to go to college.",
			"{c} has a good group of friends and is close to {his} grandmother, who {he} sees every week.",
			"{c} plays for a local team and is respected by the coaches; {he} wants to do well in {his} exams." };
		add(t, out, n, &l, " ", a < 0 ? "The baby is due soon; {a} has been to every antenatal appointment."
		    : a < 2 ? PICK(t->r, baby) : a < 5 ? PICK(t->r, young) : a < 12 ? PICK(t->r, child)
		    : PICK(t->r, teen));
		if (nborn(t) > 1 && pm(t->r, 600)) {
			int f = t->focus;
			for (int i = 0; i < t->e->nk; i++)
				if (i != f && born(t, i)) {
					t->focus = i;
					break;
				}
			add(t, out, n, &l, " ", PICK(t->r, ((const char *const[]){
			    "{c} is settled and doing well at {school}.", "{c} is healthy and happy, and loves {hobby}.",
			    "{c} gets on well with {his} brothers and sisters." })));
			t->focus = f;
		}
	} else if (domain == 1) {
		int school = has_aged(t, 4, 17);
		static const char *const s[] = {
			"{a} is loving and warm with {k} and wants things to change. The home is clean and there is always food in.",
			"{a} knows {k} well, gives lots of praise and is open to advice.",
			"{a} has kept {k} safe through a difficult time and asks for help when needed." };
		add(t, out, n, &l, " ", pm(t->r, 300) ? (school ? "{a} takes {k} to every health appointment and"
		    " keeps in close touch with school." : "{a} takes {k} to every health appointment and welcomes"
		    " the health visitor.") : PICK(t->r, s));
		if (t->e->na > 1 && pm(t->r, 500))
			add(t, out, n, &l, " ", school ? "{b} shares the school runs and bedtimes."
			    : "{b} shares the night feeds and bedtimes.");
	} else {
		static const char *const s[] = {
			"The family have lived in Northgate for years, and {a}'s mother lives nearby and helps with childcare.",
			"{a} works part time and has good neighbours who help out.",
			"The family are part of a close community and have friends nearby who help with childcare.",
			"The home is warm and tidy and the children have space to play." };
		add(t, out, n, &l, " ", PICK(t->r, s));
	}
}

static void
child_voice(struct tx *t, int needs, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	int want = first_need(needs, CHILD_NEEDS);
	focus_for(t, want >= 0 ? want : NEED_OTHER);
	int a = t->focus >= 0 ? age_on(&t->e->k[t->focus], t->day) : -1;
	static const char *const young[] = {
		"{c} showed me {his} toys and said \"I like the park with {parent}\". {He} seemed relaxed and happy at home.",
		"{c} chatted about nursery and {his} friends and sat happily on {a}'s lap while we talked." };
	static const char *const child[] = {
		"\"I like school when I'm with my friends, but I don't like it when it's shouty at home.\"",
		"\"My favourite thing is {hobby}. I worry about {parent} when I'm at school.\"",
		"\"I want my own bedroom and I want to go swimming more.\"",
		"\"I get cross when people don't listen to me. I'd like {parent} to play with me more.\"" };
	static const char *const teen[] = {
		"\"I just want everyone to stop going on at me about school. I'd go more if I could sleep.\"",
		"\"I don't mind you coming round. I want things to be calmer at home.\"",
		"\"I want to do well in my exams and go to college. It's hard to revise at home.\"",
		"\"I help out because {parent} needs me to. Sometimes I'd like a day off.\"" };
	if (a < 0)
		add(t, out, n, &l, " ", "The baby is not born yet; {a} talked about what {a} hopes for the baby.");
	else if (a < 2)
		add(t, out, n, &l, " ", "{c} is too young to tell us; {he} was content, smiled and babbled throughout the visit and reached for {a} for comfort.");
	else
		add(t, out, n, &l, " ", a < 5 ? PICK(t->r, young) : a < 12 ? PICK(t->r, child) : PICK(t->r, teen));
	if (a >= 5)
		add(t, out, n, &l, " ", "({c}, at home, with {a}'s agreement.)");
}

static void
family_views(struct tx *t, int needs, int again, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	static const char *const well[] = {
		"{a} says the family are close and have fun together at weekends.",
		"{a} says {k} {are} loving and funny, and the family are good at sticking together.",
		"{a} is proud that {k} {are} doing well in some things despite everything." };
	add(t, out, n, &l, " ", again ? "{a} says things are better than they were and the support has helped." : PICK(t->r, well));
	char list[600];
	size_t ll = 0;
	list[0] = '\0';
	int c = 0;
	for (int i = 0; i < NNEEDS && c < 2; i++)
		if (needs & (1 << i)) {
			focus_for(t, i);
			add(t, list, sizeof list, &ll, c ? " and " : "", want_text[i]);
			c++;
		}
	char one[800];
	fmt(one, sizeof one, "%s wants help with %s.", again ? "{a} still" : "{a}", list[0] ? list : "routines");
	add(t, out, n, &l, " ", one);
}

static void
agencies(struct tx *t, int needs, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	const struct wep *e = t->e;
	if (has_aged(t, 4, 10))
		add(t, out, n, &l, "\n", "Northgate Primary School: class teacher and pastoral lead");
	if (has_aged(t, 11, 16))
		add(t, out, n, &l, "\n", "Kingsford Academy: head of year and attendance officer");
	if (has_aged(t, 0, 4) || e->nk > nborn(t))
		add(t, out, n, &l, "\n", "Health visiting: development checks and advice");
	for (int i = 0; i < e->nt; i++)
		if (e->t[i].uid == 0 && e->t[i].added / 86400 <= t->day) {
			char one[400];
			fmt(one, sizeof one, "%s: %s", e->t[i].detail, e->t[i].name);
			add(t, out, n, &l, "\n", one);
		}
	for (int i = 0; i < NNEEDS; i++)
		if ((needs & (1 << i)) && agency_text[i]) {
			/* Not twice when the agency is already in the team around the family. */
			char name[80];
			fmt(name, sizeof name, "%.*s", (int)strcspn(agency_text[i], ":"), agency_text[i]);
			if (strstr(out, name))
				continue;
			focus_for(t, i);
			add(t, out, n, &l, "\n", agency_text[i]);
		}
	add(t, out, n, &l, "\n", "GP: Northgate Medical Centre");
}

static void
analysis(struct tx *t, int needs, int again, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	if (again)
		add(t, out, n, &l, " ", "Since the last assessment the family have worked well with the plan.");
	add(t, out, n, &l, " ", PICK(t->r, ((const char *const[]){
	    "{k} {are} loved, and {a}'s wish to make things better is the main protective factor.",
	    "{a} engages well and is honest about what is hard; the family's warmth is a real strength.",
	    "The children are well cared for day to day; the worries are about the pressures on the family." })));
	int c = 0, total = __builtin_popcount((unsigned)needs);
	char list[400];
	size_t ll = 0;
	list[0] = '\0';
	for (int i = 0; i < NNEEDS; i++)
		if (needs & (1 << i)) {
			char lower[64];
			fmt(lower, sizeof lower, "%s", need_names[i]);
			lower[0] = (char)(lower[0] | 0x20);
			add(t, list, sizeof list, &ll, c == total - 1 ? " and " : ", ", lower);
			c++;
		}
	if (c) {
		char one[600];
		fmt(one, sizeof one, "The main worries are %s; without support these are likely to affect the children's"
		    " wellbeing and learning.", list);
		add(t, out, n, &l, " ", one);
	}
	add(t, out, n, &l, " ", again ? "Early help should continue until the plan's outcomes are met, with a review in eight weeks."
	    : PICK(t->r, ((const char *const[]){
	    "There are no concerns that meet the threshold for children's social care; a team around the family is the right response.",
	    "Early help is the right level of support: a team around the family meeting within four weeks to agree the plan." })));
}

static void
outcomes(struct tx *t, int needs, char *out, size_t n)
{
	size_t l = 0;
	out[0] = '\0';
	for (int i = 0; i < NNEEDS; i++)
		if (needs & (1 << i)) {
			focus_for(t, i);
			add(t, out, n, &l, "\n", outcome_text[i]);
		}
	if (!l)
		add(t, out, n, &l, "\n", "The family will know where to go for help.");
}

static void
present(struct tx *t, char *out, size_t n)
{
	const struct wep *e = t->e;
	size_t l = 0;
	out[0] = '\0';
	for (int i = 0; i < e->na && i < 2; i++) {
		if (i == 1 && pm(t->r, 400))
			continue;
		const struct wp *a = &e->a[i];
		const char *rel = !strcmp(a->rel, "grandparent") ? (a->female ? "grandmother" : "grandfather")
		    : *a->rel ? a->rel : "parent";
		char one[300];
		fmt(one, sizeof one, "%s (%s)", a->full, rel);
		add(t, out, n, &l, ", ", one);
	}
	for (int i = 0; i < e->nk; i++) {
		int a = age_on(&e->k[i], t->day);
		if (a < 0 || (a < 3 && pm(t->r, 300)))
			continue;
		char one[120];
		if (a == 0)
			fmt(one, sizeof one, "%s (%ld months)", e->k[i].first, (t->day - e->k[i].dob) / 30);
		else
			fmt(one, sizeof one, "%s (%d)", e->k[i].first, a);
		add(t, out, n, &l, ", ", one);
	}
	if (has_aged(t, 4, 16) && pm(t->r, 300)) {
		t->focus = child_aged(t, 4, 16);
		add(t, out, n, &l, " and ", "{c}'s class teacher");
	}
}

/*
 * Scores of the three domains (1 to 5): lower where the needs are; at a
 * reassessment mostly better.  up[d]: the domain improved.
 */
static void
scores(struct rng *r, int needs, const int *before, int *s, int *up)
{
	static const int masks[3] = { CHILD_NEEDS, PARENT_NEEDS, HOME_NEEDS };
	for (int d = 0; d < 3; d++) {
		if (before) {
			long x = rnd(r, 100);
			int delta = x < 55 ? 1 : x < 72 ? 2 : x < 94 ? 0 : -1;
			s[d] = before[d] + delta;
			s[d] = s[d] < 1 ? 1 : s[d] > 5 ? 5 : s[d];
			up[d] = s[d] > before[d];
		} else {
			int hit = (needs & masks[d]) != 0;
			int serious = d == 1 && (needs & (1 << NEED_DA | 1 << NEED_SUBSTANCE));
			s[d] = hit ? (serious && pm(r, 300) ? 1 : 2 + (int)rnd(r, 2)) : 3 + (int)rnd(r, 2);
			up[d] = 0;
		}
	}
}

/* A value for every question of the form (any form: the known names get real answers). */
static void
answers(struct tx *t, int needs, const int *sc, const int *up, int again, long seen_day,
    char buf[][ANSWER], struct form_values *v)
{
	const struct form_def *d = S.def;
	for (int i = 0; i < d->nq; i++) {
		const struct form_q *q = &d->q[i];
		const char *name = q->name;
		char *o = buf[i];
		o[0] = '\0';
		t->focus = child_aged(t, 0, 17);
		int dom = strncmp(name, "dev_", 4) == 0 ? 0 : strncmp(name, "par_", 4) == 0 ? 1
		    : strncmp(name, "env_", 4) == 0 ? 2 : -1;
		static const int masks[3] = { CHILD_NEEDS, PARENT_NEEDS, HOME_NEEDS };
		switch (q->type) {
		case Q_DATE:
			civil(seen_day, o);
			break;
		case Q_SCORE:
			fmt(o, ANSWER, "%d", dom >= 0 ? sc[dom] : 2 + (int)rnd(t->r, 3));
			break;
		case Q_YESNO:
			fmt(o, ANSWER, "%s", strstr(name, "safeguard") || strstr(name, "harm") ? "no"
			    : pm(t->r, 500) ? "yes" : "no");
			break;
		case Q_RADIOS:
			fmt(o, ANSWER, "%s", q->nopt ? q->opt[rnd(t->r, q->nopt)] : "");
			break;
		case Q_CHECKBOXES: {
			size_t l = 0;
			for (int k = 0; k < q->nopt; k++)
				if (pm(t->r, 400) || (l == 0 && k == q->nopt - 1))
					l += (size_t)snprintf(o + l, ANSWER - l, "%s%s", l ? "\n" : "", q->opt[k]);
			break;
		}
		case Q_SHORT:
			present(t, o, ANSWER);
			break;
		case Q_LONG:
			if (dom >= 0 && strstr(name, "strength"))
				domain_strengths(t, dom, o, ANSWER);
			else if (dom >= 0)
				domain_needs(t, needs, masks[dom], again, &up[dom], o, ANSWER);
			else if (strstr(name, "voice"))
				child_voice(t, needs, o, ANSWER);
			else if (strstr(name, "famil"))
				family_views(t, needs, again, o, ANSWER);
			else if (strstr(name, "agenc"))
				agencies(t, needs, o, ANSWER);
			else if (strstr(name, "analysis"))
				analysis(t, needs, again, o, ANSWER);
			else if (strstr(name, "outcome"))
				outcomes(t, needs, o, ANSWER);
			else
				say(t, PICK(t->r, ((const char *const[]){
				    "Discussed with {a} at home; {a} agreed with what is written here.",
				    "{a} and {lead} talked this through at the assessment visit; nothing further to add.",
				    "Covered at the visit with {a}: see the analysis." })), o, ANSWER);
			break;
		}
		clip(o, q->max > 0 ? q->max : ANSWER - 1);
		v->v[i] = o;
	}
}

/* ---- planning an episode's casework ----------------------------------------------------- */

enum { A_ATT, A_APOL, A_DNA, A_NONE };
static const char *const attend_word[] = { "attended", "apologies", "did not attend", NULL };

struct att {
	const char *kind;
	long long uid, pid;
	const char *name, *detail;
	int attendance;
};

struct mtg {
	int status;               /* 0 scheduled, 1 held, 2 cancelled */
	long day;
	long long created, held, updated;
	int version;
	char at[8], venue[80], note[400], outcomes[1400];
	struct att a[MAXT + 6];
	int na;
	long long id;
};

enum { S_NOT, S_TRACK, S_DONE, S_STOP };
static const char *const status_word[] = { "not started", "on track", "done", "stopped" };

struct act {
	int need, tpl;
	char need_s[300], what[600], who[240], by_date[16];
	int status, first_status;
	char comment[300];
	long long added, updated, updated_by;
	int version;
	long long id;
	/* its status after each held meeting (index in the meetings), for requests */
	int status_at[MAXM];
};

struct chg {
	long long at, by;
	int act, mtg;             /* mtg -1: not at a meeting */
	char text[600];
};

/* Actions by need: the outcome, what will be done, and who (0 lead, 1 parent, 2 child, 3 TAF). */
static const struct { int need; const char *outcome, *what; int who; } act_tpl[] = {
	{ NEED_SCHOOL, "{c} goes to school every day and on time", "Set up a morning routine chart with {c} and use the breakfast club at {school}", 1 },
	{ NEED_SCHOOL, "{c}'s attendance is above 95%", "Check attendance with the school's attendance officer every fortnight and share it at each review", 0 },
	{ NEED_SCHOOL, "{c} feels able to go into school in the morning", "Agree a soft start with {school}: {c} is met at the gate by a member of staff", 3 },
	{ NEED_BEHAVIOUR, "{c} can manage {his} anger at school and at home", "Refer {c} to the school's nurture group and practise the calm-down card at home", 0 },
	{ NEED_BEHAVIOUR, "Calmer evenings at home", "Use the reward chart agreed at the meeting and keep the same bedtime on school nights", 1 },
	{ NEED_EMOTIONAL, "{c} feels less anxious and sleeps better", "Refer {c} to the Mental Health Support Team", 0 },
	{ NEED_EMOTIONAL, "{c} has someone to talk to about {his} worries", "Weekly one-to-one sessions with {c} using the worry box", 0 },
	{ NEED_EMOTIONAL, "{c} keeps in touch with {his} friends", "Go to the youth club on {day} evenings", 2 },
	{ NEED_HEALTH, "{c}'s asthma is well controlled", "Book and go to the asthma review at Northgate Medical Centre", 1 },
	{ NEED_HEALTH, "{c} goes to every health appointment", "Put appointments on the kitchen calendar; a reminder text the day before", 1 },
	{ NEED_PARENTING, "Bedtimes and mornings are calmer", "Go to the eight-week parenting course at the children's centre", 1 },
	{ NEED_PARENTING, "{a} feels confident with routines", "Home visits every fortnight to practise the bedtime routine together", 0 },
	{ NEED_DA, "The family are safe at home", "Referral to Safe Haven for an outreach worker; safety plan agreed with {a}", 0 },
	{ NEED_DA, "{a} knows what to do in an emergency", "Agree a code word with school and keep the safety plan by the phone", 1 },
	{ NEED_HOUSING, "The family live in a safe, warm home", "Help {a} with the housing register and bid for a larger property each week", 0 },
	{ NEED_HOUSING, "The damp in the children's bedroom is fixed", "Report the damp to the landlord in writing and chase environmental health", 1 },
	{ NEED_MONEY, "The family have enough money for food and bills", "Appointment with Citizens Advice for a benefits check and a debt plan", 1 },
	{ NEED_MONEY, "No more emergency food bank visits", "Apply to the household support fund and make a weekly budget together", 0 },
	{ NEED_SUBSTANCE, "{a} stays in recovery and {k} {are} safe", "Keep going to the weekly recovery group", 1 },
	{ NEED_SUBSTANCE, "{a} has support from the drug and alcohol service", "Referral to Exampleshire Recovery Service", 0 },
	{ NEED_CARER, "{c} has time to be a child", "Referral to Exampleshire Young Carers for a young carers assessment", 0 },
	{ NEED_CARER, "{c} gets a break every week", "Go to the young carers' group on {day}s", 2 },
	{ NEED_OTHER, "The family are registered with a GP and a dentist", "Help {a} register with Northgate Medical Centre and a local dentist", 0 },
	{ NEED_OTHER, "{a} knows the local services", "Visit the children's centre together and pick up the family information pack", 1 },
};

static const char *const comment_word[4][3] = {
	[S_NOT] = { "Not started yet: waiting list of about eight weeks", "Not started: to pick up after the holidays", "Not started yet" },
	[S_TRACK] = { "Going well so far", "Started; first session on {day}", "Some progress; keep going until the next review" },
	[S_DONE] = { "Done", "Done: {a} says this has made a real difference", "Completed before the review" },
	[S_STOP] = { "Stopped: no longer needed", "Stopped: the family decided not to go ahead", "Stopped: the service has closed its waiting list" },
};

static const char *const venues[] = { "Family home", "Northgate Children's Centre",
	"County Hall, Northgate", "Online (Microsoft Teams)" };
static const char *const times[] = { "09:30", "10:00", "11:00", "13:30", "14:00", "15:30", "16:00" };

struct plan {
	/* assessments: 0 the first, 1 the reassessment, 2 a draft */
	int has[3];
	long seen[3];
	long long started[3], completed[3], saved[3];
	long long by[3];
	int saves[3];             /* sections saved (a draft: some of them) */
	int sc[3][3], up[3][3];
	struct mtg m[MAXM];
	int nm, nh;               /* m[0 … nh-1]: the held meetings, in order */
	struct act a[MAXACT];
	int nact;
	struct chg c[MAXCHG];
	int nc;
};

static long long
clampts(long long v, long long lo, long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Attendees of a meeting on `day`: the lead, the TAF then, one or two of the family. */
static void
attendees(struct rng *r, const struct wep *e, struct mtg *m, int held)
{
	long long at = (long long)m->day * 86400 + 12 * 3600;
	m->na = 0;
	struct att *x = &m->a[m->na++];
	*x = (struct att){ .kind = "taf", .uid = e->lead, .name = user_name(e->lead),
		.detail = S.cfg->lead_title, .attendance = held ? A_ATT : A_NONE };
	for (int i = 0; i < e->nt; i++) {
		const struct wt *t = &e->t[i];
		if (t->added >= at || (t->ended && t->ended <= at))
			continue;
		x = &m->a[m->na++];
		long v = rnd(r, 100);
		*x = (struct att){ .kind = "taf", .uid = t->uid, .name = t->name, .detail = t->detail,
			.attendance = !held ? A_NONE : v < (t->uid ? 78 : 70) ? A_ATT : v < 95 ? A_APOL : A_DNA };
	}
	for (int i = 0; i < e->na && i < 2; i++) {
		if (i == 1 && pm(r, 450))
			continue;
		x = &m->a[m->na++];
		long v = rnd(r, 100);
		*x = (struct att){ .kind = "family", .pid = e->a[i].id, .name = e->a[i].full, .detail = "",
			.attendance = !held ? A_NONE : v < 82 ? A_ATT : v < 95 ? A_DNA : A_APOL };
	}
	for (int i = 0; i < e->nk; i++)
		if (age_on(&e->k[i], m->day) >= 12 && pm(r, 300)) {
			x = &m->a[m->na++];
			*x = (struct att){ .kind = "family", .pid = e->k[i].id, .name = e->k[i].full, .detail = "",
				.attendance = held ? (pm(r, 850) ? A_ATT : A_DNA) : A_NONE };
			break;
		}
}

static void
meeting_place(struct tx *t, struct mtg *m)
{
	fmt(m->at, sizeof m->at, "%s", PICK(t->r, times));
	if (has_aged(t, 4, 10) && pm(t->r, 350))
		fmt(m->venue, sizeof m->venue, "Northgate Primary School");
	else if (has_aged(t, 11, 16) && pm(t->r, 300))
		fmt(m->venue, sizeof m->venue, "Kingsford Academy");
	else
		fmt(m->venue, sizeof m->venue, "%s", PICK(t->r, venues));
}

/* The outcomes of a held meeting: the first, a review, or (closing >= 0) the last before closure. */
static void
meeting_outcomes(struct tx *t, int needs, int first, int closing, struct mtg *m)
{
	char *o = m->outcomes;
	size_t n = sizeof m->outcomes, l = 0;
	o[0] = '\0';
	int list[NNEEDS], nn = 0;
	for (int i = 0; i < NNEEDS; i++)
		if (needs & (1 << i))
			list[nn++] = i;
	int need = nn ? list[rnd(t->r, nn)] : -1;
	if (first) {
		char one[300];
		fmt(one, sizeof one, "First team around the family meeting. The %s was shared and {a} agreed it"
		    " reflects the family's situation.", S.def->title);
		add(t, o, n, &l, " ", one);
		add(t, o, n, &l, " ", "The family plan was agreed: everyone knows their actions and by when.");
	} else if (closing == C_CSC) {
		add(t, o, n, &l, " ", "Concerns have increased despite the support offered. The TAF agreed the"
		    " threshold for children's social care is met and a referral is being made.");
	} else if (closing >= 0) {
		static const char *const why[] = {
			[C_OTHER] = "Closing review. Progress has been mixed; the family have details of services they can"
			    " contact directly.",
			[C_MET] = "Closing review. Most of the plan's actions are done and {a} says things are much better"
			    " at home.",
			[C_MOVED] = "Closing review: the family are moving out of the area. With {a}'s agreement the plan"
			    " will be shared with the new area's early help service.",
			[C_DECLINED] = "{a} said the family no longer want support. The TAF respects this; school and the"
			    " health visitor will keep in touch.",
			[C_UNIVERSAL] = "Closing review. The remaining needs can be met by universal services: school and the"
			    " health visitor will carry on supporting the family." };
		add(t, o, n, &l, " ", why[closing]);
		add(t, o, n, &l, " ", "Everyone agreed early help can end; {a} knows how to ask for help again.");
		return;
	} else {
		add(t, o, n, &l, " ", "Review of the family plan.");
		if (need >= 0) {
			focus_for(t, need);
			add(t, o, n, &l, " ", pm(t->r, 650) ? progress_text[need] : "Progress has been slower than hoped"
			    " and the plan has been adjusted.");
		}
		add(t, o, n, &l, " ", PICK(t->r, ((const char *const[]){
		    "{a} said things feel calmer at home.", "{a} said the support has made a real difference.",
		    "{a} said mornings are still hard but getting better.", "{a} said money is still the biggest worry." })));
	}
	add(t, o, n, &l, " ", PICK(t->r, ((const char *const[]){
	    "Actions reviewed and updated; next review in six weeks.",
	    "Next meeting to be arranged by {lead} in about eight weeks.",
	    "Everyone to send updates to {lead} before the next review." })));
}

static void
action_text(struct tx *t, const struct wep *e, struct act *a, long day)
{
	focus_for(t, a->need);
	say(t, act_tpl[a->tpl].outcome, a->need_s, sizeof a->need_s);
	say(t, act_tpl[a->tpl].what, a->what, sizeof a->what);
	clip(a->need_s, 300);
	int who = act_tpl[a->tpl].who;
	if (who == 2 && (t->focus < 0 || age_on(&e->k[t->focus], day) < 10))
		who = 1;
	if (who == 3) {
		/* A TAF member still in the team (the "who" list offers only those). */
		who = 0;
		for (int i = 0; i < e->nt; i++)
			if (e->t[i].uid && !e->t[i].ended && e->t[i].added < (long long)day * 86400) {
				fmt(a->who, sizeof a->who, "%s", e->t[i].name);
				who = 3;
				break;
			}
	}
	if (who == 0)
		fmt(a->who, sizeof a->who, "%s", user_name(e->lead));
	else if (who == 1)
		fmt(a->who, sizeof a->who, "%s", e->a[e->na > 1 && pm(t->r, 250) ? 1 : 0].full);
	else if (who == 2)
		fmt(a->who, sizeof a->who, "%s", e->k[t->focus].full);
	civil(day + 21 + rnd(t->r, 70), a->by_date);
}

static void
log_change(struct plan *p, long long at, long long by, int act, int mtg, const char *text)
{
	if (p->nc >= MAXCHG)
		return;
	struct chg *c = &p->c[p->nc++];
	c->at = at;
	c->by = by;
	c->act = act;
	c->mtg = mtg;
	fmt(c->text, sizeof c->text, "%s", text);
}

static int
by_time(const void *x, const void *y)
{
	const struct chg *a = x, *b = y;
	return a->at < b->at ? -1 : a->at > b->at ? 1 : a->act - b->act;
}

/*
 * The whole plan of one episode, from its own generator: assessments, meetings,
 * actions and their changes.  Nothing is at or after e->stop.
 */
static void
plan_episode(struct rng *r, const struct wep *e, struct plan *p)
{
	memset(p, 0, sizeof *p);
	if (e->status == ST_REQUESTED || e->lead == 0 || e->alloc == 0)
		return;
	struct tx t = { .e = e, .r = r, .focus = -1 };
	long alloc_day = day_of(e->alloc);
	long last = day_of(e->stop) - 1;            /* the last day anything happens */
	int open = e->status == ST_OPEN;
	long span = last - alloc_day;
	int secs = 0;
	{
		const char *names[64];
		secs = form_sections(S.def, names, 64);
	}

	/* The first assessment: started within three weeks, completed within ten weeks or so. */
	long s_day = alloc_day + 1 + rnd(r, 20);
	long c_day = s_day + 4 + rnd(r, 30) + (pm(r, 100) ? rnd(r, 40) : 0);
	if (!open && c_day >= last - 2 && span >= 6) {
		s_day = alloc_day + 1 + rnd(r, span / 4 + 1);
		c_day = s_day + 1 + rnd(r, (last - 2 - s_day) / 2 + 1);
	}
	int done = span >= 6 && c_day < last && (!open || pm(r, 760));
	long long by = e->lead;
	if (pm(r, 120))
		for (int i = 0; i < e->nt; i++)
			if (e->t[i].uid && e->t[i].added < (long long)s_day * 86400 &&
			    (!e->t[i].ended || e->t[i].ended > (long long)c_day * 86400 + 86400)) {
				by = e->t[i].uid;
				break;
			}
	if (done) {
		p->has[0] = 1;
		p->by[0] = by;
		p->started[0] = clampts(at_work(r, s_day), e->alloc + 600, e->stop - 7200);
		p->completed[0] = clampts(at_work(r, c_day), p->started[0] + 3600, e->stop - 60);
		p->saves[0] = secs;
		p->saved[0] = p->completed[0] - 60 - rnd(r, 3000);
		if (p->saved[0] <= p->started[0])
			p->saved[0] = p->started[0] + 60;
		p->seen[0] = s_day + rnd(r, c_day - s_day + 1);
		scores(r, e->needs, NULL, p->sc[0], p->up[0]);
		if (p->completed[0] >= e->stop || p->started[0] <= e->alloc)
			done = p->has[0] = 0;
	}

	/* Meetings: the first a few weeks after the assessment, the last recent (open) or at closure. */
	int nh = 0;
	long mdays[MAXHELD];
	if (done) {
		long first = weekday(c_day + 5 + rnd(r, 25));
		long end = open ? S.today - 1 - rnd(r, S.cfg->review_weeks * 7 + 21) : last - rnd(r, 10);
		end = weekday(end);
		if (end > last)
			end = last;
		if (first > last && !open && last > c_day)
			first = c_day + 1 + rnd(r, last - c_day);
		if (first <= last) {
			int want = 1 + (int)rnd(r, MAXHELD);
			if (end - first < 28)
				want = 1;
			else if (want > 1 + (end - first) / 21)
				want = 1 + (int)((end - first) / 21);
			for (int i = 0; i < want; i++) {
				long d = want == 1 ? first : first + (end - first) * i / (want - 1);
				if (i > 0 && i < want - 1)
					d += rnd(r, 11) - 5;
				d = weekday(d);
				if (d > last)
					d = last;
				if (nh && d <= mdays[nh - 1] + 7)
					continue;
				mdays[nh++] = d;
			}
		}
	}
	long long prev_held = p->completed[0];
	for (int i = 0; i < nh; i++) {
		struct mtg *m = &p->m[p->nm++];
		m->status = 1;
		m->day = t.day = mdays[i];
		meeting_place(&t, m);
		int hh, mm;
		sscanf(m->at, "%d:%d", &hh, &mm);
		long long start = (long long)m->day * 86400 + hh * 3600 + mm * 60;
		long cday = m->day - 7 - rnd(r, 14);
		m->created = clampts(at_work(r, cday), prev_held + 600, start - 3600);
		if (m->created <= e->alloc)
			m->created = e->alloc + 600;
		m->held = pm(r, 800) || m->day >= last ? start + 5400 + rnd(r, 3 * 3600) : at_work(r, m->day + 1);
		m->held = clampts(m->held, start + 1800, e->stop - 60);
		m->updated = m->held;
		m->version = 2;
		if (pm(r, 80)) {
			char was[32];
			words(weekday(m->day - 2 - rnd(r, 10)), was);
			t.focus = child_aged(&t, 0, 17);
			char one[300];
			say(&t, PICK(r, ((const char *const[]){
			    "Moved at {a}'s request because of a hospital appointment.",
			    "Moved because the room was double-booked.",
			    "Moved so that the family's housing officer could come." })), one, sizeof one);
			fmt(m->note, sizeof m->note, "%s (It was arranged for %s.)", one, was);
			m->version = 3;
		}
		attendees(r, e, m, 1);
		meeting_outcomes(&t, e->needs, i == 0, !open && i == nh - 1 && nh > 1 ? e->closing : -1, m);
		prev_held = m->held;
	}
	p->nh = nh;
	/* Now and then one cancelled on the way. */
	if (nh && pm(r, 150)) {
		long d = weekday(mdays[nh - 1] - 10 - rnd(r, 10));
		if (d > alloc_day + 2 && (nh < 2 || d > mdays[nh - 2] + 3) && d > c_day + 3) {
			struct mtg *m = &p->m[p->nm++];
			m->status = 2;
			m->day = t.day = d;
			meeting_place(&t, m);
			m->created = clampts(at_work(r, d - 10 - rnd(r, 10)), p->completed[0] + 600,
			    (long long)d * 86400 - 86400);
			m->updated = clampts(at_work(r, d - 1 - rnd(r, 2)), m->created + 600, (long long)d * 86400 + 8 * 3600);
			m->version = 2;
			t.focus = child_aged(&t, 0, 17);
			say(&t, PICK(r, ((const char *const[]){
			    "{a} rang in the morning: {c} is unwell. To rearrange for next week.",
			    "Cancelled: {lead} is off sick. The family have been told and a new date will follow.",
			    "Cancelled: {school} is closed for a staff training day.",
			    "{a} asked to cancel because of a clash with a hospital appointment." })), m->note, sizeof m->note);
			attendees(r, e, m, 0);
		}
	}
	/* The next meeting, for four in ten open episodes still with consent. */
	if (open && done && !e->withdrawn && pm(r, 420)) {
		struct mtg *m = &p->m[p->nm++];
		m->status = 0;
		m->day = S.today + (pm(r, 450) ? rnd(r, 8) : 8 + rnd(r, 42));
		if (weekday(m->day) >= S.today)
			m->day = weekday(m->day);
		t.day = m->day;
		meeting_place(&t, m);
		long long after = nh ? p->m[nh - 1].held : p->completed[0];
		m->created = clampts(pm(r, 500) ? after + 300 + rnd(r, 1800) : at_work(r, day_of(after) + 1 + rnd(r, 5)),
		    after + 60, (long long)S.today * 86400 - 60);
		m->updated = m->created;
		m->version = 1;
		attendees(r, e, m, 0);
	}

	/* The action plan: agreed at the first meeting, reviewed at the next. */
	if (nh) {
		int n = 2 + (int)rnd(r, 5);
		int needs[NNEEDS], nn = 0;
		for (int i = 0; i < NNEEDS; i++)
			if (e->needs & (1 << i))
				needs[nn++] = i;
		if (nn == 0)
			needs[nn++] = NEED_PARENTING;
		int used[NELEM(act_tpl)] = { 0 };
		for (int i = 0; i < n && p->nact < MAXACT; i++) {
			int need = needs[i % nn];
			int c[8], nc = 0;
			for (int k = 0; k < NELEM(act_tpl); k++)
				if (act_tpl[k].need == need && !used[k])
					c[nc++] = k;
			if (nc == 0) {
				for (int k = 0; k < NELEM(act_tpl); k++)
					if (!used[k] && (act_tpl[k].need == NEED_PARENTING || act_tpl[k].need == NEED_EMOTIONAL))
						c[nc++] = k;
				if (nc == 0)
					break;
			}
			struct act *a = &p->a[p->nact++];
			a->tpl = c[rnd(r, nc)];
			a->need = act_tpl[a->tpl].need;
			used[a->tpl] = 1;
			/* Most after the first meeting; now and then one after the second. */
			int after = nh > 1 && i >= 2 && pm(r, 250) ? 1 : 0;
			const struct mtg *m = &p->m[after];
			long long limit = after + 1 < nh ? (long long)p->m[after + 1].day * 86400 : e->stop;
			a->added = clampts(at_work(r, day_of(m->held) + rnd(r, 3)), m->held + 600, limit - 60);
			t.day = day_of(a->added);
			action_text(&t, e, a, t.day);
			a->status = a->first_status = pm(r, 850) ? S_NOT : S_TRACK;
			a->comment[0] = '\0';
			a->updated = a->added;
			a->updated_by = e->lead;
			a->version = 1;
			log_change(p, a->added, e->lead, p->nact - 1, -1, "Added");
			for (int k = 0; k < MAXM; k++)
				a->status_at[k] = -1;
			a->status_at[after] = a->status;
			/* Reviewed at each later held meeting. */
			for (int k = after + 1; k < nh; k++) {
				const struct mtg *rm = &p->m[k];
				int was = a->status, to = was;
				long x = rnd(r, 100);
				/* At the closing review: mostly done when needs were met, stopped when support ended. */
				int last_met = !open && k == nh - 1 && e->closing == C_MET;
				int last_ended = !open && k == nh - 1 && (e->closing == C_MOVED || e->closing == C_DECLINED);
				if (last_ended && was != S_DONE)
					to = x < 60 ? S_STOP : was;
				else if (was == S_NOT)
					to = x < 55 ? S_TRACK : x < 68 ? S_DONE : x < 72 ? S_STOP : S_NOT;
				else if (was == S_TRACK)
					to = x < (last_met ? 75 : 40) ? S_DONE : x < 45 ? S_STOP : S_TRACK;
				char comment[300] = "";
				if (to != was || pm(r, 150)) {
					t.day = rm->day;
					focus_for(&t, a->need);
					say(&t, comment_word[to][rnd(r, 3)], comment, sizeof comment);
				} else
					fmt(comment, sizeof comment, "%s", a->comment);
				if (to != was || strcmp(comment, a->comment)) {
					int same = !strcmp(comment, a->comment);
					char change[600];
					fmt(change, sizeof change, "Reviewed: status %s to %s%s%.400s", status_word[was],
					    status_word[to], same ? "" : "; comment: ", same ? "" : comment);
					log_change(p, rm->held, e->lead, p->nact - 1, k, change);
					a->status = to;
					fmt(a->comment, sizeof a->comment, "%s", comment);
					a->updated = rm->held;
					a->updated_by = e->lead;
					a->version++;
				}
				a->status_at[k] = a->status;
			}
		}
		qsort(p->c, (size_t)p->nc, sizeof p->c[0], by_time);
	}

	/* A reassessment, some months later, with the scores mostly better. */
	if (done && c_day + 100 < last && pm(r, 270)) {
		long rc = c_day + 90 + rnd(r, (last - c_day - 90) < 240 ? last - c_day - 90 : 240);
		long rs = rc - 3 - rnd(r, 20);
		if (rs <= c_day)
			rs = c_day + 1;
		p->has[1] = 1;
		p->by[1] = e->lead;
		p->started[1] = clampts(at_work(r, rs), p->completed[0] + 3600, e->stop - 7200);
		p->completed[1] = clampts(at_work(r, rc), p->started[1] + 3600, e->stop - 60);
		p->saves[1] = secs;
		p->saved[1] = p->completed[1] - 60 - rnd(r, 3000);
		if (p->saved[1] <= p->started[1])
			p->saved[1] = p->started[1] + 60;
		p->seen[1] = rs + rnd(r, rc - rs + 1);
		scores(r, e->needs, p->sc[0], p->sc[1], p->up[1]);
	}
	/* A draft: the first assessment in progress, or a reassessment begun. */
	if (open && !e->withdrawn) {
		long long from = p->has[1] ? p->completed[1] : p->has[0] ? p->completed[0] : e->alloc;
		long fday = day_of(from) + (p->has[0] ? 30 : 1);
		int want = p->has[0] ? pm(r, 90) : pm(r, 560);
		if (want && fday < S.today - 1) {
			long ds = fday + rnd(r, S.today - 1 - fday);
			p->has[2] = 1;
			p->by[2] = e->lead;
			p->started[2] = clampts(at_work(r, ds), from + 600, (long long)S.today * 86400 - 3600);
			p->saves[2] = secs > 1 ? 1 + (int)rnd(r, secs - 1) : 0;
			p->saved[2] = p->started[2];
			for (int i = 0; i < p->saves[2]; i++)
				p->saved[2] += 300 + rnd(r, pm(r, 200) ? 3 * 86400 : 1800);
			if (p->saved[2] >= (long long)S.today * 86400)
				p->saved[2] = (long long)S.today * 86400 - 60;
			p->seen[2] = day_of(p->started[2]);
			const int *before = p->has[1] ? p->sc[1] : p->has[0] ? p->sc[0] : NULL;
			scores(r, e->needs, before, p->sc[2], p->up[2]);
		}
	}
}

/* The action's status at time `at` (-1: not yet added). */
static int
status_at_time(const struct plan *p, const struct act *a, long long at)
{
	if (a->added > at)
		return -1;
	int s = a->first_status;
	for (int k = 0; k < p->nh; k++)
		if (p->m[k].held <= at && a->status_at[k] >= 0)
			s = a->status_at[k];
	return s;
}

/* ---- referrals, requests and contacts: texts ------------------------------------------ */

static const struct { int need; const char *goods, *supplier; long lo, hi; } goods[] = {
	{ NEED_SCHOOL, "School uniform, PE kit and shoes", "Uniform Direct, Northgate", 4500, 12000 },
	{ NEED_SCHOOL, "Bus pass for the school term", "Exampleshire Buses", 6000, 9000 },
	{ NEED_SCHOOL, "Breakfast club fees for a term", "Northgate Primary School", 3000, 7500 },
	{ NEED_BEHAVIOUR, "Ten weeks of boxing club", "Northgate Boxing Academy", 4000, 8000 },
	{ NEED_EMOTIONAL, "Six play therapy sessions", "Little Steps Play Therapy", 18000, 36000 },
	{ NEED_EMOTIONAL, "Swimming lessons for a term", "Northgate Leisure Centre", 5000, 9000 },
	{ NEED_HEALTH, "Hypoallergenic bedding and a dehumidifier", "Argos", 8000, 20000 },
	{ NEED_HEALTH, "Bus fares to hospital appointments", "Exampleshire Buses", 500, 2500 },
	{ NEED_PARENTING, "Blackout blinds and a stair gate", "Dunelm", 3000, 9000 },
	{ NEED_PARENTING, "Family pass for the leisure centre", "Northgate Leisure Centre", 12000, 25000 },
	{ NEED_DA, "Door and window locks fitted", "Exampleshire Locksmiths", 9000, 25000 },
	{ NEED_DA, "Mobile phone and credit for safety planning", "Northgate Phone Shop", 3000, 6000 },
	{ NEED_HOUSING, "Beds and mattresses for the children", "Exampleshire Furniture Project", 15000, 40000 },
	{ NEED_HOUSING, "Washing machine", "Currys", 25000, 40000 },
	{ NEED_HOUSING, "Removal van for the move", "Northgate Removals", 20000, 45000 },
	{ NEED_MONEY, "Gas and electricity top-up", "PayPoint (prepayment meter)", 3000, 10000 },
	{ NEED_MONEY, "Cooker", "AO.com", 25000, 45000 },
	{ NEED_MONEY, "Food shopping while benefits are sorted out", "Tesco", 5000, 12000 },
	{ NEED_SUBSTANCE, "Travel to recovery group meetings", "Exampleshire Buses", 2000, 5000 },
	{ NEED_CARER, "Young carers' activity week", "Exampleshire Young Carers", 6000, 15000 },
	{ NEED_CARER, "Laptop for homework", "Currys", 25000, 45000 },
	{ NEED_OTHER, "Birth certificate and passport fees", "HM Passport Office", 5000, 15000 },
	{ NEED_OTHER, "Bus pass to get to appointments", "Exampleshire Buses", 2000, 6000 },
};

static const char *const reject_reasons[] = {
	"Please apply to the household support fund first.",
	"This should be met from the school's pupil premium: please ask the school.",
	"Over what we can fund for one family this year; try the children's charity grant.",
	"Please get a second quote: this is more than we usually pay." };

static const char *const up_reasons[][2] = {
	{ "A further domestic abuse incident last night: police attended and {a} was injured. {k} {were} in the house. {c} has told {his} teacher {he} is frightened to go home.", "within 24 hours" },
	{ "Concerns have grown despite months of early help: {k} {are} often hungry and unkempt, the home conditions have got worse and {a} has stopped engaging with the plan.", "within a week" },
	{ "{a} was found intoxicated while caring for {k}; {c} rang {his} grandmother to collect them.", "within 24 hours" },
	{ "{c} said at school today that {he} was hit at home and has a bruise on {his} arm.", "immediate" },
};

static const char *const up_returned[] = {
	"The threshold for a statutory assessment is not met at present. Please continue with early help; we suggest a domestic abuse referral and re-referring if concerns increase.",
	"Information noted and shared with the police. No further action by social care: please continue under early help and review in four weeks.",
	"Not enough information to decide: please send the chronology and the latest TAF minutes and re-refer." };

static const char *const down_returned[] = {
	"The family already have support from the school's family support worker; we have passed on their details.",
	"{a} did not agree to early help when we called. Closed with advice; the family can refer themselves.",
	"This family live outside our area: please refer to the neighbouring authority's early help service." };

static const char *const down_reasons[] = {
	"Child and family assessment completed; no further role for social care. The family would benefit from help with routines and school attendance.",
	"Child in need plan ended. {a} would like continued support with {k}'s behaviour and the family's money worries.",
	"Referral received from the police after an incident; assessed as not needing social care. {a} has asked for early help." };

/* Who gets in touch, about a child of what age, and why. */
static const struct { const char *agency, *name; int lo, hi; const char *reason; } sources[] = {
	{ "Northgate Primary School", "Sam Whitfield, pastoral lead", 4, 10,
	  "School are worried about {c}'s attendance ({pct}% this term) and that {he} seems tired and withdrawn." },
	{ "Northgate Primary School", "Sam Whitfield, pastoral lead", 4, 10,
	  "{c} has been coming to school hungry and without a coat; the family may be struggling with money." },
	{ "Kingsford Academy", "Head of year", 11, 17,
	  "{c} has had {n} detentions and a suspension this term and says things are difficult at home." },
	{ "Kingsford Academy", "Head of year", 11, 17,
	  "{c} told a teacher {he} looks after {his} parent, who is unwell, most evenings." },
	{ "Northgate Medical Centre", "Dr Aziz, GP", 0, 17,
	  "The GP is concerned that the family keep missing appointments for {c}." },
	{ "Exampleshire Police", "PC Dunmore", 0, 17,
	  "Police attended the address after a neighbour reported shouting; no offences, but {c} was at home." },
	{ "Riverside Housing", "Housing officer", 0, 17,
	  "The family are behind with the rent and the housing officer is worried about the children's bedroom, which is damp." },
	{ "Exampleshire Community Health", "Aisha Rahman, health visitor", 0, 4,
	  "The health visitor is worried about the parent's low mood and {c}'s speech, and the family would like support." },
	{ "The family", "Self-referral by phone", 4, 17,
	  "A parent asked for help with {c}'s behaviour at home: {he} has been hitting {his} brothers and sisters." },
	{ "Grandparent", "The child's grandmother", 0, 17,
	  "{c}'s grandmother is worried: the house is chaotic and {c} often stays with her during the week." },
};

static const char *const contact_notes[4][2] = {
	{ "Advice given: the family can book the parenting course directly; leaflet sent.",
	  "Signposted to the children's centre and the school's family support worker." },
	{ "Family agreed to early help; request to follow.", "Discussed with {a}, who agreed to an assessment." },
	{ "Threshold for social care met: passed to the front door the same day.",
	  "Information shared with children's social care as a possible safeguarding concern." },
	{ "The school is already supporting the family; no further action.",
	  "Information only: the family moved out of the area." },
};

/* ---- writing -------------------------------------------------------------------------- */

struct counts {
	long long episodes, assessments, completed, reassessed, drafts, answers, meetings, held,
	    cancelled, scheduled, attendees, actions, changes, stepups, stepdowns, requests, contacts;
};

static int
step_ok(struct dbc *w, sqlite3_stmt *st, const char *what)
{
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "demo: %s: %s\n", what, sqlite3_errmsg(w->db));
		return -1;
	}
	return 0;
}

static void
bt(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bts(sqlite3_stmt *st, int i, long long ts, char buf[32])
{
	if (ts) {
		stamp(ts, buf);
		sqlite3_bind_text(st, i, buf, -1, SQLITE_STATIC);
	}
}

static int
in_sections(const struct form_q *q, const char *const *secs, int n)
{
	const char *s = q->section ? q->section : S.def->title;
	for (int i = 0; i < n; i++)
		if (!strcmp(s, secs[i]))
			return 1;
	return 0;
}

static long long
put_assessment(struct dbc *w, const struct wep *e, const struct plan *p, int which, long long prev,
    const struct form_values *v, const struct form_values *copied, struct counts *n)
{
	int draft = which == 2;
	sqlite3_stmt *st = db_prep(w, "INSERT INTO assessment(episode_id, form_name, form_def_id, status,"
	    " previous_id, started_by, started_at, completed_by, completed_at, updated_by, updated_at, version)"
	    " VALUES(?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8, ?9, ?6, ?10, ?11)");
	char b1[32], b2[32], b3[32];
	sqlite3_bind_int64(st, 1, e->id);
	bt(st, 2, S.def->name);
	sqlite3_bind_int64(st, 3, S.def_id);
	bt(st, 4, draft ? "draft" : "completed");
	sqlite3_bind_int64(st, 5, prev);
	sqlite3_bind_int64(st, 6, p->by[which]);
	bts(st, 7, p->started[which], b1);
	if (!draft) {
		sqlite3_bind_int64(st, 8, p->by[which]);
		bts(st, 9, p->completed[which], b2);
	}
	bts(st, 10, draft ? p->saved[which] : p->completed[which], b3);
	sqlite3_bind_int64(st, 11, 1 + p->saves[which] + !draft);
	if (step_ok(w, st, "assessment") != 0)
		return 0;
	long long aid = sqlite3_last_insert_rowid(w->db);
	/* A draft holds what start_unit copied and the sections saved since. */
	const char *secs[64];
	int ns = form_sections(S.def, secs, 64);
	if (ns > p->saves[which])
		ns = p->saves[which];
	st = db_prep(w, "INSERT INTO form_answer(owner_type, owner_id, form_def_id, question, value)"
	    " VALUES('assessment', ?1, ?2, ?3, ?4)");
	for (int i = 0; i < S.def->nq; i++) {
		const struct form_q *q = &S.def->q[i];
		const char *val = in_sections(q, secs, ns) ? v->v[i] : copied ? copied->v[i] : NULL;
		if (val == NULL)
			continue;
		sqlite3_bind_int64(st, 1, aid);
		sqlite3_bind_int64(st, 2, S.def_id);
		bt(st, 3, q->name);
		bt(st, 4, val);
		if (step_ok(w, st, "assessment answer") != 0)
			return 0;
		n->answers++;
	}
	n->assessments++;
	if (draft)
		n->drafts++;
	else if (prev)
		n->reassessed++;
	else
		n->completed++;
	return aid;
}

static int
put_meetings(struct dbc *w, const struct wep *e, struct plan *p, struct counts *n)
{
	int idx[MAXM];
	for (int i = 0; i < p->nm; i++) {
		int j = i;
		while (j > 0 && (p->m[idx[j - 1]].day > p->m[i].day ||
		    (p->m[idx[j - 1]].day == p->m[i].day && p->m[idx[j - 1]].created > p->m[i].created))) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	sqlite3_stmt *st = db_prep(w, "INSERT INTO meeting(episode_id, status, on_date, at_time, venue, note,"
	    " outcomes, created_by, created_at, held_at, updated_by, updated_at, version)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8, ?11, ?12)");
	sqlite3_stmt *at = db_prep(w, "INSERT INTO meeting_attendee(meeting_id, kind, user_id, person_id,"
	    " name, detail, attendance) VALUES(?1, ?2, nullif(?3, 0), nullif(?4, 0), ?5, ?6, ?7)");
	for (int k = 0; k < p->nm; k++) {
		struct mtg *m = &p->m[idx[k]];
		char on[16], b1[32], b2[32], b3[32];
		civil(m->day, on);
		sqlite3_bind_int64(st, 1, e->id);
		bt(st, 2, m->status == 1 ? "held" : m->status == 2 ? "cancelled" : "scheduled");
		bt(st, 3, on);
		bt(st, 4, m->at);
		bt(st, 5, m->venue);
		bt(st, 6, m->note);
		bt(st, 7, m->outcomes);
		sqlite3_bind_int64(st, 8, e->lead);
		bts(st, 9, m->created, b1);
		if (m->status == 1)
			bts(st, 10, m->held, b2);
		bts(st, 11, m->updated, b3);
		sqlite3_bind_int64(st, 12, m->version);
		if (step_ok(w, st, "meeting") != 0)
			return -1;
		m->id = sqlite3_last_insert_rowid(w->db);
		n->meetings++;
		n->held += m->status == 1;
		n->cancelled += m->status == 2;
		n->scheduled += m->status == 0;
		for (int i = 0; i < m->na; i++) {
			const struct att *x = &m->a[i];
			sqlite3_bind_int64(at, 1, m->id);
			bt(at, 2, x->kind);
			sqlite3_bind_int64(at, 3, x->uid);
			sqlite3_bind_int64(at, 4, x->pid);
			bt(at, 5, x->name);
			bt(at, 6, x->detail);
			if (x->attendance != A_NONE)
				bt(at, 7, attend_word[x->attendance]);
			if (step_ok(w, at, "meeting attendee") != 0)
				return -1;
			n->attendees++;
		}
	}
	return 0;
}

static int
put_actions(struct dbc *w, const struct wep *e, struct plan *p, struct counts *n)
{
	int idx[MAXACT];
	for (int i = 0; i < p->nact; i++) {
		int j = i;
		while (j > 0 && p->a[idx[j - 1]].added > p->a[i].added) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	sqlite3_stmt *st = db_prep(w, "INSERT INTO action(episode_id, need, what, who, by_date, status, comment,"
	    " updated_by, updated_at, version, who_person_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " (SELECT p.id FROM episode_person ep JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = ?1"
	    " AND p.given_names || ' ' || p.family_name = ?4 LIMIT 1))");
	for (int k = 0; k < p->nact; k++) {
		struct act *a = &p->a[idx[k]];
		char b1[32];
		sqlite3_bind_int64(st, 1, e->id);
		bt(st, 2, a->need_s);
		bt(st, 3, a->what);
		bt(st, 4, a->who);
		bt(st, 5, a->by_date);
		bt(st, 6, status_word[a->status]);
		bt(st, 7, a->comment);
		sqlite3_bind_int64(st, 8, a->updated_by);
		bts(st, 9, a->updated, b1);
		sqlite3_bind_int64(st, 10, a->version);
		if (step_ok(w, st, "action") != 0)
			return -1;
		a->id = sqlite3_last_insert_rowid(w->db);
		n->actions++;
	}
	st = db_prep(w, "INSERT INTO action_change(action_id, meeting_id, changed_by, changed_at, change)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)");
	for (int i = 0; i < p->nc; i++) {
		const struct chg *c = &p->c[i];
		char b1[32];
		sqlite3_bind_int64(st, 1, p->a[c->act].id);
		if (c->mtg >= 0)
			sqlite3_bind_int64(st, 2, p->m[c->mtg].id);
		sqlite3_bind_int64(st, 3, c->by);
		bts(st, 4, c->at, b1);
		bt(st, 5, c->text);
		if (step_ok(w, st, "action change") != 0)
			return -1;
		n->changes++;
	}
	return 0;
}

struct ref {
	const char *dir, *status, *urgency;
	long long eid, pid, agency, team, by, decided_by, new_eid, sent, decided;
	char reason[1400], info[800], response[600];
};

static int
put_referral(struct dbc *w, const struct ref *f)
{
	sqlite3_stmt *st = db_prep(w, "INSERT INTO referral(direction, episode_id, person_id, to_agency_id,"
	    " to_team_id, reason, urgency, info_shared, status, response, sent_by, sent_at, decided_by, decided_at,"
	    " new_episode_id) VALUES(?1, nullif(?2, 0), nullif(?3, 0), nullif(?4, 0), nullif(?5, 0), ?6, ?7, ?8,"
	    " ?9, ?10, ?11, ?12, nullif(?13, 0), ?14, nullif(?15, 0))");
	char b1[32], b2[32];
	bt(st, 1, f->dir);
	sqlite3_bind_int64(st, 2, f->eid);
	sqlite3_bind_int64(st, 3, f->pid);
	sqlite3_bind_int64(st, 4, f->agency);
	sqlite3_bind_int64(st, 5, f->team);
	bt(st, 6, f->reason);
	bt(st, 7, f->urgency);
	bt(st, 8, f->info);
	bt(st, 9, f->status);
	bt(st, 10, f->response);
	sqlite3_bind_int64(st, 11, f->by);
	bts(st, 12, f->sent, b1);
	sqlite3_bind_int64(st, 13, f->decided_by);
	bts(st, 14, f->decided, b2);
	sqlite3_bind_int64(st, 15, f->new_eid);
	return step_ok(w, st, "referral");
}

/* Step up to children's social care: from some open episodes, and each closed for that reason. */
static int
step_up(struct dbc *w, struct rng *r, const struct wep *e, const struct plan *p, struct counts *n)
{
	if (!S.csc_agency || !S.csc_user)
		return 0;
	struct ref f = { .dir = "up", .eid = e->id, .agency = S.csc_agency };
	long alloc_day = day_of(e->alloc);
	long long now = (long long)S.today * 86400;
	if (e->status == ST_CLOSED && e->stepped_up) {
		f.status = "accepted";
		f.sent = clampts(at_work(r, day_of(e->closed) - 2 - rnd(r, 12)), e->alloc + 3600, e->closed - 7200);
		f.decided = clampts(at_work(r, no_later(day_of(f.sent) + rnd(r, 3), day_of(e->closed))), f.sent + 600,
		    e->closed - 600);
	} else if (e->status == ST_OPEN && pm(r, 33)) {
		long x = rnd(r, 100);
		long lo = alloc_day + 14, d;
		if (x < 35) {
			f.status = "sent";
			d = S.today - 1 - rnd(r, 10);
		} else if (x < 75) {
			f.status = "returned";
			d = lo + rnd(r, S.today - 4 - lo);
		} else {
			f.status = "accepted";
			d = S.today - 3 - rnd(r, 57);
		}
		if (d < lo || lo >= S.today - 4)
			return 0;
		f.sent = at_work(r, d);
		if (strcmp(f.status, "sent"))
			f.decided = clampts(at_work(r, no_later(day_of(f.sent) + rnd(r, 4), S.today - 1)), f.sent + 600,
			    now - 600);
	} else
		return 0;
	if (f.sent <= e->alloc || (f.decided && f.decided <= f.sent))
		return 0;
	struct tx t = { .e = e, .r = r, .focus = -1, .day = day_of(f.sent) };
	int k = e->needs & (1 << NEED_DA) ? 0 : e->needs & (1 << NEED_SUBSTANCE) ? 2 : pm(r, 300) ? 3 : 1;
	t.focus = child_aged(&t, 4, 17);
	say(&t, up_reasons[k][0], f.reason, sizeof f.reason);
	f.urgency = up_reasons[k][1];
	if (p->has[0]) {
		char done[32], one[600];
		words(day_of(p->completed[0]), done);
		fmt(one, sizeof one, "The %s completed on %s, the family plan and the notes of the team around the"
		    " family meetings. {a} has been told about the referral.", S.def->title, done);
		say(&t, one, f.info, sizeof f.info);
	} else
		say(&t, "The request for early help and the case notes of the last month. {a} has been told about the"
		    " referral.", f.info, sizeof f.info);
	f.by = pm(r, 800) ? e->lead : team_manager(e->team);
	if (!strcmp(f.status, "returned"))
		say(&t, PICK(r, up_returned), f.response, sizeof f.response);
	if (f.decided)
		f.decided_by = S.csc_user;
	if (put_referral(w, &f) != 0)
		return -1;
	n->stepups++;
	return 0;
}

/* Step down from children's social care: the referral that opened an episode social care asked for. */
static int
step_down_accepted(struct dbc *w, struct rng *r, const struct wep *e, struct counts *n)
{
	if (!S.csc_user || e->requested_by != S.csc_user || e->status == ST_REQUESTED || e->nk == 0 ||
	    !pm(r, 700))
		return 0;
	struct ref f = { .dir = "down", .pid = e->k[0].id, .team = e->team, .status = "accepted",
		.by = S.csc_user, .decided_by = team_manager(e->team), .new_eid = e->id };
	f.sent = e->req - 3600 - rnd(r, 6 * 86400);
	if (f.sent % 86400 < 8 * 3600 || f.sent % 86400 > 18 * 3600)
		f.sent = at_work(r, day_of(f.sent));
	if (f.sent >= e->req)
		f.sent = e->req - 3600;
	f.decided = e->req;
	f.urgency = pm(r, 850) ? "within a week" : "within 24 hours";
	/* Accepting copies the referral's reason into the episode's request. */
	sqlite3_stmt *st = db_prep(w, "SELECT value FROM form_answer WHERE owner_type = 'episode.start'"
	    " AND owner_id = ?1 AND question = 'reason'");
	sqlite3_bind_int64(st, 1, e->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		fmt(f.reason, sizeof f.reason, "%s", db_col_text(st, 0));
	db_done(st);
	struct tx t = { .e = e, .r = r, .focus = 0, .day = day_of(f.sent) };
	if (!f.reason[0])
		say(&t, PICK(r, down_reasons), f.reason, sizeof f.reason);
	say(&t, "Child and family assessment summary and chronology. {a} has agreed to early help and to"
	    " information being shared with the team.", f.info, sizeof f.info);
	if (put_referral(w, &f) != 0)
		return -1;
	n->stepdowns++;
	return 0;
}

/* Commissioning requests: pending, approved or rejected, once the plan allows one. */
static int
requests(struct dbc *w, struct rng *r, const struct wep *e, const struct plan *p, struct counts *n)
{
	long long max = S.cfg->commission_max_pence;
	if (e->status != ST_OPEN || p->nh == 0 || p->nact == 0 || max < 500 || !pm(r, 55))
		return 0;
	long long t0 = e->alloc;
	for (int i = 0; i < p->nact; i++)
		if (i == 0 || p->a[i].added < t0)
			t0 = p->a[i].added;
	t0 += 3600;
	long long now = e->stop;                /* today, or the withdrawal of consent */
	int want = pm(r, 800) ? 1 : 2, last = -1;
	sqlite3_stmt *st = db_prep(w, "INSERT INTO commission(episode_id, keyworker_id, goods, supplier, amount_pence,"
	    " action_id, why, status, decided_by, decided_at, decision_reason, created_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0), ?10, ?11, ?12)");
	for (int q = 0; q < want; q++) {
		long x = rnd(r, 100);
		const char *status = x < 25 ? "pending" : x < 80 ? "approved" : "rejected";
		long long lo, hi, created, decided = 0;
		if (x < 25) {
			lo = t0 > now - 21 * 86400 ? t0 : now - 21 * 86400;
			hi = now - 3600;
		} else {
			lo = t0 > now - 730LL * 86400 ? t0 : now - 730LL * 86400;
			hi = now - 2 * 86400;
		}
		if (lo >= hi)
			continue;
		created = at_work(r, day_of(lo + (long long)rnd(r, (long)((hi - lo) / 3600)) * 3600));
		created = clampts(created, lo, hi);
		if (x >= 25)
			decided = clampts(at_work(r, no_later(day_of(created) + rnd(r, 10), day_of(now - 1))), created + 600,
			    now - 600);
		/* The plan outcome it serves: an action open then. */
		int c[MAXACT], nc = 0;
		for (int i = 0; i < p->nact; i++) {
			int s = status_at_time(p, &p->a[i], created);
			if (s == S_NOT || s == S_TRACK)
				c[nc++] = i;
		}
		if (nc == 0)
			continue;
		int k = (int)rnd(r, nc);
		if (c[k] == last && nc > 1)         /* a second request serves another outcome */
			k = (k + 1 + (int)rnd(r, nc - 1)) % nc;
		last = c[k];
		const struct act *a = &p->a[last];
		int g[NELEM(goods)], ng = 0;
		for (int i = 0; i < NELEM(goods); i++)
			if (goods[i].need == a->need)
				g[ng++] = i;
		int gi = ng ? g[rnd(r, ng)] : (int)rnd(r, NELEM(goods));
		long long amount = goods[gi].lo + rnd(r, goods[gi].hi - goods[gi].lo + 1);
		amount = pm(r, 600) ? amount / 100 * 100 : amount / 50 * 50;
		if (amount > max)
			amount = max / 100 * 100;
		if (amount < 500)
			amount = 500;
		struct tx t = { .e = e, .r = r, .day = day_of(created) };
		focus_for(&t, a->need);
		char why[800], one[600], b1[32], b2[32];
		fmt(one, sizeof one, "{a} cannot afford this at the moment and it is needed for the plan's outcome"
		    " \"%s\".", a->need_s);
		say(&t, one, why, sizeof why);
		sqlite3_bind_int64(st, 1, e->id);
		sqlite3_bind_int64(st, 2, e->lead);
		bt(st, 3, goods[gi].goods);
		bt(st, 4, goods[gi].supplier);
		sqlite3_bind_int64(st, 5, amount);
		sqlite3_bind_int64(st, 6, a->id);
		bt(st, 7, why);
		bt(st, 8, status);
		if (decided) {
			sqlite3_bind_int64(st, 9, team_manager(e->team));
			bts(st, 10, decided, b1);
		}
		bt(st, 11, x >= 80 ? PICK(r, reject_reasons) : "");
		bts(st, 12, created, b2);
		if (step_ok(w, st, "commissioning request") != 0)
			return -1;
		n->requests++;
	}
	return 0;
}

struct who_child {
	long long id, team;
	char first[64], full[240];
	int age, female, male;
};

static int
put_contact(struct dbc *w, struct rng *r, const struct wep *e, const struct who_child *ch, long received,
    int decision, long long before, struct counts *n)
{
	static const char *const words[] = { "advice", "episode", "refer", "none" };
	long long team = e ? e->team : ch->team;
	long long recorded = at_work(r, received + (pm(r, 200) ? 1 : 0));
	long long decided = 0, now = (long long)S.today * 86400;
	if (recorded >= now)
		recorded = at_work(r, received);
	if (decision >= 0) {
		long long limit = (before ? before : now) - 600;
		decided = clampts(at_work(r, no_later(received + 1 + rnd(r, 5), day_of(limit))), recorded + 600, limit);
		if (decided <= recorded || decided > limit)
			return 0;
	}
	/* A one-child stand-in so the texts can name the child. */
	struct wep one;
	if (e == NULL) {
		memset(&one, 0, sizeof one);
		one.nk = 1;
		one.k[0].id = ch->id;
		fmt(one.k[0].first, sizeof one.k[0].first, "%s", ch->first);
		fmt(one.k[0].full, sizeof one.k[0].full, "%s", ch->full);
		one.k[0].dob = S.today - (long)ch->age * 365 - 100;
		one.k[0].female = ch->female;
		one.k[0].male = ch->male;
		one.na = 1;
		fmt(one.a[0].first, sizeof one.a[0].first, "the family");
		e = &one;
	}
	struct tx t = { .e = e, .r = r, .day = received };
	t.focus = child_aged(&t, 0, 17);
	if (t.focus < 0)
		return 0;
	const struct wp *k = &e->k[t.focus];
	int age = age_on(k, received), c[NELEM(sources)], nc = 0;
	for (int i = 0; i < NELEM(sources); i++)
		if (age >= sources[i].lo && age <= sources[i].hi)
			c[nc++] = i;
	if (nc == 0)
		return 0;
	int src = c[rnd(r, nc)];
	char reason[600], note[400], b1[32], b2[32], on[16];
	say(&t, sources[src].reason, reason, sizeof reason);
	if (decision >= 0)
		say(&t, contact_notes[decision == 1 ? 1 : decision == 2 ? 2 : decision == 3 ? 3 : 0][rnd(r, 2)],
		    note, sizeof note);
	else
		note[0] = '\0';
	civil(received, on);
	sqlite3_stmt *st = db_prep(w, "INSERT INTO contact(received_on, from_agency, from_name, person_id, about,"
	    " reason, team_id, recorded_by, recorded_at, decision, decision_note, decided_by, decided_at, version)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, 0), ?13, ?14)");
	bt(st, 1, on);
	bt(st, 2, sources[src].agency);
	bt(st, 3, sources[src].name);
	sqlite3_bind_int64(st, 4, k->id);
	bt(st, 5, k->full);
	bt(st, 6, reason);
	sqlite3_bind_int64(st, 7, team);
	sqlite3_bind_int64(st, 8, team_member(r, team));
	bts(st, 9, recorded, b1);
	if (decision >= 0) {
		bt(st, 10, words[decision]);
		sqlite3_bind_int64(st, 12, team_manager(team));
		bts(st, 13, decided, b2);
	}
	bt(st, 11, note);
	sqlite3_bind_int64(st, 14, decision >= 0 ? 2 : 1);
	if (step_ok(w, st, "contact") != 0)
		return -1;
	n->contacts++;
	return 0;
}

/* ---- the episode units ---------------------------------------------------------------- */

static struct wep *E;
static int NE;
static struct plan P;
static char ABUF[3][FORM_MAX_Q][ANSWER];

static int
read_chunk(struct dbc *w, long long lo, long long hi)
{
	static int map[UNIT_EPISODES];
	NE = 0;
	for (long long i = 0; i <= hi - lo; i++)
		map[i] = -1;
	sqlite3_stmt *st = db_prep(w, "SELECT id, status, team_id, coalesce(lead_id, 0), requested_by, requested_at,"
	    " coalesce(allocated_at, ''), coalesce(closed_at, ''), coalesce(closure_reason, '') FROM episode"
	    " WHERE id BETWEEN ?1 AND ?2 AND status IN ('requested', 'open', 'closed') ORDER BY id");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct wep *e = &E[NE];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(st, 0);
		const char *s = db_col_text(st, 1);
		e->status = !strcmp(s, "open") ? ST_OPEN : !strcmp(s, "closed") ? ST_CLOSED : ST_REQUESTED;
		e->team = sqlite3_column_int64(st, 2);
		e->lead = sqlite3_column_int64(st, 3);
		e->requested_by = sqlite3_column_int64(st, 4);
		e->req = parse_ts(db_col_text(st, 5));
		e->alloc = parse_ts(db_col_text(st, 6));
		e->closed = parse_ts(db_col_text(st, 7));
		const char *why = db_col_text(st, 8);
		e->closing = strstr(why, "social care") ? C_CSC : strstr(why, "met") ? C_MET : strstr(why, "moved")
		    ? C_MOVED : strstr(why, "no longer") ? C_DECLINED : strstr(why, "universal") ? C_UNIVERSAL : C_OTHER;
		e->stepped_up = e->closing == C_CSC;
		e->stop = e->status == ST_CLOSED && e->closed ? e->closed : (long long)S.today * 86400;
		map[e->id - lo] = NE++;
	}
	db_done(st);
	st = db_prep(w, "SELECT ep.episode_id, ep.role, p.id, p.given_names, p.family_name, coalesce(p.dob, ''),"
	    " p.unborn, p.gender FROM episode_person ep JOIN person p ON p.id = ep.person_id"
	    " WHERE ep.episode_id BETWEEN ?1 AND ?2 ORDER BY ep.episode_id, p.id");
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = map[sqlite3_column_int64(st, 0) - lo];
		if (i < 0)
			continue;
		struct wep *e = &E[i];
		int child = !strcmp(db_col_text(st, 1), "child");
		if (child ? e->nk == MAXK : e->na == MAXA)
			continue;
		struct wp *x = child ? &e->k[e->nk++] : &e->a[e->na++];
		x->id = sqlite3_column_int64(st, 2);
		const char *given = db_col_text(st, 3);
		size_t l = strcspn(given, " ");
		fmt(x->first, sizeof x->first, "%.*s", (int)(l < sizeof x->first ? l : sizeof x->first - 1), given);
		fmt(x->full, sizeof x->full, "%s %s", given, db_col_text(st, 4));
		long long dob = parse_ts(db_col_text(st, 5));
		x->dob = *db_col_text(st, 5) ? day_of(dob) : NOT_KNOWN;
		x->unborn = sqlite3_column_int(st, 6);
		x->female = !strcmp(db_col_text(st, 7), "female");
		x->male = !strcmp(db_col_text(st, 7), "male");
	}
	db_done(st);
	st = db_prep(w, "SELECT t.episode_id, t.id, coalesce(t.user_id, 0), coalesce(nullif(u.display_name, ''),"
	    " u.username, t.ext_name), coalesce(g.name, t.ext_agency, ''), t.added_at, coalesce(t.ended_at, '')"
	    " FROM taf_member t LEFT JOIN user u ON u.id = t.user_id LEFT JOIN agency g ON g.id = u.agency_id"
	    " WHERE t.episode_id BETWEEN ?1 AND ?2 ORDER BY t.episode_id, t.id");
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = map[sqlite3_column_int64(st, 0) - lo];
		if (i < 0 || E[i].nt == MAXT)
			continue;
		struct wt *t = &E[i].t[E[i].nt++];
		t->id = sqlite3_column_int64(st, 1);
		t->uid = sqlite3_column_int64(st, 2);
		fmt(t->name, sizeof t->name, "%s", db_col_text(st, 3));
		fmt(t->detail, sizeof t->detail, "%s", db_col_text(st, 4));
		t->added = parse_ts(db_col_text(st, 5));
		t->ended = parse_ts(db_col_text(st, 6));
	}
	db_done(st);
	/* Only the last consent row counts: a withdrawal stops the work there. */
	st = db_prep(w, "SELECT episode_id, kind, recorded_at FROM consent WHERE episode_id BETWEEN ?1 AND ?2"
	    " ORDER BY episode_id, id");
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = map[sqlite3_column_int64(st, 0) - lo];
		if (i < 0)
			continue;
		E[i].withdrawn = !strcmp(db_col_text(st, 1), "withdrawn");
		if (E[i].withdrawn && E[i].status == ST_OPEN)
			E[i].stop = parse_ts(db_col_text(st, 2));
		else if (E[i].status == ST_OPEN)
			E[i].stop = (long long)S.today * 86400;
	}
	db_done(st);
	st = db_prep(w, "SELECT owner_id, value FROM form_answer WHERE owner_type = 'episode.start'"
	    " AND owner_id BETWEEN ?1 AND ?2 AND question = 'needs'");
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i = map[sqlite3_column_int64(st, 0) - lo];
		if (i < 0)
			continue;
		const char *v = db_col_text(st, 1);
		for (int k = 0; k < NNEEDS; k++)
			if (strstr(v, need_names[k]))
				E[i].needs |= 1 << k;
	}
	db_done(st);
	/* What the first adult is to the first child (for "Mum", "Dad", "Nan"). */
	st = db_prep(w, "SELECT a_is FROM relationship WHERE person_a = ?1 AND person_b = ?2 AND ended_at IS NULL"
	    " LIMIT 1");
	for (int i = 0; i < NE; i++) {
		struct wep *e = &E[i];
		if (e->status == ST_REQUESTED || e->nk == 0)
			continue;
		for (int j = 0; j < e->na; j++) {
			sqlite3_bind_int64(st, 1, e->a[j].id);
			sqlite3_bind_int64(st, 2, e->k[0].id);
			if (sqlite3_step(st) == SQLITE_ROW)
				fmt(e->a[j].rel, sizeof e->a[j].rel, "%s", db_col_text(st, 0));
			sqlite3_reset(st);
		}
	}
	db_done(st);
	return 0;
}

static int
episode_work(struct dbc *w, struct wep *e, struct counts *n)
{
	struct rng r = { .s = S.seed ^ ((uint64_t)e->id * 0xd1b54a32d192ed03ULL) };
	next64(&r);
	if (e->nk == 0 || e->na == 0)
		return 0;
	n->episodes++;
	/* Who each need is about, as at the start of the work. */
	struct tx t0 = { .e = e, .r = &r, .focus = -1, .day = day_of(e->alloc ? e->alloc : e->req) + 30 };
	for (int i = 0; i < NNEEDS; i++)
		e->focus[i] = -1;
	for (int i = 0; i < NNEEDS; i++)
		if (e->needs & (1 << i)) {
			focus_for(&t0, i);
			e->focus[i] = t0.focus;
		}
	/* A contact decided "start an episode" before some requests made by the team. */
	const struct wuser *rq = user_by_id(e->requested_by);
	long req_day = day_of(e->req);
	if (rq && rq->team == e->team && req_day > S.today - 730 && pm(&r, 100)) {
		long received = req_day - 2 - rnd(&r, 12);
		if (put_contact(w, &r, e, NULL, received, 1, e->req, n) != 0)
			return -1;
	}
	if (step_down_accepted(w, &r, e, n) != 0)
		return -1;
	struct plan *p = &P;
	plan_episode(&r, e, p);
	/* Assessments: the first, the reassessment (from a copy of the first), a draft. */
	long long prev = 0;
	struct form_values v[3];
	for (int which = 0; which < 3; which++) {
		if (!p->has[which])
			continue;
		struct tx t = { .e = e, .r = &r, .focus = -1, .day = p->seen[which] };
		int again = which == 1 || (which == 2 && prev);
		answers(&t, e->needs, p->sc[which], p->up[which], again, p->seen[which], ABUF[which], &v[which]);
		const struct form_values *copied = which == 2 && prev ? &v[p->has[1] ? 1 : 0] : NULL;
		long long id = put_assessment(w, e, p, which, which == 0 ? 0 : prev, &v[which], copied, n);
		if (id == 0)
			return -1;
		prev = which == 2 ? prev : id;
	}
	if (put_meetings(w, e, p, n) != 0 || put_actions(w, e, p, n) != 0)
		return -1;
	if (step_up(w, &r, e, p, n) != 0 || requests(w, &r, e, p, n) != 0)
		return -1;
	return 0;
}

struct unit {
	long long lo, hi, first;
	struct counts n;
};

static int
work_unit(struct dbc *w, void *arg)
{
	struct unit *u = arg;
	memset(&u->n, 0, sizeof u->n);
	if (S.def_id == 0 && (S.def_id = form_def_id(w, S.def)) == 0)
		return -1;
	if (read_chunk(w, u->lo, u->hi) != 0)
		return -1;
	for (int i = 0; i < NE; i++)
		if (episode_work(w, &E[i], &u->n) != 0)
			return -1;
	char detail[160];
	fmt(detail, sizeof detail, "%lld assessments, %lld meetings, %lld actions, %lld referrals, %lld requests",
	    u->n.assessments, u->n.meetings, u->n.actions, u->n.stepups + u->n.stepdowns, u->n.requests);
	struct audit_entry a = { .action = "demo.casework", .record_type = "episode", .record_id = u->lo,
		.route = "cli", .ip = "", .detail = detail };
	return audit_add(w, &a);
}

/* ---- contacts and step-downs for families without an episode -------------------------- */

/* A child (0 to 17) not in any episode, picked at random; 0 if none found. */
static int
pick_child(struct dbc *w, struct rng *r, struct who_child *c)
{
	sqlite3_stmt *st = db_prep(w, "SELECT p.given_names, p.family_name, p.dob, p.gender, p.created_by"
	    " FROM person p WHERE p.id = ?1 AND p.unborn = 0 AND p.dob IS NOT NULL AND NOT EXISTS"
	    " (SELECT 1 FROM episode_person ep WHERE ep.person_id = p.id)");
	for (int tries = 0; tries < 60; tries++) {
		long long id = S.pmin + (long long)rnd(r, (long)(S.pmax - S.pmin + 1));
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			continue;
		}
		int age = (int)((S.today - day_of(parse_ts(db_col_text(st, 2)))) * 4 / 1461);
		if (age < 0 || age > 17) {
			sqlite3_reset(st);
			continue;
		}
		c->id = id;
		const char *given = db_col_text(st, 0);
		size_t l = strcspn(given, " ");
		fmt(c->first, sizeof c->first, "%.*s", (int)(l < sizeof c->first ? l : sizeof c->first - 1), given);
		fmt(c->full, sizeof c->full, "%s %s", given, db_col_text(st, 1));
		c->age = age;
		c->female = !strcmp(db_col_text(st, 3), "female");
		c->male = !strcmp(db_col_text(st, 3), "male");
		const struct wuser *u = user_by_id(sqlite3_column_int64(st, 4));
		c->team = S.team[0];
		for (int t = 1; u && t < S.nteams; t++)
			if (u->team == S.team[t])
				c->team = S.team[t];
		db_done(st);
		return 1;
	}
	db_done(st);
	return 0;
}

struct cunit {
	uint64_t seed;
	long contacts, stepdowns;
	struct counts n;
};

static int
contacts_unit(struct dbc *w, void *arg)
{
	struct cunit *u = arg;
	memset(&u->n, 0, sizeof u->n);
	struct rng r = { .s = u->seed };
	next64(&r);
	for (long i = 0; i < u->contacts; i++) {
		struct who_child c;
		if (!pick_child(w, &r, &c))
			break;
		long x = rnd(&r, 100);
		int awaiting = x < 15;
		long received = awaiting ? S.today - 1 - rnd(&r, 14) : S.today - 8 - rnd(&r, 722);
		int decision = awaiting ? -1 : x < 55 ? 0 : x < 80 ? 3 : x < 90 ? 2 : 1;
		if (decision == 1 && received < S.today - 30)
			decision = 0;               /* an episode would have followed by now */
		if (put_contact(w, &r, NULL, &c, received, decision, 0, &u->n) != 0)
			return -1;
	}
	for (long i = 0; i < u->stepdowns && S.csc_user; i++) {
		struct who_child c;
		if (!pick_child(w, &r, &c))
			break;
		struct wep one;
		memset(&one, 0, sizeof one);
		one.nk = one.na = 1;
		one.k[0].id = c.id;
		fmt(one.k[0].first, sizeof one.k[0].first, "%s", c.first);
		fmt(one.k[0].full, sizeof one.k[0].full, "%s", c.full);
		one.k[0].dob = S.today - (long)c.age * 365 - 100;
		one.k[0].female = c.female;
		one.k[0].male = c.male;
		fmt(one.a[0].first, sizeof one.a[0].first, "the family");
		struct ref f = { .dir = "down", .pid = c.id, .team = c.team, .by = S.csc_user,
			.urgency = pm(&r, 850) ? "within a week" : "within 24 hours" };
		int returned = pm(&r, 500);
		long d = returned ? S.today - 5 - rnd(&r, 360) : S.today - 1 - rnd(&r, 10);
		f.sent = at_work(&r, d);
		struct tx t = { .e = &one, .r = &r, .focus = 0, .day = d };
		say(&t, PICK(&r, down_reasons), f.reason, sizeof f.reason);
		expand(&t, "Child and family assessment summary and chronology. The family have agreed to a referral"
		    " to early help.", f.info, sizeof f.info);
		f.status = returned ? "returned" : "sent";
		if (returned) {
			f.decided_by = team_manager(c.team);
			f.decided = at_work(&r, no_later(d + 1 + rnd(&r, 3), S.today - 1));
			say(&t, PICK(&r, down_returned), f.response, sizeof f.response);
		}
		if (put_referral(w, &f) != 0)
			return -1;
		u->n.stepdowns++;
	}
	char detail[80];
	fmt(detail, sizeof detail, "%lld contacts, %lld referrals", u->n.contacts, u->n.stepdowns);
	struct audit_entry a = { .action = "demo.contacts", .record_type = "contact", .route = "cli", .ip = "",
		.detail = detail };
	return audit_add(w, &a);
}

/* ---- set-up and the run ---------------------------------------------------------------- */

struct lookup {
	long long have, episodes, lo, hi;
	const char *missing;
};

static int
lookup_unit(struct dbc *w, void *arg)
{
	struct lookup *l = arg;
	l->have = db_int(w, "SELECT EXISTS(SELECT 1 FROM assessment)", -1);
	if (l->have)
		return l->have < 0;
	S.nu = 0;
	long long users = db_int(w, "SELECT count(*) FROM user WHERE active = 1", -1);
	if (users < 0)
		return -1;
	S.u = calloc((size_t)(users ? users : 1), sizeof *S.u);
	if (S.u == NULL)
		return -1;
	sqlite3_stmt *st = db_prep(w, "SELECT id, coalesce(nullif(display_name, ''), username), username,"
	    " coalesce(team_id, 0), role = 'manager' FROM user WHERE active = 1 ORDER BY id");
	while (st && sqlite3_step(st) == SQLITE_ROW && S.nu < users) {
		struct wuser *u = &S.u[S.nu++];
		u->id = sqlite3_column_int64(st, 0);
		u->name = strdup(db_col_text(st, 1));
		u->username = strdup(db_col_text(st, 2));
		u->team = sqlite3_column_int64(st, 3);
		u->manager = sqlite3_column_int(st, 4);
		if (!u->name || !u->username)
			return -1;
	}
	db_done(st);
	if (index_teams() != 0)
		return -1;
	long long mn = user_named("manager.north"), ms = user_named("manager.south");
	if (!mn || !ms) {
		l->missing = mn ? "manager.south" : "manager.north";
		return 0;
	}
	S.team[0] = user_by_id(mn)->team;
	S.team[1] = user_by_id(ms)->team;
	S.nteams = 2;
	/* The further teams, as far as their managers go on without a gap. */
	for (; S.nteams < DEMO_MAX_TEAMS; S.nteams++) {
		char username[32];
		demo_manager_name(S.nteams, username, sizeof username);
		long long id = user_named(username);
		if (id == 0)
			break;
		S.team[S.nteams] = user_by_id(id)->team;
	}
	S.csc_user = user_named("csc.manager");
	S.csc_agency = db_int(w, "SELECT coalesce(min(id), 0) FROM agency WHERE kind = 'childrens social care'", 0);
	l->episodes = db_int(w, "SELECT count(*) FROM episode", 0);
	l->lo = db_int(w, "SELECT coalesce(min(id), 0) FROM episode", 0);
	l->hi = db_int(w, "SELECT coalesce(max(id), 0) FROM episode", 0);
	S.pmin = db_int(w, "SELECT coalesce(min(id), 0) FROM person", 0);
	S.pmax = db_int(w, "SELECT coalesce(max(id), 0) FROM person", 0);
	S.people = db_int(w, "SELECT count(*) FROM person", 0);
	return 0;
}

static void
tally(const struct counts *n)
{
	S.episodes += n->episodes;
	S.assessments += n->assessments;
	S.completed += n->completed;
	S.reassessed += n->reassessed;
	S.drafts += n->drafts;
	S.answers += n->answers;
	S.meetings += n->meetings;
	S.held += n->held;
	S.cancelled += n->cancelled;
	S.scheduled += n->scheduled;
	S.attendees += n->attendees;
	S.actions += n->actions;
	S.changes += n->changes;
	S.stepups += n->stepups;
	S.stepdowns += n->stepdowns;
	S.requests += n->requests;
	S.contacts += n->contacts;
}

static void
free_users(void)
{
	for (int i = 0; i < S.nu; i++) {
		free(S.u[i].name);
		free(S.u[i].username);
	}
	free(S.u);
	free(S.tm);
	free(S.members);
	S.u = NULL;
	S.tm = NULL;
	S.members = NULL;
	S.nu = S.ntm = 0;
	free(E);
	E = NULL;
}

int
demo_work(const struct config *cfg, unsigned long seed)
{
	memset(&S, 0, sizeof S);
	S.cfg = cfg;
	S.today = (long)(time(NULL) / 86400);
	S.seed = 0x45484d2d776f726bULL ^ ((uint64_t)seed * 0x9e3779b97f4a7c15ULL);
	struct lookup l = { 0 };
	if (writer_run(lookup_unit, &l) != 0) {
		fprintf(stderr, "demo: cannot look up the demo teams and users\n");
		free_users();
		return 1;
	}
	if (l.have) {
		fprintf(stderr, "demo: the database already has assessments; no demo casework added\n");
		free_users();
		return 0;
	}
	if (l.missing) {
		fprintf(stderr, "demo: '%s' is missing, so no casework can be made\n", l.missing);
		free_users();
		return 1;
	}
	S.def = form_get(cfg->assessment_form);
	if (S.def == NULL) {
		fprintf(stderr, "demo: the assessment form '%s' is not loaded (check [terminology]"
		    " assessment_form and [database] forms)\n", cfg->assessment_form);
		free_users();
		return 1;
	}
	E = malloc(sizeof *E * UNIT_EPISODES);
	if (E == NULL) {
		fprintf(stderr, "demo: out of memory\n");
		free_users();
		return 1;
	}
	S.next_report = REPORT_EVERY;
	for (long long lo = l.lo; l.episodes && lo <= l.hi; lo += UNIT_EPISODES) {
		struct unit u = { .lo = lo, .hi = lo + UNIT_EPISODES - 1 };
		int rc = writer_run(work_unit, &u);
		if (rc != 0) {
			fprintf(stderr, "demo: adding the casework failed at episode %lld (%d); start again with a"
			    " new database\n", lo, rc);
			free_users();
			return 1;
		}
		tally(&u.n);
		if (S.episodes >= S.next_report && lo + UNIT_EPISODES <= l.hi) {
			fprintf(stderr, "demo: casework for %lld of %lld episodes\n", S.episodes, l.episodes);
			while (S.next_report <= S.episodes)
				S.next_report += REPORT_EVERY;
		}
	}
	/* About one contact for every twenty households (of about three people), and a few step-downs. */
	long contacts = (long)(S.people / 85), stepdowns = (long)(S.people / 2500);
	if (S.people > 0 && contacts == 0)
		contacts = 1;
	struct rng cr = { .s = S.seed ^ 0x636f6e7461637473ULL };
	for (long done = 0; S.people && (done < contacts || done == 0); done += UNIT_CONTACTS) {
		struct cunit u = { .seed = next64(&cr),
			.contacts = contacts - done < UNIT_CONTACTS ? contacts - done : UNIT_CONTACTS,
			.stepdowns = done == 0 ? stepdowns : 0 };
		if (writer_run(contacts_unit, &u) != 0) {
			fprintf(stderr, "demo: adding contacts failed; start again with a new database\n");
			free_users();
			return 1;
		}
		tally(&u.n);
	}
	if (S.assessments || S.meetings || S.contacts || S.stepups || S.stepdowns)
		fprintf(stderr, "demo: %lld assessments (%lld completed, %lld reassessments, %lld drafts), %lld"
		    " meetings (%lld held, %lld cancelled, %lld scheduled), %lld actions, %lld contacts, %lld referrals"
		    " (%lld step up, %lld step down), %lld commissioning requests added\n", S.assessments, S.completed,
		    S.reassessed, S.drafts, S.meetings, S.held, S.cancelled, S.scheduled, S.actions, S.contacts,
		    S.stepups + S.stepdowns, S.stepups, S.stepdowns, S.requests);
	free_users();
	return 0;
}
