/* Consumer built through find_package(cors): a credentialed preflight from
 * the one allowed origin must be answered at once, 204, with the origin
 * echoed in Access-Control-Allow-Origin. Exits non-zero otherwise. */
#include <cors/cors.h>

#include <stdio.h>
#include <string.h>

#define ALLOWED_ORIGIN "https://app.example.com"

static int fail(const char *what) {
  fprintf(stderr, "find_package consumer: %s\n", what);
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
      cors_config_add_method(cfg, "PUT", 3, &err) != CORS_OK ||
      cors_policy_compile(cfg, &policy, &err) != CORS_OK)
    fprintf(stderr, "find_package consumer: %s\n", err.message);
  cors_config_free(cfg);
  return policy;
}

int main(void) {
  static const cors_raw_header headers[] = {
      {"Origin", 6, ALLOWED_ORIGIN, sizeof ALLOWED_ORIGIN - 1},
      {"Access-Control-Request-Method", 29, "PUT", 3},
  };
  cors_policy *policy = compile_policy();
  cors_request req;
  cors_result res;
  int ok;

  if (policy == NULL)
    return fail("policy did not compile");
  cors_request_from_headers(&req, "OPTIONS", 7, headers, 2);
  cors_evaluate(policy, &req, &res);
  ok = res.kind == CORS_KIND_PREFLIGHT && res.allowed &&
       res.action == CORS_ACTION_RESPOND && res.status == 204 &&
       header_is(&res, "Access-Control-Allow-Origin", ALLOWED_ORIGIN) &&
       header_is(&res, "Access-Control-Allow-Credentials", "true");
  cors_policy_free(policy);
  if (!ok)
    return fail("preflight not answered 204 with the origin echoed");
  printf("find_package consumer: ok (libcors %s)\n", CORS_VERSION_STRING);
  return 0;
}
