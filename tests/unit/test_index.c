/* The structures that keep evaluation independent of the configuration's
 * size, checked against the plain reference matcher of the fuzz targets
 * (tests/fuzz/fuzz_common.c, which shares no code with src/):
 * - the pattern index (subdomain and port patterns looked up by host
 *   suffix) admits exactly what a linear scan of the patterns admits;
 * - the request-origin validator's fast path (http(s) origins checked 16
 *   bytes at a time) agrees with the reference grammar and fills the same
 *   view as the byte-wise path;
 * - compile finds duplicates in long lists (sorted, not compared pairwise)
 *   and names the later entry.
 * Inputs come from a fixed pseudo-random sequence: every run is the same. */
#include "common.h"

#include "fuzz_common.h"
#include "origin.h"
#include "policy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Valgrind runs this suite for its memory checks, some fifty times
 * slower: the generated inputs are cut to a tenth there. */
static int scaled(int n) {
  return UNDER_VALGRIND() ? n / 10 : n;
}

/* xorshift64*: a fixed sequence, so a failure replays. */
static uint64_t g_rng = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return (uint32_t)((g_rng * 0x2545f4914f6cdd1du) >> 33) % n;
}

static const char *pick(const char *const *list, size_t n) {
  return list[rnd((uint32_t)n)];
}

#define PICK(list) pick((list), COUNT_OF(list))

/* ---- request-origin validation ------------------------------------------- */

/* Pieces that make valid origins, nearly valid ones and the bytes the fast
 * path must refuse, with hosts around its 16-byte boundaries. */
static const char *const schemes[] = {"https://", "http://", "https://",
                                      "http://",  "wss://",  "HTTPS://",
                                      "https:/",  "h://"};
static const char *const host_pieces[] = {"a",
                                          "b",
                                          "example",
                                          "com",
                                          "t0",
                                          "x-y",
                                          "-",
                                          ".",
                                          ".",
                                          "..",
                                          "0",
                                          "1234567",
                                          "abcdefghijklmnop",
                                          "Z",
                                          "_",
                                          "~",
                                          "@",
                                          "/",
                                          ":",
                                          "[",
                                          "]",
                                          "\xc3\xa9",
                                          "\r",
                                          " ",
                                          "%",
                                          "a.b",
                                          "co"};
static const char *const ports[] = {
    "",       "",   "",     ":1", ":80",     ":443", ":8443", ":65535",
    ":65536", ":0", ":080", ":",  ":123456", ":1a",  "::1"};

static size_t random_origin(char *buf, size_t cap) {
  size_t n = (size_t)snprintf(buf, cap, "%s", PICK(schemes));
  uint32_t pieces = 1 + rnd(8);
  for (uint32_t i = 0; i < pieces && n + 20 < cap; i++)
    n += (size_t)snprintf(buf + n, cap - n, "%s", PICK(host_pieces));
  n += (size_t)snprintf(buf + n, cap - n, "%s", PICK(ports));
  return n;
}

/* What a valid origin's view must say, whichever path filled it. */
static void check_view(const char *s, size_t len, const cors__origin_view *v) {
  if (len == 4 && memcmp(s, "null", 4) == 0) {
    ck_assert_msg(v->is_null, "null: is_null");
    return;
  }
  ck_assert_msg(!v->is_null && v->scheme_len > 0 &&
                    memcmp(s + v->scheme_len, "://", 3) == 0 &&
                    v->host_off == v->scheme_len + 3 && v->host_len > 0,
                "%s: scheme or host in the view", printable(s, len));
  size_t host_end = v->host_off + v->host_len;
  if (!v->has_port) {
    ck_assert_msg(host_end == len, "%s: host end", printable(s, len));
    return;
  }
  ck_assert_msg(s[host_end] == ':' && v->port_off == host_end + 1 &&
                    v->port_off + v->port_len == len,
                "%s: port in the view", printable(s, len));
  unsigned port = 0;
  for (size_t i = v->port_off; i < len; i++)
    port = port * 10 + (unsigned)(s[i] - '0');
  ck_assert_msg(port == v->port, "%s: port %u, view %u", printable(s, len),
                port, v->port);
}

START_TEST(validation_agrees_with_reference) {
  char buf[256];
  size_t valid = 0;
  const int cases = scaled(200000);
  for (int i = 0; i < cases; i++) {
    size_t len = random_origin(buf, sizeof buf);
    /* An exactly-sized copy: reading past the origin is an error under
     * ASan and Valgrind. */
    char *s = malloc(len);
    ck_assert(s != NULL);
    memcpy(s, buf, len);
    cors__origin_view v;
    bool engine = cors__origin_validate_request(s, len, &v);
    bool ref = ref_origin_valid(s, len);
    ck_assert_msg(engine == ref, "%s: engine %d, reference %d",
                  printable(s, len), engine, ref);
    ck_assert_msg(cors__origin_is_valid(s, len) == ref,
                  "%s: cors__origin_is_valid differs", printable(s, len));
    if (engine) {
      check_view(s, len, &v);
      valid++;
    }
    free(s);
  }
  /* The sequence must exercise both answers in quantity. */
  ck_assert_msg(valid > (size_t)cases / 20 && valid < (size_t)cases * 19 / 20,
                "%zu valid of %d", valid, cases);
}
END_TEST

/* Hosts around the fast path's boundaries: 15 to 33 bytes, dots at every
 * position, so the seams between its 16-byte loads are crossed. */
START_TEST(validation_seams) {
  char s[96];
  for (size_t n = 1; n <= 40; n++) {
    for (size_t dot = 0; dot <= n; dot++) {
      for (int twice = 0; twice < 2; twice++) {
        size_t len = (size_t)snprintf(s, sizeof s, "https://");
        for (size_t i = 0; i < n; i++)
          s[len++] = (char)('a' + i % 26);
        if (dot < n)
          s[8 + dot] = '.';
        if (twice && dot + 1 < n)
          s[8 + dot + 1] = '.';
        cors__origin_view v;
        bool engine = cors__origin_validate_request(s, len, &v);
        ck_assert_msg(engine == ref_origin_valid(s, len), "%s: engine %d",
                      printable(s, len), engine);
        ck_assert_msg(cors__origin_is_valid(s, len) == engine, "%s",
                      printable(s, len));
        if (engine)
          check_view(s, len, &v);
      }
    }
  }
}
END_TEST

/* ---- the pattern index --------------------------------------------------- */

static const struct index_case {
  const char *name;
  const char *origins;
  const char *request;
  bool allowed;
} index_cases[] = {
    /* A deeper suffix whose port rule refuses must not hide a shallower
     * one that admits. */
    {"shallow_after_deep",
     "https://*.a.example.com:8443, https://*.example.com",
     "https://x.a.example.com", true},
    {"deep_port", "https://*.a.example.com:8443, https://*.example.com",
     "https://x.a.example.com:8443", true},
    {"neither_port", "https://*.a.example.com:8443, https://*.example.com",
     "https://x.a.example.com:9443", false},
    /* One suffix, several schemes and ports: a binary search of its run. */
    {"run_scheme", "http://*.e.com, wss://*.e.com:*, https://*.e.com:9000",
     "https://a.e.com", false},
    {"run_scheme_port", "http://*.e.com, wss://*.e.com:*, https://*.e.com:9000",
     "https://a.e.com:9000", true},
    {"run_any_port", "http://*.e.com, wss://*.e.com:*, https://*.e.com:9000",
     "wss://a.e.com:1", true},
    {"run_no_port", "http://*.e.com, wss://*.e.com:*, https://*.e.com:9000",
     "http://a.e.com", true},
    {"run_no_port_refuses_port",
     "http://*.e.com, wss://*.e.com:*, https://*.e.com:9000",
     "http://a.e.com:80", false},
    /* Port patterns and subdomain patterns of the same host. */
    {"port_pattern_host", "http://localhost:*, https://*.localhost",
     "http://localhost:5173", true},
    {"port_pattern_not_sub", "http://localhost:*", "http://a.localhost:5173",
     false},
    {"sub_not_host", "https://*.localhost", "https://localhost", false},
    /* Depths: only those configured are probed. */
    {"depth_one", "https://*.com", "https://a.b.c.com", true},
    {"depth_three", "https://*.a.b.com", "https://x.a.b.com", true},
    {"depth_three_not_two", "https://*.a.b.com", "https://a.b.com", false},
    /* Lookalikes stay out. */
    {"glued", "https://*.example.com", "https://evilexample.com", false},
    {"suffix_then_more", "https://*.example.com",
     "https://a.example.com.evil.net", false},
    {"ipv6_host", "https://*.1", "https://[::ffff:1.2.3.1]", false},
    {"null_never", "https://*.example.com, http://localhost:*", "null", false},
};

START_TEST(index_cases_table) {
  const struct index_case *c = &index_cases[_i];
  policy_spec spec = {.origins = c->origins};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = {c->request, strlen(c->request)}};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d (%s)", c->name,
                res.allowed, cors_reason_string(res.reason));
  cors_policy_free(pol);
}
END_TEST

/* A suffix of 70 labels (deeper than the index's 64 depth bits). */
START_TEST(index_deep_suffix) {
  char pattern[400], request[400];
  size_t p = (size_t)snprintf(pattern, sizeof pattern, "https://*");
  size_t r = (size_t)snprintf(request, sizeof request, "https://x");
  for (int i = 0; i < 70; i++) {
    p += (size_t)snprintf(pattern + p, sizeof pattern - p, ".l%d", i % 7);
    r += (size_t)snprintf(request + r, sizeof request - r, ".l%d", i % 7);
  }
  policy_spec spec = {.origins = pattern};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = {request, r}};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "70-label suffix: %s",
                cors_reason_string(res.reason));
  /* The same host minus one label: one depth short. */
  rq.origin = (cors_slice){"https://l0.l1", 13};
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(!res.allowed, "a short host matched a deep suffix");
  cors_policy_free(pol);
}
END_TEST

/* Patterns and requests from a small vocabulary, so that suffixes overlap
 * and collide, against the reference's linear scan of the patterns. */
static const char *const labels[] = {"a",   "b",   "ab", "example",
                                     "com", "x-1", "co", "uk"};
static const char *const pattern_schemes[] = {"https", "http", "wss"};
static const char *const pattern_ports[] = {"",      "",    ":*",
                                            ":8443", ":80", ":443"};

static size_t random_host(char *buf, size_t cap, uint32_t max_labels) {
  size_t n = 0;
  uint32_t count = 1 + rnd(max_labels);
  for (uint32_t i = 0; i < count; i++)
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? "." : "", PICK(labels));
  return n;
}

#define DIFF_PATTERNS 120
#define DIFF_REQUESTS 3000

START_TEST(index_agrees_with_linear_scan) {
  static ref_entry refs[DIFF_PATTERNS];
  char csv[DIFF_PATTERNS * 64];
  size_t used = 0;
  for (int i = 0; i < DIFF_PATTERNS; i++) {
    char host[64], entry[96];
    random_host(host, sizeof host, 3);
    bool sub = rnd(4) != 0;
    const char *port = sub ? PICK(pattern_ports) : ":*";
    int n = snprintf(entry, sizeof entry, "%s://%s%s%s", PICK(pattern_schemes),
                     sub ? "*." : "", host, port);
    ck_assert(ref_entry_parse(&refs[i], entry, (size_t)n));
    used += (size_t)snprintf(csv + used, sizeof csv - used, "%s%s",
                             i ? "," : "", entry);
  }
  policy_spec spec = {.origins = csv, .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  size_t allowed = 0;
  for (int i = 0; i < DIFF_REQUESTS; i++) {
    char host[96], origin[160];
    random_host(host, sizeof host, 5);
    int n = snprintf(origin, sizeof origin, "%s://%s%s", PICK(pattern_schemes),
                     host, PICK(pattern_ports));
    if (strstr(origin, ":*") != NULL)
      continue; /* not a request origin */
    request_spec rq = {.origin = {origin, (size_t)n}};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    bool ref =
        ref_origin_matches_any(refs, DIFF_PATTERNS, origin, (size_t)n, true);
    ck_assert_msg(res.allowed == ref, "%s: engine %d, linear scan %d", origin,
                  res.allowed, ref);
    allowed += ref;
  }
  ck_assert_msg(allowed > 100, "only %zu requests matched", allowed);
  cors_policy_free(pol);
}
END_TEST

/* Numbered hosts differ only in a few bytes of one word: the hash must
 * still spread them, or lookups and compile slow down with the count. A
 * table at most half full with a good spread has runs of about 25 slots
 * at this size; a hash that ignored those bytes would fill one run. */
#define SPREAD_KEYS 100000

START_TEST(hash_spreads_numbered_hosts) {
  const unsigned keys = (unsigned)scaled(SPREAD_KEYS);
  size_t cap = (size_t)keys * 2 * 40;
  char *csv = malloc(cap), *pcsv = malloc(cap);
  ck_assert(csv != NULL && pcsv != NULL);
  size_t n = 0, p = 0;
  for (unsigned i = 0; i < keys; i++) {
    n += (size_t)snprintf(csv + n, cap - n, "%shttps://h%07u.example.com",
                          i ? "," : "", i);
    p += (size_t)snprintf(pcsv + p, cap - p, "%shttps://*.t%07u.example.com",
                          i ? "," : "", i);
  }
  policy_spec exact = {.origins = csv}, patterns = {.origins = pcsv};
  cors_policy *a = policy_from_spec(&exact);
  cors_policy *b = policy_from_spec(&patterns);
  size_t exact_run = cors__originset_longest_run(&a->exact);
  size_t suffix_run = cors__patternset_longest_run(&b->patterns);
  ck_assert_msg(exact_run < 64, "exact origins: a run of %zu slots", exact_run);
  ck_assert_msg(suffix_run < 64, "pattern suffixes: a run of %zu slots",
                suffix_run);
  cors_policy_free(a);
  cors_policy_free(b);
  free(csv);
  free(pcsv);
}
END_TEST

/* ---- exact origins only: the refusal's reason -----------------------------
 */

/* With exact origins only, a miss is refused at once and only validity
 * is computed: the reason must still be the precise one. */
static const struct reason_case {
  const char *origin;
  cors_reason reason;
} reason_cases[] = {
    {"https://evil.example.net", CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"https://evil.example.net:8443", CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"https://EVIL.example.net", CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"capacitor://localhost", CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"http://a.b", CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"null", CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"https://evil.example.net/", CORS_REASON_ORIGIN_INVALID},
    {"https://evil..example.net", CORS_REASON_ORIGIN_INVALID},
    {"https://evil.example.net:0", CORS_REASON_ORIGIN_INVALID},
    {"https://evil.example.net.", CORS_REASON_ORIGIN_INVALID},
    {"https://ev\xc3\xa9l.example.net", CORS_REASON_ORIGIN_INVALID},
    {"https://", CORS_REASON_ORIGIN_INVALID},
};

START_TEST(exact_only_reasons) {
  const struct reason_case *c = &reason_cases[_i];
  policy_spec spec = {.origins = "https://app.example.com"};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = {c->origin, strlen(c->origin)}};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(!res.allowed && res.reason == c->reason, "%s: %s",
                printable(c->origin, strlen(c->origin)),
                cors_reason_string(res.reason));
  cors_policy_free(pol);
}
END_TEST

/* An origin callback is another way in: a policy of exact origins and a
 * callback must ask it (and only for a valid origin other than null). */
static int g_asked;

static bool tenant_callback(const char *origin, size_t len, void *ud) {
  (void)ud;
  g_asked++;
  return len == 22 && memcmp(origin, "https://tenant.example", 22) == 0;
}

START_TEST(exact_only_with_callback) {
  policy_spec spec = {.origins = "https://app.example.com"};
  cors_config *cfg = config_from_spec(&spec);
  cors_config_set_origin_callback(cfg, tenant_callback, NULL);
  cors_policy *pol = NULL;
  cors_error err;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  g_asked = 0;
  request_spec rq = {.origin = SL("https://tenant.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "the callback's origin: %s",
                cors_reason_string(res.reason));
  rq.origin = (cors_slice)SL("https://other.example");
  evaluate_spec(pol, &rq, &res);
  ck_assert_int_eq(res.reason, CORS_REASON_ORIGIN_NOT_ALLOWED);
  ck_assert_int_eq(g_asked, 2);
  rq.origin = (cors_slice)SL("https://tenant.example/");
  evaluate_spec(pol, &rq, &res);
  ck_assert_int_eq(res.reason, CORS_REASON_ORIGIN_INVALID);
  ck_assert_int_eq(g_asked, 2);
  cors_policy_free(pol);
}
END_TEST

/* ---- duplicates in long lists -------------------------------------------- */

/* 40 entries with repeats (in other case), beyond the pairwise threshold:
 * each later repeat is warned about by index, and dropped. */
START_TEST(duplicates_in_long_lists) {
  char headers[1024], exposed[1024], methods[1024], origins[4096];
  size_t h = 0, x = 0, m = 0, o = 0;
  for (int i = 0; i < 40; i++) {
    int k = i % 30; /* entries 30..39 repeat 0..9 */
    h += (size_t)snprintf(headers + h, sizeof headers - h, "%sX-H%d",
                          i ? "," : "", k);
    x += (size_t)snprintf(exposed + x, sizeof exposed - x, "%s%s-%d",
                          i ? "," : "", i < 30 ? "X-E" : "x-e", k);
    m += (size_t)snprintf(methods + m, sizeof methods - m, "%sM%d",
                          i ? "," : "", k);
    o += (size_t)snprintf(origins + o, sizeof origins - o,
                          "%shttps://*.t%d.example.com,https://h%d.example",
                          i ? "," : "", k, k);
  }
  policy_spec spec = {.origins = origins,
                      .allowed_headers = headers,
                      .exposed_headers = exposed,
                      .methods = methods};
  warning_log log;
  cors_policy *pol = policy_from_spec_logged(&spec, &log);
  /* 10 repeats in each of headers, exposed, methods, patterns, origins. */
  ck_assert_uint_eq(warning_log_count(&log, CORS_WARN_DUPLICATE), 50);
  for (size_t i = 0; i < log.count; i++) {
    if (log.code[i] != CORS_WARN_DUPLICATE)
      continue;
    bool origin = strcmp(log.field[i], "origins") == 0;
    long first_repeat = origin ? 60 : 30; /* origins: two entries a step */
    ck_assert_msg(log.index[i] >= first_repeat,
                  "%s: duplicate warning names entry %ld, not the repeat",
                  log.field[i], log.index[i]);
  }
  /* The exposed value keeps each name once, in first-seen order. */
  const char *want_start = "X-E-0, X-E-1, X-E-2";
  char dump[1 << 16];
  cors_policy_dump(pol, dump, sizeof dump);
  ck_assert_msg(strstr(dump, want_start) != NULL &&
                    strstr(dump, "x-e-") == NULL,
                "exposed headers: %s", dump);
  cors_policy_free(pol);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("index");
  TCase *tc = tcase_create("validation");
  tcase_set_timeout(tc, UNIT_TIMEOUT * 4);
  tcase_add_test(tc, validation_agrees_with_reference);
  tcase_add_test(tc, validation_seams);
  suite_add_tcase(s, tc);

  tc = tcase_create("patterns");
  tcase_set_timeout(tc, UNIT_TIMEOUT * 4);
  tcase_add_loop_test(tc, index_cases_table, 0, (int)COUNT_OF(index_cases));
  tcase_add_test(tc, index_deep_suffix);
  tcase_add_test(tc, index_agrees_with_linear_scan);
  tcase_add_test(tc, hash_spreads_numbered_hosts);
  suite_add_tcase(s, tc);

  tc = tcase_create("exact origins only");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, exact_only_reasons, 0, (int)COUNT_OF(reason_cases));
  tcase_add_test(tc, exact_only_with_callback);
  suite_add_tcase(s, tc);

  tc = tcase_create("duplicates");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, duplicates_in_long_lists);
  suite_add_tcase(s, tc);
  return s;
}
