/* A program written and compiled against the libcors 1.0 header (the copy
 * in include/ beside this file), run against the library being built: the
 * 1.x ABI promise. It allocates cors_env_options, cors_request and
 * cors_result itself, at their 1.0 sizes, each followed by guard bytes
 * that the library must never touch, and checks that the answers are the
 * ones 1.0 gave. Exit status 0 on success; a message on failure. */
#include <cors/cors.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_BYTES 64
#define GUARD 0xA5

/* The structs a 1.0 program allocates, each followed by its guard. */
typedef struct guarded_request {
  cors_request req;
  unsigned char guard[GUARD_BYTES];
} guarded_request;

typedef struct guarded_result {
  cors_result res;
  unsigned char guard[GUARD_BYTES];
} guarded_result;

static int failures;

static void check(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "abi_1_0: FAIL: %s\n", what);
    failures++;
  }
}

static void check_guard(const unsigned char *guard, const char *what) {
  for (size_t i = 0; i < GUARD_BYTES; i++) {
    if (guard[i] != GUARD) {
      fprintf(stderr, "abi_1_0: FAIL: %s: byte %zu past the 1.0 struct "
              "written\n", what, i);
      failures++;
      return;
    }
  }
}

/* The environment a 1.0 host feeds the loader, with one renamed
 * variable, so that a misread `names` array would show. */
static const char *lookup(const char *name, void *ctx) {
  (void)ctx;
  if (strcmp(name, "FRONTEND_ORIGINS") == 0)
    return "https://app.example.com";
  if (strcmp(name, "APP_MAX_AGE") == 0)
    return "600";
  if (strcmp(name, "CORS_MAX_AGE") == 0)
    return "not read: renamed";
  return NULL;
}

static const cors_header *find(const cors_result *res, const char *name) {
  for (size_t i = 0; i < res->header_count; i++)
    if (res->headers[i].name_len == strlen(name) &&
        memcmp(res->headers[i].name, name, res->headers[i].name_len) == 0)
      return &res->headers[i];
  return NULL;
}

static int value_is(const cors_header *h, const char *want) {
  return h != NULL && h->value_len == strlen(want) &&
         memcmp(h->value, want, h->value_len) == 0;
}

static cors_policy *load_policy(void) {
  struct {
    cors_env_options opts;
    unsigned char guard[GUARD_BYTES];
  } env;
  memset(&env, GUARD, sizeof env);
  cors_env_options_init(&env.opts); /* the 1.0 function, 1.0 struct */
  check_guard(env.guard, "cors_env_options_init");
  check(env.opts.size == sizeof env.opts, "options size is the 1.0 size");
  env.opts.names[CORS_ENV_MAX_AGE] = "APP_MAX_AGE";

  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_policy *policy = NULL;
  check(cfg != NULL, "cors_config_new");
  if (cors_config_load_env(cfg, lookup, NULL, &env.opts, &err) != CORS_OK ||
      cors_policy_compile(cfg, &policy, &err) != CORS_OK) {
    fprintf(stderr, "abi_1_0: FAIL: configuration: %s\n", err.message);
    failures++;
  }
  check_guard(env.guard, "cors_config_load_env");
  cors_config_free(cfg);
  return policy;
}

static void evaluate_preflight(const cors_policy *policy) {
  static const cors_raw_header raw[] = {
      {"Origin", 6, "https://app.example.com", 23},
      {"Access-Control-Request-Method", 29, "PUT", 3},
      {"Access-Control-Request-Headers", 30, "content-type", 12},
  };
  guarded_request r;
  guarded_result o;
  memset(&r, GUARD, sizeof r);
  memset(&o, GUARD, sizeof o);
  cors_request_from_headers(&r.req, "OPTIONS", 7, raw, 3);
  check_guard(r.guard, "cors_request_from_headers");
  cors_evaluate(policy, &r.req, &o.res);
  check_guard(o.guard, "cors_evaluate (preflight)");
  check(o.res.kind == CORS_KIND_PREFLIGHT && o.res.allowed,
        "preflight allowed");
  check(o.res.action == CORS_ACTION_RESPOND && o.res.status == 204,
        "preflight answered 204");
  check(value_is(find(&o.res, "Access-Control-Allow-Origin"),
                 "https://app.example.com"),
        "preflight ACAO");
  check(value_is(find(&o.res, "Access-Control-Max-Age"), "600"),
        "max age from the renamed variable");
  char text[1024];
  size_t n = 0;
  check(cors_result_format(&o.res, text, sizeof text, &n) == CORS_OK &&
            n == strlen(text),
        "cors_result_format");
}

static void evaluate_actual(const cors_policy *policy) {
  guarded_request r;
  guarded_result o;
  memset(&r, GUARD, sizeof r);
  memset(&o, GUARD, sizeof o);
  cors_request_init(&r.req);
  check_guard(r.guard, "cors_request_init");
  r.req.method = cors_slice_cstr("GET");
  r.req.origin = cors_slice_cstr("https://evil.example");
  r.req.origin_count = 1;
  cors_evaluate(policy, &r.req, &o.res);
  check_guard(o.guard, "cors_evaluate (actual)");
  check(o.res.kind == CORS_KIND_ACTUAL && !o.res.allowed &&
            o.res.reason == CORS_REASON_ORIGIN_NOT_ALLOWED,
        "foreign origin denied");
  check(find(&o.res, "Access-Control-Allow-Origin") == NULL,
        "no ACAO for a foreign origin");
  check(value_is(find(&o.res, "Vary"), "Origin"), "Vary: Origin");
}

int main(void) {
  const char *running = NULL;
  uint32_t version = cors_version(&running);
  printf("abi_1_0: built against %s, running libcors %s\n",
         CORS_VERSION_STRING, running != NULL ? running : "?");
  check(CORS_VERSION_NUM == 0x010000, "compiled against the 1.0 header");
  check(version >> 16 == 1 && version > CORS_VERSION_NUM,
        "running a newer 1.x library");
  cors_policy *policy = load_policy();
  if (policy != NULL) {
    evaluate_preflight(policy);
    evaluate_actual(policy);
    cors_policy_free(policy);
  }
  if (failures == 0)
    puts("abi_1_0: ok");
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
