/* Origins: the config-side parser (normalization), the request-side
 * validator, and matching through a compiled policy, checked against the
 * plain reference matcher of fuzz_common.c.
 *
 * Input: one flags byte, then LF-separated fields (escapes as in
 * fuzz_common.h). The first 1 + (flags & 3) fields are configured origins
 * (exact, `*`, `null`, subdomain or port patterns); every later field is a
 * request origin. Flag 0x04 turns credentials on, 0x08 lets `*` go with
 * credentials (the dangerous opt-in), 0x10 sends each origin as a
 * preflight instead of an actual request.
 *
 * Several configured entries at once is the point: jub0bs/cors
 * GHSA-vhxv-fg4m-p2w8 let through origins that no single configured
 * pattern allowed, because of how the patterns were stored together. */
#include "fuzz_common.h"
#include "origin.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES 4

typedef struct origin_case {
  ref_entry ref[MAX_ENTRIES];
  size_t ref_count;
  bool credentials;
  bool preflight;
} origin_case;

/* The engine's normalization must be a fixpoint and stay within the bytes
 * a header value may hold. */
static void check_normalized(const cors__origin_entry *e) {
  FUZZ_CHECK(e->len == strlen(e->buf), "normalized length is wrong");
  for (size_t i = 0; i < e->len; i++) {
    unsigned char c = (unsigned char)e->buf[i];
    FUZZ_CHECK(c > 0x20 && c < 0x7f && !(c >= 'A' && c <= 'Z'),
               "normalized origin has a control, space, high or upper byte");
  }
  cors__origin_entry again;
  char why[256];
  long off = 0;
  FUZZ_CHECK(cors__origin_parse_config(e->buf, e->len, &again, why, sizeof why,
                                       &off) == CORS_OK,
             "normalized origin does not parse again");
  FUZZ_CHECK(again.len == e->len && memcmp(again.buf, e->buf, e->len) == 0,
             "normalization is not idempotent");
}

/* Adds one configured entry to both the engine config and the reference. */
static void add_entry(cors_config *cfg, origin_case *oc, cors_slice s) {
  cors__origin_entry parsed;
  char why[256];
  long off = 0;
  cors_status direct =
      cors__origin_parse_config(s.ptr, s.len, &parsed, why, sizeof why, &off);
  cors_error err;
  cors_status st = cors_config_add_origin(cfg, s.ptr, s.len, &err);
  FUZZ_CHECK(st == direct, "add_origin and the parser disagree");
  if (st != CORS_OK) {
    FUZZ_CHECK(st == CORS_ERR_INVALID_ORIGIN, "unexpected add_origin error");
    FUZZ_CHECK(fuzz_one_line(err.message, sizeof err.message),
               "error message is not one line");
    return;
  }
  check_normalized(&parsed);
  ref_entry *r = &oc->ref[oc->ref_count];
  FUZZ_CHECK(ref_entry_parse(r, s.ptr, s.len),
             "the engine accepted an entry the reference cannot read");
  if (r->type == REF_EXACT) {
    FUZZ_CHECK(strcmp(r->serialized, parsed.buf) == 0,
               "engine and reference normalize an exact origin differently");
  }
  oc->ref_count++;
}

static void evaluate_one(const cors_policy *pol, const origin_case *oc,
                         cors_slice origin) {
  cors__origin_view view;
  bool valid = cors__origin_validate_request(origin.ptr, origin.len, &view);
  bool ref_valid = ref_origin_valid(origin.ptr, origin.len);
  FUZZ_CHECK(valid == ref_valid,
             "request-origin validity differs from the reference");

  cors_request req;
  cors_request_init(&req);
  req.origin = origin;
  req.origin_count = 1;
  if (oc->preflight) {
    req.method = cors_slice_cstr("OPTIONS");
    req.request_method = cors_slice_cstr("GET");
    req.request_method_count = 1;
  } else {
    req.method = cors_slice_cstr("GET");
  }
  cors_result res;
  cors_evaluate(pol, &req, &res);
  fuzz_check_result(&req, &res);
  fuzz_check_oracle(&req, &res, oc->credentials);

  bool ref_allowed =
      ref_origin_matches_any(oc->ref, oc->ref_count, origin.ptr, origin.len,
                             oc->credentials);
  if (res.allowed)
    FUZZ_CHECK(ref_allowed, "engine allowed an origin the reference denies");
  else
    FUZZ_CHECK(!ref_allowed, "engine denied an origin the reference allows");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint8_t flags = data[0];
  fuzz_fields f;
  fuzz_fields_split(&f, data + 1, size - 1);

  origin_case oc;
  memset(&oc, 0, sizeof oc);
  oc.credentials = (flags & 0x04) != 0;
  oc.preflight = (flags & 0x10) != 0;
  size_t entries = 1 + (size_t)(flags & 3);
  if (entries > f.count)
    entries = f.count;

  cors_config *cfg = cors_config_new(NULL);
  FUZZ_CHECK(cfg != NULL, "config_new failed");
  cors_config_set_credentials(cfg, oc.credentials);
  cors_config_set_dangerous_wildcard_with_credentials(cfg, (flags & 0x08) != 0);
  for (size_t i = 0; i < entries; i++)
    add_entry(cfg, &oc, f.field[i]);

  cors_policy *pol = NULL;
  cors_error err;
  cors_status st = cors_policy_compile(cfg, &pol, &err);
  cors_config_free(cfg);
  if (st == CORS_OK) {
    for (size_t i = entries; i < f.count; i++)
      evaluate_one(pol, &oc, f.field[i]);
    cors_policy_free(pol);
  } else {
    FUZZ_CHECK(pol == NULL, "failed compile left a policy");
    FUZZ_CHECK(st == CORS_ERR_WILDCARD_WITH_CREDENTIALS,
               "only * with credentials may fail to compile here");
  }
  fuzz_fields_free(&f);
  return 0;
}
