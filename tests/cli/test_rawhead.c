/* The raw request head parser of cors-check (tools/rawhead.c): what it
 * accepts, what it refuses, and that a refusal names the line. */
#include <check.h>

#include "rawhead.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse(const char *text, size_t len, cors_rawhead *out, size_t *line,
                  char *why, size_t cap) {
  return cors_rawhead_parse(text, len, out, line, why, cap);
}

static void assert_slice(cors_slice s, const char *want) {
  ck_assert_uint_eq(s.len, strlen(want));
  ck_assert(memcmp(s.ptr, want, s.len) == 0);
}

static void assert_header(const cors_rawhead *h, size_t i, const char *name,
                          const char *value) {
  ck_assert_uint_lt(i, h->header_count);
  cors_slice n = {h->headers[i].name, h->headers[i].name_len};
  cors_slice v = {h->headers[i].value, h->headers[i].value_len};
  assert_slice(n, name);
  assert_slice(v, value);
}

START_TEST(crlf_head) {
  static const char text[] = "OPTIONS /api HTTP/1.1\r\n"
                             "Host: localhost:8000\r\n"
                             "Origin:   http://localhost:3000 \t\r\n"
                             "Access-Control-Request-Method: GET\r\n"
                             "\r\n"
                             "body bytes are not part of the head\r\n";
  cors_rawhead h;
  size_t line = 99;
  char why[128];
  ck_assert(parse(text, sizeof text - 1, &h, &line, why, sizeof why));
  ck_assert_uint_eq(line, 0);
  assert_slice(h.method, "OPTIONS");
  assert_slice(h.target, "/api");
  assert_slice(h.version, "HTTP/1.1");
  ck_assert_uint_eq(h.header_count, 3);
  assert_header(&h, 0, "Host", "localhost:8000");
  assert_header(&h, 1, "Origin", "http://localhost:3000");
  assert_header(&h, 2, "Access-Control-Request-Method", "GET");
}
END_TEST

START_TEST(bare_lf_and_end_of_input) {
  static const char text[] = "\n\r\nGET / HTTP/1.0\nOrigin: https://a.com\n"
                             "X-Empty:";
  cors_rawhead h;
  size_t line;
  char why[128];
  ck_assert(parse(text, sizeof text - 1, &h, &line, why, sizeof why));
  assert_slice(h.method, "GET");
  assert_slice(h.version, "HTTP/1.0");
  ck_assert_uint_eq(h.header_count, 2);
  assert_header(&h, 1, "X-Empty", "");
}
END_TEST

START_TEST(request_line_only) {
  static const char text[] = "DELETE /x HTTP/1.1\r\n";
  cors_rawhead h;
  ck_assert(parse(text, sizeof text - 1, &h, NULL, NULL, 0));
  ck_assert_uint_eq(h.header_count, 0);
  assert_slice(h.method, "DELETE");
}
END_TEST

typedef struct bad_case {
  const char *name;
  const char *text;
  size_t len; /* 0: strlen */
  size_t line;
  const char *in_why;
} bad_case;

static const bad_case bad_cases[] = {
    {"empty", "", 0, 0, "empty"},
    {"only empty lines", "\r\n\n", 0, 0, "empty"},
    {"bare CR in value", "GET / HTTP/1.1\r\nOrigin: a\rb\r\n\r\n", 0, 2,
     "bare CR"},
    {"bare CR at end", "GET / HTTP/1.1\r\nOrigin: a\r", 0, 2, "bare CR"},
    {"bare CR in request line", "GET /\r HTTP/1.1\r\n", 0, 1, "bare CR"},
    {"NUL", "GET / HTTP/1.1\r\nOrigin: a\0b\r\n\r\n",
     sizeof "GET / HTTP/1.1\r\nOrigin: a\0b\r\n\r\n" - 1, 2, "NUL"},
    {"missing colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", 0, 2, "colon"},
    {"missing colon line 3", "GET / HTTP/1.1\nA: b\nOrigin http://a\n", 0, 3,
     "colon"},
    {"obs-fold", "GET / HTTP/1.1\r\nA: b\r\n  continued\r\n\r\n", 0, 3,
     "folding"},
    {"tab fold", "GET / HTTP/1.1\r\nA: b\r\n\tcontinued\r\n\r\n", 0, 3,
     "folding"},
    {"empty name", "GET / HTTP/1.1\r\n: value\r\n\r\n", 0, 2, "empty header"},
    {"space before colon", "GET / HTTP/1.1\r\nOrigin : x\r\n\r\n", 0, 2,
     "token"},
    {"no version", "GET /\r\n\r\n", 0, 1, "request line"},
    {"bad version", "GET / HTTP/one\r\n\r\n", 0, 1, "HTTP version"},
    {"version without digit", "GET / HTTP/\r\n\r\n", 0, 1, "HTTP version"},
    {"two-digit version", "GET / HTTP/22\r\n\r\n", 0, 1, "HTTP version"},
    {"version ends in dot", "GET / HTTP/2.\r\n\r\n", 0, 1, "HTTP version"},
    {"header first", "Origin: https://a.com\r\n\r\n", 0, 1, "request line"},
    {"double space", "GET  / HTTP/1.1\r\n\r\n", 0, 1, "target"},
    {"method not token", "G(T / HTTP/1.1\r\n\r\n", 0, 1, "method"},
};

START_TEST(refused) {
  const bad_case *c = &bad_cases[_i];
  size_t len = c->len ? c->len : strlen(c->text);
  cors_rawhead h;
  size_t line = 12345;
  char why[160];
  ck_assert_msg(!parse(c->text, len, &h, &line, why, sizeof why),
                "%s: accepted", c->name);
  ck_assert_msg(line == c->line, "%s: line %zu, wanted %zu", c->name, line,
                c->line);
  ck_assert_msg(strstr(why, c->in_why) != NULL, "%s: why '%s' lacks '%s'",
                c->name, why, c->in_why);
  ck_assert(strchr(why, '\n') == NULL && strchr(why, '\r') == NULL);
}
END_TEST

/* curl -v prints HTTP/2 and HTTP/3 requests with a one-digit version. */
START_TEST(one_digit_version) {
  static const char text[] = "GET / HTTP/2\r\norigin: https://a.com\r\n\r\n";
  cors_rawhead h;
  size_t line = 99;
  char why[128];
  ck_assert(parse(text, sizeof text - 1, &h, &line, why, sizeof why));
  assert_slice(h.version, "HTTP/2");
  assert_header(&h, 0, "origin", "https://a.com");
}
END_TEST

static char *make_head(size_t headers) {
  size_t cap = 32 + headers * 16;
  char *buf = malloc(cap);
  ck_assert_ptr_nonnull(buf);
  size_t o = (size_t)snprintf(buf, cap, "GET / HTTP/1.1\r\n");
  for (size_t i = 0; i < headers; i++)
    o += (size_t)snprintf(buf + o, cap - o, "X-H%zu: v\r\n", i);
  o += (size_t)snprintf(buf + o, cap - o, "\r\n");
  return buf;
}

START_TEST(header_count_limit) {
  cors_rawhead h;
  size_t line;
  char why[128];
  char *ok = make_head(CORS_RAWHEAD_MAX_HEADERS);
  ck_assert(parse(ok, strlen(ok), &h, &line, why, sizeof why));
  ck_assert_uint_eq(h.header_count, CORS_RAWHEAD_MAX_HEADERS);
  free(ok);
  char *bad = make_head(CORS_RAWHEAD_MAX_HEADERS + 1);
  ck_assert(!parse(bad, strlen(bad), &h, &line, why, sizeof why));
  ck_assert_uint_eq(line, CORS_RAWHEAD_MAX_HEADERS + 2);
  ck_assert_ptr_nonnull(strstr(why, "more than 100"));
  free(bad);
}
END_TEST

/* A head of `size` bytes: request line, one long header, empty line. */
static char *sized_head(size_t size, bool terminated) {
  char *buf = malloc(size + 1);
  ck_assert_ptr_nonnull(buf);
  const char *start = "GET / HTTP/1.1\r\nX-Long: ";
  size_t n = strlen(start);
  memcpy(buf, start, n);
  size_t tail = terminated ? 4 : 0;
  memset(buf + n, 'a', size - n - tail);
  if (terminated)
    memcpy(buf + size - 4, "\r\n\r\n", 4);
  buf[size] = '\0';
  return buf;
}

START_TEST(size_limit) {
  cors_rawhead h;
  size_t line;
  char why[160];
  char *fits = sized_head(CORS_RAWHEAD_MAX_BYTES, true);
  ck_assert_msg(parse(fits, CORS_RAWHEAD_MAX_BYTES, &h, &line, why, sizeof why),
                "%s", why);
  free(fits);
  char *over = sized_head(CORS_RAWHEAD_MAX_BYTES + 1, true);
  ck_assert(
      !parse(over, CORS_RAWHEAD_MAX_BYTES + 1, &h, &line, why, sizeof why));
  ck_assert_uint_eq(line, 3); /* the empty line crosses the limit */
  ck_assert_ptr_nonnull(strstr(why, "larger than 65536"));
  free(over);
  char *unterminated = sized_head(CORS_RAWHEAD_MAX_BYTES + 10, false);
  ck_assert(!parse(unterminated, CORS_RAWHEAD_MAX_BYTES + 10, &h, &line, why,
                   sizeof why));
  ck_assert_uint_eq(line, 2);
  free(unterminated);
}
END_TEST

/* A long body after a short head is not part of the head. */
START_TEST(body_past_the_limit_is_ignored) {
  size_t len = CORS_RAWHEAD_MAX_BYTES * 2;
  char *buf = malloc(len);
  ck_assert_ptr_nonnull(buf);
  memset(buf, 'b', len);
  const char *head = "POST / HTTP/1.1\r\nOrigin: https://a.com\r\n\r\n";
  memcpy(buf, head, strlen(head));
  cors_rawhead h;
  size_t line;
  char why[128];
  ck_assert(parse(buf, len, &h, &line, why, sizeof why));
  ck_assert_uint_eq(h.header_count, 1);
  free(buf);
}
END_TEST

START_TEST(why_is_bounded) {
  cors_rawhead h;
  size_t line;
  char why[8];
  const char *text = "GET / HTTP/1.1\r\nthis line has no colon at all\r\n";
  ck_assert(!parse(text, strlen(text), &h, &line, why, sizeof why));
  ck_assert_uint_lt(strlen(why), sizeof why);
  ck_assert(!parse(text, strlen(text), &h, NULL, NULL, 0));
  ck_assert(
      !cors_rawhead_parse(text, strlen(text), NULL, &line, why, sizeof why));
}
END_TEST

static Suite *rawhead_suite(void) {
  Suite *s = suite_create("rawhead");
  TCase *tc = tcase_create("accepted");
  tcase_add_test(tc, crlf_head);
  tcase_add_test(tc, bare_lf_and_end_of_input);
  tcase_add_test(tc, request_line_only);
  tcase_add_test(tc, body_past_the_limit_is_ignored);
  tcase_add_test(tc, one_digit_version);
  suite_add_tcase(s, tc);
  tc = tcase_create("refused");
  tcase_add_loop_test(tc, refused, 0,
                      (int)(sizeof bad_cases / sizeof bad_cases[0]));
  tcase_add_test(tc, header_count_limit);
  tcase_add_test(tc, size_limit);
  tcase_add_test(tc, why_is_bounded);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(rawhead_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
