/*
 * demo_episodes.c -- episodes of early help for the demo families: about one
 * household in three, a tenth still awaiting allocation, six tenths open
 * (some for well over nine months), three tenths closed; a few families
 * closed earlier come back with a new episode.
 *
 * Each episode is stored as the real request, allocation and closure store
 * it (episode.c, taf.c, note.c, forms.c): the children and one or two
 * adults, the consent statement recorded with the request (the team's
 * agency, often the school or community health too), the start form's
 * answers, the lead (one of the team's practitioners), the team around the
 * family and a new consent statement after it changed, now and then a
 * withdrawal, the closure form copied from the start form with an outcome,
 * and case notes written by the lead or the TAF's practitioners about the
 * children by name: on average ten per person in the population, each with
 * its first version and the children it concerns.
 *
 * Each household comes with its early help team (North, South, or one of
 * the further teams of a large population: demo_teams), whose manager
 * allocates and closes its episodes and whose practitioners lead them (the
 * team's first practitioner, practitioner.north, .south or pr.tNN.00, more
 * often than the others) and join their teams around the family.
 *
 * Households are offered by demo_people in the order they are stored; every
 * decision comes from a splitmix64 generator seeded from --seed (not the
 * people's one, so the people stay as they were), and each episode's texts
 * and notes from a generator of its own, so a seed always gives the same
 * episodes and notes; only dates move with today, and nothing happens today
 * (so two runs on one day agree to the millisecond).  Episodes are written
 * in units of UNIT_EPISODES with one audit row each; notes are numbered in
 * (episode, id) order, so they are stored clustered by episode, and
 * sqlite_sequence for note_seq is moved past them so later notes follow on.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "demo.h"
#include "demo_gen.h"
#include "episode.h"
#include "forms.h"
#include "writer.h"

#define UNIT_EPISODES 2000
#define MAXKIDS 7
#define MAXTAF 5
#define MAXNOTES 2000
#define REPORT_NOTES 1000000L
#define EPISODE_PM 420       /* households with children given an episode, per thousand */
#define AGAIN_PM 120         /* closed episodes followed by a new one */

/* ---- who is involved ------------------------------------------------------------ */

/*
 * Users by index: the managers and named practitioners of North and South, the
 * teacher, health visitor and social care manager, the extra practitioners of
 * North and South (U_X …), then each further team's manager and practitioners
 * (U_T …, TEAM_USERS each).
 */
enum { U_MGR, U_PR = 2, U_TEACHER = 4, U_HV, U_CSC, U_X, U_T = U_X + 2 * DEMO_EXTRA_PRACTITIONERS };
#define TEAM_USERS (DEMO_EXTRA_PRACTITIONERS + 2)
#define NUSERS (U_T + (DEMO_MAX_TEAMS - 2) * TEAM_USERS)
enum { AG_LA = 1, AG_SCHOOL = 2, AG_HEALTH = 4 };
enum { ST_REQUESTED, ST_OPEN, ST_CLOSED };

static int
team_manager(int team)
{
	return team < 2 ? U_MGR + team : U_T + (team - 2) * TEAM_USERS;
}

/* A team's practitioners: the named one, then the extras. */
static int
team_practitioner(int team, int k)
{
	if (team >= 2)
		return U_T + (team - 2) * TEAM_USERS + 1 + k;
	return k == 0 ? U_PR + team : U_X + team * DEMO_EXTRA_PRACTITIONERS + k - 1;
}

/*
 * The lead: the named practitioner (weight 20 against 1 for each extra, so
 * they carry about 200 open cases, lead or TAF), then the extras.
 */
#define NAMED_WEIGHT 20
static int
pick_lead(struct rng *r, int team)
{
	long k = rnd(r, DEMO_EXTRA_PRACTITIONERS + NAMED_WEIGHT);
	return team_practitioner(team, k < NAMED_WEIGHT ? 0 : (int)(k - NAMED_WEIGHT + 1));
}

struct kid {
	long long id;
	char first[48], full[112];
	int age, female, unborn;
	const char *gender;
};

struct adult {
	long long id;
	char first[48], full[112];
	int female;
};

struct taf {
	int user;                 /* a users index, or -1: someone from outside */
	long long added, ended;   /* ended 0: still a member */
};

struct ep {
	int status, team, nk, na, ntaf, nnotes;
	struct kid k[MAXKIDS];
	struct adult a[2];
	int requester, lead, young;      /* young: a young person gave consent */
	long long req, alloc, closed, restated, withdrawn;
	long consent_day, close_day, end_day;   /* end_day: the last day of notes */
	int how, how2, agencies, reason;
	struct taf t[MAXTAF];
	uint64_t seed;                   /* the episode's texts and notes */
};

static struct {
	int on, disabled;
	struct rng r;
	long today;
	int teams;
	long long uid[NUSERS], team[DEMO_MAX_TEAMS], agency[3];
	const struct form_def *start, *closure;
	char *reasons_buf;
	const char *reasons[32];
	int nreasons;
	struct ep *e;
	int n;
	long long episodes, notes, next_report, by_status[3];
} S;

/* ---- planning an episode (the household-order generator) ------------------------- */

static const char *const how_opts[] = { "in person", "by phone", "in writing", "by email", "other" };

static int
pick_how(struct rng *r)
{
	long x = rnd(r, 100);
	return x < 45 ? 0 : x < 75 ? 1 : x < 90 ? 2 : x < 98 ? 3 : 4;
}

static void
first_name(const char *given, char *out, size_t n)
{
	size_t l = strcspn(given, " ");
	if (l >= n)
		l = n - 1;
	memcpy(out, given, l);
	out[l] = '\0';
}

/*
 * Fill e from the household for an episode requested on req_day: the children
 * born by then (an unborn baby only in a recent request), one or two adults.
 * 0 if no child fits.
 */
static int
members(struct rng *r, struct ep *e, const struct demo_member *m, int n, long req_day)
{
	e->nk = e->na = 0;
	long since = S.today - req_day;
	for (int i = 0; i < n; i++) {
		if (m[i].adult) {
			if (e->na == 0 || (e->na == 1 && pm(r, 550))) {
				struct adult *a = &e->a[e->na++];
				a->id = m[i].id;
				first_name(m[i].given, a->first, sizeof a->first);
				fmt(a->full, sizeof a->full, "%s %s", a->first, m[i].family);
				a->female = m[i].female;
			}
			continue;
		}
		int fits = m[i].age < 0 ? since < 200 && e->status != ST_CLOSED
		    : since < (long)m[i].age * 365;
		if (!fits || e->nk == MAXKIDS)
			continue;
		struct kid *k = &e->k[e->nk++];
		k->id = m[i].id;
		first_name(m[i].given, k->first, sizeof k->first);
		fmt(k->full, sizeof k->full, "%s %s", k->first, m[i].family);
		k->age = m[i].age;
		k->female = m[i].female;
		k->unborn = m[i].age < 0;
		k->gender = m[i].gender;
	}
	return e->nk > 0 && e->na > 0;
}

static int
has_age(const struct ep *e, int lo, int hi)
{
	for (int i = 0; i < e->nk; i++)
		if (e->k[i].unborn ? lo < 0 : e->k[i].age >= lo && e->k[i].age <= hi)
			return 1;
	return 0;
}

/* The dates, people and team around the family of one episode; 0 to drop it. */
static int
plan(struct rng *r, struct ep *e, const struct demo_member *m, int n, int team, int status,
    long earliest)
{
	memset(e, 0, sizeof *e);
	e->team = team;
	e->status = status;
	long yesterday = S.today - 1;
	long req_day, alloc_day = 0;
	if (status == ST_REQUESTED) {
		req_day = yesterday - rnd(r, 30);
	} else if (status == ST_OPEN) {
		long dur = pm(r, 750) ? rnd(r, 270) : 270 + rnd(r, 630);
		alloc_day = yesterday - dur;
		req_day = alloc_day - 1 - rnd(r, 20);
	} else {
		e->close_day = yesterday - rnd(r, 900);
		alloc_day = e->close_day - 45 - rnd(r, 500);
		req_day = alloc_day - 1 - rnd(r, 20);
	}
	if (req_day < earliest) {          /* a family's new episode after their last */
		long shift = earliest - req_day;
		req_day += shift;
		alloc_day += shift;
		e->close_day += shift;
		if (req_day >= yesterday || alloc_day > yesterday || e->close_day > yesterday)
			return 0;
	}
	uint64_t seed = next64(r);
	if (!members(r, e, m, n, req_day))
		return 0;
	e->seed = seed;

	/* Who asked: the team's manager or a practitioner, school, health, or a step-down. */
	long w = rnd(r, 100);
	e->requester = w < 35 ? team_manager(team) : w < 60 ? pick_lead(r, team) : w < 80 ? U_TEACHER
	    : w < 95 ? U_HV : U_CSC;
	e->req = at_work(r, req_day);
	e->consent_day = req_day - rnd(r, 8);
	e->how = pick_how(r);
	e->agencies = AG_LA;
	if (pm(r, 500)) {
		int school = has_age(e, 4, 16), health = has_age(e, -1, 4);
		long x = rnd(r, 100);
		/* Health alone when no child is of school age; school alone less often with a baby. */
		e->agencies |= !school ? AG_HEALTH : x < (health ? 30 : 45) ? AG_SCHOOL
		    : x < 65 ? AG_HEALTH : AG_SCHOOL | AG_HEALTH;
	}
	e->young = has_age(e, 14, 17) && pm(r, 40);
	if (status == ST_REQUESTED)
		return 1;

	e->lead = pick_lead(r, team);
	e->alloc = at_work(r, alloc_day);
	if (e->alloc <= e->req)
		e->alloc = e->req + 3600;
	e->end_day = status == ST_CLOSED ? e->close_day : yesterday;
	long span = e->end_day - alloc_day;

	/* The team around the family, added by the lead in the first weeks. */
	int cand[4], nc = 0;          /* users indexes; 0 (a manager's): a colleague, -1: outside */
	if (pm(r, 150))
		cand[nc++] = 0;
	if ((e->agencies & AG_SCHOOL) && pm(r, 300))
		cand[nc++] = U_TEACHER;
	if ((e->agencies & AG_HEALTH) && pm(r, 200))
		cand[nc++] = U_HV;
	if (pm(r, 200))
		cand[nc++] = -1;
	long long last = 0;
	for (int i = 0; i < nc; i++) {
		struct taf *t = &e->t[e->ntaf++];
		t->user = cand[i];
		if (t->user == 0) {
			do
				t->user = team_practitioner(team, (int)rnd(r, DEMO_EXTRA_PRACTITIONERS + 1));
			while (t->user == e->lead);
		}
		long day = alloc_day + rnd(r, (span < 60 ? span : 60) + 1);
		t->added = at_work(r, day);
		if (t->added <= e->alloc)
			t->added = e->alloc + 600 + rnd(r, 3600);
		if (t->added > last)
			last = t->added;
		long left = e->end_day - day;
		if (left > 21 && pm(r, 150)) {
			t->ended = at_work(r, day + 14 + rnd(r, left - 14));
			if (t->ended > last)
				last = t->ended;
		}
	}
	/* A new consent statement once the team around the family changed. */
	if (e->ntaf) {
		e->restated = last + 600 + rnd(r, 2 * 3600);
		long long limit = (long long)e->end_day * 86400 + 86000;
		if (e->restated > limit)
			e->restated = limit;
		e->how2 = pick_how(r);
	}
	long long from = e->restated ? e->restated : e->alloc;
	long fday = (long)(from / 86400);
	if (status == ST_OPEN && pm(r, 30) && fday < yesterday) {
		e->withdrawn = at_work(r, fday + 1 + rnd(r, yesterday - fday));
		e->end_day = (long)(e->withdrawn / 86400);
		for (int i = 0; i < e->ntaf; i++) {
			struct taf *t = &e->t[i];
			int same = t->user >= 0 && t->user != U_TEACHER && t->user != U_HV;
			if (!t->ended && !same)
				t->ended = e->withdrawn;
		}
	}
	if (status == ST_CLOSED) {
		long cday = e->close_day + rnd(r, 4);
		if (cday > yesterday)
			cday = yesterday;
		e->closed = (long long)cday * 86400 + 17 * 3600 + 2700 + rnd(r, 3600);
		if (e->restated >= e->closed)
			e->restated = e->closed - 60;
		long x = rnd(r, 100);
		e->reason = S.nreasons < 2 || x < 50 ? 0 : 1 + (int)rnd(r, S.nreasons - 1);
	}
	/* Case notes: about two a week, more for more children, none on the day of allocation. */
	long days = e->end_day - alloc_day;
	int kidw = e->nk < 4 ? e->nk : 4;
	long nn = days * (306 + 77 * kidw) * (70 + rnd(r, 61)) / 100000;
	e->nnotes = (int)(nn > MAXNOTES ? MAXNOTES : nn);
	return 1;
}

/* ---- texts (the episode's own generator) -------------------------------------------- */

enum { NEED_SCHOOL, NEED_BEHAVIOUR, NEED_EMOTIONAL, NEED_HEALTH, NEED_PARENTING, NEED_DA,
	NEED_HOUSING, NEED_MONEY, NEED_SUBSTANCE, NEED_CARER, NEED_OTHER, NNEEDS };

static const char *const need_names[NNEEDS] = { "School attendance", "Behaviour",
	"Emotional wellbeing", "Physical health", "Parenting support", "Domestic abuse", "Housing",
	"Money and debt", "Substance use", "Young carer", "Other" };

static const int need_weight[NNEEDS] = { 22, 14, 16, 6, 14, 7, 8, 7, 3, 3, 3 };

/* Text with {x} placeholders filled from the episode (t->focus is the child it is about). */
struct txt {
	const struct ep *e;
	struct rng *r;
	int focus;                /* index in e->k, or -1 (no child born yet) */
};

static const char *
pronoun(const struct kid *k, int which)
{
	static const char *const p[3][4] = {
		{ "she", "her", "her", "She" }, { "he", "his", "him", "He" },
		{ "they", "their", "them", "They" } };
	int g = !k ? 2 : !strcmp(k->gender, "female") ? 0 : !strcmp(k->gender, "male") ? 1 : 2;
	return p[g][which];
}

static void
kids_phrase(const struct ep *e, char *out, size_t n)
{
	const char *names[MAXKIDS];
	int c = 0;
	for (int i = 0; i < e->nk; i++)
		if (!e->k[i].unborn)
			names[c++] = e->k[i].first;
	if (c == 0) {
		fmt(out, n, "the baby");
		return;
	}
	size_t l = 0;
	out[0] = '\0';
	for (int i = 0; i < c && l < n; i++) {
		const char *sep = i == 0 ? "" : i == c - 1 ? " and " : ", ";
		int w = snprintf(out + l, n - l, "%s%s", sep, names[i]);
		if (w < 0)
			break;
		l += (size_t)w;
	}
}

static void
expand(struct txt *t, const char *tpl, char *out, size_t n)
{
	const struct ep *e = t->e;
	const struct kid *k = t->focus >= 0 ? &e->k[t->focus] : NULL;
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
		else if (IS("k")) {
			kids_phrase(e, tmp, sizeof tmp);
			v = tmp;
		} else if (IS("were") || IS("are")) {
			int born = 0;
			for (int i = 0; i < e->nk; i++)
				born += !e->k[i].unborn;
			v = IS("were") ? (born > 1 ? "were" : "was") : born > 1 ? "are" : "is";
		} else if (IS("a"))
			v = e->a[0].first;
		else if (IS("b"))
			v = e->a[e->na > 1 ? 1 : 0].first;
		else if (IS("he"))
			v = pronoun(k, 0);
		else if (IS("his"))
			v = pronoun(k, 1);
		else if (IS("him"))
			v = pronoun(k, 2);
		else if (IS("He"))
			v = pronoun(k, 3);
		else if (IS("o")) {
			v = "the other children";
			for (int i = 0; i < e->nk; i++)
				if (i != t->focus && !e->k[i].unborn) {
					v = e->k[i].first;
					break;
				}
		} else if (IS("n")) {
			fmt(tmp, sizeof tmp, "%ld", 2 + rnd(t->r, 4));
			v = tmp;
		} else if (IS("pct")) {
			fmt(tmp, sizeof tmp, "%ld", 71 + rnd(t->r, 24));
			v = tmp;
		} else if (IS("day")) {
			static const char *const days[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
				"Friday" };
			v = PICK(t->r, days);
		} else if (IS("school")) {
			v = k && k->age >= 11 ? "Kingsford Academy" : k && k->age < 4
			    ? "the Little Acorns nursery" : "Northgate Primary";
		} else if (IS("time")) {
			static const char *const times[] = { "9.30am", "10am", "11am", "1.30pm", "2pm",
				"3.30pm", "4pm" };
			v = PICK(t->r, times);
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

/* ---- start and closure forms ---- */

static const char *const need_text[NNEEDS][3] = {
	[NEED_SCHOOL] = {
	    "{c}'s attendance at {school} has fallen to {pct}% this year and {he} has missed most Mondays since half term.",
	    "{c} has been late on most days this term; {a} says mornings have become a battle and {c} complains of stomach aches before school.",
	    "{school} is worried that {c} is falling behind: {he} has missed {n} weeks of school since September." },
	[NEED_BEHAVIOUR] = {
	    "{c} has had {n} fixed-term suspensions this year for hitting other children and walking out of lessons.",
	    "{a} describes {c}'s behaviour at home as out of control: {he} shouts, breaks things and refuses to go to bed.",
	    "Staff at {school} report that {c} struggles to manage {his} anger at lunchtimes and has been kept in most days." },
	[NEED_EMOTIONAL] = {
	    "{c} has become withdrawn and anxious, and has told staff {he} worries about {a} when {he} is at school.",
	    "{c} has said {he} feels sad most of the time and has stopped seeing {his} friends; {a} is worried about {his} sleep.",
	    "Since the family's bereavement last year {c} has been tearful and clingy and finds separation at school very hard." },
	[NEED_HEALTH] = {
	    "{c} has missed several hospital and dental appointments, and {his} asthma is not well controlled.",
	    "{c} is under the community paediatrician for {his} weight and the family have found it hard to keep to the plan.",
	    "{c} has eczema that is often infected; the GP has asked for support with the treatment routine at home." },
	[NEED_PARENTING] = {
	    "{a} has asked for help with routines and boundaries and says bedtimes have become exhausting for everyone.",
	    "{a} is a young parent with little family support nearby and would like help with routines for {k}.",
	    "{a} and {b} disagree about discipline and the arguments are affecting {k}; both have asked for parenting support." },
	[NEED_DA] = {
	    "The police shared a domestic abuse notification after an incident at the home; {k} {were} in the house at the time.",
	    "{a} has disclosed controlling behaviour by a former partner, who still turns up at the house and at {school}.",
	    "There have been {n} police call-outs to the address this year for arguments between the adults." },
	[NEED_HOUSING] = {
	    "The family live in a one-bedroom flat with damp and mould; {c} sleeps in the living room.",
	    "{a} has been served notice by the private landlord and the family may soon be homeless.",
	    "The family are in temporary accommodation an hour's bus ride from {school}, which is affecting attendance." },
	[NEED_MONEY] = {
	    "{a} has rent arrears and has used the food bank {n} times since the summer; the gas meter is often empty.",
	    "The household's Universal Credit was stopped for {n} weeks and the family have fallen into debt.",
	    "{a} lost a job in the spring and is struggling to pay for uniform, school trips and food." },
	[NEED_SUBSTANCE] = {
	    "There are concerns about a parent's alcohol use in the evenings; {c} has told a teacher about it.",
	    "{a} is in recovery from drug use and has asked for support to keep things stable for {k}.",
	    "School have noticed the smell of cannabis on {c}'s clothes and {c} says the adults smoke it in the house." },
	[NEED_CARER] = {
	    "{c} helps to look after {a}, who has a long-term illness, and is often too tired for school.",
	    "{c} does much of the cooking and shopping at home and looks after {o} while {a} is unwell.",
	    "{c} has been identified as a young carer by {school} and has missed clubs and friendships because of it." },
	[NEED_OTHER] = {
	    "The family arrived in Exampleshire recently and are not yet registered with a GP or a dentist.",
	    "{a} needs help to find nursery and school places and to understand the services available.",
	    "The family have been through a difficult separation and need help to settle into a new routine." },
};

static void
append(char *buf, size_t n, size_t *l, const char *s)
{
	size_t sl = strlen(s);
	if (*l + sl >= n)
		sl = n - 1 - *l;
	memcpy(buf + *l, s, sl);
	*l += sl;
	buf[*l] = '\0';
}

static void
start_answers(struct txt *t, int *needs, char *reason, size_t rn, char *needs_out, size_t nn,
    char *referrer, size_t fn)
{
	const struct ep *e = t->e;
	int school = has_age(e, 4, 17), born = has_age(e, 0, 17), carer = has_age(e, 8, 17);
	/* One to three needs (school and behaviour only with a school-age child). */
	int want = 1 + (int)rnd(t->r, 100) / 45;
	*needs = 0;
	for (int tries = 0; tries < 20 && __builtin_popcount((unsigned)*needs) < want; tries++) {
		int total = 0;
		for (int i = 0; i < NNEEDS; i++)
			total += need_weight[i];
		long x = rnd(t->r, total);
		int i = 0;
		while (x >= need_weight[i])
			x -= need_weight[i++];
		if ((!school && (i == NEED_SCHOOL || i == NEED_BEHAVIOUR)) || (!carer && i == NEED_CARER))
			continue;
		if (!born && i != NEED_PARENTING && i != NEED_HOUSING && i != NEED_MONEY && i != NEED_DA)
			continue;
		*needs |= 1 << i;
	}
	if (*needs == 0)
		*needs = 1 << (born ? NEED_PARENTING : NEED_OTHER);
	char buf[4096], one[600];
	size_t l = 0;
	int nborn = 0, age = 0;
	for (int i = 0; i < e->nk; i++)
		if (!e->k[i].unborn) {
			nborn++;
			age = e->k[i].age;
		}
	expand(t, "Request for early help for {k}", one, sizeof one);
	append(buf, sizeof buf, &l, one);
	if (nborn == 1 && e->nk == 1 && age > 0 && pm(t->r, 500)) {
		fmt(one, sizeof one, ", aged %d", age);
		append(buf, sizeof buf, &l, one);
	}
	append(buf, sizeof buf, &l, ".");
	for (int i = 0; i < NNEEDS; i++)
		if (*needs & (1 << i)) {
			expand(t, need_text[i][rnd(t->r, 3)], one, sizeof one);
			append(buf, sizeof buf, &l, " ");
			append(buf, sizeof buf, &l, one);
		}
	static const char *const close_lines[] = {
		"{a} agrees that early help is needed and wants support.",
		"{a} is keen to work with us and has agreed to a team around the family.",
		"{a} was unsure at first but has agreed to an assessment.",
		"{a} says the family need help now, before things get worse." };
	expand(t, PICK(t->r, close_lines), one, sizeof one);
	append(buf, sizeof buf, &l, " ");
	append(buf, sizeof buf, &l, one);
	fmt(reason, rn, "%s", buf);
	l = 0;
	needs_out[0] = '\0';
	for (int i = 0; i < NNEEDS; i++)
		if (*needs & (1 << i)) {
			if (l)
				append(needs_out, nn, &l, "\n");
			append(needs_out, nn, &l, need_names[i]);
		}
	if (e->requester == U_TEACHER)
		fmt(referrer, fn, "Sam Whitfield, pastoral lead, Northgate Primary School");
	else if (e->requester == U_HV)
		fmt(referrer, fn, "Aisha Rahman, health visitor");
	else if (e->requester == U_CSC)
		fmt(referrer, fn, "Children's social care front door (step-down)");
	else {
		/* Someone who would know the family, given their needs and children's ages. */
		const char *ref[8];
		int nr = 0;
		ref[nr++] = "The family themselves: {a} asked for help";
		ref[nr++] = "GP surgery (Northgate Medical Centre)";
		if (*needs & (1 << NEED_DA)) {
			ref[nr++] = "Police (domestic abuse notification)";
			ref[nr++] = "Police (domestic abuse notification)";
		}
		if (*needs & (1 << NEED_HOUSING))
			ref[nr++] = "Housing officer, Riverside Housing";
		if (*needs & (1 << NEED_CARER))
			ref[nr++] = "Exampleshire Young Carers";
		if (school)
			ref[nr++] = "School nurse";
		if (has_age(e, -1, -1))
			ref[nr++] = "Midwife (Exampleshire maternity)";
		else if (has_age(e, 0, 4))
			ref[nr++] = "Children's centre family worker";
		expand(t, ref[rnd(t->r, nr)], referrer, fn);
	}
}

static void
outcome(struct txt *t, const char *reason, char *out, size_t n)
{
	static const char *const met[] = {
		"{c}'s attendance is now {pct}% and rising, mornings are calmer, and {a} says the family feel more in control. The plan's actions are complete.",
		"The family plan has been achieved: routines are in place, {k} {are} settled and {a} knows where to go for help in future.",
		"{a} says things are much better at home. School report {c} is happier and more settled, and the TAF agreed early help can end." };
	static const char *const csc[] = {
		"Concerns increased despite the support offered and the threshold for children's social care was met. Referral made to the front door and accepted.",
		"After a further incident the TAF agreed the risks could not be managed at early help level; {k} {were} referred to children's social care." };
	static const char *const moved[] = {
		"The family moved to another local authority. The new area's early help service was contacted and the family plan shared with {a}'s consent." };
	static const char *const declined[] = {
		"{a} decided the family no longer wanted support. {a} knows how to ask for help again, and school will keep an eye on {k}." };
	static const char *const universal[] = {
		"Most needs are met; {c} continues to be supported by {school} and the family remain in touch with the children's centre.",
		"The family's remaining needs are being met by universal services: the health visitor and school will continue to support them." };
	static const char *const other[] = {
		"Early help ended after the TAF review. Progress was mixed, and the family have details of services they can contact directly." };
	const char *tpl = strstr(reason, "met") ? PICK(t->r, met) : strstr(reason, "social care")
	    ? PICK(t->r, csc) : strstr(reason, "moved") ? PICK(t->r, moved)
	    : strstr(reason, "no longer") ? PICK(t->r, declined) : strstr(reason, "universal")
	    ? PICK(t->r, universal) : PICK(t->r, other);
	expand(t, tpl, out, n);
}

/* ---- case notes ---- */

enum { F_SCHOOL = 1, F_YOUNG = 2, F_TWO = 4, F_ALL = 8, F_PREG = 16, F_TEEN = 32 };
enum { W_LEAD, W_TEACHER, W_HV };

struct note_tpl {
	int who;                  /* W_* */
	const char *kind, *with;
	int flags;                /* F_ALL: about every child; otherwise the focus child */
	const char *body;
};

static const struct note_tpl notes[] = {
	{ W_LEAD, "visit", "{a} and {k}", F_ALL, "Home visit to {a} and {k}. {c} showed me {his} drawings from school and talked about {his} friends. {a} said the new bedtime routine is mostly working, although {c} still gets up {n} or more times a night." },
	{ W_LEAD, "visit", "{a}", F_ALL, "Visited the family at home. The house was warm and tidy and there was food in the cupboards. {a} was tired but engaged well; we went through the family plan together and agreed the next steps." },
	{ W_LEAD, "visit", "{a} and {c}", F_SCHOOL, "Visit at {time} as agreed. {a} answered the door; {c} was doing homework at the kitchen table and was happy to chat. No concerns about the home today." },
	{ W_LEAD, "visit", "{a}", F_ALL, "Home visit. {a} told me money has been very tight since the Universal Credit change. Completed a food bank voucher and gave {a} details of the Exampleshire debt advice line. {k} {were} at school." },
	{ W_LEAD, "visit", "{c}", F_SCHOOL, "One-to-one time with {c} at home. We used the three houses tool: {his} house of worries was mostly about arguments at home and falling behind at school. {He} wants the family plan to include a calm place to do homework." },
	{ W_LEAD, "visit", "{a} and {k}", F_ALL | F_YOUNG, "Home visit. Played with {c} while talking with {a} about routines. {c} is babbling and pulling to stand. {a} has started going to the stay and play group at the children's centre on {day}s." },
	{ W_LEAD, "visit", "{a}", F_ALL, "Visit to review the plan. {a} has been to the housing office and has a bidding number. The damp in the back bedroom is worse; I will chase the landlord again and update the TAF." },
	{ W_LEAD, "visit", "{a} and {b}", F_ALL, "Joint visit with {a} and {b}. We talked about what a good week looks like for {k}. Both agreed to try the reward chart for two weeks and to keep the same bedtime on school nights." },
	{ W_LEAD, "visit", "", F_ALL, "Planned home visit: no answer at {time}. Left a card through the door and sent {a} a text asking for a call back. Will try again on {day}." },
	{ W_LEAD, "phone call", "{a}", F_SCHOOL, "Phone call from {a}. {c} refused to go to school again this morning. Talked through the morning plan; {a} will try the earlier alarm and breakfast club. I will ring school tomorrow." },
	{ W_LEAD, "phone call", "{a}", F_ALL, "Called {a} to confirm the TAF meeting on {day} at {time}. {a} is happy for school and the health visitor to attend and asked if {k}'s grandmother can come too: agreed." },
	{ W_LEAD, "phone call", "", F_ALL, "Tried to call {a} twice today with no answer; left a voicemail and sent a text. Will try again tomorrow morning." },
	{ W_LEAD, "phone call", "School attendance officer", F_SCHOOL, "Phone call with the attendance officer at {school}. {c}'s attendance is {pct}% this half term, with two late marks last week. Agreed to review again in a fortnight." },
	{ W_LEAD, "phone call", "{a}", F_ALL, "{a} rang, upset after a difficult weekend. We talked through what had happened and what helped. {a} feels able to keep {k} safe and knows to call the police in an emergency. Agreed a visit on {day}." },
	{ W_LEAD, "phone call", "Housing officer", F_ALL, "Call with the housing officer about the family's transfer application. The case has been moved to band B because of the overcrowding. I told {a} the same afternoon." },
	{ W_LEAD, "phone call", "{a}", F_ALL, "Quick call with {a} to check how the week went. {a} said it was better: no late starts and {c} went to the after-school club twice." },
	{ W_LEAD, "email", "{school}", F_SCHOOL, "Email from {school} with {c}'s attendance and behaviour summary for this half term. Shared the headline figures with {a} by phone; no change to the plan." },
	{ W_LEAD, "email", "Housing officer", F_ALL, "Emailed the housing officer asking for an update on the repairs and the damp in the children's bedroom. Awaiting a reply." },
	{ W_LEAD, "email", "TAF members", F_ALL, "Sent the updated family plan to the TAF members after the review, with the new actions for school, health and the family highlighted." },
	{ W_LEAD, "email", "{a}", F_ALL, "Emailed {a} the details of the Exampleshire parenting course starting on {day} and the link for the online booking form, as {a} asked." },
	{ W_LEAD, "meeting", "TAF", F_ALL, "TAF review meeting with {a} and the professionals involved. Progress on the plan reviewed: some things better, sleep still an issue for {c}. Actions updated and agreed by everyone; next review in six weeks." },
	{ W_LEAD, "meeting", "{c}", F_SCHOOL, "Met {c} at {school} for a one-to-one session. We worked on {his} worry box and talked about who {he} can go to when {he} feels upset at lunchtime." },
	{ W_LEAD, "meeting", "{a}", F_ALL, "Met {a} at the children's centre. We completed the early help assessment together. {a} identified routines and money as the two things to work on first." },
	{ W_LEAD, "meeting", "Manager", F_ALL, "Case discussion in supervision. Agreed to continue at early help level: there are no concerns that meet the threshold for children's social care at present. To review in a month." },
	{ W_LEAD, "meeting", "{a} and {c}", F_TEEN, "Met {c} and {a} at a café in town, as {c} did not want to meet at home. {c} talked about college plans and agreed to try the youth club on {day} evenings." },
	{ W_LEAD, "letter", "{a}", F_ALL, "Letter sent to {a} confirming the actions agreed at the TAF meeting and the date of the next review. Copy on file." },
	{ W_LEAD, "letter", "GP surgery", F_SCHOOL, "Letter received from the GP surgery confirming {c} has been referred to the community paediatrician about {his} sleep. Appointment expected within 14 weeks." },
	{ W_LEAD, "letter", "{a}", F_ALL, "Wrote to {a} after two missed visits, explaining why we would like to keep working with the family and asking {a} to get in touch." },
	{ W_LEAD, "other", "{a}", F_ALL, "Text messages with {a} about transport to {c}'s hospital appointment on {day}. Arranged a taxi through the family support fund." },
	{ W_LEAD, "other", "", F_ALL, "Applied to the household support fund for beds and bedding for {k}. Application acknowledged; decision due within ten working days." },
	{ W_LEAD, "other", "{c}", F_SCHOOL, "Took {c} to the climbing wall as part of our one-to-one work. {He} was nervous at first but reached the top twice and was proud of {him}self." },
	{ W_LEAD, "visit", "{a}", F_PREG, "Home visit. {a} is well in the pregnancy and has been to every antenatal appointment. We talked about what will be needed for the baby and made a list for the baby bank." },
	{ W_LEAD, "phone call", "Midwife", F_PREG, "Call with the community midwife. {a} missed the last appointment; a new one is booked for {day}. I will remind {a} the day before." },
	{ W_TEACHER, "meeting", "{a}", F_SCHOOL, "Spoke with {a} at the end of the day. {c} has had a good week: full attendance, and {he} earned {n} house points for effort in maths." },
	{ W_TEACHER, "other", "{c}", F_SCHOOL, "{c} arrived late twice this week and seemed tired. Spoke to {him} at break; {he} said {he} had been up late. Breakfast club offered and {c} started on {day}." },
	{ W_TEACHER, "email", "Lead practitioner", F_SCHOOL, "Attendance update for the TAF: {c} is at {pct}% this half term. Behaviour points are down and {he} has joined the lunchtime football club." },
	{ W_TEACHER, "phone call", "{a}", F_SCHOOL, "Phoned {a} because {c} was upset in class after a falling-out with friends. {c} was settled by the afternoon; {a} will talk with {him} tonight." },
	{ W_TEACHER, "meeting", "{c}", F_SCHOOL, "Nurture group session with {c}. {He} worked well with a partner and talked about looking forward to the school trip." },
	{ W_HV, "visit", "{a} and {c}", F_YOUNG, "Health visitor home visit. {c} weighed and measured: growth is following {his} centile line. {a} reports feeding and sleep are improving; discussed safe sleep and weaning." },
	{ W_HV, "visit", "{a}", F_YOUNG, "Development review for {c} at home. Speech is a little behind for {his} age; referral to speech and language therapy discussed and agreed with {a}." },
	{ W_HV, "phone call", "{a}", F_YOUNG, "Phoned {a} to follow up the missed clinic appointment. {c} has had a cold; rebooked for {day}. Reminded {a} about the free vitamins." },
	{ W_HV, "visit", "{a}", F_PREG, "Antenatal contact by the health visitor. {a} is feeling anxious about the birth; talked about support available and the perinatal mental health service." },
	{ W_HV, "visit", "{a}", F_ALL, "Health visitor visit. Home conditions fine. {a}'s mood seems low; completed the wellbeing questions and {a} agreed to see the GP this week." },
};

static const char *const tails[] = {
	" Next contact booked for {day}.", " I will update the family plan and share it with the TAF.",
	" No new concerns.", " {a} knows how to contact me, or the duty line out of hours.",
	" Recorded on the plan.", " To discuss at the next TAF review.", "", "", "" };

/* Does template i fit this episode, with some child as the focus?  Sets t->focus. */
static int
fits(struct txt *t, const struct note_tpl *n)
{
	const struct ep *e = t->e;
	int cand[MAXKIDS], c = 0;
	for (int i = 0; i < e->nk; i++) {
		const struct kid *k = &e->k[i];
		int ok = (n->flags & F_PREG) ? k->unborn : !k->unborn;
		if ((n->flags & F_SCHOOL) && (k->unborn || k->age < 4))
			ok = 0;
		if ((n->flags & F_YOUNG) && (k->unborn || k->age > 4))
			ok = 0;
		if ((n->flags & F_TEEN) && (k->unborn || k->age < 13))
			ok = 0;
		if (ok)
			cand[c++] = i;
	}
	if (c == 0)
		return 0;
	t->focus = cand[rnd(t->r, c)];
	return 1;
}

struct nctx {
	long long created;
	long day;
};

static int
by_created(const void *a, const void *b)
{
	const struct nctx *x = a, *y = b;
	return x->created < y->created ? -1 : x->created > y->created;
}

/* ---- the writer unit ----------------------------------------------------------------- */

struct run {
	struct ep *e;
	int n;
	long long first_eid, notes;
};

static int
step_ok(struct dbc *w, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "demo: %s: %s\n", what, sqlite3_errmsg(w->db));
		return -1;
	}
	return 0;
}

static void
bind_static(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static long long
later(long long a, long long b)
{
	return a > b ? a : b;
}

static int
ep_notes(struct dbc *w, const struct ep *e, long long eid, struct txt *t, long long *nid,
    struct run *u)
{
	static struct nctx when[MAXNOTES];
	long alloc_day = (long)(e->alloc / 86400);
	long long stop = e->withdrawn ? e->withdrawn : e->closed ? e->closed
	    : (long long)(S.today) * 86400;
	int n = 0;
	for (int i = 0; i < e->nnotes; i++) {
		long day = alloc_day + 1 + rnd(t->r, e->end_day - alloc_day);
		long long c = (long long)day * 86400 + 8 * 3600 + 1800 + rnd(t->r, 7 * 3600);
		if (pm(t->r, 150) && day < e->end_day)
			c += 86400;                 /* written up the next day */
		if (c >= stop) {
			c = stop - 60 - rnd(t->r, 3600);
			if (day > (long)(c / 86400))
				day = (long)(c / 86400);
		}
		if (c <= e->alloc)
			continue;
		when[n].created = c;
		when[n].day = day;
		n++;
	}
	qsort(when, (size_t)n, sizeof *when, by_created);
	sqlite3_stmt *ins = db_prep(w, "INSERT INTO case_note(episode_id, id, note_date, kind, with_whom,"
	    " body, author_id, created_at, updated_by, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?7, ?8)");
	sqlite3_stmt *ver = db_prep(w, "INSERT INTO case_note_version(note_id, version, note_date, kind,"
	    " with_whom, body, saved_by, saved_at) VALUES(?1, 1, ?2, ?3, ?4, ?5, ?6, ?7)");
	sqlite3_stmt *np = db_prep(w, "INSERT INTO note_person(note_id, person_id) VALUES(?1, ?2)");
	if (ins == NULL || ver == NULL || np == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		/* The author: the lead, or a practitioner in the TAF at the time. */
		int who = W_LEAD, author = e->lead;
		int members[MAXTAF], nm = 0;
		for (int j = 0; j < e->ntaf; j++) {
			const struct taf *m = &e->t[j];
			if (m->user >= 0 && m->added < when[i].created &&
			    (!m->ended || m->ended > when[i].created))
				members[nm++] = m->user;
		}
		if (nm && pm(t->r, 250)) {
			author = members[rnd(t->r, nm)];
			who = author == U_TEACHER ? W_TEACHER : author == U_HV ? W_HV : W_LEAD;
		}
		const struct note_tpl *tp = NULL;
		for (int tries = 0; tries < 40 && tp == NULL; tries++) {
			const struct note_tpl *c = &notes[rnd(t->r, NELEM(notes))];
			if (c->who == who && fits(t, c))
				tp = c;
		}
		if (tp == NULL) {       /* the teacher or health visitor with nothing to say: the lead */
			author = e->lead;
			for (int tries = 0; tries < 200 && tp == NULL; tries++) {
				const struct note_tpl *c = &notes[rnd(t->r, NELEM(notes))];
				if (c->who == W_LEAD && fits(t, c))
					tp = c;
			}
			if (tp == NULL)
				continue;
		}
		char body[640], tail[200], with[200], date[16], created[32];
		expand(t, tp->body, body, sizeof body);
		expand(t, PICK(t->r, tails), tail, sizeof tail);
		if (strlen(body) + strlen(tail) < 400)
			strcat(body, tail);
		expand(t, tp->with, with, sizeof with);
		civil(when[i].day, date);
		stamp(when[i].created, created);
		long long id = (*nid)++;
		sqlite3_bind_int64(ins, 1, eid);
		sqlite3_bind_int64(ins, 2, id);
		bind_static(ins, 3, date);
		bind_static(ins, 4, tp->kind);
		bind_static(ins, 5, with);
		bind_static(ins, 6, body);
		sqlite3_bind_int64(ins, 7, S.uid[author]);
		bind_static(ins, 8, created);
		if (step_ok(w, ins, "case note") != 0)
			return -1;
		sqlite3_bind_int64(ver, 1, id);
		bind_static(ver, 2, date);
		bind_static(ver, 3, tp->kind);
		bind_static(ver, 4, with);
		bind_static(ver, 5, body);
		sqlite3_bind_int64(ver, 6, S.uid[author]);
		bind_static(ver, 7, created);
		if (step_ok(w, ver, "case note version") != 0)
			return -1;
		for (int j = 0; j < e->nk; j++) {
			if (!(tp->flags & F_ALL) ? j != t->focus : e->k[j].unborn && !(tp->flags & F_PREG))
				continue;
			sqlite3_bind_int64(np, 1, id);
			sqlite3_bind_int64(np, 2, e->k[j].id);
			if (step_ok(w, np, "note person") != 0)
				return -1;
		}
		u->notes++;
	}
	return 0;
}

static const char *const ext_first[] = { "Jo", "Sam", "Chris", "Nicola", "Rob", "Fatima",
	"Gareth", "Leanne", "Tariq", "Bethany", "Marek", "Yvonne" };
static const char *const ext_family[] = { "Barnes", "Okoye", "Lister", "Patel", "Whitaker",
	"Kowalczyk", "Hughes", "Mensah", "Forsyth", "Doherty", "Ahmed", "Craven" };
static const struct { const char *agency, *role, *domain; } ext_roles[] = {
	{ "Riverside Housing", "Housing officer", "riversidehousing.example" },
	{ "Exampleshire Young Carers", "Young carers worker", "youngcarers.example" },
	{ "Safe Haven Domestic Abuse Service", "Independent domestic violence adviser", "safehaven.example" },
	{ "Exampleshire CAMHS", "Mental health practitioner", "camhs.example" },
	{ "Northgate Citizens Advice", "Debt adviser", "northgateca.example" },
	{ "Kingsford Academy", "Head of year", "kingsford.example" },
	{ "Exampleshire School Nursing", "School nurse", "schoolnursing.example" },
	{ "Northgate Youth Project", "Youth worker", "northgateyouth.example" },
};

static int
ep_insert(struct dbc *w, const struct ep *e, struct run *u, long long *nid)
{
	struct rng tr = { .s = e->seed };
	struct txt t = { .e = e, .r = &tr, .focus = -1 };
	for (int i = 0; i < e->nk; i++)
		if (!e->k[i].unborn) {
			t.focus = i;
			break;
		}
	char req[32], alloc[32], closed[32], updated[32], cdate[16], day[16];
	stamp(e->req, req);
	long long upd = e->req;
	int upd_by = e->requester, version = 1;
	if (e->status != ST_REQUESTED) {
		stamp(e->alloc, alloc);
		upd = e->alloc;
		upd_by = team_manager(e->team);
		version++;
		if (e->restated) {
			upd = later(upd, e->restated);
			upd_by = e->lead;
			version++;
		}
		if (e->withdrawn) {
			upd = later(upd, e->withdrawn);
			upd_by = e->lead;
			version++;
		}
	}
	if (e->status == ST_CLOSED) {
		stamp(e->closed, closed);
		civil(e->close_day, cdate);
		upd = e->closed;
		upd_by = team_manager(e->team);
		version++;
	}
	stamp(upd, updated);
	sqlite3_stmt *st = db_prep(w, "INSERT INTO episode(team_id, lead_id, status, requested_by,"
	    " requested_at, allocated_by, allocated_at, lead_since, closed_by, closure_date, closure_reason,"
	    " closed_at, updated_by, updated_at, version) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14)");
	if (st == NULL)
		return -1;
	int open = e->status != ST_REQUESTED, shut = e->status == ST_CLOSED;
	sqlite3_bind_int64(st, 1, S.team[e->team]);
	if (open)
		sqlite3_bind_int64(st, 2, S.uid[e->lead]);
	bind_static(st, 3, e->status == ST_REQUESTED ? "requested" : shut ? "closed" : "open");
	sqlite3_bind_int64(st, 4, S.uid[e->requester]);
	bind_static(st, 5, req);
	if (open) {
		sqlite3_bind_int64(st, 6, S.uid[team_manager(e->team)]);
		bind_static(st, 7, alloc);
	}
	if (shut) {
		sqlite3_bind_int64(st, 8, S.uid[team_manager(e->team)]);
		bind_static(st, 9, cdate);
		bind_static(st, 10, S.reasons[e->reason]);
		bind_static(st, 11, closed);
	}
	sqlite3_bind_int64(st, 12, S.uid[upd_by]);
	bind_static(st, 13, updated);
	sqlite3_bind_int64(st, 14, version);
	int rc = step_ok(w, st, "episode");
	sqlite3_clear_bindings(st);
	if (rc != 0)
		return -1;
	long long eid = sqlite3_last_insert_rowid(w->db);
	if (u->first_eid == 0)
		u->first_eid = eid;

	st = db_prep(w, "INSERT INTO episode_person(episode_id, person_id, role) VALUES(?1, ?2, ?3)");
	for (int i = 0; i < e->nk + e->na; i++) {
		sqlite3_bind_int64(st, 1, eid);
		sqlite3_bind_int64(st, 2, i < e->nk ? e->k[i].id : e->a[i - e->nk].id);
		bind_static(st, 3, i < e->nk ? "child" : "adult");
		if (step_ok(w, st, "episode person") != 0)
			return -1;
	}

	/* The consent recorded with the request. */
	struct consent_in ci = { .role = "parent or carer", .how = how_opts[e->how] };
	char by[160];
	if (e->young) {
		int y = 0;
		for (int i = 0; i < e->nk; i++)
			if (!e->k[i].unborn && e->k[i].age >= 14)
				y = i;
		fmt(by, sizeof by, "%s", e->k[y].full);
		ci.role = "young person";
	} else
		fmt(by, sizeof by, "%s", e->a[0].full);
	ci.by = by;
	civil(e->consent_day, day);
	ci.date = day;
	static const int bits[3] = { AG_LA, AG_SCHOOL, AG_HEALTH };
	for (int i = 0; i < 3; i++)
		if (e->agencies & bits[i])
			ci.agencies[ci.nag++] = S.agency[i];
	if (consent_insert(w, eid, &ci, S.uid[e->requester], req) == 0)
		return -1;

	/* The start form. */
	struct form_values sv;
	int needs;
	char reason[4096], needs_s[400], referrer[200];
	start_answers(&t, &needs, reason, sizeof reason, needs_s, sizeof needs_s, referrer,
	    sizeof referrer);
	for (int i = 0; i < S.start->nq; i++) {
		const char *q = S.start->q[i].name;
		sv.v[i] = !strcmp(q, "reason") ? reason : !strcmp(q, "needs") ? needs_s
		    : !strcmp(q, "referrer") ? referrer : "";
	}
	if (form_store(w, S.start, "episode.start", eid, &sv) != 0)
		return -1;
	if (e->status == ST_REQUESTED)
		return 0;

	/* The team around the family, and the statement recorded after it changed. */
	st = db_prep(w, "INSERT INTO taf_member(episode_id, user_id, ext_name, ext_agency, ext_role,"
	    " ext_contact, start_date, end_date, added_by, added_at, ended_by, ended_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	for (int i = 0; i < e->ntaf; i++) {
		const struct taf *m = &e->t[i];
		char added[32], ended[32], sd[16], ed[16], name[80], contact[120];
		stamp(m->added, added);
		civil((long)(m->added / 86400), sd);
		sqlite3_bind_int64(st, 1, eid);
		if (m->user >= 0)
			sqlite3_bind_int64(st, 2, S.uid[m->user]);
		else {
			int k = (int)rnd(&tr, NELEM(ext_roles));
			const char *f = PICK(&tr, ext_first), *l = PICK(&tr, ext_family);
			fmt(name, sizeof name, "%s %s", f, l);
			if (pm(&tr, 500))
				fmt(contact, sizeof contact, "01632 960%03ld", rnd(&tr, 1000));
			else
				fmt(contact, sizeof contact, "%c.%s@%s", f[0] | 0x20, l, ext_roles[k].domain);
			for (char *p = contact; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p + 32);
			bind_static(st, 3, name);
			bind_static(st, 4, ext_roles[k].agency);
			bind_static(st, 5, ext_roles[k].role);
			bind_static(st, 6, contact);
		}
		bind_static(st, 7, sd);
		sqlite3_bind_int64(st, 9, S.uid[e->lead]);
		bind_static(st, 10, added);
		if (m->ended) {
			stamp(m->ended, ended);
			civil((long)(m->ended / 86400), ed);
			bind_static(st, 8, ed);
			sqlite3_bind_int64(st, 11, S.uid[e->lead]);
			bind_static(st, 12, ended);
		}
		rc = step_ok(w, st, "team around the family");
		sqlite3_clear_bindings(st);
		if (rc != 0)
			return -1;
	}
	if (e->restated) {
		char rs[32], rd[16];
		stamp(e->restated, rs);
		civil((long)(e->restated / 86400), rd);
		ci.date = rd;
		ci.how = how_opts[e->how2];
		if (!e->young) {
			ci.by = e->a[0].full;
			ci.role = "parent or carer";
		}
		if (consent_insert(w, eid, &ci, S.uid[e->lead], rs) == 0)
			return -1;
	}
	if (e->withdrawn) {
		char ws[32], wd[16];
		stamp(e->withdrawn, ws);
		civil((long)(e->withdrawn / 86400), wd);
		st = db_prep(w, "INSERT INTO consent(episode_id, kind, given_by, on_date, how, recorded_by,"
		    " recorded_at) VALUES(?1, 'withdrawn', ?2, ?3, 'withdrawn', ?4, ?5)");
		sqlite3_bind_int64(st, 1, eid);
		bind_static(st, 2, e->a[0].full);
		bind_static(st, 3, wd);
		sqlite3_bind_int64(st, 4, S.uid[e->lead]);
		bind_static(st, 5, ws);
		if (step_ok(w, st, "consent withdrawal") != 0)
			return -1;
	}

	if (ep_notes(w, e, eid, &t, nid, u) != 0)
		return -1;

	/* The closure form: the start answers carried forward, and the outcome. */
	if (shut) {
		struct form_values cv;
		char out[1000];
		outcome(&t, S.reasons[e->reason], out, sizeof out);
		for (int i = 0; i < S.closure->nq; i++) {
			const char *q = S.closure->q[i].name;
			cv.v[i] = !strcmp(q, "outcome") ? out : "";
			for (int k = 0; k < S.start->nq; k++)
				if (!strcmp(S.start->q[k].name, q))
					cv.v[i] = sv.v[k];
		}
		if (form_store(w, S.closure, "episode.closure", eid, &cv) != 0)
			return -1;
	}
	return 0;
}

static int
episodes_unit(struct dbc *w, void *arg)
{
	struct run *u = arg;
	u->first_eid = 0;
	u->notes = 0;
	long long nid = db_int(w, "SELECT max(coalesce((SELECT seq FROM sqlite_sequence"
	    " WHERE name = 'note_seq'), 0), coalesce((SELECT max(id) FROM case_note), 0)) + 1", -1);
	if (nid <= 0)
		return -1;
	for (int i = 0; i < u->n; i++)
		if (ep_insert(w, &u->e[i], u, &nid) != 0)
			return -1;
	/* Later notes (note_seq's AUTOINCREMENT) carry on after these. */
	sqlite3_stmt *st = db_prep(w, "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'note_seq'");
	sqlite3_bind_int64(st, 1, nid - 1);
	if (step_ok(w, st, "note sequence") != 0)
		return -1;
	if (sqlite3_changes(w->db) == 0) {
		st = db_prep(w, "INSERT INTO sqlite_sequence(name, seq) VALUES('note_seq', ?1)");
		sqlite3_bind_int64(st, 1, nid - 1);
		if (step_ok(w, st, "note sequence") != 0)
			return -1;
	}
	char detail[80];
	fmt(detail, sizeof detail, "%d episodes, %lld notes", u->n, u->notes);
	struct audit_entry e = { .action = "demo.episodes", .record_type = "episode",
		.record_id = u->first_eid, .route = "cli", .ip = "", .detail = detail };
	return audit_add(w, &e);
}

static int
flush(void)
{
	if (S.n == 0)
		return 0;
	struct run u = { .e = S.e, .n = S.n };
	int rc = writer_run(episodes_unit, &u);
	if (rc != 0) {
		fprintf(stderr, "demo: adding episodes failed after %lld (%d); start again with a new"
		    " database\n", S.episodes, rc);
		return 1;
	}
	S.episodes += S.n;
	S.notes += u.notes;
	for (int i = 0; i < S.n; i++)
		S.by_status[S.e[i].status]++;
	S.n = 0;
	if (S.notes >= S.next_report) {
		fprintf(stderr, "demo: %lld episodes, %lld case notes so far\n", S.episodes, S.notes);
		while (S.next_report <= S.notes)
			S.next_report += REPORT_NOTES;
	}
	return 0;
}

/* ---- set-up -------------------------------------------------------------------------- */

struct lookup {
	int teams;
	long long have, uid[NUSERS], team[DEMO_MAX_TEAMS], agency[3];
	const char *missing;
	char name[96];            /* the missing one */
};

/* The username of users index i. */
static void
username_of(int i, char *out, size_t n)
{
	static const char *const named[U_X] = { "manager.north", "manager.south",
		"practitioner.north", "practitioner.south", "teacher", "healthvisitor", "csc.manager" };
	if (i < U_X)
		fmt(out, n, "%s", named[i]);
	else if (i < U_T)
		demo_practitioner_name((i - U_X) / DEMO_EXTRA_PRACTITIONERS,
		    (i - U_X) % DEMO_EXTRA_PRACTITIONERS + 1, out, n);
	else if ((i - U_T) % TEAM_USERS == 0)
		demo_manager_name(2 + (i - U_T) / TEAM_USERS, out, n);
	else
		demo_practitioner_name(2 + (i - U_T) / TEAM_USERS, (i - U_T) % TEAM_USERS - 1, out, n);
}

static int
lookup_unit(struct dbc *w, void *arg)
{
	struct lookup *l = arg;
	l->have = db_int(w, "SELECT EXISTS(SELECT 1 FROM episode)", -1);
	if (l->have)
		return l->have < 0;
	for (int t = 0; t < l->teams; t++) {
		demo_team_name(t, l->name, sizeof l->name);
		sqlite3_stmt *st = db_prep(w, "SELECT t.id FROM team t JOIN agency a ON a.id = t.agency_id"
		    " WHERE t.name = ?1 AND a.name = 'Exampleshire County Council' AND EXISTS (SELECT 1"
		    " FROM user u WHERE u.team_id = t.id AND u.role = 'manager' AND u.active = 1)");
		db_bind_text(st, 1, l->name);
		l->team[t] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(st);
		if (l->team[t] == 0) {
			l->missing = l->name;
			return 0;
		}
	}
	static const char *const agencies[3] = { "Exampleshire County Council",
		"Northgate Primary School", "Exampleshire Community Health" };
	for (int a = 0; a < 3; a++) {
		sqlite3_stmt *st = db_prep(w, "SELECT id FROM agency WHERE name = ?1");
		db_bind_text(st, 1, agencies[a]);
		l->agency[a] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(st);
		if (l->agency[a] == 0) {
			l->missing = agencies[a];
			return 0;
		}
	}
	int nusers = U_T + (l->teams - 2) * TEAM_USERS;
	for (int i = 0; i < nusers; i++) {
		username_of(i, l->name, sizeof l->name);
		sqlite3_stmt *st = db_prep(w, "SELECT id FROM user WHERE username = ?1 AND active = 1");
		db_bind_text(st, 1, l->name);
		l->uid[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(st);
		if (l->uid[i] == 0) {
			l->missing = l->name;
			return 0;
		}
	}
	return 0;
}

int
demo_episodes_begin(const struct config *cfg, unsigned long seed, int teams)
{
	free(S.e);
	free(S.reasons_buf);
	memset(&S, 0, sizeof S);
	if (teams < 2 || teams > DEMO_MAX_TEAMS) {
		fprintf(stderr, "demo: %d early help teams: there must be 2 to %d\n", teams,
		    DEMO_MAX_TEAMS);
		return 1;
	}
	static struct lookup l;         /* about 40 KB */
	memset(&l, 0, sizeof l);
	l.teams = teams;
	if (writer_run(lookup_unit, &l) != 0) {
		fprintf(stderr, "demo: cannot look up the demo teams and users\n");
		return 1;
	}
	if (l.have) {
		fprintf(stderr, "demo: the database already has episodes; no demo episodes added\n");
		S.disabled = 1;
		return 0;
	}
	if (l.missing) {
		fprintf(stderr, "demo: '%s' is missing (or its team has no manager), so no episodes"
		    " can be made\n", l.missing);
		return 1;
	}
	S.start = form_get("episode_start");
	S.closure = form_get("episode_closure");
	if (S.start == NULL || S.closure == NULL) {
		fprintf(stderr, "demo: the forms episode_start and episode_closure are not loaded"
		    " (check [database] forms)\n");
		return 1;
	}
	S.reasons_buf = strdup(cfg->closure_reasons ? cfg->closure_reasons : "Needs met");
	S.e = malloc(sizeof *S.e * (UNIT_EPISODES + 2));
	if (S.reasons_buf == NULL || S.e == NULL) {
		fprintf(stderr, "demo: out of memory\n");
		return 1;
	}
	char *save = NULL;
	for (char *t = strtok_r(S.reasons_buf, "|", &save); t && S.nreasons < 32;
	    t = strtok_r(NULL, "|", &save))
		S.reasons[S.nreasons++] = t;
	if (S.nreasons == 0)
		S.reasons[S.nreasons++] = "Needs met";
	S.teams = teams;
	memcpy(S.uid, l.uid, sizeof S.uid);
	memcpy(S.team, l.team, sizeof S.team);
	memcpy(S.agency, l.agency, sizeof S.agency);
	S.r.s = 0x45484d2d65706973ULL ^ ((uint64_t)seed * 0x9e3779b97f4a7c15ULL);
	next64(&S.r);
	S.today = (long)(time(NULL) / 86400);
	S.next_report = REPORT_NOTES;
	S.on = 1;
	return 0;
}

int
demo_episodes_household(const struct demo_member *m, int n, int team)
{
	if (!S.on)
		return 0;
	if (team < 0 || team >= S.teams) {
		fprintf(stderr, "demo: a household of team %d, but there are %d teams\n", team, S.teams);
		return 1;
	}
	int kids = 0;
	for (int i = 0; i < n; i++)
		kids += !m[i].adult;
	if (kids == 0 || !pm(&S.r, EPISODE_PM))
		return 0;
	long x = rnd(&S.r, 100);
	int status = x < 10 ? ST_REQUESTED : x < 70 ? ST_OPEN : ST_CLOSED;
	struct ep *e = &S.e[S.n];
	if (plan(&S.r, e, m, n, team, status, 0)) {
		S.n++;
		/* Some families come back after their episode closed. */
		if (status == ST_CLOSED && pm(&S.r, AGAIN_PM)) {
			long after = e->close_day + 30 + rnd(&S.r, 400);
			int again = pm(&S.r, 200) ? ST_REQUESTED : ST_OPEN;
			if (plan(&S.r, &S.e[S.n], m, n, team, again, after))
				S.n++;
		}
	}
	return S.n >= UNIT_EPISODES ? flush() : 0;
}

int
demo_episodes_end(void)
{
	if (!S.on)
		return 0;
	S.next_report = LLONG_MAX;         /* the summary below says it */
	int rc = flush();
	if (rc == 0 && S.episodes)
		fprintf(stderr, "demo: %lld episodes (%lld awaiting allocation, %lld open, %lld closed),"
		    " %lld case notes added\n", S.episodes, S.by_status[ST_REQUESTED],
		    S.by_status[ST_OPEN], S.by_status[ST_CLOSED], S.notes);
	free(S.e);
	free(S.reasons_buf);
	S.e = NULL;
	S.reasons_buf = NULL;
	S.on = 0;
	return rc;
}
