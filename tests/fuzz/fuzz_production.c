/* The 1.1 production helpers: the .env parser, the loader reading a parsed
 * text, incremental request building, cors_result_explain, the Vary
 * merge, and the counters.
 *
 * Input: the whole input is first a .env text (raw bytes). Then byte 0
 * selects a fixed policy (0x01 credentials, 0x02 origin `*`, 0x04
 * report-only, 0x08 an origin callback allowing *.tenant.example), and the
 * rest is split into LF-separated fields (escapes as in fuzz_common.h):
 * field 0 is the application's Vary value, field 1 the method, every
 * later field a raw "Name: value" line given to cors_request_add_header.
 * The request is evaluated under the fixed policy and, when the text
 * loads and compiles, under the policy it describes.
 *
 * Checked: a refused text is CORS_ERR_ENVTEXT_SYNTAX with a line number
 * inside the text, an offset inside the line and a one-line message;
 * a parsed text never yields a value holding `${` or a control byte other
 * than tab and LF; every result keeps the invariants of
 * fuzz_check_result(); the explanation is printable ASCII within
 * CORS_EXPLAIN_BOUND, its length exactly what the call returns, truncation
 * a prefix; the merged Vary is "*" or a list of distinct valid tokens
 * holding every valid application token and every result token, sized
 * exactly; cors_result_format_vary writes clean lines with at most one
 * Vary; the counters count every result. */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

static bool tenant_callback(const char *origin, size_t len, void *ud) {
  static const char suffix[] = ".tenant.example";
  size_t n = sizeof suffix - 1;
  (void)ud;
  return len > n && memcmp(origin + len - n, suffix, n) == 0;
}

static cors_policy *cache[16];

static void free_cache(void) {
  for (size_t i = 0; i < 16; i++)
    cors_policy_free(cache[i]);
}

static cors_policy *fixed_policy(uint8_t flags) {
  static bool cleanup_registered;
  flags &= 15;
  if (cache[flags] != NULL)
    return cache[flags];
  if (!cleanup_registered)
    cleanup_registered = atexit(free_cache) == 0;
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  bool any = (flags & 2) != 0;
  const char *origins = any ? "*" : "https://app.example.com, https://*.example.org";
  cors_config_set_credentials(cfg, !any && (flags & 1) != 0);
  FUZZ_CHECK(cors_config_add_origins_csv(cfg, origins, strlen(origins),
                                         &err) == CORS_OK,
             "fixed origins refused");
  FUZZ_CHECK(cors_config_set_allowed_headers_csv(cfg, "Content-Type, X-A", 17,
                                                 &err) == CORS_OK,
             "fixed headers refused");
  cors_config_set_report_only(cfg, (flags & 4) != 0);
  if (flags & 8)
    cors_config_set_origin_callback(cfg, tenant_callback, NULL);
  FUZZ_CHECK(cors_policy_compile(cfg, &cache[flags], &err) == CORS_OK,
             "fixed policy refused");
  cors_config_free(cfg);
  return cache[flags];
}

/* ---- .env text ---------------------------------------------------------- */

static const char *const env_names[] = {
    "FRONTEND_ORIGINS",   "ALLOW_ORIGINS_REGEX", "CORS_ALLOW_CREDENTIALS",
    "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS",  "CORS_EXPOSE_HEADERS",
    "CORS_MAX_AGE",       "CORS_ALLOW_PRIVATE_NETWORK",
    "CORS_DEV_DEFAULTS",  "CORS_REPORT_ONLY",    "A",
    "export",             NULL};

static void check_syntax_error(const cors_error *err, const uint8_t *data,
                               size_t size) {
  size_t lines = 1;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  FUZZ_CHECK(err->code == CORS_ERR_ENVTEXT_SYNTAX, "parse error code");
  FUZZ_CHECK(err->index >= 1 && (size_t)err->index <= lines,
             "line number outside the text");
  /* The line's length bounds the offset. */
  size_t line = 1, start = 0;
  for (size_t i = 0; i < size && line < (size_t)err->index; i++)
    if (data[i] == '\n') {
      line++;
      start = i + 1;
    }
  size_t end = start;
  while (end < size && data[end] != '\n')
    end++;
  FUZZ_CHECK(err->offset >= 0 && (size_t)err->offset <= end - start,
             "offset outside the line");
  FUZZ_CHECK(fuzz_one_line(err->message, sizeof err->message),
             "message is not one line");
}

static void check_values(cors_envtext *t) {
  for (size_t i = 0; env_names[i] != NULL; i++) {
    const char *v = cors_envtext_lookup(env_names[i], t);
    if (v == NULL)
      continue;
    FUZZ_CHECK(strstr(v, "${") == NULL, "a value holds ${");
    for (const char *p = v; *p != '\0'; p++) {
      unsigned char c = (unsigned char)*p;
      FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n',
                 "a value holds a control byte");
      FUZZ_CHECK(c != 0x7f, "a value holds DEL");
    }
  }
}

/* The policy the text describes, or NULL when it is not one. */
static cors_policy *policy_from_text(const uint8_t *data, size_t size) {
  cors_envtext *t = NULL;
  cors_error err;
  memset(&err, 0, sizeof err);
  if (cors_envtext_parse((const char *)data, size, NULL, &t, &err) !=
      CORS_OK) {
    FUZZ_CHECK(t == NULL, "a failed parse left a text");
    check_syntax_error(&err, data, size);
    return NULL;
  }
  check_values(t);
  cors_config *cfg = cors_config_new(NULL);
  cors_policy *pol = NULL;
  if (cors_config_load_env(cfg, cors_envtext_lookup, t, NULL, &err) ==
      CORS_OK)
    cors_policy_compile(cfg, &pol, &err);
  else
    FUZZ_CHECK(fuzz_one_line(err.message, sizeof err.message),
               "loader message is not one line");
  cors_config_free(cfg);
  cors_envtext_free(t);
  return pol;
}

/* ---- explain ------------------------------------------------------------ */

static void check_explain(const cors_result *res) {
  char buf[CORS_EXPLAIN_BOUND];
  size_t n = cors_result_explain(res, buf, sizeof buf);
  FUZZ_CHECK(n < sizeof buf, "explanation beyond CORS_EXPLAIN_BOUND");
  FUZZ_CHECK(strlen(buf) == n, "explanation length differs");
  for (size_t i = 0; i < n; i++)
    FUZZ_CHECK(buf[i] >= 0x20 && buf[i] <= 0x7e,
               "explanation holds a non-printable byte");
  char small[17];
  FUZZ_CHECK(cors_result_explain(res, small, sizeof small) == n,
             "a small buffer changes the length");
  size_t kept = n < sizeof small - 1 ? n : sizeof small - 1;
  FUZZ_CHECK(strlen(small) == kept && memcmp(small, buf, kept) == 0,
             "truncation is not a prefix");
  FUZZ_CHECK(cors_result_explain(res, NULL, 0) == n, "measuring differs");
}

/* ---- Vary ----------------------------------------------------------------- */

static bool is_token(const char *s, size_t len) {
  static const char extra[] = "!#$%&'*+-.^_`|~";
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || (c != '\0' && strchr(extra, c));
    if (!ok)
      return false;
  }
  return true;
}

/* Whether the merged list (tokens joined by ", ") holds `tok`. */
static bool merged_has(const char *merged, const char *tok, size_t len) {
  const char *p = merged;
  while (*p != '\0') {
    const char *comma = strstr(p, ", ");
    size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
    if (ref_eq_nocase(p, n, tok, len))
      return true;
    p += n + (comma != NULL ? 2 : 0);
  }
  return false;
}

/* Walks the valid tokens of a comma-separated list: returns whether any
 * was `*`, and with `merged` clears *all_present when one is missing
 * from it. */
static bool each_token(const char *s, size_t len, const char *merged,
                       bool *all_present) {
  bool star = false;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != ',')
      continue;
    size_t a = start, b = i;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
      a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
      b--;
    if (is_token(s + a, b - a)) {
      star = star || (b - a == 1 && s[a] == '*');
      if (merged != NULL && !merged_has(merged, s + a, b - a))
        *all_present = false;
    }
    start = i + 1;
  }
  return star;
}

static void check_vary(const cors_result *res, cors_slice app) {
  size_t need = 0;
  FUZZ_CHECK(cors_vary_merge(app.ptr, app.len, res, NULL, 0, &need) ==
                 CORS_ERR_BUFFER_TOO_SMALL,
             "sizing call did not report too small");
  char *merged = malloc(need + 1);
  size_t n = 0;
  FUZZ_CHECK(merged != NULL, "out of memory");
  FUZZ_CHECK(cors_vary_merge(app.ptr, app.len, res, merged, need + 1, &n) ==
                     CORS_OK &&
                 n == need && strlen(merged) == n,
             "merge into the exact size failed");
  bool star = each_token(app.ptr, app.len, NULL, NULL);
  for (size_t i = 0; i < res->header_count; i++)
    if (ref_name_is(res->headers[i].name, res->headers[i].name_len, "vary"))
      star = each_token(res->headers[i].value, res->headers[i].value_len,
                        NULL, NULL) ||
             star;
  if (star) {
    FUZZ_CHECK(strcmp(merged, "*") == 0, "a * did not absorb the list");
  } else {
    /* Distinct valid tokens... */
    const char *p = merged;
    while (*p != '\0') {
      const char *comma = strstr(p, ", ");
      size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
      FUZZ_CHECK(is_token(p, len), "merged Vary holds a non-token");
      const char *q = p + len + (comma != NULL ? 2 : 0);
      FUZZ_CHECK(!merged_has(q, p, len), "merged Vary repeats a token");
      p = q;
    }
    /* ...holding every token of both sides. */
    bool all = true;
    each_token(app.ptr, app.len, merged, &all);
    for (size_t i = 0; i < res->header_count; i++)
      if (ref_name_is(res->headers[i].name, res->headers[i].name_len, "vary"))
        each_token(res->headers[i].value, res->headers[i].value_len, merged,
                   &all);
    FUZZ_CHECK(all, "merged Vary lost a token");
  }
  free(merged);
}

static void check_format_vary(const cors_result *res, cors_slice app) {
  size_t need = 0;
  FUZZ_CHECK(cors_result_format_vary(res, app.ptr, app.len, NULL, 0, &need) ==
                 CORS_ERR_BUFFER_TOO_SMALL,
             "format_vary sizing");
  char *text = malloc(need + 1);
  FUZZ_CHECK(text != NULL, "out of memory");
  size_t n = 0;
  FUZZ_CHECK(cors_result_format_vary(res, app.ptr, app.len, text, need + 1,
                                     &n) == CORS_OK &&
                 n == need,
             "format_vary into the exact size failed");
  size_t vary_lines = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\r') {
      FUZZ_CHECK(i + 1 < n && text[i + 1] == '\n', "bare CR in a line");
      i++;
      continue;
    }
    FUZZ_CHECK(c >= 0x20 && c != 0x7f, "control byte in a header line");
    if ((i == 0 || text[i - 1] == '\n') && strncmp(text + i, "Vary: ", 6) == 0)
      vary_lines++;
  }
  FUZZ_CHECK(vary_lines <= 1, "more than one Vary line");
  free(text);
}

/* ---- one request ---------------------------------------------------------- */

static void build_request(cors_request *req, const fuzz_fields *f) {
  cors_request_init(req);
  req->method = f->count > 1 ? f->field[1] : cors_slice_cstr("GET");
  for (size_t i = 2; i < f->count; i++) {
    const cors_slice line = f->field[i];
    const char *colon = memchr(line.ptr, ':', line.len);
    size_t name_len = colon != NULL ? (size_t)(colon - line.ptr) : line.len;
    const char *value = colon != NULL ? colon + 1 : NULL;
    size_t value_len = colon != NULL ? line.len - name_len - 1 : 0;
    cors_request_add_header(req, line.ptr, name_len, value, value_len);
  }
}

static void check_under(const cors_policy *pol, const cors_request *req,
                        cors_slice app, cors_counters *counters,
                        uint64_t *recorded) {
  cors_result res;
  cors_evaluate(pol, req, &res);
  if (cors_policy_report_only(pol))
    FUZZ_CHECK(res.header_count == 0 && res.action == CORS_ACTION_CONTINUE &&
                   res.status == 0,
               "report-only result holds something");
  else
    fuzz_check_result(req, &res);
  check_explain(&res);
  check_vary(&res, app);
  check_format_vary(&res, app);
  cors_counters_record(counters, &res);
  (*recorded)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cors_policy *from_text = policy_from_text(data, size);
  if (size == 0) {
    cors_policy_free(from_text);
    return 0;
  }
  fuzz_fields f;
  fuzz_fields_split(&f, data + 1, size - 1);
  cors_slice app = f.count > 0 ? f.field[0] : (cors_slice){"", 0};
  cors_request req;
  build_request(&req, &f);
  cors_counters *counters = cors_counters_new(NULL);
  FUZZ_CHECK(counters != NULL, "out of memory");
  uint64_t recorded = 0;
  check_under(fixed_policy(data[0]), &req, app, counters, &recorded);
  if (from_text != NULL)
    check_under(from_text, &req, app, counters, &recorded);
  uint64_t total = 0;
  for (int k = 0; k < 3; k++)
    for (int v = 0; v < 2; v++)
      for (int r = 0; r <= CORS_REASON_MALFORMED_REQUEST; r++)
        total += cors_counters_get(counters, (cors_kind)k, v == 1,
                                   (cors_reason)r);
  FUZZ_CHECK(total == recorded, "counters differ from the results");
  cors_counters_free(counters);
  cors_policy_free(from_text);
  fuzz_fields_free(&f);
  cors_thread_cleanup();
  return 0;
}
