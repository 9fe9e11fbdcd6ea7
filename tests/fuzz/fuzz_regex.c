/* The origin regex: hostile patterns through cors_config_set_origin_regex
 * and cors_policy_compile, then request origins matched through the
 * policy.
 *
 * Input: one flags byte, then LF-separated fields (escapes as in
 * fuzz_common.h): the pattern, then request origins. Flag 0x01 turns
 * credentials on, 0x02 also configures `null` and one exact origin (the
 * regex must not disturb them), 0x04 sends preflights.
 *
 * Checked: an invalid pattern fails with CORS_ERR_INVALID_REGEX, an offset
 * within the pattern and a one-line message; an origin the policy allows
 * through the regex is a valid origin, never `null`, and PCRE2 itself
 * (the interpreter, not the engine's JIT code) full-matches it with the
 * pattern anchored at both ends; every result keeps the invariants.
 *
 * Lint (docs/lint.md): it never crashes, takes at most
 * CORS__LINT_MAX_MATCHES regex matches, and never changes a verdict: the
 * policy compiled under strict lint (when it compiles) decides every
 * origin exactly as the default one does, and running lint again on the
 * compiled regex leaves every verdict as it was. Strict lint refuses
 * exactly the configurations whose default compile warned
 * registrable-domain or regex-too-broad, and every warning is one line. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fuzz_common.h"

#include "lint.h"
#include "policy.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

static const char exact_origin[] = "https://exact.example.com";

typedef struct reference_re {
  pcre2_code *code;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
} reference_re;

static bool reference_compile(reference_re *r, cors_slice pattern) {
  int code = 0;
  PCRE2_SIZE off = 0;
  memset(r, 0, sizeof *r);
  r->code =
      pcre2_compile((PCRE2_SPTR)pattern.ptr, pattern.len,
                    PCRE2_ANCHORED | PCRE2_ENDANCHORED, &code, &off, NULL);
  if (r->code == NULL)
    return false;
  r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
  r->mctx = pcre2_match_context_create(NULL);
  FUZZ_CHECK(r->md != NULL && r->mctx != NULL, "out of memory");
  /* Bounded like the engine, so the reference never hangs either. */
  pcre2_set_match_limit(r->mctx, 1000000);
  pcre2_set_depth_limit(r->mctx, 10000);
  return true;
}

/* 1 match, 0 no match, -1 the reference hit a limit (no verdict). */
static int reference_match(const reference_re *r, cors_slice s) {
  int rc = pcre2_match(r->code, (PCRE2_SPTR)s.ptr, s.len, 0, 0, r->md, r->mctx);
  if (rc >= 0)
    return 1;
  if (rc == PCRE2_ERROR_NOMATCH)
    return 0;
  return -1;
}

static void reference_free(reference_re *r) {
  pcre2_match_context_free(r->mctx);
  pcre2_match_data_free(r->md);
  pcre2_code_free(r->code);
}

static void check_invalid(cors_status st, const cors_error *err,
                          cors_slice pattern) {
  FUZZ_CHECK(st == CORS_ERR_INVALID_REGEX || st == CORS_ERR_INVALID_ARGUMENT,
             "unexpected status for a bad regex");
  FUZZ_CHECK(fuzz_one_line(err->message, sizeof err->message),
             "message is not one line or not terminated");
  if (st == CORS_ERR_INVALID_REGEX)
    FUZZ_CHECK(err->offset >= 0 && (size_t)err->offset <= pattern.len,
               "regex error offset outside the pattern");
}

static void evaluate_one(const cors_policy *pol, const reference_re *ref,
                         cors_slice origin, uint8_t flags) {
  cors_request req;
  cors_request_init(&req);
  req.origin = origin;
  req.origin_count = 1;
  if (flags & 0x04) {
    req.method = cors_slice_cstr("OPTIONS");
    req.request_method = cors_slice_cstr("POST");
    req.request_method_count = 1;
  } else {
    req.method = cors_slice_cstr("GET");
  }
  cors_result res;
  cors_evaluate(pol, &req, &res);
  fuzz_check_result(&req, &res);
  fuzz_check_oracle(&req, &res, (flags & 0x01) != 0);
  if (!res.allowed)
    return;
  bool is_null = origin.len == 4 && memcmp(origin.ptr, "null", 4) == 0;
  bool is_exact = origin.len == sizeof exact_origin - 1 &&
                  memcmp(origin.ptr, exact_origin, origin.len) == 0;
  if ((flags & 0x02) && (is_null || is_exact))
    return; /* allowed by the other entries */
  FUZZ_CHECK(!is_null, "the regex let `null` through");
  FUZZ_CHECK(ref_origin_valid(origin.ptr, origin.len),
             "the regex let an invalid origin through");
  FUZZ_CHECK(reference_match(ref, origin) != 0,
             "allowed, but the pattern does not fully match the origin");
}

/* ---- lint ----------------------------------------------------------- */

typedef struct lint_seen {
  bool dangerous; /* registrable-domain or regex-too-broad reported */
  size_t count;
} lint_seen;

static void lint_warning(const cors_warning *w, void *ud) {
  lint_seen *seen = ud;
  FUZZ_CHECK(w->message != NULL &&
                 fuzz_one_line(w->message, CORS_ERROR_MESSAGE_MAX),
             "a warning message is not one terminated line");
  FUZZ_CHECK(w->code != CORS_WARN_REGEX_UNANCHORED,
             "regex-unanchored is retired but was reported");
  if (w->code == CORS_WARN_REGISTRABLE_DOMAIN ||
      w->code == CORS_WARN_REGEX_TOO_BROAD)
    seen->dangerous = true;
  seen->count++;
}

static cors_status compile_config(cors_slice pattern, uint8_t flags,
                                  bool strict, lint_seen *seen,
                                  cors_policy **pol, cors_error *err) {
  cors_config *cfg = cors_config_new(NULL);
  FUZZ_CHECK(cfg != NULL, "config_new failed");
  cors_config_set_credentials(cfg, (flags & 0x01) != 0);
  cors_config_set_strict_lint(cfg, strict);
  cors_config_set_warning_handler(cfg, lint_warning, seen);
  if (flags & 0x02) {
    FUZZ_CHECK(cors_config_add_origin_cstr(cfg, "null", err) == CORS_OK &&
                   cors_config_add_origin_cstr(cfg, exact_origin, err) ==
                       CORS_OK,
               "fixed origins refused");
  }
  cors_status st =
      cors_config_set_origin_regex(cfg, pattern.ptr, pattern.len, err);
  if (st == CORS_OK)
    st = cors_policy_compile(cfg, pol, err);
  cors_config_free(cfg);
  return st;
}

static void same_result(const cors_result *a, const cors_result *b) {
  FUZZ_CHECK(a->kind == b->kind && a->allowed == b->allowed &&
                 a->reason == b->reason && a->action == b->action &&
                 a->status == b->status && a->header_count == b->header_count,
             "lint changed a verdict");
  for (size_t i = 0; i < a->header_count; i++) {
    const cors_header *x = &a->headers[i], *y = &b->headers[i];
    FUZZ_CHECK(x->name_len == y->name_len && x->value_len == y->value_len &&
                   memcmp(x->name, y->name, x->name_len) == 0 &&
                   memcmp(x->value, y->value, x->value_len) == 0,
               "lint changed a response header");
  }
}

static void evaluate_origin(const cors_policy *pol, cors_slice origin,
                            uint8_t flags, cors_result *res) {
  cors_request req;
  cors_request_init(&req);
  req.origin = origin;
  req.origin_count = 1;
  req.method = cors_slice_cstr((flags & 0x04) ? "OPTIONS" : "GET");
  if (flags & 0x04) {
    req.request_method = cors_slice_cstr("POST");
    req.request_method_count = 1;
  }
  cors_evaluate(pol, &req, res);
}

/* Lint's own run on the compiled regex: bounded, consistent, and with no
 * effect on what the policy decides. */
static void check_lint_run(const cors_policy *pol, cors_slice pattern,
                           const fuzz_fields *f, uint8_t flags) {
  cors_result before[FUZZ_MAX_FIELDS], after;
  for (size_t i = 1; i < f->count; i++)
    evaluate_origin(pol, f->field[i], flags, &before[i]);
  cors__regex_lint r;
  if (!cors__lint_regex_analyze(pol->regex, pattern.ptr, pattern.len, &r))
    return; /* out of memory: nothing ran */
  FUZZ_CHECK(r.matches <= CORS__LINT_MAX_MATCHES,
             "lint took more regex matches than its bound");
  FUZZ_CHECK(!(r.too_broad && r.registrable),
             "too-broad and registrable-domain reported together");
  FUZZ_CHECK(!r.registrable || r.psl_checked,
             "registrable-domain without a Public Suffix List");
  FUZZ_CHECK(r.bare_dot < (long)pattern.len, "bare dot past the pattern");
  for (size_t i = 1; i < f->count; i++) {
    evaluate_origin(pol, f->field[i], flags, &after);
    same_result(&before[i], &after);
  }
}

/* The strict policy, when it compiles, decides as the default one does;
 * it is refused exactly when the default compile warned of danger. */
static void check_strict(const cors_policy *pol, cors_slice pattern,
                         const fuzz_fields *f, uint8_t flags,
                         const lint_seen *seen) {
  lint_seen strict_seen = {false, 0};
  cors_policy *strict = NULL;
  cors_error err;
  cors_status st =
      compile_config(pattern, flags, true, &strict_seen, &strict, &err);
  if (st == CORS_ERR_NOMEM)
    return;
  FUZZ_CHECK((st == CORS_ERR_PUBLIC_SUFFIX) == seen->dangerous,
             "strict lint and the default warnings disagree");
  FUZZ_CHECK(st == CORS_OK || st == CORS_ERR_PUBLIC_SUFFIX,
             "strict lint failed for another reason");
  if (st != CORS_OK) {
    FUZZ_CHECK(strict == NULL && fuzz_one_line(err.message,
                                               sizeof err.message),
               "strict lint error is not one line");
    return;
  }
  FUZZ_CHECK(!strict_seen.dangerous, "strict lint warned instead of failing");
  for (size_t i = 1; i < f->count; i++) {
    cors_result a, b;
    evaluate_origin(pol, f->field[i], flags, &a);
    evaluate_origin(strict, f->field[i], flags, &b);
    same_result(&a, &b);
  }
  cors_policy_free(strict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint8_t flags = data[0];
  fuzz_fields f;
  fuzz_fields_split(&f, data + 1, size - 1);
  if (f.count == 0 || f.field[0].len == 0) {
    fuzz_fields_free(&f);
    return 0;
  }
  cors_slice pattern = f.field[0];

  cors_error err;
  cors_policy *pol = NULL;
  lint_seen seen = {false, 0};
  cors_status st = compile_config(pattern, flags, false, &seen, &pol, &err);
  if (st != CORS_OK) {
    FUZZ_CHECK(pol == NULL, "failed compile left a policy");
    if (st != CORS_ERR_NOMEM)
      check_invalid(st, &err, pattern);
    fuzz_fields_free(&f);
    return 0;
  }

  reference_re ref;
  FUZZ_CHECK(reference_compile(&ref, pattern),
             "PCRE2 refuses a pattern the engine compiled");
  for (size_t i = 1; i < f.count; i++)
    evaluate_one(pol, &ref, f.field[i], flags);
  reference_free(&ref);
  check_lint_run(pol, pattern, &f, flags);
  check_strict(pol, pattern, &f, flags, &seen);
  cors_policy_free(pol);
  fuzz_fields_free(&f);
  return 0;
}
