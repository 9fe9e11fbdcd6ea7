/* docs/semantics.md#origins: origin syntax and matching. Request origins are
 * validated and never normalized; configured origins are normalized. */
#include "common.h"

#include "origin.h"

#include <stdio.h>
#include <string.h>

/* ---- matching through the public API ---------------------------------- */

typedef struct match_case {
  const char *name;
  const char *configured; /* CSV */
  cors_slice origin;      /* request Origin */
  bool allowed;
} match_case;

static const match_case match_cases[] = {
    /* exact, config side normalized */
    {"exact_same", "https://app.example.com", SL("https://app.example.com"), true},
    {"config_upper_scheme_host", "HTTPS://App.Example.COM", SL("https://app.example.com"), true},
    {"config_https_default_port_dropped", "https://a.com:443", SL("https://a.com"), true},
    {"config_http_default_port_dropped", "http://a.com:80", SL("http://a.com"), true},
    {"config_nondefault_port_kept", "http://a.com:8080", SL("http://a.com:8080"), true},
    {"config_nondefault_port_not_portless", "http://a.com:8080", SL("http://a.com"), false},
    {"config_https_port_80_is_not_default", "https://a.com:80", SL("https://a.com"), false},
    {"config_https_port_80_kept", "https://a.com:80", SL("https://a.com:80"), true},
    {"capacitor_scheme", "capacitor://localhost", SL("capacitor://localhost"), true},
    {"capacitor_upper_config", "Capacitor://LOCALHOST", SL("capacitor://localhost"), true},
    {"csv_entries_trimmed", " \thttps://a.com \t,\t https://b.com ", SL("https://a.com"), true},
    {"csv_quotes_not_special_wildcard", "https://*.example.com", SL("\"https://a.example.com\""), false},
    {"second_of_many", "https://a.com, https://b.com, https://c.com", SL("https://b.com"), true},
    /* request side never normalized */
    {"request_upper_case_denied", "https://a.com", SL("HTTPS://A.COM"), false},
    {"request_upper_host_denied", "https://a.com", SL("https://A.com"), false},
    {"request_explicit_443_denied", "https://a.com", SL("https://a.com:443"), false},
    {"request_explicit_80_denied", "http://a.com", SL("http://a.com:80"), false},
    {"other_scheme_denied", "https://a.com", SL("http://a.com"), false},
    {"other_port_denied", "http://localhost:3000", SL("http://localhost:3001"), false},
    {"suffix_added_denied", "https://a.com", SL("https://a.com.evil.com"), false},
    {"prefix_added_denied", "https://a.com", SL("https://xa.com"), false},
    {"truncated_denied", "https://a.com", SL("https://a.co"), false},
    {"trailing_dot_denied", "https://a.com", SL("https://a.com."), false},
    /* subdomain patterns */
    {"sub_one_label", "https://*.example.com", SL("https://a.example.com"), true},
    {"sub_two_labels", "https://*.example.com", SL("https://a.b.example.com"), true},
    {"sub_not_apex", "https://*.example.com", SL("https://example.com"), false},
    {"sub_not_hyphen_lookalike", "https://*.example.com", SL("https://evil-example.com"), false},
    {"sub_not_glued_lookalike", "https://*.example.com", SL("https://evilexample.com"), false},
    {"sub_not_suffix_attack", "https://*.example.com", SL("https://a.example.com.evil.com"), false},
    {"sub_not_other_scheme", "https://*.example.com", SL("http://a.example.com"), false},
    {"sub_not_other_port", "https://*.example.com", SL("https://a.example.com:8443"), false},
    {"sub_explicit_443_denied", "https://*.example.com", SL("https://a.example.com:443"), false},
    {"sub_not_empty_label", "https://*.example.com", SL("https://.example.com"), false},
    {"sub_not_upper_request", "https://*.example.com", SL("https://a.EXAMPLE.com"), false},
    {"sub_config_upper", "HTTPS://*.Example.COM", SL("https://a.example.com"), true},
    {"sub_any_port_with_port", "https://*.example.com:*", SL("https://a.example.com:8443"), true},
    {"sub_any_port_without_port", "https://*.example.com:*", SL("https://a.example.com"), true},
    {"sub_any_port_not_apex", "https://*.example.com:*", SL("https://example.com:8443"), false},
    {"sub_fixed_port", "https://*.example.com:8443", SL("https://a.example.com:8443"), true},
    {"sub_fixed_port_other", "https://*.example.com:8443", SL("https://a.example.com:9443"), false},
    {"sub_fixed_port_none", "https://*.example.com:8443", SL("https://a.example.com"), false},
    /* port patterns */
    {"port_any", "http://localhost:*", SL("http://localhost:3000"), true},
    {"port_none", "http://localhost:*", SL("http://localhost"), true},
    {"port_max", "http://localhost:*", SL("http://localhost:65535"), true},
    {"port_too_big", "http://localhost:*", SL("http://localhost:65536"), false},
    {"port_zero", "http://localhost:*", SL("http://localhost:0"), false},
    {"port_leading_zero", "http://localhost:*", SL("http://localhost:03000"), false},
    {"port_empty", "http://localhost:*", SL("http://localhost:"), false},
    {"port_other_scheme", "http://localhost:*", SL("https://localhost:3000"), false},
    {"port_other_host", "http://localhost:*", SL("http://127.0.0.1:3000"), false},
    {"port_host_suffix", "http://localhost:*", SL("http://localhost.evil.com:3000"), false},
    {"port_subdomain", "http://localhost:*", SL("http://a.localhost:3000"), false},
    {"port_with_slash", "http://localhost:*", SL("http://localhost:3000/"), false},
    /* null */
    {"null_configured", "null", SL("null"), true},
    {"null_not_configured", "https://a.com", SL("null"), false},
    {"null_not_by_pattern", "https://*.example.com, http://localhost:*", SL("null"), false},
    {"null_upper_not_null", "null", SL("NULL"), false},
    {"null_capital_not_null", "null", SL("Null"), false},
    {"null_config_does_not_allow_others", "null", SL("https://a.com"), false},
};

START_TEST(origin_matching) {
  const match_case *c = &match_cases[_i];
  policy_spec spec = {.origins = c->configured, .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = c->origin};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.kind == CORS_KIND_ACTUAL, "%s: kind %d", c->name,
                (int)res.kind);
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d, want %d (%s)",
                c->name, res.allowed, c->allowed,
                cors_reason_string(res.reason));
  ck_assert_msg(res.action == CORS_ACTION_CONTINUE, "%s: action", c->name);
  const cors_header *acao =
      result_header(&res, "Access-Control-Allow-Origin");
  if (c->allowed) {
    ck_assert_msg(acao && acao->value_len == c->origin.len &&
                      memcmp(acao->value, c->origin.ptr, c->origin.len) == 0,
                  "%s: ACAO must echo the request origin", c->name);
    ck_assert_msg(res.reason == CORS_REASON_NONE, "%s: reason %s", c->name,
                  cors_reason_string(res.reason));
  } else {
    ck_assert_msg(acao == NULL, "%s: ACAO on a denied origin", c->name);
    ck_assert_msg(res.reason == CORS_REASON_ORIGIN_NOT_ALLOWED ||
                      res.reason == CORS_REASON_ORIGIN_INVALID,
                  "%s: reason %s", c->name, cors_reason_string(res.reason));
  }
  assert_output_safe(&res, c->name);
  cors_policy_free(pol);
}
END_TEST

/* The single-entry setter normalizes exactly like the CSV one. */
START_TEST(origin_add_single_entry_normalized) {
  cors_error err;
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "HTTPS://Shop.Example.COM:443", &err), CORS_OK);
  /* not NUL-terminated: only the first 21 bytes are the origin */
  const char buf[] = "http://localhost:5173GARBAGE";
  ck_assert_int_eq(cors_config_add_origin(cfg, buf, 21, &err), CORS_OK);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  cors_result res;
  request_spec a = {.origin = SL("https://shop.example.com")};
  evaluate_spec(pol, &a, &res);
  ck_assert_msg(res.allowed, "normalized single entry must match");
  request_spec b = {.origin = SL("http://localhost:5173")};
  evaluate_spec(pol, &b, &res);
  ck_assert_msg(res.allowed, "length-bounded entry must match");
  request_spec g = {.origin = SL("http://localhost:5173GARBAGE")};
  evaluate_spec(pol, &g, &res);
  ck_assert_msg(!res.allowed, "bytes past len must not be part of the entry");
  cors_policy_free(pol);
}
END_TEST

/* Exact lookup works with many configured origins (the O(1) set). */
START_TEST(origin_many_exact) {
  enum { N = 5000 };
  cors_error err;
  cors_config *cfg = cors_config_new(NULL);
  char buf[64];
  for (int i = 0; i < N; i++) {
    int n = snprintf(buf, sizeof buf, "https://app%d.example.com", i);
    ck_assert_int_eq(cors_config_add_origin(cfg, buf, (size_t)n, &err), CORS_OK);
  }
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  for (int i = 0; i < N; i += 7) {
    int n = snprintf(buf, sizeof buf, "https://app%d.example.com", i);
    request_spec rq = {.origin = {buf, (size_t)n}};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    ck_assert_msg(res.allowed, "%s must be allowed", buf);
  }
  request_spec miss = {.origin = SL("https://app5000.example.com")};
  cors_result res;
  evaluate_spec(pol, &miss, &res);
  ck_assert_msg(!res.allowed, "unlisted origin allowed");
  cors_policy_free(pol);
}
END_TEST

/* ---- null ---------------------------------------------------------------- */

START_TEST(null_under_wildcard) {
  policy_spec spec = {.origins = "*"};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = SL("null")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "null must be allowed under *");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "*"),
                "ACAO * under wildcard");
  cors_policy_free(pol);
}
END_TEST

START_TEST(null_configured_reflected) {
  policy_spec spec = {.origins = "null", .credentials = true};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = SL("null")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "configured null");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "null"),
                "ACAO null");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Credentials", "true"),
                "ACAC true");
  cors_policy_free(pol);
}
END_TEST

/* ---- invalid request origins --------------------------------------------- */

static const struct invalid_case {
  const char *name;
  cors_slice origin;
} invalid_cases[] = {
    {"crlf_end", SL("https://a.com\r\n")},
    {"cr_end", SL("https://a.com\r")},
    {"lf_end", SL("https://a.com\n")},
    {"crlf_inside", SL("https://a\r\n.com")},
    {"header_injection", SL("https://a.com\r\nSet-Cookie: x=1")},
    {"nul_end", SL("https://a.com\0")},
    {"nul_inside", SL("https://a\0.com")},
    {"nul_first", SL("\0https://a.com")},
    {"space_leading", SL(" https://a.com")},
    {"space_trailing", SL("https://a.com ")},
    {"space_inside", SL("https://a .com")},
    {"tab_trailing", SL("https://a.com\t")},
    {"tab_leading", SL("\thttps://a.com")},
    {"del_byte", SL("https://a.com\x7f")},
    {"control_byte", SL("https://a.com\x01")},
    {"high_byte_utf8_host", SL("https://\xc3\xa9xample.com")},
    {"high_byte_0x80", SL("https://a.com\x80")},
    {"high_byte_0xff", SL("https://a\xff.com")},
    {"userinfo_user", SL("https://user@a.com")},
    {"userinfo_user_pass", SL("https://user:pass@a.com")},
    {"userinfo_empty", SL("https://@a.com")},
    {"trailing_slash", SL("https://a.com/")},
    {"path", SL("https://a.com/path")},
    {"port_then_slash", SL("https://a.com:8080/")},
    {"query_empty", SL("https://a.com?")},
    {"query", SL("https://a.com?x=1")},
    {"fragment_empty", SL("https://a.com#")},
    {"fragment", SL("https://a.com#frag")},
    {"backslash", SL("https://a.com\\evil")},
    {"port_empty", SL("https://a.com:")},
    {"port_zero", SL("https://a.com:0")},
    {"port_double_zero", SL("https://a.com:00")},
    {"port_leading_zero", SL("https://a.com:0443")},
    {"port_65536", SL("https://a.com:65536")},
    {"port_99999", SL("https://a.com:99999")},
    {"port_overflow", SL("https://a.com:123456789012345678901234567890")},
    {"port_negative", SL("https://a.com:-1")},
    {"port_plus", SL("https://a.com:+443")},
    {"port_letters", SL("https://a.com:44a")},
    {"port_twice", SL("https://a.com:8080:80")},
    {"host_empty", SL("https://")},
    {"host_empty_with_port", SL("https://:443")},
    {"host_empty_then_path", SL("https:///a.com")},
    {"no_scheme", SL("a.com")},
    {"scheme_empty", SL("://a.com")},
    {"one_slash", SL("https:/a.com")},
    {"no_slashes", SL("https:a.com")},
    {"no_colon", SL("https//a.com")},
    {"scheme_space", SL("ht tp://a.com")},
    {"scheme_starts_with_digit", SL("1http://a.com")},
    {"ipv6_unclosed", SL("http://[::1")},
    {"bracket_stray", SL("http://a.com]")},
    {"empty", SL("")},
    {"null_trailing_space", SL("null ")},
    {"null_prefix", SL("nul")},
    {"star", SL("*")},
};

/* Under `*`, and under a regex that matches any byte string, only origin
 * syntax can deny: each case must be refused as invalid. */
static void check_invalid_under(const policy_spec *spec, int i) {
  const struct invalid_case *c = &invalid_cases[i];
  cors_policy *pol = policy_from_spec(spec);
  request_spec rq = {.origin = c->origin};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.kind == CORS_KIND_ACTUAL, "%s: kind %d", c->name,
                (int)res.kind);
  ck_assert_msg(!res.allowed, "%s: invalid origin %s allowed", c->name,
                printable(c->origin.ptr, c->origin.len));
  ck_assert_msg(res.reason == CORS_REASON_ORIGIN_INVALID, "%s: reason %s",
                c->name, cors_reason_string(res.reason));
  ck_assert_msg(res.action == CORS_ACTION_CONTINUE, "%s: action", c->name);
  ck_assert_msg(result_header(&res, "Access-Control-Allow-Origin") == NULL,
                "%s: ACAO sent", c->name);
  assert_output_safe(&res, c->name);
  /* the preflight form is refused too, with the failure status */
  rq.method = "OPTIONS";
  rq.acrm = "GET";
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.kind == CORS_KIND_PREFLIGHT && !res.allowed &&
                    res.action == CORS_ACTION_RESPOND && res.status == 403,
                "%s: preflight must be refused with 403", c->name);
  assert_output_safe(&res, c->name);
  cors_policy_free(pol);
}

START_TEST(invalid_origin_under_wildcard) {
  policy_spec spec = {.origins = "*"};
  check_invalid_under(&spec, _i);
}
END_TEST

START_TEST(invalid_origin_under_match_all_regex) {
  policy_spec spec = {.regex = "[\\s\\S]*", .credentials = true};
  check_invalid_under(&spec, _i);
}
END_TEST

static const struct valid_case {
  const char *name;
  cors_slice origin;
} valid_cases[] = {
    {"https", SL("https://a.com")},
    {"http_port", SL("http://localhost:3000")},
    {"port_1", SL("https://a.com:1")},
    {"port_65535", SL("https://a.com:65535")},
    {"custom_scheme", SL("capacitor://localhost")},
    {"extension_scheme", SL("chrome-extension://abcdefghijklmnop")},
    {"scheme_plus_dot", SL("git+ssh.x://host")},
    {"ipv4", SL("http://127.0.0.1:8000")},
    {"ipv6_loopback", SL("http://[::1]:3000")},
    {"punycode", SL("https://xn--bcher-kva.example")},
    {"hyphen_digits", SL("https://a-1.b-2.example")},
    {"null", SL("null")},
};

START_TEST(valid_origin_under_wildcard) {
  const struct valid_case *c = &valid_cases[_i];
  policy_spec spec = {.origins = "*"};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = c->origin};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "%s: valid origin refused (%s)", c->name,
                cors_reason_string(res.reason));
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "*"),
                "%s: ACAO * expected", c->name);
  cors_policy_free(pol);
}
END_TEST

/* ---- duplicate Origin ---------------------------------------------------- */

static void check_duplicate_origin(const char *origins, bool credentials) {
  policy_spec spec = {.origins = origins, .credentials = credentials};
  cors_policy *pol = policy_from_spec(&spec);
  cors_request req;
  request_spec rq = {.origin = SL("http://localhost:3000")};
  request_from_spec(&req, &rq);
  req.origin_count = 2;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed, "%s: two Origin lines allowed", origins);
  ck_assert_int_eq(res.reason, CORS_REASON_MULTIPLE_ORIGINS);
  ck_assert_int_eq(res.action, CORS_ACTION_CONTINUE);
  ck_assert_msg(result_header(&res, "Access-Control-Allow-Origin") == NULL,
                "ACAO on a malformed request");
  ck_assert_msg(result_header(&res, "Access-Control-Allow-Credentials") == NULL,
                "ACAC on a malformed request");
  /* as a preflight */
  req.method = cors_slice_cstr("OPTIONS");
  req.request_method = cors_slice_cstr("GET");
  req.request_method_count = 1;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed && res.reason == CORS_REASON_MULTIPLE_ORIGINS,
                "preflight with two Origin lines: %s",
                cors_reason_string(res.reason));
  ck_assert_int_eq(res.action, CORS_ACTION_RESPOND);
  ck_assert_int_eq(res.status, 403);
  ck_assert_msg(result_header(&res, "Access-Control-Allow-Origin") == NULL,
                "ACAO on a malformed preflight");
  cors_policy_free(pol);
}

START_TEST(duplicate_origin_is_malformed) {
  check_duplicate_origin("http://localhost:3000", true);
  check_duplicate_origin("*", false);
}
END_TEST

/* ---- internal: request validation --------------------------------------- */

START_TEST(internal_validate_rejects) {
  const struct invalid_case *c = &invalid_cases[_i];
  cors__origin_view view;
  /* "null" variants are not the literal null; everything else is bad */
  ck_assert_msg(!cors__origin_validate_request(c->origin.ptr, c->origin.len,
                                               &view),
                "%s: %s validated", c->name,
                printable(c->origin.ptr, c->origin.len));
}
END_TEST

static const struct view_case {
  const char *name;
  cors_slice origin;
  bool is_null;
  size_t scheme_len;
  const char *host;
  const char *port; /* NULL: no port */
} view_cases[] = {
    {"https", SL("https://a.com"), false, 5, "a.com", NULL},
    {"port", SL("http://localhost:3000"), false, 4, "localhost", "3000"},
    {"custom", SL("capacitor://localhost"), false, 9, "localhost", NULL},
    {"null", SL("null"), true, 0, NULL, NULL},
};

START_TEST(internal_validate_view) {
  const struct view_case *c = &view_cases[_i];
  cors__origin_view v;
  memset(&v, 0, sizeof v);
  ck_assert_msg(cors__origin_validate_request(c->origin.ptr, c->origin.len, &v),
                "%s: valid origin refused", c->name);
  ck_assert_msg(v.is_null == c->is_null, "%s: is_null", c->name);
  if (c->is_null)
    return;
  ck_assert_msg(v.scheme_len == c->scheme_len, "%s: scheme_len %zu", c->name,
                v.scheme_len);
  ck_assert_msg(v.host_len == strlen(c->host) &&
                    memcmp(c->origin.ptr + v.host_off, c->host, v.host_len) == 0,
                "%s: host %s", c->name,
                printable(c->origin.ptr + v.host_off, v.host_len));
  ck_assert_msg(v.has_port == (c->port != NULL), "%s: has_port", c->name);
  if (c->port)
    ck_assert_msg(v.port_len == strlen(c->port) &&
                      memcmp(c->origin.ptr + v.port_off, c->port, v.port_len) == 0,
                  "%s: port", c->name);
}
END_TEST

/* ---- internal: config parsing -------------------------------------------- */

static const struct parse_case {
  const char *name;
  const char *input;
  cors__origin_type type;
  const char *normalized;
  bool any_subdomain, any_port, loopback, secure_scheme;
} parse_cases[] = {
    {"lowercased", "HTTPS://App.Example.COM", CORS__ORIGIN_EXACT, "https://app.example.com", false, false, false, true},
    {"https_443_dropped", "https://a.com:443", CORS__ORIGIN_EXACT, "https://a.com", false, false, false, true},
    {"http_80_dropped", "HTTP://LOCALHOST:80", CORS__ORIGIN_EXACT, "http://localhost", false, false, true, false},
    {"port_kept", "http://localhost:3000", CORS__ORIGIN_EXACT, "http://localhost:3000", false, false, true, false},
    {"loopback_ipv4", "http://127.0.0.1:5173", CORS__ORIGIN_EXACT, "http://127.0.0.1:5173", false, false, true, false},
    {"loopback_ipv4_other", "http://127.1.2.3", CORS__ORIGIN_EXACT, "http://127.1.2.3", false, false, true, false},
    {"loopback_ipv6", "http://[::1]:3000", CORS__ORIGIN_EXACT, "http://[::1]:3000", false, false, true, false},
    {"not_loopback", "http://app.example.com", CORS__ORIGIN_EXACT, "http://app.example.com", false, false, false, false},
    {"localhost_lookalike", "http://localhost.evil.com", CORS__ORIGIN_EXACT, "http://localhost.evil.com", false, false, false, false},
    {"capacitor", "capacitor://localhost", CORS__ORIGIN_EXACT, "capacitor://localhost", false, false, true, true},
    {"null", "null", CORS__ORIGIN_NULL, "null", false, false, false, false},
    {"star", "*", CORS__ORIGIN_ANY, "*", false, false, false, false},
    {"subdomain", "https://*.Example.com", CORS__ORIGIN_PATTERN, "https://*.example.com", true, false, false, true},
    {"any_port", "http://localhost:*", CORS__ORIGIN_PATTERN, "http://localhost:*", false, true, true, false},
    {"both", "https://*.example.com:*", CORS__ORIGIN_PATTERN, "https://*.example.com:*", true, true, false, true},
};

START_TEST(internal_parse_config) {
  const struct parse_case *c = &parse_cases[_i];
  cors__origin_entry e;
  char why[256] = "";
  long offset = -1;
  cors_status st = cors__origin_parse_config(c->input, strlen(c->input), &e,
                                             why, sizeof why, &offset);
  ck_assert_msg(st == CORS_OK, "%s: refused: %s", c->name, why);
  ck_assert_msg(e.type == c->type, "%s: type %d", c->name, (int)e.type);
  ck_assert_msg(e.len == strlen(c->normalized) &&
                    memcmp(e.buf, c->normalized, e.len) == 0,
                "%s: normalized to %s", c->name, printable(e.buf, e.len));
  if (c->type == CORS__ORIGIN_EXACT || c->type == CORS__ORIGIN_PATTERN) {
    ck_assert_msg(e.any_subdomain == c->any_subdomain, "%s: any_subdomain", c->name);
    ck_assert_msg(e.any_port == c->any_port, "%s: any_port", c->name);
    ck_assert_msg(e.loopback == c->loopback, "%s: loopback", c->name);
    ck_assert_msg(e.secure_scheme == c->secure_scheme, "%s: secure_scheme", c->name);
  }
}
END_TEST

static const struct parse_error_case {
  const char *name;
  cors_slice input;
} parse_error_cases[] = {
    {"trailing_slash", SL("https://a.com/")},
    {"path", SL("https://a.com/app")},
    {"query", SL("https://a.com?x")},
    {"fragment", SL("https://a.com#x")},
    {"userinfo", SL("https://u@a.com")},
    {"port_too_big", SL("https://a.com:70000")},
    {"port_zero", SL("https://a.com:0")},
    {"port_letters", SL("https://a.com:http")},
    {"no_scheme", SL("a.com")},
    {"space", SL("https://a .com")},
    {"crlf", SL("https://a.com\r\n")},
    {"nul", SL("https://a.com\0x")},
    {"high_byte", SL("https://\xc3\xa9.com")},
    {"wildcard_middle", SL("https://a.*.com")},
    {"wildcard_glued", SL("https://*example.com")},
    {"wildcard_only_host", SL("https://*")},
    {"wildcard_scheme", SL("*://a.com")},
    {"empty_host", SL("https://")},
};

START_TEST(internal_parse_config_errors) {
  const struct parse_error_case *c = &parse_error_cases[_i];
  cors__origin_entry e;
  char why[256] = "";
  long offset = -2;
  cors_status st = cors__origin_parse_config(c->input.ptr, c->input.len, &e,
                                             why, sizeof why, &offset);
  ck_assert_msg(st == CORS_ERR_INVALID_ORIGIN, "%s: status %d", c->name,
                (int)st);
  ck_assert_msg(why[0] != '\0', "%s: no reason given", c->name);
  ck_assert_msg(offset >= -1 && offset <= (long)c->input.len,
                "%s: offset %ld out of range", c->name, offset);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("origin");
  TCase *tc = tcase_create("match");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, origin_matching, 0, (int)COUNT_OF(match_cases));
  tcase_add_test(tc, origin_add_single_entry_normalized);
  tcase_add_test(tc, origin_many_exact);
  tcase_add_test(tc, null_under_wildcard);
  tcase_add_test(tc, null_configured_reflected);
  suite_add_tcase(s, tc);

  tc = tcase_create("syntax");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, invalid_origin_under_wildcard, 0, (int)COUNT_OF(invalid_cases));
  tcase_add_loop_test(tc, invalid_origin_under_match_all_regex, 0, (int)COUNT_OF(invalid_cases));
  tcase_add_loop_test(tc, valid_origin_under_wildcard, 0, (int)COUNT_OF(valid_cases));
  tcase_add_test(tc, duplicate_origin_is_malformed);
  suite_add_tcase(s, tc);

  tc = tcase_create("internal");
  tcase_add_loop_test(tc, internal_validate_rejects, 0, (int)COUNT_OF(invalid_cases));
  tcase_add_loop_test(tc, internal_validate_view, 0, (int)COUNT_OF(view_cases));
  tcase_add_loop_test(tc, internal_parse_config, 0, (int)COUNT_OF(parse_cases));
  tcase_add_loop_test(tc, internal_parse_config_errors, 0, (int)COUNT_OF(parse_error_cases));
  suite_add_tcase(s, tc);
  return s;
}
