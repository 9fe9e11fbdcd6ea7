/* curl -v output as cors-check input (tools/curlv.c): which inputs are
 * taken for curl output, which lines form the request, and that an error
 * can be traced back to the line the user pasted. */
#include <check.h>

#include "curlv.h"
#include "rawhead.h"

#include <stdlib.h>
#include <string.h>

/* What curl 7.88 prints on stderr for a preflight (CRLF on the request
 * and response lines, LF on its own notes). */
static const char preflight[] =
    "*   Trying 127.0.0.1:8000...\n"
    "* Connected to 127.0.0.1 (127.0.0.1) port 8000 (#0)\n"
    "> OPTIONS /api/v1/items HTTP/1.1\r\n"
    "> Host: 127.0.0.1:8000\r\n"
    "> Origin: http://localhost:3000\r\n"
    "> Access-Control-Request-Method: PUT\r\n"
    "> \r\n"
    "< HTTP/1.1 204 No Content\r\n"
    "< Access-Control-Allow-Origin: http://localhost:3000\r\n"
    "< \r\n"
    "* Connection #0 to host 127.0.0.1 left intact\n";

static char *extract(const char *in, size_t len, size_t *out_len) {
  char *out = malloc(len > 0 ? len : 1);
  ck_assert_ptr_nonnull(out);
  *out_len = cors_curlv_extract(in, len, out);
  ck_assert_uint_le(*out_len, len);
  return out;
}

START_TEST(detects_curl_output) {
  ck_assert(cors_curlv_detect(preflight, strlen(preflight)));
  /* a paste that starts at the request, and one whose '>' lost its space */
  ck_assert(cors_curlv_detect("> GET / HTTP/1.1\n", 17));
  ck_assert(cors_curlv_detect("\n\n* x\n>\n", 8));
}
END_TEST

START_TEST(raw_heads_are_not_curl_output) {
  static const char *const raw[] = {
      "GET / HTTP/1.1\r\nOrigin: https://a.com\r\n\r\n",
      "",
      "* only notes\n< HTTP/1.1 200 OK\n",
      /* a '>' line after the head ended belongs to a body */
      "GET / HTTP/1.1\r\n\r\n> quoted body line\r\n",
      ">x: not a curl prefix\n",
  };
  for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
    ck_assert_msg(!cors_curlv_detect(raw[i], strlen(raw[i])), "input %zu", i);
  ck_assert(!cors_curlv_detect(NULL, 0));
}
END_TEST

START_TEST(extracts_the_request_lines) {
  size_t n = 0;
  char *head = extract(preflight, strlen(preflight), &n);
  static const char want[] = "OPTIONS /api/v1/items HTTP/1.1\r\n"
                             "Host: 127.0.0.1:8000\r\n"
                             "Origin: http://localhost:3000\r\n"
                             "Access-Control-Request-Method: PUT\r\n"
                             "\r\n";
  ck_assert_uint_eq(n, strlen(want));
  ck_assert(memcmp(head, want, n) == 0);
  cors_rawhead h;
  size_t line = 0;
  char why[128];
  ck_assert(cors_rawhead_parse(head, n, &h, &line, why, sizeof why));
  ck_assert_uint_eq(h.header_count, 3);
  free(head);
}
END_TEST

/* A lone '>' ends the head, and with curl -L the second request after it
 * is not part of the first. A last line without LF gets one. */
START_TEST(lone_prompt_and_last_line) {
  static const char text[] = "> GET / HTTP/1.1\n>\n> GET /next HTTP/1.1\n"
                             "> Origin: https://b.com";
  size_t n = 0;
  char *head = extract(text, sizeof text - 1, &n);
  static const char want[] =
      "GET / HTTP/1.1\n\nGET /next HTTP/1.1\nOrigin: https://b.com\n";
  ck_assert_uint_eq(n, sizeof want - 1);
  ck_assert(memcmp(head, want, n) == 0);
  cors_rawhead h;
  size_t line = 0;
  char why[128];
  ck_assert(cors_rawhead_parse(head, n, &h, &line, why, sizeof why));
  ck_assert_uint_eq(h.header_count, 0);
  ck_assert_uint_eq(h.target.len, 1);
  free(head);
}
END_TEST

/* Bytes the head parser refuses (NUL, a bare CR) are passed through to
 * it, never dropped on the way. */
START_TEST(refused_bytes_reach_the_parser) {
  static const char text[] = "* note\n> GET / HTTP/1.1\n> A: b\rc\n> \n";
  size_t n = 0;
  char *head = extract(text, sizeof text - 1, &n);
  cors_rawhead h;
  size_t line = 0;
  char why[128];
  ck_assert(!cors_rawhead_parse(head, n, &h, &line, why, sizeof why));
  ck_assert_uint_eq(line, 2);
  ck_assert_uint_eq(cors_curlv_input_line(text, sizeof text - 1, line), 3);
  free(head);
}
END_TEST

START_TEST(input_line_numbers) {
  size_t len = strlen(preflight);
  ck_assert_uint_eq(cors_curlv_input_line(preflight, len, 1), 3);
  ck_assert_uint_eq(cors_curlv_input_line(preflight, len, 4), 6);
  ck_assert_uint_eq(cors_curlv_input_line(preflight, len, 5), 7);
  ck_assert_uint_eq(cors_curlv_input_line(preflight, len, 6), 0);
  ck_assert_uint_eq(cors_curlv_input_line(preflight, len, 0), 0);
}
END_TEST

static Suite *curlv_suite(void) {
  Suite *s = suite_create("curlv");
  TCase *tc = tcase_create("curlv");
  tcase_add_test(tc, detects_curl_output);
  tcase_add_test(tc, raw_heads_are_not_curl_output);
  tcase_add_test(tc, extracts_the_request_lines);
  tcase_add_test(tc, lone_prompt_and_last_line);
  tcase_add_test(tc, refused_bytes_reach_the_parser);
  tcase_add_test(tc, input_line_numbers);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(curlv_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
