#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

policy_spec seed_spec(void) {
  policy_spec s;
  memset(&s, 0, sizeof s);
  s.origins = SEED_ORIGIN;
  s.credentials = true;
  s.methods = SEED_METHODS;
  s.allowed_headers = SEED_ALLOWED_HEADERS;
  s.exposed_headers = SEED_EXPOSED_HEADERS;
  s.has_max_age = true;
  s.max_age = 3600;
  return s;
}

static void must(cors_status st, const cors_error *err, const char *what) {
  ck_assert_msg(st == CORS_OK, "%s refused: %s (%s)", what, err->message,
                cors_strerror(st));
}

static void apply_lists(cors_config *cfg, const policy_spec *spec) {
  cors_error err;
  if (spec->origins)
    must(cors_config_add_origins_csv(cfg, spec->origins,
                                     strlen(spec->origins), &err),
         &err, "origins");
  if (spec->regex)
    must(cors_config_set_origin_regex(cfg, spec->regex, strlen(spec->regex),
                                      &err),
         &err, "regex");
  if (spec->methods)
    must(cors_config_set_methods_csv(cfg, spec->methods,
                                     strlen(spec->methods), &err),
         &err, "methods");
  if (spec->allowed_headers)
    must(cors_config_set_allowed_headers_csv(cfg, spec->allowed_headers,
                                             strlen(spec->allowed_headers),
                                             &err),
         &err, "allowed headers");
  if (spec->exposed_headers)
    must(cors_config_set_exposed_headers_csv(cfg, spec->exposed_headers,
                                             strlen(spec->exposed_headers),
                                             &err),
         &err, "exposed headers");
}

cors_config *config_from_spec(const policy_spec *spec) {
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_msg(cfg != NULL, "cors_config_new failed");
  config_apply_spec(cfg, spec);
  return cfg;
}

void config_apply_spec(cors_config *cfg, const policy_spec *spec) {
  cors_error err;
  apply_lists(cfg, spec);
  cors_config_set_credentials(cfg, spec->credentials);
  cors_config_set_dangerous_wildcard_with_credentials(cfg,
                                                      spec->dangerous_wildcard);
  if (spec->has_max_age)
    must(cors_config_set_max_age(cfg, spec->max_age, &err), &err, "max age");
  cors_config_set_private_network(cfg, spec->private_network);
  if (spec->success_status)
    must(cors_config_set_preflight_status(cfg, spec->success_status, &err),
         &err, "success status");
  if (spec->failure_status)
    must(cors_config_set_preflight_failure_status(cfg, spec->failure_status,
                                                  &err),
         &err, "failure status");
}

cors_policy *policy_from_spec(const policy_spec *spec) {
  return policy_from_spec_logged(spec, NULL);
}

cors_policy *policy_from_spec_logged(const policy_spec *spec,
                                     warning_log *log) {
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_msg(cfg != NULL, "cors_config_new failed");
  if (log != NULL) {
    memset(log, 0, sizeof *log);
    cors_config_set_warning_handler(cfg, warning_log_handler, log);
  }
  config_apply_spec(cfg, spec);
  cors_error err;
  cors_policy *pol = NULL;
  cors_status st = cors_policy_compile(cfg, &pol, &err);
  cors_config_free(cfg);
  must(st, &err, "compile");
  ck_assert_msg(pol != NULL, "compile returned OK without a policy");
  return pol;
}

static cors_slice opt_cstr(const char *s) { return cors_slice_cstr(s); }

void request_from_spec(cors_request *req, const request_spec *spec) {
  cors_request_init(req);
  req->method = cors_slice_cstr(spec->method ? spec->method : "GET");
  req->origin = spec->origin;
  req->origin_count = spec->origin.ptr ? 1u : 0u;
  req->request_method = opt_cstr(spec->acrm);
  req->request_method_count = spec->acrm ? 1u : 0u;
  if (spec->acrh) {
    req->request_headers[0] = cors_slice_cstr(spec->acrh);
    req->request_headers_count = 1;
  }
  req->request_private_network = opt_cstr(spec->acrpn);
}

void evaluate_spec(const cors_policy *pol, const request_spec *spec,
                   cors_result *res) {
  cors_request req;
  request_from_spec(&req, spec);
  memset(res, 0xA5, sizeof *res); /* stale garbage must be overwritten */
  cors_evaluate(pol, &req, res);
  ck_assert_msg(res->header_count <= CORS_MAX_RESULT_HEADERS,
                "header_count %zu out of range", res->header_count);
}

cors_result evaluate_get(const cors_policy *pol, const char *origin) {
  request_spec spec = {.origin = cors_slice_cstr(origin)};
  cors_request req;
  request_from_spec(&req, &spec);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  return res;
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static bool eq_nocase(const char *a, size_t alen, const char *b, size_t blen) {
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++)
    if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
      return false;
  return true;
}

const cors_header *result_header(const cors_result *res, const char *name) {
  const cors_header *found = NULL;
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (!eq_nocase(h->name, h->name_len, name, strlen(name)))
      continue;
    ck_assert_msg(found == NULL, "header %s appears twice", name);
    found = h;
  }
  return found;
}

bool header_equals(const cors_result *res, const char *name,
                   const char *value) {
  const cors_header *h = result_header(res, name);
  return h && h->value_len == strlen(value) &&
         memcmp(h->value, value, h->value_len) == 0;
}

static bool is_ows(char c) { return c == ' ' || c == '\t'; }

/* Calls back on each trimmed element; stops when fn returns true. */
static bool each_element(const char *v, size_t len,
                         bool (*fn)(const char *, size_t, const void *),
                         const void *ctx) {
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && v[i] != ',')
      continue;
    size_t a = start, b = i;
    while (a < b && is_ows(v[a]))
      a++;
    while (b > a && is_ows(v[b - 1]))
      b--;
    if (fn(v + a, b - a, ctx))
      return true;
    start = i + 1;
  }
  return false;
}

static bool element_is(const char *e, size_t n, const void *token) {
  return eq_nocase(e, n, token, strlen(token));
}

bool list_has_token(const char *value, size_t len, const char *token) {
  return value && each_element(value, len, element_is, token);
}

static bool count_nonempty(const char *e, size_t n, const void *ctx) {
  (void)e;
  if (n > 0)
    ++*(size_t *)(uintptr_t)ctx;
  return false;
}

bool bytes_contain(const char *hay, size_t hlen, const char *needle) {
  size_t n = strlen(needle);
  if (!hay || n > hlen)
    return false;
  for (size_t i = 0; i + n <= hlen; i++)
    if (memcmp(hay + i, needle, n) == 0)
      return true;
  return false;
}

size_t list_count(const char *value, size_t len) {
  size_t n = 0;
  if (value)
    each_element(value, len, count_nonempty, &n);
  return n;
}

void assert_header_set(const cors_result *res, const char *const *names,
                       const char *ctx) {
  size_t expected = 0;
  for (; names[expected]; expected++)
    ck_assert_msg(result_header(res, names[expected]) != NULL,
                  "%s: header %s missing", ctx, names[expected]);
  if (res->header_count != expected) {
    char got[512] = "";
    for (size_t i = 0; i < res->header_count; i++) {
      size_t used = strlen(got);
      snprintf(got + used, sizeof got - used, "%s%s", i ? ", " : "",
               printable(res->headers[i].name, res->headers[i].name_len));
    }
    ck_abort_msg("%s: expected %zu headers, got %zu: %s", ctx, expected,
                 res->header_count, got);
  }
}

static bool has_control_byte(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f)
      return true;
  }
  return false;
}

void assert_output_safe(const cors_result *res, const char *ctx) {
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    ck_assert_msg(h->name && h->name_len > 0, "%s: header %zu has no name",
                  ctx, i);
    ck_assert_msg(h->value || h->value_len == 0,
                  "%s: header %zu has a NULL value", ctx, i);
    ck_assert_msg(!has_control_byte(h->name, h->name_len),
                  "%s: control byte in header name %s", ctx,
                  printable(h->name, h->name_len));
    ck_assert_msg(!has_control_byte(h->value, h->value_len),
                  "%s: control byte in value of %s: %s", ctx,
                  printable(h->name, h->name_len),
                  printable(h->value, h->value_len));
  }
}

const char *printable(const char *s, size_t n) {
  static char ring[4][600];
  static unsigned next;
  char *out = ring[next++ % 4];
  size_t o = 0;
  if (!s)
    return "(absent)";
  for (size_t i = 0; i < n && o + 8 < sizeof ring[0]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c >= 0x7f)
      o += (size_t)snprintf(out + o, sizeof ring[0] - o, "\\x%02x", c);
    else
      out[o++] = (char)c;
  }
  out[o] = '\0';
  return out;
}

void warning_log_handler(const cors_warning *w, void *ud) {
  warning_log *log = ud;
  ck_assert_msg(w->message && w->message[0], "warning %d without message",
                (int)w->code);
  if (log->count >= MAX_WARNINGS)
    return;
  size_t i = log->count++;
  log->code[i] = w->code;
  log->index[i] = w->index;
  snprintf(log->field[i], sizeof log->field[i], "%s",
           w->field ? w->field : "");
  snprintf(log->message[i], sizeof log->message[i], "%s", w->message);
}

size_t warning_log_count(const warning_log *log, cors_warning_code code) {
  size_t n = 0;
  for (size_t i = 0; i < log->count; i++)
    n += log->code[i] == code;
  return n;
}

long warning_log_find(const warning_log *log, cors_warning_code code) {
  for (size_t i = 0; i < log->count; i++)
    if (log->code[i] == code)
      return (long)i;
  return -1;
}

static bool fail_heap_refuses(fail_heap *h) {
  h->calls++;
  bool fail = h->fail_at != 0 &&
              (h->calls == h->fail_at || (h->fail_on && h->calls > h->fail_at));
  if (fail)
    h->failures++;
  return fail;
}

static void *fail_heap_malloc(size_t n, void *ud) {
  fail_heap *h = ud;
  if (fail_heap_refuses(h))
    return NULL;
  void *p = malloc(n ? n : 1);
  if (p)
    h->live++;
  return p;
}

static void *fail_heap_realloc(void *p, size_t n, void *ud) {
  fail_heap *h = ud;
  if (fail_heap_refuses(h))
    return NULL;
  void *q = realloc(p, n ? n : 1);
  if (q && !p)
    h->live++;
  return q;
}

static void fail_heap_free(void *p, void *ud) {
  fail_heap *h = ud;
  if (p) {
    h->live--;
    free(p);
  }
}

cors_allocator fail_heap_hooks(fail_heap *heap) {
  cors_allocator a = {fail_heap_malloc, fail_heap_realloc, fail_heap_free,
                      heap};
  return a;
}

/* Exit status CTest reads as "skipped" (SKIP_RETURN_CODE). */
#define UNIT_SKIPPED 77

int main(void) {
  Suite *suite = unit_suite();
  if (!suite) {
    puts("skipped: this suite cannot run in this build");
    return UNIT_SKIPPED;
  }
  SRunner *sr = srunner_create(suite);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
