/* cors-check: the request, from -X/-H flags or a raw head on stdin. */
#include "cors_check.h"
#include "curlv.h"

#include <stdlib.h>
#include <string.h>

static int input_error(const char *where, const char *why) {
  fprintf(stderr, "cors-check: malformed request: %s: %s\n", where, why);
  return CHECK_EXIT_INPUT;
}

/* -H 'Name: value' as curl takes it. */
static int parse_flag_header(const char *arg, size_t position,
                             cors_raw_header *out) {
  char where[96];
  snprintf(where, sizeof where, "-H #%zu '%.60s%s'", position + 1, arg,
           strlen(arg) > 60 ? "..." : "");
  const char *colon = strchr(arg, ':');
  if (colon == NULL)
    return input_error(where, "no colon; write -H 'Name: value'");
  size_t name_len = (size_t)(colon - arg);
  if (!cors_rawhead_is_token(arg, name_len))
    return input_error(where,
                       "the header name before the colon is empty or not a "
                       "token");
  for (const char *v = colon + 1; *v != '\0'; v++)
    if (*v == '\r' || *v == '\n')
      return input_error(where, "CR or LF in the header value");
  out->name = arg;
  out->name_len = name_len;
  out->value = colon + 1;
  out->value_len = strlen(colon + 1);
  return CHECK_EXIT_ALLOWED;
}

static int from_flags(const check_options *opts, check_request *out) {
  const char *method = opts->method != NULL ? opts->method : "GET";
  if (!cors_rawhead_is_token(method, strlen(method)))
    return input_error("-X", "the method is empty or not a token");
  for (size_t i = 0; i < opts->header_count; i++) {
    int rc = parse_flag_header(opts->headers[i], i, &out->flag_headers[i]);
    if (rc != CHECK_EXIT_ALLOWED)
      return rc;
  }
  cors_request_from_headers(&out->req, method, strlen(method),
                            out->flag_headers, opts->header_count);
  return CHECK_EXIT_ALLOWED;
}

/* Reads at most CORS_RAWHEAD_MAX_BYTES + 1 bytes: enough for the parser
 * to tell a head that ends in time from one that is too large. */
static int read_stdin(check_request *out, size_t *len) {
  size_t cap = CORS_RAWHEAD_MAX_BYTES + 1;
  out->input = malloc(cap);
  if (out->input == NULL) {
    fputs("cors-check: out of memory\n", stderr);
    return CHECK_EXIT_INPUT;
  }
  *len = fread(out->input, 1, cap, stdin);
  if (ferror(stdin)) {
    fputs("cors-check: cannot read the request head from standard input\n",
          stderr);
    return CHECK_EXIT_INPUT;
  }
  return CHECK_EXIT_ALLOWED;
}

/* curl -v output: the "> " lines become the head that is parsed, and an
 * error names the line as the user pasted it. */
static int parse_curl_output(check_request *out, size_t len) {
  out->curl_head = malloc(len > 0 ? len : 1);
  if (out->curl_head == NULL) {
    fputs("cors-check: out of memory\n", stderr);
    return CHECK_EXIT_INPUT;
  }
  size_t head_len = cors_curlv_extract(out->input, len, out->curl_head);
  size_t line = 0;
  char why[256];
  if (cors_rawhead_parse(out->curl_head, head_len, &out->head, &line, why,
                         sizeof why))
    return CHECK_EXIT_ALLOWED;
  char where[80] = "standard input (curl -v output)";
  size_t input_line = cors_curlv_input_line(out->input, len, line);
  if (input_line > 0)
    snprintf(where, sizeof where, "standard input (curl -v output), line %zu",
             input_line);
  return input_error(where, why);
}

static int parse_raw_head(check_request *out, size_t len) {
  size_t line = 0;
  char why[256];
  if (cors_rawhead_parse(out->input, len, &out->head, &line, why,
                         sizeof why))
    return CHECK_EXIT_ALLOWED;
  char where[48] = "standard input";
  if (line > 0)
    snprintf(where, sizeof where, "standard input, line %zu", line);
  return input_error(where, why);
}

static int from_stdin(check_request *out) {
  size_t len = 0;
  int rc = read_stdin(out, &len);
  if (rc != CHECK_EXIT_ALLOWED)
    return rc;
  if (cors_curlv_detect(out->input, len))
    rc = parse_curl_output(out, len);
  else
    rc = parse_raw_head(out, len);
  if (rc != CHECK_EXIT_ALLOWED)
    return rc;
  cors_request_from_headers(&out->req, out->head.method.ptr,
                            out->head.method.len, out->head.headers,
                            out->head.header_count);
  return CHECK_EXIT_ALLOWED;
}

int check_build_request(const check_options *opts, check_request *out) {
  memset(out, 0, sizeof *out);
  cors_request_init(&out->req);
  if (opts->method != NULL || opts->header_count > 0)
    return from_flags(opts, out);
  return from_stdin(out);
}

void check_request_free(check_request *r) {
  free(r->input);
  free(r->curl_head);
  r->input = NULL;
  r->curl_head = NULL;
}
