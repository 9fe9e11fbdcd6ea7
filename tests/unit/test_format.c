/* cors.h, cors_result_format: the HTTP/1.1 formatter (exact lines,
 * truncation reported,
 * never written past cap), cors_request_from_headers, and the guard-page
 * proof that pointer+length inputs are never read past their length. */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS */
#include "common.h"

#include "headerlist.h"
#include "origin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the formatter ------------------------------------------------------------ */

static void set_header(cors_header *h, const char *name, const char *value) {
  h->name = name;
  h->name_len = strlen(name);
  h->value = value;
  h->value_len = strlen(value);
}

static cors_result two_headers(void) {
  cors_result res;
  memset(&res, 0, sizeof res);
  res.kind = CORS_KIND_ACTUAL;
  res.allowed = true;
  set_header(&res.headers[0], "Access-Control-Allow-Origin", "https://a.example");
  set_header(&res.headers[1], "Vary", "Origin");
  res.header_count = 2;
  return res;
}

#define TWO_LINES                                                             \
  "Access-Control-Allow-Origin: https://a.example\r\nVary: Origin\r\n"

START_TEST(format_exact_lines) {
  cors_result res = two_headers();
  char buf[256];
  size_t written = 0;
  ck_assert_int_eq(cors_result_format(&res, buf, sizeof buf, &written), CORS_OK);
  ck_assert_str_eq(buf, TWO_LINES);
  ck_assert_uint_eq(written, strlen(TWO_LINES));
  /* written may be NULL */
  ck_assert_int_eq(cors_result_format(&res, buf, sizeof buf, NULL), CORS_OK);
  ck_assert_str_eq(buf, TWO_LINES);
}
END_TEST

START_TEST(format_no_headers) {
  cors_result res;
  memset(&res, 0, sizeof res);
  char buf[8] = "junk";
  size_t written = 99;
  ck_assert_int_eq(cors_result_format(&res, buf, sizeof buf, &written), CORS_OK);
  ck_assert_str_eq(buf, "");
  ck_assert_uint_eq(written, 0);
}
END_TEST

/* Value bytes are taken by length, not up to a NUL. */
START_TEST(format_uses_lengths) {
  cors_result res = two_headers();
  res.headers[1].value = "OriginGARBAGE";
  res.headers[1].value_len = 6;
  res.headers[0].name = "Access-Control-Allow-OriginXX";
  res.headers[0].name_len = 27;
  char buf[256];
  ck_assert_int_eq(cors_result_format(&res, buf, sizeof buf, NULL), CORS_OK);
  ck_assert_str_eq(buf, TWO_LINES);
}
END_TEST

/* Every cap below the need: reported, nothing past cap touched. */
START_TEST(format_too_small_every_cap) {
  cors_result res = two_headers();
  const size_t need = strlen(TWO_LINES);
  char buf[256];
  for (size_t cap = 0; cap <= need; cap++) {
    memset(buf, '#', sizeof buf);
    size_t written = 0;
    cors_status st = cors_result_format(&res, buf, cap, &written);
    ck_assert_msg(st == CORS_ERR_BUFFER_TOO_SMALL, "cap %zu: status %d", cap, (int)st);
    ck_assert_msg(written == need, "cap %zu: reported need %zu, want %zu", cap,
                  written, need);
    if (cap > 0)
      ck_assert_msg(buf[0] == '\0', "cap %zu: buffer not emptied", cap);
    for (size_t i = cap; i < sizeof buf; i++)
      ck_assert_msg(buf[i] == '#', "cap %zu: byte %zu written", cap, i);
  }
  memset(buf, '#', sizeof buf);
  ck_assert_int_eq(cors_result_format(&res, buf, need + 1, NULL), CORS_OK);
  ck_assert_str_eq(buf, TWO_LINES);
  ck_assert_msg(buf[need + 1] == '#', "wrote past need + 1");
}
END_TEST

/* The size query cors.h documents: buf NULL and cap 0 report the length
 * needed, and a buffer of that length plus one then takes the lines. */
START_TEST(format_size_query) {
  cors_result res = two_headers();
  size_t n = 0;
  ck_assert_int_eq(cors_result_format(&res, NULL, 0, &n),
                   CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, strlen(TWO_LINES));
  char *buf = malloc(n + 1);
  ck_assert_ptr_nonnull(buf);
  size_t written = 0;
  ck_assert_int_eq(cors_result_format(&res, buf, n + 1, &written), CORS_OK);
  ck_assert_str_eq(buf, TWO_LINES);
  ck_assert_uint_eq(written, n);
  free(buf);
  /* A NULL buffer with a capacity is a caller bug, not a size query. */
  ck_assert_int_eq(cors_result_format(&res, NULL, 8, &n),
                   CORS_ERR_INVALID_ARGUMENT);
}
END_TEST

/* Every real result fits in CORS_FORMAT_BOUND(reflected bytes), and the
 * output is exactly the result's headers. */
START_TEST(format_real_results_and_bound) {
  policy_spec spec = seed_spec();
  spec.private_network = true;
  cors_policy *pol = policy_from_spec(&spec);
  static char acrh[CORS_MAX_REQUEST_HEADER_LINES][200];
  cors_request req;
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PATCH", .acrpn = "true"};
  request_from_spec(&req, &rq);
  size_t reflected = strlen(SEED_ORIGIN) + strlen("PATCH");
  for (size_t i = 0; i < CORS_MAX_REQUEST_HEADER_LINES; i++) {
    snprintf(acrh[i], sizeof acrh[i],
             "authorization, content-type, x-request-id, x-csrf-token, "
             "if-none-match, if-match, idempotency-key, x-client, "
             "cache-control, pragma, x-session-id, x-requested-with");
    req.request_headers[i] = cors_slice_cstr(acrh[i]);
    reflected += strlen(acrh[i]) + 2;
  }
  req.request_headers_count = CORS_MAX_REQUEST_HEADER_LINES;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(res.allowed, "preflight refused: %s", cors_reason_string(res.reason));
  static char buf[CORS_FORMAT_BOUND(4096)];
  ck_assert_msg(reflected <= 4096, "test too big for its buffer");
  size_t written = 0;
  ck_assert_int_eq(cors_result_format(&res, buf, CORS_FORMAT_BOUND(reflected), &written),
                   CORS_OK);
  /* rebuild the expectation from the headers */
  static char want[CORS_FORMAT_BOUND(4096)];
  size_t w = 0;
  for (size_t i = 0; i < res.header_count; i++) {
    const cors_header *h = &res.headers[i];
    memcpy(want + w, h->name, h->name_len);
    w += h->name_len;
    memcpy(want + w, ": ", 2);
    w += 2;
    memcpy(want + w, h->value, h->value_len);
    w += h->value_len;
    memcpy(want + w, "\r\n", 2);
    w += 2;
  }
  want[w] = '\0';
  ck_assert_uint_eq(written, w);
  ck_assert_msg(memcmp(buf, want, w + 1) == 0, "formatted lines differ");
  cors_policy_free(pol);
}
END_TEST

/* ---- guard pages ------------------------------------------------------------------ */

/* n bytes copied so that the last one sits right before a PROT_NONE page:
 * reading one byte past the slice faults. */
typedef struct guarded {
  char *map;
  size_t map_len;
  char *data;
} guarded;

static guarded guard_bytes(const void *bytes, size_t n) {
  guarded g;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t data_pages = (n + page - 1) / page + 1;
  g.map_len = (data_pages + 1) * page;
  g.map = mmap(NULL, g.map_len, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ck_assert_msg(g.map != MAP_FAILED, "mmap failed");
  char *fence = g.map + data_pages * page;
  ck_assert_int_eq(mprotect(fence, page, PROT_NONE), 0);
  g.data = fence - n;
  if (n)
    memcpy(g.data, bytes, n);
  return g;
}

static void guard_free(guarded *g) { munmap(g->map, g->map_len); }

/* The formatter's output buffer ends at the fence: at cap = need + 1 it
 * fits exactly, and any smaller cap is refused without a stray write. */
START_TEST(guard_format_output) {
  cors_result res = two_headers();
  const size_t need = strlen(TWO_LINES);
  for (size_t cap = 0; cap <= need + 1; cap++) {
    guarded g = guard_bytes(NULL, 0);
    char *buf = g.data - cap; /* cap bytes before the fence */
    size_t written = 0;
    cors_status st = cors_result_format(&res, buf, cap, &written);
    ck_assert_msg(st == (cap == need + 1 ? CORS_OK : CORS_ERR_BUFFER_TOO_SMALL),
                  "cap %zu: status %d", cap, (int)st);
    ck_assert_uint_eq(written, need);
    if (st == CORS_OK)
      ck_assert_msg(memcmp(buf, TWO_LINES, need + 1) == 0, "output differs");
    guard_free(&g);
  }
}
END_TEST

static const cors_slice guard_origins[] = {
    SL("https://a.example.com"),
    SL("http://localhost:3000"),
    SL("http://localhost:"),
    SL("http://localhost"),
    SL("https://a.example.com:8443"),
    SL("null"),
    SL("nul"),
    SL("https://"),
    SL("https:"),
    SL("h"),
    SL(""),
    SL("http://[::1]"),
    SL("http://[::1"),
    SL("http://127.0.0.1:65535"),
    SL("https://a.com/"),
    SL("https://a.com\r"),
};

START_TEST(guard_origin_validate) {
  const cors_slice *o = &guard_origins[_i];
  guarded g = guard_bytes(o->ptr, o->len);
  cors__origin_view v;
  (void)cors__origin_validate_request(g.data, o->len, &v);
  guard_free(&g);
}
END_TEST

/* The whole evaluate path reads the origin by length under every kind of
 * matcher: exact set, patterns, null, regex, `*`. */
START_TEST(guard_origin_evaluate) {
  static const policy_spec specs[] = {
      {.origins = "https://a.example.com, null", .credentials = true},
      {.origins = "https://*.example.com:*, http://localhost:*", .credentials = true},
      {.regex = "https?://[a-z.]+(:[0-9]+)?", .credentials = true},
      {.origins = "*"},
  };
  const cors_slice *o = &guard_origins[_i];
  guarded g = guard_bytes(o->ptr, o->len);
  for (size_t p = 0; p < COUNT_OF(specs); p++) {
    cors_policy *pol = policy_from_spec(&specs[p]);
    request_spec rq = {.origin = {g.data, o->len}};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    char out[CORS_FORMAT_BOUND(64)];
    ck_assert_int_eq(cors_result_format(&res, out, sizeof out, NULL), CORS_OK);
    cors_policy_free(pol);
  }
  guard_free(&g);
}
END_TEST

static const cors_slice guard_lists[] = {
    SL("x-a"),  SL("x-a,"), SL("x-a, "), SL(","),   SL(" "),
    SL(""),     SL("x a"),  SL("x-a,x-b"), SL("x-a\t"), SL(",,,,,,,,,,,,,,,,,,"),
};

START_TEST(guard_header_list) {
  const cors_slice *l = &guard_lists[_i];
  guarded g = guard_bytes(l->ptr, l->len);
  /* the iterator */
  cors_slice line = {g.data, l->len};
  cors__hl_iter it;
  cors__hl_init(&it, &line, 1);
  cors_slice item;
  for (int guard = 0; guard < 64 && cors__hl_next(&it, &item) == CORS__HL_ITEM; guard++)
    ;
  /* and a preflight whose ACRM and ACRH both end at the fence */
  policy_spec spec = {.origins = "https://a.example", .allowed_headers = "*"};
  cors_policy *pol = policy_from_spec(&spec);
  cors_request req;
  request_spec rq = {.method = "OPTIONS", .origin = SL("https://a.example"),
                     .acrm = "GET"};
  request_from_spec(&req, &rq);
  req.request_headers[0] = line;
  req.request_headers_count = 1;
  guarded m = guard_bytes("PATCH", 5);
  req.request_method = (cors_slice){m.data, 5};
  cors_result res;
  cors_evaluate(pol, &req, &res);
  cors_policy_free(pol);
  guard_free(&m);
  guard_free(&g);
}
END_TEST

/* Config text setters take pointer + length too. */
START_TEST(guard_config_setters) {
  static const char origin[] = "https://a.example.com:8443";
  static const char csv[] = "https://a.example, http://localhost:*,";
  static const char methods[] = "GET, PATCH";
  static const char headers[] = "X-A, Authorization";
  static const char regex[] = "https://[a-z]+\\.example";
  cors_error err;
  cors_config *cfg = cors_config_new(NULL);
  guarded g1 = guard_bytes(origin, sizeof origin - 1);
  ck_assert_int_eq(cors_config_add_origin(cfg, g1.data, sizeof origin - 1, &err), CORS_OK);
  guarded g2 = guard_bytes(csv, sizeof csv - 1);
  ck_assert_int_eq(cors_config_add_origins_csv(cfg, g2.data, sizeof csv - 1, &err), CORS_OK);
  guarded g3 = guard_bytes(methods, sizeof methods - 1);
  ck_assert_int_eq(cors_config_set_methods_csv(cfg, g3.data, sizeof methods - 1, &err), CORS_OK);
  guarded g4 = guard_bytes(headers, sizeof headers - 1);
  ck_assert_int_eq(cors_config_set_allowed_headers_csv(cfg, g4.data, sizeof headers - 1, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_exposed_headers_csv(cfg, g4.data, sizeof headers - 1, &err), CORS_OK);
  ck_assert_int_eq(cors_config_add_method(cfg, g3.data + 5, 5, &err), CORS_OK);
  guarded g5 = guard_bytes(regex, sizeof regex - 1);
  ck_assert_int_eq(cors_config_set_origin_regex(cfg, g5.data, sizeof regex - 1, &err), CORS_OK);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  cors_policy_free(pol);
  guard_free(&g1);
  guard_free(&g2);
  guard_free(&g3);
  guard_free(&g4);
  guard_free(&g5);
}
END_TEST

/* cors_request_from_headers reads names and values by length. */
START_TEST(guard_request_from_headers) {
  static const char *const names[] = {"Origin", "Access-Control-Request-Method",
                                      "Access-Control-Request-Headers",
                                      "Access-Control-Request-Private-Network",
                                      "X-Other", "O"};
  guarded gn[COUNT_OF(names)], gv[COUNT_OF(names)];
  cors_raw_header raw[COUNT_OF(names)];
  for (size_t i = 0; i < COUNT_OF(names); i++) {
    gn[i] = guard_bytes(names[i], strlen(names[i]));
    gv[i] = guard_bytes("  v ", 4);
    raw[i] = (cors_raw_header){gn[i].data, strlen(names[i]), gv[i].data, 4};
  }
  guarded gm = guard_bytes("OPTIONS", 7);
  cors_request req;
  cors_request_from_headers(&req, gm.data, 7, raw, COUNT_OF(raw));
  ck_assert_uint_eq(req.origin_count, 1);
  for (size_t i = 0; i < COUNT_OF(names); i++) {
    guard_free(&gn[i]);
    guard_free(&gv[i]);
  }
  guard_free(&gm);
}
END_TEST

/* ---- cors_request_from_headers --------------------------------------------------- */

#define H(n, v) {n, sizeof(n) - 1, v, sizeof(v) - 1}

typedef struct rfh_case {
  const char *name;
  cors_raw_header headers[12];
  size_t count;
  const char *origin; /* NULL: absent */
  unsigned origin_count;
  const char *acrm;
  unsigned acrm_count;
  const char *acrh[3]; /* expected lines, first ones */
  unsigned acrh_count;
  const char *acrpn;
} rfh_case;

static const rfh_case rfh_cases[] = {
    {"none", {H("Host", "x"), H("Accept", "*/*")}, 2, NULL, 0, NULL, 0, {NULL}, 0, NULL},
    {"origin_exact_case", {H("Origin", "https://a.example")}, 1, "https://a.example", 1, NULL, 0, {NULL}, 0, NULL},
    {"origin_lower_name", {H("origin", "https://a.example")}, 1, "https://a.example", 1, NULL, 0, {NULL}, 0, NULL},
    {"origin_upper_name", {H("ORIGIN", "https://a.example")}, 1, "https://a.example", 1, NULL, 0, {NULL}, 0, NULL},
    {"origin_trimmed", {H("Origin", " \t https://a.example \t")}, 1, "https://a.example", 1, NULL, 0, {NULL}, 0, NULL},
    {"origin_empty_value", {H("Origin", "")}, 1, "", 1, NULL, 0, {NULL}, 0, NULL},
    {"origin_twice", {H("Origin", "https://a.example"), H("origin", "https://b.example")}, 2, NULL, 2, NULL, 0, {NULL}, 0, NULL},
    {"lookalike_names_ignored", {H("X-Origin", "https://x"), H("Origin-Agent-Cluster", "?1"), H("Origi", "y"), H("Originx", "z")}, 4, NULL, 0, NULL, 0, {NULL}, 0, NULL},
    {"acrm", {H("access-control-request-method", " PUT ")}, 1, NULL, 0, "PUT", 1, {NULL}, 0, NULL},
    {"acrm_twice", {H("Access-Control-Request-Method", "PUT"), H("ACCESS-CONTROL-REQUEST-METHOD", "GET")}, 2, NULL, 0, NULL, 2, {NULL}, 0, NULL},
    {"acrh_lines", {H("Access-Control-Request-Headers", "x-a, x-b"), H("Host", "h"), H("access-control-request-headers", " x-c ")}, 3, NULL, 0, NULL, 0, {"x-a, x-b", "x-c"}, 2, NULL},
    {"acrpn", {H("Access-Control-Request-Private-Network", "true")}, 1, NULL, 0, NULL, 0, {NULL}, 0, "true"},
    {"preflight", {H("Origin", "http://localhost:3000"), H("Access-Control-Request-Method", "GET"), H("Access-Control-Request-Headers", "authorization")}, 3, "http://localhost:3000", 1, "GET", 1, {"authorization"}, 1, NULL},
};

static bool slice_is(cors_slice s, const char *want) {
  if (!want)
    return s.ptr == NULL;
  return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

START_TEST(request_from_headers_cases) {
  const rfh_case *c = &rfh_cases[_i];
  cors_request req;
  memset(&req, 0x77, sizeof req);
  cors_request_from_headers(&req, "GET", 3, c->headers, c->count);
  ck_assert_msg(slice_is(req.method, "GET"), "%s: method", c->name);
  ck_assert_msg(req.origin_count == c->origin_count, "%s: origin_count %u",
                c->name, req.origin_count);
  if (c->origin_count <= 1)
    ck_assert_msg(slice_is(req.origin, c->origin), "%s: origin %s", c->name,
                  printable(req.origin.ptr, req.origin.len));
  ck_assert_msg(req.request_method_count == c->acrm_count, "%s: acrm count %u",
                c->name, req.request_method_count);
  if (c->acrm_count <= 1)
    ck_assert_msg(slice_is(req.request_method, c->acrm), "%s: acrm", c->name);
  ck_assert_msg(req.request_headers_count == c->acrh_count, "%s: acrh count %u",
                c->name, req.request_headers_count);
  for (unsigned i = 0; i < c->acrh_count; i++)
    ck_assert_msg(slice_is(req.request_headers[i], c->acrh[i]), "%s: acrh line %u: %s",
                  c->name, i,
                  printable(req.request_headers[i].ptr, req.request_headers[i].len));
  ck_assert_msg(slice_is(req.request_private_network, c->acrpn), "%s: acrpn", c->name);
}
END_TEST

/* More ACRH lines than the array holds: counted, and the request is
 * refused as malformed rather than judged on a truncated list. */
START_TEST(request_from_headers_many_acrh_lines) {
  enum { LINES = CORS_MAX_REQUEST_HEADER_LINES + 2 };
  cors_raw_header raw[LINES + 2];
  raw[0] = (cors_raw_header)H("Origin", "https://a.example");
  raw[1] = (cors_raw_header)H("Access-Control-Request-Method", "GET");
  for (size_t i = 0; i < LINES; i++)
    raw[i + 2] = (cors_raw_header)H("Access-Control-Request-Headers", "x-a");
  cors_request req;
  cors_request_from_headers(&req, "OPTIONS", 7, raw, COUNT_OF(raw));
  ck_assert_uint_eq(req.request_headers_count, LINES);
  policy_spec spec = {.origins = "https://a.example", .allowed_headers = "x-a"};
  cors_policy *pol = policy_from_spec(&spec);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed, "request with %d ACRH lines allowed", LINES);
  cors_policy_free(pol);
}
END_TEST

/* Built from raw headers, a duplicate Origin is refused by evaluate. */
START_TEST(request_from_headers_duplicate_origin) {
  cors_raw_header raw[] = {H("Origin", "https://a.example"),
                           H("Origin", "https://a.example")};
  cors_request req;
  cors_request_from_headers(&req, "GET", 3, raw, COUNT_OF(raw));
  policy_spec spec = {.origins = "https://a.example"};
  cors_policy *pol = policy_from_spec(&spec);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed && res.reason == CORS_REASON_MULTIPLE_ORIGINS,
                "duplicate Origin: %s", cors_reason_string(res.reason));
  cors_policy_free(pol);
}
END_TEST

/* ---- cors_request_add_header ------------------------------------------------ */

static bool same_slice(cors_slice a, cors_slice b) {
  return a.ptr == b.ptr && a.len == b.len;
}

/* Header by header gives the very request the array form gives (the
 * array form is written on top of it, but a host building incrementally
 * relies on the equivalence, so it is checked field by field). */
START_TEST(request_add_header_matches_from_headers) {
  const rfh_case *c = &rfh_cases[_i];
  cors_request whole, step;
  cors_request_from_headers(&whole, "GET", 3, c->headers, c->count);
  memset(&step, 0x55, sizeof step);
  cors_request_init(&step);
  step.method = (cors_slice){"GET", 3};
  for (size_t i = 0; i < c->count; i++)
    cors_request_add_header(&step, c->headers[i].name, c->headers[i].name_len,
                            c->headers[i].value, c->headers[i].value_len);
  ck_assert_msg(slice_is(step.method, "GET"), "%s: method", c->name);
  ck_assert_msg(same_slice(step.origin, whole.origin), "%s: origin", c->name);
  ck_assert_uint_eq(step.origin_count, whole.origin_count);
  ck_assert_msg(same_slice(step.request_method, whole.request_method),
                "%s: acrm", c->name);
  ck_assert_uint_eq(step.request_method_count, whole.request_method_count);
  ck_assert_uint_eq(step.request_headers_count, whole.request_headers_count);
  for (size_t i = 0; i < CORS_MAX_REQUEST_HEADER_LINES; i++)
    ck_assert_msg(same_slice(step.request_headers[i], whole.request_headers[i]),
                  "%s: acrh line %zu", c->name, i);
  ck_assert_msg(same_slice(step.request_private_network,
                           whole.request_private_network),
                "%s: acrpn", c->name);
}
END_TEST

START_TEST(request_add_header_edges) {
  cors_request req;
  cors_request_init(&req);
  cors_request_add_header(NULL, "Origin", 6, "https://a.example", 17);
  cors_request_add_header(&req, NULL, 6, "https://a.example", 17);
  ck_assert_uint_eq(req.origin_count, 0);
  /* A NULL value is an empty one: present, and invalid as an origin. */
  cors_request_add_header(&req, "Origin", 6, NULL, 99);
  ck_assert_uint_eq(req.origin_count, 1);
  ck_assert_ptr_nonnull(req.origin.ptr);
  ck_assert_uint_eq(req.origin.len, 0);
  /* The name is read by its length only (no NUL needed). */
  cors_request_init(&req);
  cors_request_add_header(&req, "Originality", 6, " https://a.example ", 19);
  ck_assert(slice_is(req.origin, "https://a.example"));
  /* The last private-network line wins. */
  cors_request_add_header(&req, "access-control-request-private-network", 38,
                          "false", 5);
  cors_request_add_header(&req, "Access-Control-Request-Private-Network", 38,
                          "true", 4);
  ck_assert(slice_is(req.request_private_network, "true"));
}
END_TEST

/* A preflight built the way an nginx or libmicrohttpd host builds it,
 * one header at a time, is decided like the array-built one. */
START_TEST(request_add_header_builds_a_preflight) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr("OPTIONS");
  cors_request_add_header(&req, "Host", 4, "api.example", 11);
  cors_request_add_header(&req, "origin", 6, SEED_ORIGIN, strlen(SEED_ORIGIN));
  cors_request_add_header(&req, "Access-Control-Request-Method", 29, "PUT", 3);
  cors_request_add_header(&req, "Access-Control-Request-Headers", 30,
                          "authorization", 13);
  cors_request_add_header(&req, "Access-Control-Request-Headers", 30,
                          "content-type", 12);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_int_eq(res.kind, CORS_KIND_PREFLIGHT);
  ck_assert(res.allowed);
  cors_request_add_header(&req, "Access-Control-Request-Headers", 30,
                          "x-unknown", 9);
  cors_evaluate(pol, &req, &res);
  ck_assert(!res.allowed);
  ck_assert_int_eq(res.reason, CORS_REASON_HEADER_NOT_ALLOWED);
  cors_policy_free(pol);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("format");
  TCase *tc = tcase_create("format");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, format_exact_lines);
  tcase_add_test(tc, format_no_headers);
  tcase_add_test(tc, format_uses_lengths);
  tcase_add_test(tc, format_too_small_every_cap);
  tcase_add_test(tc, format_size_query);
  tcase_add_test(tc, format_real_results_and_bound);
  suite_add_tcase(s, tc);

  tc = tcase_create("guard_page");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, guard_format_output);
  tcase_add_loop_test(tc, guard_origin_validate, 0, (int)COUNT_OF(guard_origins));
  tcase_add_loop_test(tc, guard_origin_evaluate, 0, (int)COUNT_OF(guard_origins));
  tcase_add_loop_test(tc, guard_header_list, 0, (int)COUNT_OF(guard_lists));
  tcase_add_test(tc, guard_config_setters);
  tcase_add_test(tc, guard_request_from_headers);
  suite_add_tcase(s, tc);

  tc = tcase_create("request");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, request_from_headers_cases, 0, (int)COUNT_OF(rfh_cases));
  tcase_add_test(tc, request_from_headers_many_acrh_lines);
  tcase_add_test(tc, request_from_headers_duplicate_origin);
  tcase_add_loop_test(tc, request_add_header_matches_from_headers, 0,
                      (int)COUNT_OF(rfh_cases));
  tcase_add_test(tc, request_add_header_edges);
  tcase_add_test(tc, request_add_header_builds_a_preflight);
  suite_add_tcase(s, tc);
  return s;
}
