/* tests/unit/test_money.c -- amounts typed in pounds and pence become exact pence or a GOV.UK error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "referral.h"

static void
amounts(void **state)
{
	(void)state;
	const char *msg;
	struct { const char *in; long long want; const char *err; } t[] = {
		{ "12.5", 1250, NULL }, { "12.50", 1250, NULL }, { "£1,000.00", 100000, NULL },
		{ "£ 7", 700, NULL }, { "0.99", 99, NULL }, { ".5", 50, NULL },
		{ "-3", -1, "Amount must be more than £0" }, { "0", -1, "Amount must be more than £0" },
		{ "1e9", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "abc", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "12.345", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "", -1, "Enter the amount" }, { "1000.01", -1, "over" },
		{ "99999999999999999999", -1, "Amount is too large" },
		{ "12,50", -1, "Enter the amount in pounds and pence, like 12.50" }, { "1,0000", -1, "Enter the amount in pounds and pence, like 12.50" },
		/* Spaces and commas are not dropped from inside a number. */
		{ "5 5.5", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "1 2 3", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "100.5,0", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "123.4,5", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ ",100", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "1,000,00", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "£", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "12.", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "1.2.3", -1, "Enter the amount in pounds and pence, like 12.50" },
		{ "   ", -1, "Enter the amount" },
		{ " 5 ", 500, NULL }, { "\t12.05\n", 1205, NULL }, { "00000000012", 1200, NULL },
		{ "1,000", 100000, NULL }, { "£1,000", 100000, NULL }, { "999", 99900, NULL }, { "0.01", 1, NULL },
		{ "12345678901234.00", -1, "Amount is too large" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		long long got = parse_pence(t[i].in, 100000, &msg);
		if (got != t[i].want)
			fail_msg("'%s' gave %lld, want %lld", t[i].in, got, t[i].want);
		if (t[i].err && (msg == NULL || strcmp(msg, t[i].err)))
			fail_msg("'%s' said '%s', want '%s'", t[i].in, msg ? msg : "(nothing)", t[i].err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(amounts) };
	return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
