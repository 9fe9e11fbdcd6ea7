/* docs/semantics.md#the-origin-regex: the origin regex is a full match
 * (re.fullmatch),
 * `$` never matches before a final newline, PCRE2 errors carry their
 * offset, and no origin can make matching slow. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "common.h"

#include "policy.h"
#include "regex.h"

#include <pcre2.h>
#include <string.h>
#include <time.h>

typedef struct fullmatch_case {
  const char *name;
  const char *pattern;
  const char *origin;
  bool allowed;
} fullmatch_case;

static const fullmatch_case fullmatch_cases[] = {
    {"plain_match", "https://example\\.com", "https://example.com", true},
    {"anchored_match", "^https://example\\.com$", "https://example.com", true},
    {"prefix_attack", "https://example\\.com", "https://example.com.evil.com", false},
    {"prefix_attack_caret", "^https://example\\.com", "https://example.com.evil.com", false},
    {"prefix_attack_port", "https://example\\.com", "https://example.com:8443", false},
    {"suffix_attack_dollar", "example\\.com$", "https://evilexample.com", false},
    {"suffix_attack_plain", "example\\.com", "https://evilexample.com", false},
    {"suffix_attack_subdomain", "example\\.com", "https://a.example.com", false},
    {"middle_attack", "example", "https://example.com", false},
    {"subdomain_class", "https://[a-z0-9-]+\\.example\\.com", "https://app.example.com", true},
    {"subdomain_class_suffix_attack", "https://[a-z0-9-]+\\.example\\.com", "https://app.example.com.evil.com", false},
    /* a naive "^" + p + "$" wrap anchors only the outer alternatives */
    {"alternation_first", "https://a\\.com|https://b\\.com", "https://a.com", true},
    {"alternation_second", "https://a\\.com|https://b\\.com", "https://b.com", true},
    {"alternation_first_prefix_attack", "https://a\\.com|https://b\\.com", "https://a.com.evil.com", false},
    {"alternation_second_suffix_attack", "https://a\\.com|https://b\\.com", "https://evil.https://b.com", false},
    {"alternation_port_attack", "https://a\\.com|https://b\\.com", "https://a.com:1", false},
    {"optional_port", "http://localhost(:[0-9]+)?", "http://localhost:5173", true},
    {"optional_port_absent", "http://localhost(:[0-9]+)?", "http://localhost", true},
    {"optional_port_suffix_attack", "http://localhost(:[0-9]+)?", "http://localhost.evil.com", false},
    {"case_sensitive", "https://example\\.com", "https://EXAMPLE.com", false},
    {"null_never_by_regex_dotstar", ".*", "null", false},
    {"null_never_by_regex_literal", "null", "null", false},
    {"null_never_by_regex_alternation", "https://a\\.com|null", "null", false},
    {"dotstar_allows_valid", ".*", "https://anything.example", true},
    /* PCRE2 10.42's JIT ignores end anchoring after these verbs (found by
     * fuzz_regex): none may widen the full match. */
    {"verb_skip_alternative", "https://a\\.com|.(*SKIP)", "https://evil.example", false},
    {"verb_accept", ".(*ACCEPT)", "https://evil.example", false},
    {"verb_accept_class", "\\S(*ACCEPT)", "https://evil.example", false},
    {"verb_skip_still_matches", "https://a\\.com|.(*SKIP)", "https://a.com", true},
};

START_TEST(regex_full_match) {
  const fullmatch_case *c = &fullmatch_cases[_i];
  policy_spec spec = {.regex = c->pattern, .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = cors_slice_cstr(c->origin)};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed == c->allowed, "%s: /%s/ vs %s: allowed=%d",
                c->name, c->pattern, c->origin, res.allowed);
  if (c->allowed)
    ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", c->origin),
                  "%s: ACAO must echo the origin", c->name);
  else
    ck_assert_msg(result_header(&res, "Access-Control-Allow-Origin") == NULL,
                  "%s: ACAO on denial", c->name);
  cors_policy_free(pol);
}
END_TEST

/* The regex and exact entries combine: either may allow. */
START_TEST(regex_and_exact_together) {
  policy_spec spec = {.origins = "https://exact.example",
                      .regex = "https://[a-z]+\\.preview\\.example",
                      .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  const char *allowed[] = {"https://exact.example", "https://pr.preview.example"};
  const char *denied[] = {"https://other.example", "https://pr1.preview.example"};
  cors_result res;
  for (size_t i = 0; i < COUNT_OF(allowed); i++) {
    request_spec rq = {.origin = cors_slice_cstr(allowed[i])};
    evaluate_spec(pol, &rq, &res);
    ck_assert_msg(res.allowed, "%s must be allowed", allowed[i]);
  }
  for (size_t i = 0; i < COUNT_OF(denied); i++) {
    request_spec rq = {.origin = cors_slice_cstr(denied[i])};
    evaluate_spec(pol, &rq, &res);
    ck_assert_msg(!res.allowed, "%s must be denied", denied[i]);
  }
  cors_policy_free(pol);
}
END_TEST

/* An empty pattern clears an earlier regex. */
START_TEST(regex_empty_clears) {
  cors_error err;
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_int_eq(cors_config_set_origin_regex(cfg, "https://a\\.com", 14, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_origin_regex(cfg, "", 0, &err), CORS_OK);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  request_spec rq = {.origin = SL("https://a.com")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(!res.allowed, "cleared regex still allows");
  cors_policy_free(pol);
}
END_TEST

/* A second pattern replaces the first. */
START_TEST(regex_replaced) {
  cors_error err;
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_int_eq(cors_config_set_origin_regex(cfg, "https://a\\.com", 14, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_origin_regex(cfg, "https://b\\.com", 14, &err), CORS_OK);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  request_spec a = {.origin = SL("https://a.com")};
  request_spec b = {.origin = SL("https://b.com")};
  cors_result res;
  evaluate_spec(pol, &a, &res);
  ck_assert_msg(!res.allowed, "replaced regex still allows");
  evaluate_spec(pol, &b, &res);
  ck_assert_msg(res.allowed, "new regex does not allow");
  cors_policy_free(pol);
}
END_TEST

/* ---- internal matcher: `$` and the final newline -------------------------- */

typedef struct raw_case {
  const char *name;
  const char *pattern;
  cors_slice subject;
  bool match;
} raw_case;

static const raw_case raw_cases[] = {
    {"dollar_no_final_newline", "https://example\\.com$", SL("https://example.com\n"), false},
    {"anchors_no_final_newline", "^https://example\\.com$", SL("https://example.com\n"), false},
    {"plain_no_final_newline", "https://example\\.com", SL("https://example.com\n"), false},
    {"dotstar_no_final_newline", "https://.*", SL("https://a.com\n"), false},
    {"Z_no_final_newline", "https://example\\.com\\Z", SL("https://example.com\n"), false},
    {"multiline_flag_no_final_newline", "(?m)https://example\\.com$", SL("https://example.com\n"), false},
    {"dollar_match", "https://example\\.com$", SL("https://example.com"), true},
    {"nul_in_subject", "https://example\\.com", SL("https://example.com\0.evil"), false},
    {"prefix", "https://example\\.com", SL("https://example.com.evil.com"), false},
    {"alternation", "a|b", SL("ab"), false},
    {"alternation_whole", "a|b", SL("b"), true},
};

START_TEST(regex_internal_full_match) {
  const raw_case *c = &raw_cases[_i];
  cors__alloc a;
  cors__alloc_init(&a, NULL);
  cors__regex *re = NULL;
  cors_error err;
  ck_assert_msg(cors__regex_compile(&a, c->pattern, strlen(c->pattern), "regex",
                                    &re, &err) == CORS_OK,
                "%s: compile: %s", c->name, err.message);
  bool got = cors__regex_full_match(re, c->subject.ptr, c->subject.len);
  ck_assert_msg(got == c->match, "%s: /%s/ vs %s: %d", c->name, c->pattern,
                printable(c->subject.ptr, c->subject.len), got);
  cors__regex_free(re);
}
END_TEST

/* ---- PCRE2 errors --------------------------------------------------------- */

static const struct bad_regex {
  const char *name;
  const char *pattern;
} bad_regexes[] = {
    {"unclosed_group", "https://(example\\.com"},
    {"unmatched_close", "https://example\\.com)"},
    {"wrap_escape", "https://a\\.com)|(.*"},
    {"unclosed_class", "https://[a-z"},
    {"nothing_to_repeat", "*https://a\\.com"},
    {"bad_quantifier_range", "https://a{3,1}"},
    {"trailing_backslash", "https://a\\"},
    {"duplicate_name", "(?<n>a)(?<n>b)"},
    {"bad_escape", "https://\\ka"},
};

START_TEST(regex_error_reported) {
  const struct bad_regex *c = &bad_regexes[_i];
  /* What PCRE2 itself says about the user's pattern. */
  int code;
  PCRE2_SIZE off;
  pcre2_code *ref = pcre2_compile((PCRE2_SPTR)c->pattern, strlen(c->pattern),
                                  0, &code, &off, NULL);
  ck_assert_msg(ref == NULL, "%s: the reference accepts it", c->name);
  PCRE2_UCHAR msg[256];
  ck_assert_msg(pcre2_get_error_message(code, msg, sizeof msg) > 0,
                "%s: no PCRE2 message", c->name);

  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_status st = cors_config_set_origin_regex(cfg, c->pattern,
                                                strlen(c->pattern), &err);
  ck_assert_msg(st == CORS_ERR_INVALID_REGEX, "%s: status %d", c->name, (int)st);
  ck_assert_int_eq(err.code, CORS_ERR_INVALID_REGEX);
  ck_assert_msg(err.offset == (long)off,
                "%s: offset %ld, PCRE2 says %zu (relative to the user's "
                "pattern)", c->name, err.offset, (size_t)off);
  ck_assert_msg(strstr(err.message, (const char *)msg) != NULL,
                "%s: message '%s' lacks PCRE2's '%s'", c->name, err.message,
                (const char *)msg);
  ck_assert_msg(err.field[0] != '\0', "%s: no field", c->name);
  /* nothing was set: the config still compiles and allows nothing */
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  request_spec rq = {.origin = SL("https://a.com")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(!res.allowed, "%s: a refused regex allows", c->name);
  cors_policy_free(pol);
  cors_config_free(cfg);
}
END_TEST

/* ---- catastrophic backtracking --------------------------------------------- */

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const struct slow_case {
  const char *name;
  const char *pattern;
  size_t run; /* how many 'a' in the host */
} slow_cases[] = {
    {"nested_plus_60", "https://(a+)+", 60},
    {"alternation_60", "https://(a|aa)+", 60},
    {"same_alternatives_60", "https://(a|a)+", 60},
    {"nested_star_long", "https://(a*)*b", 1500},
    {"nested_plus_long", "https://(a+)+", 1500},
};

START_TEST(regex_catastrophic_is_quick_no_match) {
  const struct slow_case *c = &slow_cases[_i];
  policy_spec spec = {.regex = c->pattern, .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  static char origin[2048];
  size_t n = 0;
  memcpy(origin, "https://", 8);
  n = 8;
  memset(origin + n, 'a', c->run);
  n += c->run;
  memcpy(origin + n, ".x", 2); /* the match fails only at the end */
  n += 2;
  request_spec rq = {.origin = {origin, n}};
  cors_result res;
  double t0 = seconds_now();
  evaluate_spec(pol, &rq, &res);
  double took = seconds_now() - t0;
  double bound = UNDER_VALGRIND() ? 30.0 : 1.0;
  ck_assert_msg(!res.allowed, "%s: allowed", c->name);
  ck_assert_msg(took < bound, "%s: evaluation took %.3f s", c->name, took);
  cors_policy_free(pol);
}
END_TEST

/* ---- which engine runs a pattern ------------------------------------------- */

/* Recursion, subroutine calls and backtracking-control verbs run on the
 * interpreter, whose limits hold (the JIT spent seconds per origin on
 * recursion before failing); every other pattern keeps the JIT. */
static const struct engine_case {
  const char *name;
  const char *pattern;
  bool jit;
  const char *subject; /* matched on whichever engine runs */
  bool match;
} engine_cases[] = {
    {"plain", "https://[a-z]+\\.example\\.com", true, "https://a.example.com", true},
    {"backreference_stays", "https://(a)\\1\\.com", true, "https://aa.com", true},
    {"named_group_stays", "https://(?<t>[a-z]+)\\.com", true, "https://ab.com", true},
    {"flags_stay", "(?i)https://A\\.com", true, "https://a.com", true},
    {"negative_flags_stay", "(?-i)https://a\\.com", true, "https://a.com", true},
    {"verb", "https://a\\.com|.(*SKIP)", false, "https://a.com", true},
    {"recursion", "https://(?:x|(?R))", false, "https://x", true},
    {"numbered_call", "https://(x(?1)?y)\\.com", false, "https://xxyy.com", true},
    {"relative_call", "https://(x(?-1)?y)\\.com", false, "https://xy.com", true},
    {"forward_call", "https://(?+1)(x)\\.com", false, "https://xx.com", true},
    {"named_call", "https://(?<p>x(?&p)?y)\\.com", false, "https://xxyy.com", true},
    {"python_call", "https://(?P<p>x(?P>p)?y)\\.com", false, "https://xy.com", true},
    {"oniguruma_call", "https://(?<p>x\\g<p>?y)\\.com", false, "https://xxyy.com", true},
    {"oniguruma_quote_call", "https://(x\\g'1'?y)\\.com", false, "https://xy.com", true},
    {"call_no_match", "https://(x(?1)?y)\\.com", false, "https://xyy.com", false},
};

START_TEST(regex_engine_choice) {
  const struct engine_case *c = &engine_cases[_i];
  cors__alloc a;
  cors__alloc_init(&a, NULL);
  cors__regex *re = NULL;
  cors_error err;
  ck_assert_msg(cors__regex_compile(&a, c->pattern, strlen(c->pattern), "regex",
                                    &re, &err) == CORS_OK,
                "%s: compile: %s", c->name, err.message);
  ck_assert_msg(cors__regex_uses_jit(re) == c->jit, "%s: jit %d", c->name,
                cors__regex_uses_jit(re));
  ck_assert_msg(cors__regex_full_match(re, c->subject, strlen(c->subject)) ==
                    c->match,
                "%s: verdict on %s", c->name, c->subject);
  cors__regex_free(re);
}
END_TEST

/* Found by fuzz_regex: 2,000 empty alternatives and a recursion. On the
 * JIT every origin took about four seconds (the match limit does not
 * count recursion) before failing on the JIT stack; on the interpreter the
 * limits end it at once. */
START_TEST(regex_recursion_is_bounded) {
  static char pattern[2100];
  memset(pattern, '|', 2000);
  memcpy(pattern + 2000, "(?R)", 5);
  policy_spec spec = {.regex = pattern, .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  ck_assert(!cors__regex_uses_jit(pol->regex));
  request_spec rq = {.origin = SL("https://zzprobe.com")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert(!res.allowed);
  ck_assert_int_eq(res.reason, CORS_REASON_ORIGIN_NOT_ALLOWED);
  cors_policy_free(pol);
}
END_TEST

/* ---- the thread's regex scratch --------------------------------------------- */

/* The scratch created by one policy's regex serves another with more
 * groups, survives the first policy, and is re-created after cleanup. */
START_TEST(regex_scratch_shared_across_policies) {
  policy_spec small = {.regex = "https://a\\.example", .credentials = true};
  policy_spec groups = {.regex = "(h)(t)(t)(p)(s)://(b)\\.(e)(x)(a)(m)(p)(l)(e)",
                        .credentials = true};
  cors_policy *a = policy_from_spec(&small);
  request_spec ra = {.origin = SL("https://a.example")};
  request_spec rb = {.origin = SL("https://b.example")};
  cors_result res;
  evaluate_spec(a, &ra, &res);
  ck_assert_msg(res.allowed, "first regex match");
  cors_policy_free(a);
  cors_policy *b = policy_from_spec(&groups);
  evaluate_spec(b, &rb, &res);
  ck_assert_msg(res.allowed, "a regex with 13 groups must still match");
  cors_thread_cleanup();
  cors_thread_cleanup(); /* twice is harmless */
  evaluate_spec(b, &rb, &res);
  ck_assert_msg(res.allowed, "match after cors_thread_cleanup");
  evaluate_spec(b, &ra, &res);
  ck_assert_msg(!res.allowed, "miss after cors_thread_cleanup");
  cors_policy_free(b);
  cors_thread_cleanup();
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("regex");
  TCase *tc = tcase_create("fullmatch");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, regex_full_match, 0, (int)COUNT_OF(fullmatch_cases));
  tcase_add_test(tc, regex_and_exact_together);
  tcase_add_test(tc, regex_empty_clears);
  tcase_add_test(tc, regex_replaced);
  tcase_add_loop_test(tc, regex_internal_full_match, 0, (int)COUNT_OF(raw_cases));
  suite_add_tcase(s, tc);

  tc = tcase_create("errors");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, regex_error_reported, 0, (int)COUNT_OF(bad_regexes));
  suite_add_tcase(s, tc);

  tc = tcase_create("limits");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, regex_catastrophic_is_quick_no_match, 0, (int)COUNT_OF(slow_cases));
  tcase_add_test(tc, regex_scratch_shared_across_policies);
  tcase_add_loop_test(tc, regex_engine_choice, 0, (int)COUNT_OF(engine_cases));
  tcase_add_test(tc, regex_recursion_is_bounded);
  suite_add_tcase(s, tc);
  return s;
}
