/* cors_browser_check(), the oracle the fuzzers trust: hand-made responses
 * a browser accepts or rejects (Fetch Standard CORS check and
 * CORS-preflight check), then engine-vs-oracle agreement on a table of
 * requests under real policies. */
#include <cors/cors.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ---- hand-made results ------------------------------------------------- */

typedef struct oracle_case {
  const char *name;
  const char *method;  /* request method; "OPTIONS" + acrm = preflight */
  const char *origin;  /* NULL: no Origin */
  const char *acrm;    /* Access-Control-Request-Method */
  const char *acrh[2]; /* Access-Control-Request-Headers lines */
  const char *acrpn;   /* Access-Control-Request-Private-Network */
  int status;          /* > 0: RESPOND with it; 0: CONTINUE */
  const char *headers; /* response, "Name: value" lines joined by '\n' */
  bool credentials;
  bool browser_accepts;
} oracle_case;

#define O "https://app.example.com"

/* clang-format off */
static const oracle_case oracle_cases[] = {
    /* CORS check (Fetch 4.8) on actual responses. */
    {"acao echoes origin", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O, false, true},
    {"acao star without credentials", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: *", false, true},
    {"acao star with credentials", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: *\nAccess-Control-Allow-Credentials: true",
     true, false},
    {"wrong acao", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: https://evil.example.com", false, false},
    {"acao with trailing slash", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O "/", false, false},
    {"acao in other case", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: HTTPS://APP.EXAMPLE.COM", false, false},
    {"two acao, same value", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Origin: " O,
     false, false},
    {"two acao, star and origin", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: *\nAccess-Control-Allow-Origin: " O, false,
     false},
    {"no acao", "GET", O, NULL, {NULL}, NULL, 0, "Vary: Origin", false,
     false},
    {"acao name in lower case", "GET", O, NULL, {NULL}, NULL, 0,
     "access-control-allow-origin: " O, false, true},
    {"acao with surrounding spaces", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin:  " O " ", false, true},
    {"credentials with acac true", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Credentials: "
     "true",
     true, true},
    {"credentials without acac", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O, true, false},
    {"credentials with acac True", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Credentials: "
     "True",
     true, false},
    {"credentials with two acac", "GET", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Credentials: "
     "true\nAccess-Control-Allow-Credentials: true",
     true, false},
    {"null origin echoed", "GET", "null", NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: null", false, true},
    {"no origin: not cors", "GET", NULL, NULL, {NULL}, NULL, 0, "", false,
     true},
    {"options without acrm is actual", "OPTIONS", O, NULL, {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O, false, true},

    /* CORS-preflight check (Fetch 4.10). */
    {"preflight ok", "OPTIONS", O, "PUT", {"x-a"}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT\n"
     "Access-Control-Allow-Headers: x-a",
     false, true},
    {"preflight 403", "OPTIONS", O, "PUT", {NULL}, NULL, 403,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT",
     false, false},
    {"preflight 200", "OPTIONS", O, "PUT", {NULL}, NULL, 200,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT",
     false, true},
    {"preflight 299", "OPTIONS", O, "PUT", {NULL}, NULL, 299,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT",
     false, true},
    {"preflight 300", "OPTIONS", O, "PUT", {NULL}, NULL, 300,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT",
     false, false},
    {"preflight not answered", "OPTIONS", O, "PUT", {NULL}, NULL, 0,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT",
     false, false},
    {"preflight wrong acao", "OPTIONS", O, "PUT", {NULL}, NULL, 204,
     "Access-Control-Allow-Origin: https://x.example\n"
     "Access-Control-Allow-Methods: PUT",
     false, false},
    {"preflight credentials without acac", "OPTIONS", O, "PUT", {NULL}, NULL,
     204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PUT",
     true, false},
    {"method missing", "OPTIONS", O, "PUT", {NULL}, NULL, 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Methods: GET, POST",
     false, false},
    {"method case differs", "OPTIONS", O, "patch", {NULL}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: PATCH",
     false, false},
    {"method listed among others", "OPTIONS", O, "DELETE", {NULL}, NULL, 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Methods: GET , DELETE,PUT",
     false, true},
    {"safelisted method needs no acam", "OPTIONS", O, "POST", {"x-a"}, NULL,
     204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: x-a",
     false, true},
    {"acam star without credentials", "OPTIONS", O, "PURGE", {NULL}, NULL,
     204, "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Methods: *",
     false, true},
    {"acam star with credentials", "OPTIONS", O, "PURGE", {NULL}, NULL, 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Credentials: true\n"
     "Access-Control-Allow-Methods: *",
     true, false},
    {"acam not a token list", "OPTIONS", O, "GET", {NULL}, NULL, 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Methods: GET, (bad)",
     false, false},
    {"header missing", "OPTIONS", O, "GET", {"x-a, x-b"}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: x-a",
     false, false},
    {"header case-insensitive", "OPTIONS", O, "GET", {"X-Custom"}, NULL, 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Headers: x-custom",
     false, true},
    {"acah star without credentials", "OPTIONS", O, "GET", {"x-a"}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: *",
     false, true},
    {"acah star with credentials", "OPTIONS", O, "GET", {"x-a"}, NULL, 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Credentials: true\n"
     "Access-Control-Allow-Headers: *",
     true, false},
    {"authorization under star", "OPTIONS", O, "GET", {"authorization"}, NULL,
     204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: *",
     false, false},
    {"authorization listed", "OPTIONS", O, "GET", {"Authorization"}, NULL,
     204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Credentials: true\n"
     "Access-Control-Allow-Headers: authorization",
     true, true},
    {"acah over two lines", "OPTIONS", O, "GET", {"x-a", "x-b"}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: x-b\n"
     "Access-Control-Allow-Headers: x-a",
     false, true},
    {"acrh with empty elements", "OPTIONS", O, "GET", {", x-a,,"}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: x-a",
     false, true},
    {"acah not a token list", "OPTIONS", O, "GET", {"x-a"}, NULL, 204,
     "Access-Control-Allow-Origin: " O "\nAccess-Control-Allow-Headers: x a",
     false, false},
    {"private network not granted", "OPTIONS", O, "GET", {NULL}, "true", 204,
     "Access-Control-Allow-Origin: " O, false, false},
    {"private network value not exactly true", "OPTIONS", O, "GET", {NULL},
     "\ttrue ", 204, "Access-Control-Allow-Origin: " O, false, true},
    {"private network granted", "OPTIONS", O, "GET", {NULL}, "true", 204,
     "Access-Control-Allow-Origin: " O
     "\nAccess-Control-Allow-Private-Network: true",
     false, true},
};

/* clang-format on */

#define ORACLE_CASES (sizeof oracle_cases / sizeof oracle_cases[0])

/* Cuts "Name: value\n..." into headers; the text must outlive them. */
static void fill_headers(cors_result *res, const char *text) {
  res->header_count = 0;
  const char *p = text;
  while (*p != '\0') {
    const char *eol = strchr(p, '\n');
    if (eol == NULL)
      eol = p + strlen(p);
    const char *colon = memchr(p, ':', (size_t)(eol - p));
    ck_assert_ptr_nonnull(colon);
    cors_header *h = &res->headers[res->header_count++];
    h->name = p;
    h->name_len = (size_t)(colon - p);
    h->value = colon + 1;
    h->value_len = (size_t)(eol - colon - 1);
    p = *eol == '\n' ? eol + 1 : eol;
  }
}

static void build_request(cors_request *req, const oracle_case *c) {
  cors_request_init(req);
  req->method = cors_slice_cstr(c->method);
  req->origin = cors_slice_cstr(c->origin);
  req->origin_count = c->origin != NULL ? 1 : 0;
  req->request_method = cors_slice_cstr(c->acrm);
  req->request_method_count = c->acrm != NULL ? 1 : 0;
  for (size_t i = 0; i < 2 && c->acrh[i] != NULL; i++)
    req->request_headers[req->request_headers_count++] =
        cors_slice_cstr(c->acrh[i]);
  req->request_private_network = cors_slice_cstr(c->acrpn);
}

START_TEST(test_hand_made_result) {
  const oracle_case *c = &oracle_cases[_i];
  cors_request req;
  cors_result res;
  memset(&res, 0, sizeof res);
  build_request(&req, c);
  res.action = c->status > 0 ? CORS_ACTION_RESPOND : CORS_ACTION_CONTINUE;
  res.status = c->status;
  fill_headers(&res, c->headers);
  const char *why = NULL;
  bool ok = cors_browser_check(&req, &res, c->credentials, &why);
  ck_assert_msg(ok == c->browser_accepts, "%s: got %s (%s)", c->name,
                ok ? "accepted" : "rejected", why ? why : "no reason");
  if (!ok)
    ck_assert_msg(why != NULL && why[0] != '\0', "%s: no reason", c->name);
}
END_TEST

START_TEST(test_null_arguments) {
  cors_request req;
  cors_result res;
  memset(&res, 0, sizeof res);
  cors_request_init(&req);
  const char *why = NULL;
  ck_assert(!cors_browser_check(NULL, &res, false, &why));
  ck_assert_ptr_nonnull(why);
  ck_assert(!cors_browser_check(&req, NULL, false, NULL));
}
END_TEST

/* ---- engine vs oracle ---------------------------------------------------- */

typedef struct agree_case {
  const char *method;
  const char *origin;
  const char *acrm;
  const char *acrh;
  const char *acrpn;
} agree_case;

/* clang-format off */
static const agree_case agree_cases[] = {
    {"GET", "http://localhost:3000", NULL, NULL, NULL},
    {"POST", "http://127.0.0.1:5173", NULL, NULL, NULL},
    {"GET", "http://localhost:3001", NULL, NULL, NULL},
    {"GET", "https://evil.example", NULL, NULL, NULL},
    {"GET", "null", NULL, NULL, NULL},
    {"GET", "http://localhost:3000/", NULL, NULL, NULL},
    {"GET", "HTTP://LOCALHOST:3000", NULL, NULL, NULL},
    {"GET", NULL, NULL, NULL, NULL},
    {"OPTIONS", "http://localhost:3000", NULL, NULL, NULL},
    {"OPTIONS", "http://localhost:3000", "GET", "authorization", NULL},
    {"OPTIONS", "http://localhost:3000", "PATCH",
     "Content-Type, X-Request-ID", NULL},
    {"OPTIONS", "http://localhost:3000", "patch", NULL, NULL},
    {"OPTIONS", "http://localhost:3000", "PURGE", NULL, NULL},
    {"OPTIONS", "http://localhost:3000", "PUT", "x-unknown", NULL},
    {"OPTIONS", "http://localhost:3000", "PUT", "x-client,,, x-reauth", NULL},
    {"OPTIONS", "http://localhost:3000", "DELETE", NULL, "true"},
    {"OPTIONS", "http://localhost:5173", "POST", "bad header", NULL},
    {"OPTIONS", "https://evil.example", "GET", NULL, NULL},
    {"OPTIONS", "https://app.example.com", "GET", "x-anything", NULL},
    {"OPTIONS", "https://app.example.com", "GET", "authorization", NULL},
    {"GET", "https://app.example.com", NULL, NULL, NULL},
    {"GET", "https://a.b.example.com", NULL, NULL, NULL},
    {"GET", "https://evil-example.com", NULL, NULL, NULL},
};

/* clang-format on */

#define AGREE_CASES (sizeof agree_cases / sizeof agree_cases[0])

static const char *env_none(const char *name, void *ctx) {
  (void)name;
  (void)ctx;
  return NULL;
}

/* The seed policy: every variable unset (credentials on, dev origins). */
static cors_policy *seed_policy(void) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_config_load_env(cfg, env_none, NULL, NULL, &err),
                   CORS_OK);
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  return pol;
}

/* `*` origins, `*` headers and methods, no credentials. */
static cors_policy *open_policy(void) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "*", &err), CORS_OK);
  ck_assert_int_eq(cors_config_add_method(cfg, "*", 1, &err), CORS_OK);
  ck_assert_int_eq(cors_config_add_allowed_header(cfg, "*", 1, &err), CORS_OK);
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  return pol;
}

/* Patterns with credentials and headers `*` (named headers echoed). */
static cors_policy *pattern_policy(void) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_policy *pol = NULL;
  cors_config_set_credentials(cfg, true);
  ck_assert_int_eq(cors_config_add_origins_csv(cfg,
                                               "https://*.example.com, "
                                               "http://localhost:*",
                                               41, &err),
                   CORS_OK);
  ck_assert_int_eq(cors_config_add_allowed_header(cfg, "*", 1, &err), CORS_OK);
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  return pol;
}

static void agree(const cors_policy *pol, bool credentials, size_t i) {
  const agree_case *c = &agree_cases[i];
  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr(c->method);
  req.origin = cors_slice_cstr(c->origin);
  req.origin_count = c->origin != NULL ? 1 : 0;
  req.request_method = cors_slice_cstr(c->acrm);
  req.request_method_count = c->acrm != NULL ? 1 : 0;
  if (c->acrh != NULL) {
    req.request_headers[0] = cors_slice_cstr(c->acrh);
    req.request_headers_count = 1;
  }
  req.request_private_network = cors_slice_cstr(c->acrpn);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  const char *why = NULL;
  bool omit = cors_browser_check(&req, &res, false, &why);
  bool include = cors_browser_check(&req, &res, true, NULL);
  if (res.allowed) {
    ck_assert_msg(omit, "row %zu allowed but the browser refuses: %s", i,
                  why ? why : "?");
    if (credentials)
      ck_assert_msg(include, "row %zu allowed, refused with credentials", i);
  } else {
    ck_assert_msg(!omit && !include, "row %zu denied but a browser accepts", i);
  }
}

START_TEST(test_engine_agrees_seed) {
  cors_policy *pol = seed_policy();
  agree(pol, true, (size_t)_i);
  cors_policy_free(pol);
}
END_TEST

START_TEST(test_engine_agrees_open) {
  cors_policy *pol = open_policy();
  agree(pol, false, (size_t)_i);
  cors_policy_free(pol);
}
END_TEST

START_TEST(test_engine_agrees_patterns) {
  cors_policy *pol = pattern_policy();
  agree(pol, true, (size_t)_i);
  cors_policy_free(pol);
}
END_TEST

/* The seed scenario by name: the verdicts the agreement rows rely on. */
START_TEST(test_seed_verdicts) {
  cors_policy *pol = seed_policy();
  static const struct {
    size_t row;
    bool allowed;
  } want[] = {{0, true},  {2, false},  {3, false}, {4, false},  {5, false},
              {6, false}, {9, true},   {10, true}, {11, false}, {13, false},
              {14, true}, {15, false}, {16, false}};
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
    const agree_case *c = &agree_cases[want[k].row];
    cors_request req;
    cors_request_init(&req);
    req.method = cors_slice_cstr(c->method);
    req.origin = cors_slice_cstr(c->origin);
    req.origin_count = 1;
    req.request_method = cors_slice_cstr(c->acrm);
    req.request_method_count = c->acrm != NULL ? 1 : 0;
    if (c->acrh != NULL) {
      req.request_headers[0] = cors_slice_cstr(c->acrh);
      req.request_headers_count = 1;
    }
    req.request_private_network = cors_slice_cstr(c->acrpn);
    cors_result res;
    cors_evaluate(pol, &req, &res);
    ck_assert_msg(res.allowed == want[k].allowed, "row %zu", want[k].row);
    ck_assert(cors_browser_check(&req, &res, true, NULL) == want[k].allowed);
  }
  cors_policy_free(pol);
}
END_TEST

static Suite *browser_check_suite(void) {
  Suite *s = suite_create("browser_check");
  TCase *hand = tcase_create("hand_made");
  tcase_add_loop_test(hand, test_hand_made_result, 0, (int)ORACLE_CASES);
  tcase_add_test(hand, test_null_arguments);
  suite_add_tcase(s, hand);
  TCase *eng = tcase_create("engine_agreement");
  tcase_add_loop_test(eng, test_engine_agrees_seed, 0, (int)AGREE_CASES);
  tcase_add_loop_test(eng, test_engine_agrees_open, 0, (int)AGREE_CASES);
  tcase_add_loop_test(eng, test_engine_agrees_patterns, 0, (int)AGREE_CASES);
  tcase_add_test(eng, test_seed_verdicts);
  suite_add_tcase(s, eng);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(browser_check_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
