/* CSV splitting and the environment loader.
 *
 * Input: two flags bytes, then LF-separated fields (escapes as in
 * fuzz_common.h). Bits 0-8 of the flags say which of the nine variables
 * of docs/semantics.md#the-environment are set; field i is the value of
 * variable i (a NUL ends it, as in a real environment). Bit 9 renames
 * every variable (the host's override), bit 10 also adds field 0 through
 * cors_config_add_origins_csv.
 *
 * Checked: the CSV iterator against a plain splitter (entries, trimming,
 * indices counting empty entries); every error names a variable (or the
 * setting) and is one line; warnings are one line; a compiled policy's
 * dump is stable and never overflows; fixed requests evaluated under the
 * loaded policy keep every result invariant and agree with the browser
 * check. */
#include "config.h"
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct env_case {
  char *values[CORS_ENV_VAR_COUNT]; /* NULL: unset */
  const char *names[CORS_ENV_VAR_COUNT];
} env_case;

static const char *const renamed[CORS_ENV_VAR_COUNT] = {
    "APP_ORIGINS", "APP_ORIGIN_REGEX", "APP_CREDENTIALS",
    "APP_METHODS", "APP_HEADERS",      "APP_EXPOSE",
    "APP_MAX_AGE", "APP_PNA",          "APP_DEV"};

static const char *env_lookup(const char *name, void *ctx) {
  const env_case *ec = ctx;
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++)
    if (strcmp(name, ec->names[i]) == 0)
      return ec->values[i];
  return NULL; /* a name the loader should not have asked for */
}

static void on_warning(const cors_warning *w, void *ud) {
  (void)ud;
  FUZZ_CHECK(w->message != NULL &&
                 fuzz_one_line(w->message, strlen(w->message) + 1),
             "warning message is not one line");
  FUZZ_CHECK(w->field != NULL, "warning without a field");
  FUZZ_CHECK(strcmp(cors_warning_code_string(w->code), "unknown") != 0,
             "warning with an unknown code");
}

/* The CSV iterator against a naive split on every comma. */
static void check_csv(cors_slice s) {
  cors__csv_iter it;
  cors__csv_init(&it, s.ptr, s.len);
  long want_index = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.len; i++) {
    if (i < s.len && s.ptr[i] != ',')
      continue;
    size_t a = start, b = i;
    while (a < b && (s.ptr[a] == ' ' || s.ptr[a] == '\t'))
      a++;
    while (b > a && (s.ptr[b - 1] == ' ' || s.ptr[b - 1] == '\t'))
      b--;
    if (b > a) {
      cors_slice e;
      long index = -1;
      FUZZ_CHECK(cors__csv_next(&it, &e, &index), "CSV entry missing");
      FUZZ_CHECK(e.ptr == s.ptr + a && e.len == b - a, "CSV entry differs");
      FUZZ_CHECK(index == want_index, "CSV index differs");
    }
    want_index++;
    start = i + 1;
  }
  cors_slice e;
  long index;
  FUZZ_CHECK(!cors__csv_next(&it, &e, &index), "CSV has an extra entry");
}

static void check_error(const cors_error *err, const env_case *ec) {
  FUZZ_CHECK(fuzz_one_line(err->message, sizeof err->message),
             "error message is not one line or not terminated");
  FUZZ_CHECK(memchr(err->field, '\0', sizeof err->field) != NULL,
             "error field not terminated");
  FUZZ_CHECK(strcmp(cors_strerror(err->code), "unknown status") != 0,
             "error with an unknown code");
  if (err->code == CORS_ERR_NOMEM || err->code == CORS_ERR_INVALID_ARGUMENT)
    return;
  bool named = false;
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++)
    if (strcmp(err->field, ec->names[i]) == 0)
      named = true;
  FUZZ_CHECK(named, "an environment error does not name its variable");
}

static void check_dump(const cors_policy *pol) {
  size_t need = cors_policy_dump(pol, NULL, 0);
  char *a = malloc(need + 1);
  char *b = malloc(need + 1);
  FUZZ_CHECK(a != NULL && b != NULL, "out of memory");
  FUZZ_CHECK(cors_policy_dump(pol, a, need + 1) == need, "dump size changed");
  FUZZ_CHECK(a[need] == '\0' && strlen(a) == need, "dump not terminated");
  FUZZ_CHECK(cors_policy_dump(pol, b, need + 1) == need &&
                 memcmp(a, b, need) == 0,
             "dump is not stable");
  if (need > 0) {
    FUZZ_CHECK(cors_policy_dump(pol, b, need) == need, "truncated dump size");
    FUZZ_CHECK(b[need - 1] == '\0', "truncated dump not terminated");
  }
  free(a);
  free(b);
}

/* A handful of requests a browser could send, against the loaded policy. */
static void evaluate_fixed(const cors_policy *pol, bool credentials,
                           const env_case *ec) {
  static const char *const origins[] = {
      "http://localhost:3000", "http://127.0.0.1:5173", "https://example.com",
      "https://a.example.com", "null"};
  const char *first_origin = ec->values[0];
  for (size_t o = 0; o < sizeof origins / sizeof origins[0] + 1; o++) {
    const char *origin =
        o < sizeof origins / sizeof origins[0] ? origins[o] : first_origin;
    if (origin == NULL)
      continue;
    for (int preflight = 0; preflight < 2; preflight++) {
      cors_request req;
      cors_request_init(&req);
      req.origin = cors_slice_cstr(origin);
      req.origin_count = 1;
      req.method = cors_slice_cstr(preflight ? "OPTIONS" : "PUT");
      if (preflight) {
        req.request_method = cors_slice_cstr("PATCH");
        req.request_method_count = 1;
        req.request_headers[0] = cors_slice_cstr("authorization, x-request-id");
        req.request_headers_count = 1;
      }
      cors_result res;
      cors_evaluate(pol, &req, &res);
      fuzz_check_result(&req, &res);
      fuzz_check_oracle(&req, &res, credentials);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  unsigned flags = (unsigned)data[0] | ((unsigned)data[1] << 8);
  fuzz_fields f;
  fuzz_fields_split(&f, data + 2, size - 2);

  env_case ec;
  memset(&ec, 0, sizeof ec);
  cors_env_options opts;
  cors_env_options_init(&opts);
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++) {
    ec.names[i] =
        (flags & 0x200) ? renamed[i] : cors_env_default_name((cors_env_var)i);
    opts.names[i] = (flags & 0x200) ? renamed[i] : NULL;
    if ((flags & (1u << i)) && i < f.count)
      ec.values[i] = fuzz_cstr(f.field[i]);
  }
  for (size_t i = 0; i < f.count; i++)
    check_csv(f.field[i]);

  cors_config *cfg = cors_config_new(NULL);
  FUZZ_CHECK(cfg != NULL, "config_new failed");
  cors_config_set_warning_handler(cfg, on_warning, NULL);
  cors_error err;
  memset(&err, 0x55, sizeof err);
  cors_status st = cors_config_load_env(cfg, env_lookup, &ec, &opts, &err);
  if (st != CORS_OK) {
    FUZZ_CHECK(err.code == st, "error code differs from the status");
    check_error(&err, &ec);
  }
  if (st == CORS_OK && (flags & 0x400) && f.count > 0) {
    st = cors_config_add_origins_csv(cfg, f.field[0].ptr, f.field[0].len, &err);
    if (st != CORS_OK)
      FUZZ_CHECK(fuzz_one_line(err.message, sizeof err.message),
                 "CSV error message is not one line");
  }
  if (st == CORS_OK) {
    cors_policy *pol = NULL;
    st = cors_policy_compile(cfg, &pol, &err);
    if (st == CORS_OK) {
      check_dump(pol);
      evaluate_fixed(pol, cfg->credentials, &ec);
      cors_policy_free(pol);
    } else {
      FUZZ_CHECK(pol == NULL, "failed compile left a policy");
      FUZZ_CHECK(fuzz_one_line(err.message, sizeof err.message),
                 "compile error message is not one line");
    }
  }
  cors_config_free(cfg);
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++)
    free(ec.values[i]);
  fuzz_fields_free(&f);
  return 0;
}
