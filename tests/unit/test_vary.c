/* Vary merge: the application's tokens first and in order, the result's
 * new ones after, each once in any case; `*` absorbs all; empty sides;
 * junk from the application dropped; exact sizing and truncation; the
 * header lines with the merged Vary in the result's place; long values
 * merged as the plain rules say, with work close to linear. */
#include "common.h"
#include "vary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A result holding ACAO and, when vary is not NULL, one Vary header. */
static cors_result synthetic(const char *vary) {
  cors_result res;
  memset(&res, 0, sizeof res);
  res.kind = CORS_KIND_ACTUAL;
  res.allowed = true;
  res.headers[0] = (cors_header){"Access-Control-Allow-Origin", 27,
                                 "https://a.example", 17};
  res.header_count = 1;
  if (vary != NULL)
    res.headers[res.header_count++] =
        (cors_header){"Vary", 4, vary, strlen(vary)};
  return res;
}

#define PREFLIGHT_VARY                                                        \
  "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "   \
  "Access-Control-Request-Private-Network"

typedef struct merge_case {
  const char *app;
  size_t app_len; /* 0: strlen (for embedded NULs) */
  const char *result_vary; /* NULL: the result has no Vary */
  const char *want;
} merge_case;

static const merge_case merge_cases[] = {
    /* one side empty */
    {"", 0, "Origin", "Origin"},
    {"Accept-Encoding", 0, NULL, "Accept-Encoding"},
    {"", 0, NULL, ""},
    {" , ,,\t, ", 0, NULL, ""},
    {" , ,,\t, ", 0, "Origin", "Origin"},
    /* application first, in its order, then the new CORS tokens */
    {"Accept-Encoding", 0, "Origin", "Accept-Encoding, Origin"},
    {"Accept-Language, Accept-Encoding", 0, PREFLIGHT_VARY,
     "Accept-Language, Accept-Encoding, " PREFLIGHT_VARY},
    /* duplicates in any case, on either side */
    {"origin", 0, "Origin", "origin"},
    {"ORIGIN, Accept", 0, "Origin", "ORIGIN, Accept"},
    {"Accept, accept,ACCEPT", 0, "Origin", "Accept, Origin"},
    {"access-control-request-headers", 0, PREFLIGHT_VARY,
     "access-control-request-headers, Origin, "
     "Access-Control-Request-Method, Access-Control-Request-Private-Network"},
    {"Accept", 0, "Origin, origin, ORIGIN", "Accept, Origin"},
    /* `*` absorbs everything */
    {"*", 0, "Origin", "*"},
    {"Accept, *", 0, "Origin", "*"},
    {" * ", 0, NULL, "*"},
    {"Accept", 0, "*", "*"},
    {"", 0, "Origin, *", "*"},
    /* blanks trimmed, junk dropped (never copied into a header) */
    {"\tAccept\t,  Cookie ", 0, "Origin", "Accept, Cookie, Origin"},
    {"a b, d", 0, "Origin", "d, Origin"},
    {"Origin\r\nSet-Cookie: a=b, d", 0, "Origin", "d, Origin"},
    {"Acc\0ept, X", 10, "Origin", "X, Origin"},
    {"caf\xc3\xa9, X", 0, "Origin", "X, Origin"},
    {"\"quoted\", (x), Y", 0, NULL, "Y"},
};

START_TEST(merge_follows_the_rules) {
  const merge_case *c = &merge_cases[_i];
  cors_result res = synthetic(c->result_vary);
  size_t len = c->app_len != 0 ? c->app_len : strlen(c->app);
  char buf[512];
  size_t written = 12345;
  cors_status st = cors_vary_merge(c->app, len, &res, buf, sizeof buf,
                                   &written);
  ck_assert_int_eq(st, CORS_OK);
  ck_assert_msg(strcmp(buf, c->want) == 0, "case %d: got '%s', want '%s'",
                _i, printable(buf, strlen(buf)), c->want);
  ck_assert_uint_eq(written, strlen(c->want));
}
END_TEST

START_TEST(merge_of_real_results) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  char buf[256];
  size_t n;
  /* An actual request: Origin. */
  request_spec rs = {.origin = SL(SEED_ORIGIN)};
  cors_result res;
  evaluate_spec(pol, &rs, &res);
  ck_assert_int_eq(cors_vary_merge("Accept-Encoding", 15, &res, buf,
                                   sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Accept-Encoding, Origin");
  /* A denied preflight still varies on the request headers. */
  rs = (request_spec){.method = "OPTIONS", .origin = SL("https://evil.example"),
                      .acrm = "PUT"};
  evaluate_spec(pol, &rs, &res);
  ck_assert(!res.allowed);
  ck_assert_int_eq(cors_vary_merge(NULL, 0, &res, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, PREFLIGHT_VARY);
  cors_policy_free(pol);

  /* Public `*`: an allowed actual request has no Vary to add. */
  policy_spec pub = {.origins = "*"};
  pol = policy_from_spec(&pub);
  rs = (request_spec){.origin = SL("https://x.example")};
  evaluate_spec(pol, &rs, &res);
  ck_assert_int_eq(cors_vary_merge("", 0, &res, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "");
  ck_assert_uint_eq(n, 0);
  cors_policy_free(pol);
}
END_TEST

/* Every capacity from 0 to the exact need: too small until there is room
 * for the NUL, the needed length always reported, never a byte written
 * past cap. */
static void check_sizes(cors_status (*call)(const cors_result *, char *,
                                            size_t, size_t *),
                        const cors_result *res, const char *want) {
  size_t need = strlen(want);
  size_t n = 0;
  ck_assert_int_eq(call(res, NULL, 0, &n), CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, need);
  for (size_t cap = 0; cap <= need + 1; cap++) {
    char buf[1024];
    memset(buf, '#', sizeof buf);
    n = 0;
    cors_status st = call(res, buf, cap, &n);
    ck_assert_uint_eq(n, need);
    /* One assertion per capacity: each costs Check a write in fork mode. */
    size_t past = cap;
    while (past < sizeof buf && buf[past] == '#')
      past++;
    ck_assert_msg(past == sizeof buf, "cap %zu: byte %zu written", cap, past);
    if (cap <= need) {
      ck_assert_int_eq(st, CORS_ERR_BUFFER_TOO_SMALL);
      if (cap > 0)
        ck_assert_int_eq(buf[0], '\0');
    } else {
      ck_assert_int_eq(st, CORS_OK);
      ck_assert_str_eq(buf, want);
    }
  }
}

static const char sizing_app[] = "Accept-Encoding, accept-encoding, Cookie";

static cors_status merge_call(const cors_result *res, char *buf, size_t cap,
                              size_t *n) {
  return cors_vary_merge(sizing_app, sizeof sizing_app - 1, res, buf, cap, n);
}

static cors_status format_call(const cors_result *res, char *buf, size_t cap,
                               size_t *n) {
  return cors_result_format_vary(res, sizing_app, sizeof sizing_app - 1, buf,
                                 cap, n);
}

START_TEST(sizes_and_truncation) {
  cors_result res = synthetic(PREFLIGHT_VARY);
  check_sizes(merge_call, &res, "Accept-Encoding, Cookie, " PREFLIGHT_VARY);
  check_sizes(format_call, &res,
              "Access-Control-Allow-Origin: https://a.example\r\n"
              "Vary: Accept-Encoding, Cookie, " PREFLIGHT_VARY "\r\n");
  size_t n = 99;
  ck_assert_int_eq(cors_vary_merge(NULL, 0, &res, NULL, 0, NULL),
                   CORS_ERR_BUFFER_TOO_SMALL);
  char one[1] = {'x'};
  cors_result none = synthetic(NULL);
  ck_assert_int_eq(cors_vary_merge(NULL, 0, &none, one, 1, &n), CORS_OK);
  ck_assert_int_eq(one[0], '\0');
  ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(bad_arguments) {
  cors_result res = synthetic("Origin");
  char buf[64];
  size_t n;
  ck_assert_int_eq(cors_vary_merge("a", 1, NULL, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_vary_merge(NULL, 3, &res, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_vary_merge("a", 1, &res, NULL, 8, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_result_format_vary(NULL, "a", 1, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_result_format_vary(&res, NULL, 2, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_result_format_vary(&res, "a", 1, NULL, 4, &n),
                   CORS_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- cors_result_format_vary -------------------------------------------- */

START_TEST(format_vary_replaces_the_vary_line_in_place) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rs = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PUT", .acrh = "content-type"};
  cors_result res;
  evaluate_spec(pol, &rs, &res);
  ck_assert(res.allowed);
  char plain[1024], merged[1024];
  size_t n;
  ck_assert_int_eq(cors_result_format(&res, plain, sizeof plain, &n), CORS_OK);
  ck_assert_int_eq(cors_result_format_vary(&res, "Accept", 6, merged,
                                           sizeof merged, &n),
                   CORS_OK);
  ck_assert_uint_eq(n, strlen(merged));
  /* The same text with the one Vary line changed. */
  char want[1024];
  const char *vary = strstr(plain, "Vary: ");
  ck_assert_ptr_nonnull(vary);
  snprintf(want, sizeof want, "%.*sVary: Accept, %s", (int)(vary - plain),
           plain, vary + 6);
  ck_assert_str_eq(merged, want);
  cors_policy_free(pol);
}
END_TEST

START_TEST(format_vary_adds_or_omits_the_line) {
  cors_result res = synthetic(NULL);
  char buf[256];
  size_t n;
  /* The result has no Vary: the application's goes at the end. */
  ck_assert_int_eq(cors_result_format_vary(&res, "Accept", 6, buf, sizeof buf,
                                           &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Access-Control-Allow-Origin: https://a.example\r\n"
                        "Vary: Accept\r\n");
  /* Nothing to vary on: no Vary line at all. */
  ck_assert_int_eq(cors_result_format_vary(&res, " ,", 2, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Access-Control-Allow-Origin: https://a.example\r\n");
  /* A result without headers (report-only) and a hostile application
   * value: only clean tokens come out. */
  cors_result empty;
  memset(&empty, 0, sizeof empty);
  static const char hostile[] = "Accept\r\nSet-Cookie: x=1, \x01, Cookie";
  ck_assert_int_eq(cors_result_format_vary(&empty, hostile,
                                           sizeof hostile - 1, buf,
                                           sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Vary: Cookie\r\n");
}
END_TEST

/* ---- long values ------------------------------------------------------ */

/* The rules read the plainest way, quadratic: every valid token of the
 * application's value, then of each result Vary header in order; `*`
 * anywhere gives "*"; otherwise each token is written unless an earlier
 * one equals it ignoring case. Returns a malloc'ed string. */
static bool ref_tchar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') ||
         (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

typedef struct ref_list {
  cors_slice *tok;
  size_t count, cap;
} ref_list;

static void ref_split(ref_list *l, const char *s, size_t len) {
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != ',')
      continue;
    size_t a = start, b = i;
    start = i + 1;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
      a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
      b--;
    bool valid = b > a;
    for (size_t k = a; k < b; k++)
      valid = valid && ref_tchar((unsigned char)s[k]);
    if (!valid)
      continue;
    if (l->count == l->cap) {
      l->cap = l->cap * 2 + 16;
      l->tok = realloc(l->tok, l->cap * sizeof *l->tok);
      ck_assert_ptr_nonnull(l->tok);
    }
    l->tok[l->count++] = (cors_slice){s + a, b - a};
  }
}

static bool ref_same(cors_slice a, cors_slice b) {
  if (a.len != b.len)
    return false;
  for (size_t i = 0; i < a.len; i++) {
    char x = a.ptr[i], y = b.ptr[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

static char *ref_merge(const char *app, size_t app_len,
                       const cors_result *res) {
  ref_list l = {NULL, 0, 0};
  ref_split(&l, app, app_len);
  for (size_t i = 0; i < res->header_count; i++)
    if (ref_same(cors_slice_cstr("vary"),
                 (cors_slice){res->headers[i].name, res->headers[i].name_len}))
      ref_split(&l, res->headers[i].value, res->headers[i].value_len);
  size_t cap = 2;
  for (size_t i = 0; i < l.count; i++)
    cap += l.tok[i].len + 2;
  char *out = malloc(cap);
  ck_assert_ptr_nonnull(out);
  size_t n = 0;
  bool star = false;
  for (size_t i = 0; i < l.count; i++)
    star = star || (l.tok[i].len == 1 && l.tok[i].ptr[0] == '*');
  for (size_t i = 0; i < l.count && !star; i++) {
    bool repeat = false;
    for (size_t j = 0; j < i && !repeat; j++)
      repeat = ref_same(l.tok[j], l.tok[i]);
    if (repeat)
      continue;
    if (n > 0) {
      memcpy(out + n, ", ", 2);
      n += 2;
    }
    memcpy(out + n, l.tok[i].ptr, l.tok[i].len);
    n += l.tok[i].len;
  }
  if (star)
    out[n++] = '*';
  out[n] = '\0';
  free(l.tok);
  return out;
}

/* A small deterministic generator (an LCG), so failures reproduce. */
static uint32_t next_random(uint64_t *state) {
  *state = *state * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t)(*state >> 33);
}

/* Appends pool name `i` ("a".."z", "aa", ...) with random case. */
static size_t put_name(char *s, unsigned long i, uint64_t *rng) {
  char tok[16];
  size_t k = sizeof tok;
  for (unsigned long v = i + 1; v > 0; v = (v - 1) / 26) {
    char c = (char)('a' + (v - 1) % 26);
    tok[--k] = next_random(rng) % 4 == 0 ? (char)(c - 'a' + 'A') : c;
  }
  memcpy(s, tok + k, sizeof tok - k);
  return sizeof tok - k;
}

static const char *const junk[] = {"", " ", "a b", "x\001y", "caf\xc3\xa9",
                                   "\"q\"", "\t"};

/* `count` elements drawn from a pool of `pool` names (so repeats span
 * windows), with junk and blanks, plus one `*` somewhere when `star`. */
static size_t random_list(char *s, size_t count, unsigned long pool,
                          bool star, uint64_t *rng) {
  size_t n = 0;
  size_t star_at = star ? next_random(rng) % (count + 1) : SIZE_MAX;
  for (size_t i = 0; i < count + (star ? 1 : 0); i++) {
    if (i > 0) {
      const char *sep = next_random(rng) % 3 ? ", " : ",";
      memcpy(s + n, sep, strlen(sep));
      n += strlen(sep);
    }
    if (i == star_at) {
      s[n++] = '*';
    } else if (next_random(rng) % 16 == 0) {
      const char *j = junk[next_random(rng) % COUNT_OF(junk)];
      memcpy(s + n, j, strlen(j));
      n += strlen(j);
    } else {
      if (next_random(rng) % 8 == 0)
        s[n++] = '\t';
      n += put_name(s + n, next_random(rng) % pool, rng);
    }
  }
  s[n] = '\0';
  return n;
}

#define RANDOM_CASES 48

START_TEST(long_merges_follow_the_plain_rules) {
  uint64_t rng = 0x5eed0000u + (uint64_t)_i;
  /* Up to 4 windows of tokens, repeats within and across them. */
  size_t count = next_random(&rng) % (4 * CORS__VARY_WINDOW + 1);
  unsigned long pool = 1 + next_random(&rng) % (3 * CORS__VARY_WINDOW);
  bool star = _i % 8 == 7;
  char *app = malloc(count * 24 + 64);
  ck_assert_ptr_nonnull(app);
  size_t app_len = random_list(app, count, pool, star && _i % 16 == 7, &rng);
  /* The result: ACAO, then one to three Vary headers (one of them
   * spelled "vary") around another header. */
  char vary[3][256];
  cors_result res = synthetic(NULL);
  size_t lines = 1 + next_random(&rng) % 3;
  for (size_t k = 0; k < lines; k++) {
    size_t len = random_list(vary[k], 1 + next_random(&rng) % 6, pool,
                             star && _i % 16 == 15 && k == lines - 1, &rng);
    res.headers[res.header_count++] =
        (cors_header){k == 1 ? "vary" : "Vary", 4, vary[k], len};
    if (k == 0)
      res.headers[res.header_count++] =
          (cors_header){"Access-Control-Allow-Credentials", 32, "true", 4};
  }
  char *want = ref_merge(app, app_len, &res);
  size_t need = 0;
  ck_assert_int_eq(cors_vary_merge(app, app_len, &res, NULL, 0, &need),
                   CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(need, strlen(want));
  char *got = malloc(need + 1);
  ck_assert_ptr_nonnull(got);
  ck_assert_int_eq(cors_vary_merge(app, app_len, &res, got, need + 1, &need),
                   CORS_OK);
  ck_assert_msg(strcmp(got, want) == 0, "case %d (%zu elements, pool %lu)",
                _i, count, pool);
  /* The header lines carry the same merge. */
  size_t lines_len = 0;
  cors_result_format_vary(&res, app, app_len, NULL, 0, &lines_len);
  char *text = malloc(lines_len + 1);
  ck_assert_ptr_nonnull(text);
  ck_assert_int_eq(cors_result_format_vary(&res, app, app_len, text,
                                           lines_len + 1, &lines_len),
                   CORS_OK);
  const char *line = strstr(text, "Vary: ");
  if (want[0] == '\0') {
    ck_assert_ptr_null(line);
  } else {
    ck_assert_ptr_nonnull(line);
    ck_assert(strncmp(line + 6, want, strlen(want)) == 0);
    ck_assert(strncmp(line + 6 + strlen(want), "\r\n", 2) == 0);
  }
  free(text);
  free(got);
  free(want);
  free(app);
}
END_TEST

/* An 8 KB application Vary of distinct tokens, as an upstream may send:
 * the windows' lookups stay near n + n^2 / (2 * window), and no two
 * tokens are compared byte by byte unless their hashes match (the plain
 * look-back did about n^2 / 2 comparisons: 1.6 million here). */
START_TEST(distinct_tokens_cost_near_linear_work) {
  static char app[8192 + 1];
  size_t len = 0, n = 0;
  uint64_t rng = 1;
  for (unsigned long i = 0; len + 16 < sizeof app - 1; i++, n++) {
    if (i > 0) {
      memcpy(app + len, ", ", 2);
      len += 2;
    }
    len += put_name(app + len, i, &rng);
  }
  n++; /* the result's Origin */
  cors_result res = synthetic("Origin");
  cors__vary_work work;
  size_t need = 0;
  ck_assert_int_eq(cors__vary_merge_counted(app, len, &res, NULL, 0, &need,
                                            &work),
                   CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(need, len + strlen(", Origin"));
  size_t windows = (n + CORS__VARY_WINDOW - 1) / CORS__VARY_WINDOW;
  ck_assert_uint_le(work.lookups, n + windows + n * windows / 2);
  ck_assert_uint_le(work.comparisons, n / 64);
}
END_TEST

/* One token repeated thousands of times in any case: one window, each
 * repeat compared once with the first. */
START_TEST(repeated_tokens_cost_linear_work) {
  static char app[8 * 4000];
  size_t len = 0;
  for (int i = 0; i < 4000; i++) {
    memcpy(app + len, i % 2 ? "ACCEPT, " : "accept, ", 8);
    len += 8;
  }
  cors_result res = synthetic("Origin, Accept");
  cors__vary_work work;
  char buf[64];
  size_t n = 0;
  ck_assert_int_eq(cors__vary_merge_counted(app, len, &res, buf, sizeof buf,
                                            &n, &work),
                   CORS_OK);
  ck_assert_str_eq(buf, "accept, Origin");
  ck_assert_uint_eq(work.lookups, 4002);
  ck_assert_uint_le(work.comparisons, 4001);
}
END_TEST

/* A `*` after a full window still absorbs everything. */
START_TEST(star_after_the_first_window_absorbs_all) {
  static char app[16 * (CORS__VARY_WINDOW + 8)];
  size_t len = 0;
  uint64_t rng = 2;
  for (unsigned long i = 0; i < CORS__VARY_WINDOW + 5; i++) {
    len += put_name(app + len, i, &rng);
    app[len++] = ',';
  }
  app[len++] = '*';
  cors_result res = synthetic("Origin");
  char buf[8];
  size_t n = 0;
  ck_assert_int_eq(cors_vary_merge(app, len, &res, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "*");
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("vary");
  TCase *tc = tcase_create("merge");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, merge_follows_the_rules, 0,
                      (int)COUNT_OF(merge_cases));
  tcase_add_test(tc, merge_of_real_results);
  tcase_add_test(tc, sizes_and_truncation);
  tcase_add_test(tc, bad_arguments);
  suite_add_tcase(s, tc);
  tc = tcase_create("format");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, format_vary_replaces_the_vary_line_in_place);
  tcase_add_test(tc, format_vary_adds_or_omits_the_line);
  suite_add_tcase(s, tc);
  tc = tcase_create("long");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, long_merges_follow_the_plain_rules, 0,
                      RANDOM_CASES);
  tcase_add_test(tc, distinct_tokens_cost_near_linear_work);
  tcase_add_test(tc, repeated_tokens_cost_linear_work);
  tcase_add_test(tc, star_after_the_first_window_absorbs_all);
  suite_add_tcase(s, tc);
  return s;
}
