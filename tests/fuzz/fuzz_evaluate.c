/* The whole of cors_evaluate on a fuzzed request against fixed policies.
 *
 * Input: two flags bytes, then LF-separated fields (escapes as in
 * fuzz_common.h).
 *   byte 0 selects the policy: 0x01 credentials, 0x02 private network,
 *     0x04 allowed headers `*`, 0x08 methods `*`, bits 4-5 the origin set
 *     (exact list, patterns + null, regex + exact, `*`), 0x40 Authorization
 *     listed by name, 0x80 max age, exposed headers and statuses 200/400.
 *   byte 1 selects how the request is built: 0x01 fill cors_request
 *     directly (fields: method, origin, ACRM, ACRPN, then ACRH lines;
 *     origin_count from bits 1-2, an empty field stands for an absent
 *     header when bit 3 is set); otherwise field 0 is the method and every
 *     later field a raw "Name: value" line for cors_request_from_headers.
 *     0x40 replaces the origin set of byte 0 by a pattern-heavy one:
 *     hundreds of subdomain and port patterns whose suffixes overlap, share
 *     schemes and ports, and reach past 64 labels (the pattern index).
 *
 * Checked, on every input: the invariants of fuzz_check_result(); the
 * browser check agrees with the verdict; for a request with one Origin,
 * the origin is refused exactly when the reference matcher (a linear scan
 * of the configured entries, fuzz_common.c) refuses it, and called invalid
 * exactly when the reference grammar says so; an allowed preflight only
 * grants methods and headers the policy lists (Authorization never
 * through `*`); statuses are the configured ones; evaluation is
 * deterministic; the formatted size stays within CORS_FORMAT_BOUND of what
 * was reflected. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORIGIN_SETS 4

static const char *const exact_origins[] = {
    "http://localhost:3000",        "https://app.example.com",
    "https://app.example.com:8443", "http://[::1]:8080",
    "capacitor://localhost",        NULL};
static const char *const pattern_origins[] = {
    "https://*.example.com",   "http://localhost:*",
    "https://*.example.org:*", "null",
    "http://*.test:808",       NULL};
static const char *const regex_exact[] = {"https://example.com", NULL};
static const char regex_source[] =
    "^https://[a-z0-9-]+\\.preview\\.example\\.com$";
static const char *const any_origin[] = {"*", NULL};

static const char *const *const origin_sets[ORIGIN_SETS] = {
    exact_origins, pattern_origins, regex_exact, any_origin};

static const char *const methods_list[] = {"GET",   "POST",   "PUT",
                                           "PATCH", "DELETE", NULL};
static const char *const headers_list[] = {"Content-Type", "X-Request-ID",
                                           "If-Match", NULL};

/* The pattern-heavy set, generated: PATTERN_SUFFIXES numbered suffixes
 * under example.com with several schemes and port rules each, deeper
 * patterns under some of them, one suffix with many ports, port patterns,
 * and one suffix of 66 labels. */
#define PATTERN_SUFFIXES 64
#define PATTERN_PORTS 12
#define MANY_MAX (PATTERN_SUFFIXES * 4 + PATTERN_PORTS + 40)

typedef struct fixed_policy {
  cors_policy *policy;
  ref_entry *refs;
  size_t ref_count;
} fixed_policy;

static fixed_policy cache[2][256];
static bool cleanup_registered;
/* The pattern-heavy set's reference entries (about 8 KiB each), shared by
 * every policy built from it. */
static ref_entry *many_refs;
static size_t many_ref_count;

static void free_cache(void) {
  for (size_t k = 0; k < 2; k++) {
    for (size_t i = 0; i < 256; i++) {
      cors_policy_free(cache[k][i].policy);
      if (k == 0)
        free(cache[k][i].refs);
      cache[k][i].policy = NULL;
      cache[k][i].refs = NULL;
    }
  }
  free(many_refs);
  many_refs = NULL;
  cors_thread_cleanup();
}

/* Writes the i-th entry of the pattern-heavy set into buf; false past
 * the end. */
static bool many_pattern(size_t i, char *buf, size_t cap) {
  static const char *const fixed[] = {
      "https://*.example.com:8443", "http://localhost:*", "null",
      "https://app.example.com",    "http://*.test:*",    "https://*.a.b.c:*"};
  size_t n = PATTERN_SUFFIXES;
  if (i < n) {
    snprintf(buf, cap, "https://*.t%zu.example.com", i);
  } else if (i < 2 * n) {
    snprintf(buf, cap, "http://*.t%zu.example.com:%s", i - n,
             (i - n) % 3 == 0 ? "*" : "8080");
  } else if (i < 3 * n) {
    snprintf(buf, cap, "https://*.a.t%zu.example.com:%zu", i - 2 * n,
             8000 + (i - 2 * n) % 7);
  } else if (i < 4 * n) {
    snprintf(buf, cap, "http://h%zu.test:*", i - 3 * n);
  } else if (i < 4 * n + PATTERN_PORTS) {
    snprintf(buf, cap, "wss://*.ws.example.com:%zu", 9000 + (i - 4 * n) * 7);
  } else if (i < 4 * n + PATTERN_PORTS + 6) {
    snprintf(buf, cap, "%s", fixed[i - 4 * n - PATTERN_PORTS]);
  } else if (i == 4 * n + PATTERN_PORTS + 6) {
    size_t o = (size_t)snprintf(buf, cap, "https://*");
    for (int k = 0; k < 66; k++)
      o += (size_t)snprintf(buf + o, cap - o, ".d%d", k % 3);
  } else {
    return false;
  }
  return true;
}

static void must(cors_status st) {
  FUZZ_CHECK(st == CORS_OK, "a fixed policy does not build");
}

static void configure_lists(cors_config *cfg, uint8_t pf) {
  cors_error err;
  if (pf & 0x08) {
    must(cors_config_add_method(cfg, "*", 1, &err));
  } else {
    for (size_t i = 0; methods_list[i] != NULL; i++)
      must(cors_config_add_method(cfg, methods_list[i], strlen(methods_list[i]),
                                  &err));
  }
  if (pf & 0x04)
    must(cors_config_add_allowed_header(cfg, "*", 1, &err));
  for (size_t i = 0; headers_list[i] != NULL; i++)
    must(cors_config_add_allowed_header(cfg, headers_list[i],
                                        strlen(headers_list[i]), &err));
  if (pf & 0x40)
    must(cors_config_add_allowed_header(cfg, "Authorization", 13, &err));
  if (pf & 0x80) {
    must(cors_config_set_max_age(cfg, 600, &err));
    must(cors_config_set_exposed_headers_csv(cfg, "ETag, X-Request-ID", 18,
                                             &err));
    must(cors_config_set_preflight_status(cfg, 200, &err));
    must(cors_config_set_preflight_failure_status(cfg, 400, &err));
  }
}

/* Adds entry o to the config and, when refs is not NULL, its reference
 * entry at refs[*count]. */
static void add_entry(cors_config *cfg, ref_entry *refs, size_t *count,
                      const char *o) {
  cors_error err;
  must(cors_config_add_origin_cstr(cfg, o, &err));
  if (refs != NULL)
    FUZZ_CHECK(ref_entry_parse(&refs[*count], o, strlen(o)),
               "reference cannot read a fixed origin");
  ++*count;
}

static void add_many(cors_config *cfg) {
  char entry[512];
  bool first = many_refs == NULL;
  if (first) {
    many_refs = calloc(MANY_MAX, sizeof *many_refs);
    FUZZ_CHECK(many_refs != NULL, "out of memory");
  }
  size_t count = 0;
  for (size_t i = 0; many_pattern(i, entry, sizeof entry); i++)
    add_entry(cfg, first ? many_refs : NULL, &count, entry);
  many_ref_count = count;
}

static const fixed_policy *get_policy(uint8_t pf, bool many) {
  fixed_policy *fp = &cache[many][pf];
  if (fp->policy != NULL)
    return fp;
  if (!cleanup_registered) {
    atexit(free_cache);
    cleanup_registered = true;
  }
  cors_config *cfg = cors_config_new(NULL);
  FUZZ_CHECK(cfg != NULL, "config_new failed");
  unsigned set = (pf >> 4) & 3;
  bool credentials = (pf & 0x01) != 0;
  cors_config_set_credentials(cfg, credentials);
  cors_config_set_private_network(cfg, (pf & 0x02) != 0);
  cors_config_set_dangerous_wildcard_with_credentials(cfg, set == 3 && !many);
  cors_error err;
  fp->ref_count = 0;
  if (many) {
    add_many(cfg);
    fp->refs = many_refs;
    fp->ref_count = many_ref_count;
  } else {
    fp->refs = calloc(8, sizeof *fp->refs);
    FUZZ_CHECK(fp->refs != NULL, "out of memory");
    for (const char *const *o = origin_sets[set]; *o != NULL; o++)
      add_entry(cfg, fp->refs, &fp->ref_count, *o);
  }
  if (set == 2 && !many)
    must(cors_config_set_origin_regex(cfg, regex_source,
                                      sizeof regex_source - 1, &err));
  configure_lists(cfg, pf);
  must(cors_policy_compile(cfg, &fp->policy, &err));
  cors_config_free(cfg);
  return fp;
}

/* The fixed regex, by hand: https:// then [a-z0-9-]+ then the suffix. */
static bool reference_preview(const char *s, size_t len) {
  static const char head[] = "https://";
  static const char tail[] = ".preview.example.com";
  size_t h = sizeof head - 1, t = sizeof tail - 1;
  if (len <= h + t || memcmp(s, head, h) != 0 ||
      memcmp(s + len - t, tail, t) != 0)
    return false;
  for (size_t i = h; i < len - t; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

static bool reference_origin_allowed(const fixed_policy *fp, uint8_t pf,
                                     bool many, cors_slice o) {
  if (!ref_origin_valid(o.ptr, o.len))
    return false;
  if (ref_origin_matches_any(fp->refs, fp->ref_count, o.ptr, o.len,
                             (pf & 0x01) != 0))
    return true;
  return !many && ((pf >> 4) & 3) == 2 && reference_preview(o.ptr, o.len);
}

static bool origin_refused(const cors_result *res) {
  return res->reason == CORS_REASON_ORIGIN_NOT_ALLOWED ||
         res->reason == CORS_REASON_ORIGIN_INVALID;
}

/* The differential check: the engine's origin verdict, through the exact
 * set, the pattern index, `null`, `*` and the regex, against a linear
 * scan of the configured entries. */
static void check_origin_verdict(const fixed_policy *fp, uint8_t pf, bool many,
                                 const cors_request *req,
                                 const cors_result *res) {
  if (res->kind == CORS_KIND_NONE)
    return;
  bool ref = reference_origin_allowed(fp, pf, many, req->origin);
  if (res->allowed)
    FUZZ_CHECK(ref, "allowed an origin the reference matcher refuses");
  if (req->origin_count != 1)
    return;
  FUZZ_CHECK(origin_refused(res) == !ref,
             "the origin verdict differs from the reference matcher");
  bool valid = ref_origin_valid(req->origin.ptr, req->origin.len);
  FUZZ_CHECK((res->reason == CORS_REASON_ORIGIN_INVALID) == !valid,
             "origin_invalid differs from the reference grammar");
}

/* ---- request building ------------------------------------------------- */

typedef struct built {
  cors_request req;
  cors_raw_header raw[FUZZ_MAX_FIELDS];
} built;

static cors_slice field_or_absent(const fuzz_fields *f, size_t i,
                                  bool empty_is_absent) {
  cors_slice none = {NULL, 0};
  if (i >= f->count)
    return none;
  if (empty_is_absent && f->field[i].len == 0)
    return none;
  return f->field[i];
}

static void build_direct(built *b, const fuzz_fields *f, uint8_t rf) {
  bool absent = (rf & 0x08) != 0;
  cors_request *r = &b->req;
  cors_request_init(r);
  r->method = field_or_absent(f, 0, false);
  r->origin = field_or_absent(f, 1, absent);
  r->origin_count = r->origin.ptr != NULL ? 1u + ((rf >> 1) & 3u) : 0u;
  r->request_method = field_or_absent(f, 2, absent);
  r->request_method_count = r->request_method.ptr != NULL ? 1 : 0;
  r->request_private_network = field_or_absent(f, 3, absent);
  for (size_t i = 4; i < f->count; i++) {
    if (r->request_headers_count < CORS_MAX_REQUEST_HEADER_LINES)
      r->request_headers[r->request_headers_count] = f->field[i];
    r->request_headers_count++;
  }
}

static void build_from_lines(built *b, const fuzz_fields *f) {
  size_t n = 0;
  for (size_t i = 1; i < f->count; i++) {
    const char *p = f->field[i].ptr;
    size_t len = f->field[i].len;
    const char *colon = len > 0 ? memchr(p, ':', len) : NULL;
    cors_raw_header *h = &b->raw[n++];
    h->name = p;
    h->name_len = colon != NULL ? (size_t)(colon - p) : len;
    h->value = colon != NULL ? colon + 1 : NULL;
    h->value_len = colon != NULL ? len - h->name_len - 1 : 0;
  }
  cors_slice m = f->count > 0 ? f->field[0] : (cors_slice){NULL, 0};
  cors_request_from_headers(&b->req, m.ptr, m.len, b->raw, n);
}

/* ---- policy-specific checks ------------------------------------------- */

static bool list_has(const char *const *list, cors_slice s, bool nocase) {
  for (size_t i = 0; list[i] != NULL; i++) {
    size_t n = strlen(list[i]);
    if (n != s.len)
      continue;
    bool eq = true;
    for (size_t j = 0; j < n && eq; j++) {
      char a = list[i][j], b = s.ptr[j];
      if (nocase) {
        a = (a >= 'A' && a <= 'Z') ? (char)(a + 32) : a;
        b = (b >= 'A' && b <= 'Z') ? (char)(b + 32) : b;
      }
      eq = a == b;
    }
    if (eq)
      return true;
  }
  return false;
}

static bool is_authorization(cors_slice s) {
  static const char *const auth[] = {"authorization", NULL};
  return list_has(auth, s, true);
}

/* Every requested header of an allowed preflight is one the policy lists. */
static void check_granted_headers(const cors_request *req, uint8_t pf) {
  size_t lines = req->request_headers_count;
  for (size_t l = 0; l < lines && l < CORS_MAX_REQUEST_HEADER_LINES; l++) {
    cors_slice line = req->request_headers[l];
    size_t start = 0;
    for (size_t i = 0; line.ptr != NULL && i <= line.len; i++) {
      if (i < line.len && line.ptr[i] != ',')
        continue;
      size_t a = start, z = i;
      while (a < z && (line.ptr[a] == ' ' || line.ptr[a] == '\t'))
        a++;
      while (z > a && (line.ptr[z - 1] == ' ' || line.ptr[z - 1] == '\t'))
        z--;
      start = i + 1;
      if (z == a)
        continue;
      cors_slice name = {line.ptr + a, z - a};
      bool listed = list_has(headers_list, name, true) ||
                    ((pf & 0x40) && is_authorization(name));
      bool by_star = (pf & 0x04) && !is_authorization(name);
      FUZZ_CHECK(listed || by_star,
                 "an allowed preflight granted an unlisted header");
    }
  }
}

static void check_preflight(const cors_request *req, const cors_result *res,
                            uint8_t pf) {
  int ok = (pf & 0x80) ? 200 : 204;
  int fail = (pf & 0x80) ? 400 : 403;
  if (!res->allowed) {
    FUZZ_CHECK(res->status == fail, "denied preflight status");
    return;
  }
  FUZZ_CHECK(res->status == ok, "allowed preflight status");
  if (!(pf & 0x08))
    FUZZ_CHECK(list_has(methods_list, req->request_method, false),
               "an allowed preflight granted an unlisted method");
  check_granted_headers(req, pf);
  cors_slice pn = req->request_private_network;
  bool pn_asked =
      pn.ptr != NULL && pn.len == 4 && memcmp(pn.ptr, "true", 4) == 0;
  FUZZ_CHECK(!pn_asked || (pf & 0x02),
             "private network granted by a policy without it");
}

static size_t reflected_bytes(const cors_request *req) {
  size_t n = req->origin.len + req->request_method.len;
  for (size_t i = 0;
       i < req->request_headers_count && i < CORS_MAX_REQUEST_HEADER_LINES; i++)
    n += req->request_headers[i].len;
  return n;
}

static void check_deterministic(const cors_policy *pol, const cors_request *req,
                                const cors_result *res) {
  cors_result again;
  cors_evaluate(pol, req, &again);
  FUZZ_CHECK(again.allowed == res->allowed && again.kind == res->kind &&
                 again.reason == res->reason && again.status == res->status &&
                 again.header_count == res->header_count,
             "evaluation is not deterministic");
  for (size_t i = 0; i < res->header_count; i++)
    FUZZ_CHECK(again.headers[i].value_len == res->headers[i].value_len &&
                   again.headers[i].value == res->headers[i].value,
               "evaluation is not deterministic (headers)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  uint8_t pf = data[0], rf = data[1];
  bool many = (rf & 0x40) != 0;
  const fixed_policy *fp = get_policy(pf, many);
  fuzz_fields f;
  fuzz_fields_split(&f, data + 2, size - 2);

  built b;
  if (rf & 0x01)
    build_direct(&b, &f, rf);
  else
    build_from_lines(&b, &f);
  const cors_request *req = &b.req;

  cors_result res;
  cors_evaluate(fp->policy, req, &res);
  fuzz_check_result(req, &res);
  fuzz_check_oracle(req, &res, (pf & 0x01) != 0);
  check_deterministic(fp->policy, req, &res);

  size_t need = 0;
  cors_result_format(&res, NULL, 0, &need);
  FUZZ_CHECK(need + 1 <= CORS_FORMAT_BOUND(reflected_bytes(req)),
             "formatted size exceeds CORS_FORMAT_BOUND");

  check_origin_verdict(fp, pf, many, req, &res);
  if (res.kind == CORS_KIND_PREFLIGHT)
    check_preflight(req, &res, pf);
  fuzz_fields_free(&f);
  return 0;
}
