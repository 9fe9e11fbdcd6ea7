/* cors-check's raw request head parser (tools/rawhead.c, compiled into
 * this target), then the parsed head evaluated as cors-check does.
 *
 * Input: the raw bytes of a request head, as they would arrive on standard
 * input (no flags, no escapes). Input that tools/curlv.c takes for curl -v
 * output is parsed as cors-check parses it: its "> " lines.
 *
 * Checked: a refusal gives a one-line, terminated reason and a line number
 * no larger than the number of lines; an accepted head has a token method,
 * an HTTP/d.d or HTTP/d version, at most CORS_RAWHEAD_MAX_HEADERS headers with
 * token names and values trimmed of spaces and tabs, holding no CR, LF or
 * NUL, every slice inside the input; the request built from it keeps the
 * result invariants and agrees with the browser check. */
#include "fuzz_common.h"
#include "curlv.h"
#include "rawhead.h"

#include <stdlib.h>
#include <string.h>

static cors_policy *policy;

static void free_policy(void) {
  cors_policy_free(policy);
  policy = NULL;
  cors_thread_cleanup();
}

static const cors_policy *seed_policy(void) {
  if (policy != NULL)
    return policy;
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  FUZZ_CHECK(cfg != NULL, "config_new failed");
  cors_config_set_credentials(cfg, true);
  static const char origins[] =
      "http://localhost:3000, https://*.example.com, http://127.0.0.1:*";
  static const char headers[] = "Authorization, Content-Type, X-Request-ID";
  static const char regex[] = "https://[a-z]+\\.example\\.net";
  FUZZ_CHECK(cors_config_add_origins_csv(cfg, origins, sizeof origins - 1,
                                         &err) == CORS_OK &&
                 cors_config_set_allowed_headers_csv(
                     cfg, headers, sizeof headers - 1, &err) == CORS_OK &&
                 cors_config_set_origin_regex(cfg, regex, sizeof regex - 1,
                                              &err) == CORS_OK &&
                 cors_policy_compile(cfg, &policy, &err) == CORS_OK,
             "the fixed policy does not build");
  cors_config_free(cfg);
  atexit(free_policy);
  return policy;
}

static bool inside(const char *p, size_t n, const uint8_t *buf, size_t len) {
  const char *b = (const char *)buf;
  return n == 0 || (p >= b && p + n <= b + len);
}

static bool has_byte(const char *p, size_t n, const char *set, size_t k) {
  for (size_t i = 0; i < n; i++)
    if (memchr(set, p[i], k) != NULL)
      return true;
  return false;
}

static bool is_token(const char *p, size_t n) {
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    bool t = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
             (c >= 'A' && c <= 'Z') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
    if (!t)
      return false;
  }
  return true;
}

static void check_refusal(const char *why, size_t cap, size_t line,
                          const uint8_t *data, size_t size) {
  FUZZ_CHECK(memchr(why, '\0', cap) != NULL, "reason not terminated");
  FUZZ_CHECK(why[0] != '\0', "refused without a reason");
  FUZZ_CHECK(strchr(why, '\n') == NULL && strchr(why, '\r') == NULL,
             "reason is not one line");
  size_t lines = 1;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  FUZZ_CHECK(line <= lines, "refusal names a line past the input");
}

static void check_accepted(const cors_rawhead *h, const uint8_t *data,
                           size_t size) {
  FUZZ_CHECK(is_token(h->method.ptr, h->method.len), "method not a token");
  FUZZ_CHECK((h->version.len == 8 || h->version.len == 6) &&
                 memcmp(h->version.ptr, "HTTP/", 5) == 0,
             "version is not HTTP/d.d or HTTP/d");
  FUZZ_CHECK(inside(h->method.ptr, h->method.len, data, size) &&
                 inside(h->target.ptr, h->target.len, data, size) &&
                 inside(h->version.ptr, h->version.len, data, size),
             "request line slice outside the input");
  FUZZ_CHECK(h->header_count <= CORS_RAWHEAD_MAX_HEADERS, "too many headers");
  for (size_t i = 0; i < h->header_count; i++) {
    const cors_raw_header *r = &h->headers[i];
    FUZZ_CHECK(is_token(r->name, r->name_len), "header name not a token");
    FUZZ_CHECK(inside(r->name, r->name_len, data, size) &&
                   inside(r->value, r->value_len, data, size),
               "header slice outside the input");
    FUZZ_CHECK(!has_byte(r->value, r->value_len, "\r\n\0", 3),
               "header value holds CR, LF or NUL");
    if (r->value_len > 0)
      FUZZ_CHECK(r->value[0] != ' ' && r->value[0] != '\t' &&
                     r->value[r->value_len - 1] != ' ' &&
                     r->value[r->value_len - 1] != '\t',
                 "header value not trimmed");
  }
}

/* Parses buf as cors-check does and checks what comes out. */
static void parse_and_check(const char *buf, size_t size) {
  const uint8_t *in = (const uint8_t *)buf;
  cors_rawhead *head = malloc(sizeof *head);
  FUZZ_CHECK(head != NULL, "out of memory");
  size_t line = 12345;
  char why[160];
  memset(why, 'x', sizeof why);
  if (!cors_rawhead_parse(buf, size, head, &line, why, sizeof why)) {
    check_refusal(why, sizeof why, line, in, size);
  } else {
    check_accepted(head, in, size);
    cors_request req;
    cors_request_from_headers(&req, head->method.ptr, head->method.len,
                              head->headers, head->header_count);
    cors_result res;
    cors_evaluate(seed_policy(), &req, &res);
    fuzz_check_result(&req, &res);
    fuzz_check_oracle(&req, &res, true);
  }
  free(head);
}

/* curl -v output: the extracted head is never longer than the input, and
 * each of its lines maps back to an input line. */
static void check_curl_output(const char *buf, size_t size) {
  char *head = malloc(size > 0 ? size : 1);
  FUZZ_CHECK(head != NULL, "out of memory");
  size_t n = cors_curlv_extract(buf, size, head);
  FUZZ_CHECK(n <= size, "extracted head longer than the input");
  size_t lines = 0;
  for (size_t i = 0; i < n; i++)
    lines += head[i] == '\n';
  FUZZ_CHECK(lines > 0 && cors_curlv_input_line(buf, size, lines) > 0,
             "an extracted line that maps to no input line");
  FUZZ_CHECK(cors_curlv_input_line(buf, size, lines + 1) == 0,
             "a request line past the extracted ones");
  char *exact = malloc(n > 0 ? n : 1); /* exactly sized, as above */
  FUZZ_CHECK(exact != NULL, "out of memory");
  if (n > 0)
    memcpy(exact, head, n);
  free(head);
  parse_and_check(exact, n);
  free(exact);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exactly-sized copy so that reads past the end are caught even in
   * the replay driver, whose buffers may be larger. */
  char *buf = malloc(size > 0 ? size : 1);
  FUZZ_CHECK(buf != NULL, "out of memory");
  if (size > 0)
    memcpy(buf, data, size);
  if (cors_curlv_detect(buf, size))
    check_curl_output(buf, size);
  else
    parse_and_check(buf, size);
  free(buf);
  return 0;
}
