/* Consumer built with pkg-config: the headers it compiled against must be
 * the library it runs with, and a credentialed GET from the allowed origin
 * must continue to the application with that origin in
 * Access-Control-Allow-Origin. Exits non-zero otherwise. */
#include <cors/cors.h>

#include <stdio.h>
#include <string.h>

#define ALLOWED_ORIGIN "https://app.example.com"

static int fail(const char *what) {
  fprintf(stderr, "pkg-config consumer: %s\n", what);
  return 1;
}

static int header_is(const cors_result *res, const char *name,
                     const char *value) {
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (h->name_len == strlen(name) && memcmp(h->name, name, h->name_len) == 0)
      return h->value_len == strlen(value) &&
             memcmp(h->value, value, h->value_len) == 0;
  }
  return 0;
}

static cors_policy *compile_policy(void) {
  cors_config *cfg = cors_config_new(NULL);
  cors_policy *policy = NULL;
  cors_error err;
  if (cfg == NULL)
    return NULL;
  cors_config_set_credentials(cfg, true);
  if (cors_config_add_origin_cstr(cfg, ALLOWED_ORIGIN, &err) != CORS_OK ||
      cors_policy_compile(cfg, &policy, &err) != CORS_OK)
    fprintf(stderr, "pkg-config consumer: %s\n", err.message);
  cors_config_free(cfg);
  return policy;
}

int main(void) {
  static const cors_raw_header headers[] = {
      {"Origin", 6, ALLOWED_ORIGIN, sizeof ALLOWED_ORIGIN - 1},
  };
  const char *running = NULL;
  cors_policy *policy;
  cors_request req;
  cors_result res;
  int ok;

  if (cors_version(&running) != CORS_VERSION_NUM)
    return fail("library version differs from the installed headers");
  policy = compile_policy();
  if (policy == NULL)
    return fail("policy did not compile");
  cors_request_from_headers(&req, "GET", 3, headers, 1);
  cors_evaluate(policy, &req, &res);
  ok = res.kind == CORS_KIND_ACTUAL && res.allowed &&
       res.action == CORS_ACTION_CONTINUE &&
       header_is(&res, "Access-Control-Allow-Origin", ALLOWED_ORIGIN) &&
       header_is(&res, "Access-Control-Allow-Credentials", "true");
  cors_policy_free(policy);
  if (!ok)
    return fail("GET not allowed with the origin echoed");
  printf("pkg-config consumer: ok (libcors %s)\n", running);
  return 0;
}
