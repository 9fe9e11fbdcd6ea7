/* The response head parser of cors-check probe (tools/resphead.c): what a
 * server's answer becomes before the browser check reads it, including
 * the hostile and malformed heads a live server can send. */
#include "resphead.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cors_resphead head;

static bool parse(const char *text, char *why, size_t cap) {
  return cors_resphead_parse(text, strlen(text), &head, why, cap);
}

static bool value_is(size_t i, const char *name, const char *value) {
  const cors_raw_header *h = &head.headers[i];
  return h->name_len == strlen(name) &&
         memcmp(h->name, name, h->name_len) == 0 &&
         h->value_len == strlen(value) &&
         memcmp(h->value, value, h->value_len) == 0;
}

START_TEST(test_ordinary_head) {
  char why[128];
  ck_assert(parse("HTTP/1.1 401 Unauthorized\r\n"
                  "WWW-Authenticate: Bearer\r\n"
                  "Access-Control-Allow-Origin:\t https://a.example \r\n"
                  "Vary: Origin\r\n"
                  "\r\n"
                  "body: not a header\r\n",
                  why, sizeof why));
  ck_assert_int_eq(head.status, 401);
  ck_assert_int_eq((int)head.version.len, 8);
  ck_assert_int_eq(memcmp(head.reason.ptr, "Unauthorized", 12), 0);
  ck_assert_uint_eq(head.header_count, 3);
  ck_assert(value_is(1, "Access-Control-Allow-Origin", "https://a.example"));
  ck_assert(value_is(2, "Vary", "Origin"));
}
END_TEST

START_TEST(test_http2_and_bare_lf) {
  char why[128];
  ck_assert(
      parse("HTTP/2 204\naccess-control-allow-origin: *\n", why, sizeof why));
  ck_assert_int_eq(head.status, 204);
  ck_assert_uint_eq(head.reason.len, 0);
  ck_assert_uint_eq(head.header_count, 1);
  ck_assert(value_is(0, "access-control-allow-origin", "*"));
}
END_TEST

/* Browsers skip lines they cannot read; so does the parser, and counts
 * them. A space before the colon is trimmed from the name. */
START_TEST(test_lenient_lines) {
  char why[128];
  ck_assert(parse("HTTP/1.0 200 OK\r\nno colon here\r\n: empty name\r\n"
                  "Vary : Origin\r\nX-Empty:\r\n\r\n",
                  why, sizeof why));
  ck_assert_uint_eq(head.ignored_lines, 2);
  ck_assert_uint_eq(head.header_count, 2);
  ck_assert(value_is(0, "Vary", "Origin"));
  ck_assert(value_is(1, "X-Empty", ""));
}
END_TEST

static const char *const refused[] = {
    "",
    "\r\n",
    "HTTP/1.1 20 OK\r\n",
    "HTTP/1.1 099 Low\r\n",
    "HTTP/1.1 2000 OK\r\n",
    "HTTP/x 200 OK\r\n",
    "ICY 200 OK\r\n",
    "HTTP/1.1 200 OK\r\n folded: line\r\n",
    "HTTP/1.1 200 OK\r\nA: b\r\n\tcontinued\r\n",
};

START_TEST(test_refused) {
  char why[128];
  memset(why, 'x', sizeof why);
  const char *text = refused[_i];
  ck_assert_msg(!parse(text, why, sizeof why), "accepted case %d", _i);
  ck_assert(memchr(why, '\0', sizeof why) != NULL);
  ck_assert(why[0] != '\0');
  ck_assert(strchr(why, '\n') == NULL);
}
END_TEST

START_TEST(test_nul_refused) {
  static const char text[] = "HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n";
  char why[128];
  ck_assert(
      !cors_resphead_parse(text, sizeof text - 1, &head, why, sizeof why));
  ck_assert(strstr(why, "NUL") != NULL);
}
END_TEST

START_TEST(test_limits) {
  /* 256 headers fit, 257 do not. */
  size_t cap = 32 + 257 * 8 + 8;
  char *text = malloc(cap);
  ck_assert_ptr_nonnull(text);
  size_t n = (size_t)snprintf(text, cap, "HTTP/1.1 200 OK\r\n");
  for (int i = 0; i < 256; i++)
    n += (size_t)snprintf(text + n, cap - n, "X: %03d\r\n", i);
  char why[128];
  ck_assert(cors_resphead_parse(text, n, &head, why, sizeof why));
  ck_assert_uint_eq(head.header_count, 256);
  n += (size_t)snprintf(text + n, cap - n, "X: 256\r\n");
  ck_assert(!cors_resphead_parse(text, n, &head, why, sizeof why));
  free(text);
  /* A head that never ends within 64 KiB. */
  size_t big = CORS_RESPHEAD_MAX_BYTES + 100;
  text = malloc(big);
  ck_assert_ptr_nonnull(text);
  memcpy(text, "HTTP/1.1 200 OK\r\nX: ", 20);
  memset(text + 20, 'a', big - 20);
  ck_assert(!cors_resphead_parse(text, big, &head, why, sizeof why));
  ck_assert(strstr(why, "65536") != NULL);
  free(text);
}
END_TEST

/* Obsolete line folding: the value goes on, as browsers read it. */
START_TEST(test_unfold) {
  char text[] = "HTTP/1.1 200 OK\r\n"
                "Access-Control-Allow-Origin:\r\n https://a.example\r\n"
                "Vary: Origin,\n\t Accept\r\n"
                "\r\n"
                "X-Body:\r\n not a header\r\n";
  size_t len = strlen(text);
  char why[128];
  ck_assert(!cors_resphead_parse(text, len, &head, why, sizeof why));
  ck_assert_uint_eq(cors_resphead_unfold(text, len), 2);
  ck_assert_uint_eq(strlen(text), len);
  ck_assert(cors_resphead_parse(text, len, &head, why, sizeof why));
  ck_assert_uint_eq(head.header_count, 2);
  ck_assert(value_is(0, "Access-Control-Allow-Origin", "https://a.example"));
  ck_assert(value_is(1, "Vary", "Origin, \t Accept"));
  /* After the empty line nothing changes. */
  ck_assert(strstr(text, "X-Body:\r\n not") != NULL);
}
END_TEST

/* The status line is never joined: a first header line that starts with
 * whitespace stays refused. */
START_TEST(test_unfold_not_the_status_line) {
  char text[] = "HTTP/1.1 200 OK\r\n folded: line\r\n\r\n";
  size_t len = strlen(text);
  ck_assert_uint_eq(cors_resphead_unfold(text, len), 0);
  char why[128];
  ck_assert(!cors_resphead_parse(text, len, &head, why, sizeof why));
  char none[] = "HTTP/1.1 200 OK";
  ck_assert_uint_eq(cors_resphead_unfold(none, strlen(none)), 0);
  ck_assert_uint_eq(cors_resphead_unfold(NULL, 0), 0);
  char tail[] = "HTTP/1.1 200 OK\r\nA: b\r\n ";
  ck_assert_uint_eq(cors_resphead_unfold(tail, strlen(tail)), 1);
}
END_TEST

/* What Chromium's HTTP/1 parser refuses before any CORS check: a table of
 * heads, the error named in the reason (NULL: accepted). */
static const struct {
  const char *head;
  const char *error;
} smuggling[] = {
    {"HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /b\r\n", "LOCATION"},
    {"HTTP/1.1 200 OK\r\nLocation: /a\r\nLocation: /b\r\n", "LOCATION"},
    {"HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation:  /a \r\n", NULL},
    {"HTTP/1.1 302 Found\r\nLocation:\r\nLocation: /a\r\n", "LOCATION"},
    /* Location is never split at commas. */
    {"HTTP/1.1 302 Found\r\nLocation: /a,b\r\n", NULL},
    {"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
     "filename=report,2024.csv\r\n",
     "CONTENT_DISPOSITION"},
    {"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
     "filename=\"report,2024.csv\"\r\n",
     NULL},
    {"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
     "filename='a,b'\r\n",
     NULL},
    {"HTTP/1.1 200 OK\r\nContent-Disposition: inline\r\n"
     "content-disposition: attachment\r\n",
     "CONTENT_DISPOSITION"},
    {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n",
     "CONTENT_LENGTH"},
    {"HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n", NULL},
    {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n"
     "Transfer-Encoding: gzip, Chunked\r\n",
     NULL},
    {"HTTP/1.0 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n"
     "Transfer-Encoding: chunked\r\n",
     "CONTENT_LENGTH"},
    /* HTTP/2 heads have no such check in Chromium. */
    {"HTTP/2 302\r\nlocation: /a\r\nlocation: /b\r\n", NULL},
};

START_TEST(test_refused_by_browser) {
  char why[256];
  memset(why, 'x', sizeof why);
  ck_assert(parse(smuggling[_i].head, why, sizeof why));
  bool refused_now = cors_resphead_refused(&head, why, sizeof why);
  ck_assert_msg(refused_now == (smuggling[_i].error != NULL),
                "case %d: refused %d", _i, refused_now);
  ck_assert(memchr(why, '\0', sizeof why) != NULL);
  if (smuggling[_i].error != NULL) {
    ck_assert_msg(strstr(why, smuggling[_i].error) != NULL, "case %d: %s", _i,
                  why);
    ck_assert(strchr(why, '\n') == NULL);
  } else {
    ck_assert_str_eq(why, "");
  }
}
END_TEST

/* The values are quoted, escaped and cut, so the reason stays one
 * printable line whatever the server sent. */
START_TEST(test_refused_reason_is_printable) {
  char text[600];
  char why[300];
  int n = snprintf(text, sizeof text,
                   "HTTP/1.1 302 Found\r\nLocation: /\x1b[31m\xff%0300d\r\n"
                   "Location: /b\r\n",
                   0);
  ck_assert(cors_resphead_parse(text, (size_t)n, &head, why, sizeof why));
  ck_assert(cors_resphead_refused(&head, why, sizeof why));
  for (const char *p = why; *p != '\0'; p++)
    ck_assert_msg(*p >= 0x20 && *p < 0x7f, "byte %#x in %s", *p, why);
  ck_assert(strstr(why, "\\x1b") != NULL);
  ck_assert(strstr(why, "...") != NULL);
  ck_assert(strstr(why, "'/b'") != NULL);
  ck_assert(!cors_resphead_refused(NULL, why, sizeof why));
  ck_assert(cors_resphead_refused(&head, NULL, 0));
}
END_TEST

START_TEST(test_arguments) {
  char why[64];
  ck_assert(!cors_resphead_parse(NULL, 5, &head, why, sizeof why));
  ck_assert(
      !cors_resphead_parse("HTTP/1.1 200 OK\r\n", 17, NULL, why, sizeof why));
  ck_assert(cors_resphead_parse("HTTP/1.1 200 OK\r\n", 17, &head, NULL, 0));
}
END_TEST

static Suite *resphead_suite(void) {
  Suite *s = suite_create("resphead");
  TCase *tc = tcase_create("resphead");
  tcase_add_test(tc, test_ordinary_head);
  tcase_add_test(tc, test_http2_and_bare_lf);
  tcase_add_test(tc, test_lenient_lines);
  tcase_add_loop_test(tc, test_refused, 0,
                      (int)(sizeof refused / sizeof refused[0]));
  tcase_add_test(tc, test_nul_refused);
  tcase_add_test(tc, test_limits);
  tcase_add_test(tc, test_unfold);
  tcase_add_test(tc, test_unfold_not_the_status_line);
  tcase_add_loop_test(tc, test_refused_by_browser, 0,
                      (int)(sizeof smuggling / sizeof smuggling[0]));
  tcase_add_test(tc, test_refused_reason_is_printable);
  tcase_add_test(tc, test_arguments);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(resphead_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
