/* Consumer that builds libcors from source with FetchContent: a GET from
 * an origin the policy does not list must get no
 * Access-Control-Allow-Origin, while the listed origin gets itself back.
 * Exits non-zero otherwise. */
#include <cors/cors.h>

#include <stdio.h>
#include <string.h>

#define ALLOWED_ORIGIN "https://app.example.com"
#define OTHER_ORIGIN "https://evil.example.net"

static int fail(const char *what) {
  fprintf(stderr, "FetchContent consumer: %s\n", what);
  return 1;
}

/* The header named `name` in `res`, or NULL when it is absent. */
static const cors_header *find_header(const cors_result *res,
                                      const char *name) {
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (h->name_len == strlen(name) && memcmp(h->name, name, h->name_len) == 0)
      return h;
  }
  return NULL;
}

static const cors_header *acao_for(const cors_policy *policy,
                                   const char *origin, cors_result *res) {
  cors_raw_header header = {"Origin", 6, origin, strlen(origin)};
  cors_request req;
  cors_request_from_headers(&req, "GET", 3, &header, 1);
  cors_evaluate(policy, &req, res);
  return find_header(res, "Access-Control-Allow-Origin");
}

int main(void) {
  cors_config *cfg = cors_config_new(NULL);
  cors_policy *policy = NULL;
  cors_error err;
  cors_result res;
  const cors_header *acao;
  int ok;

  if (cfg == NULL)
    return fail("out of memory");
  cors_config_set_credentials(cfg, true);
  if (cors_config_add_origin_cstr(cfg, ALLOWED_ORIGIN, &err) != CORS_OK ||
      cors_policy_compile(cfg, &policy, &err) != CORS_OK) {
    cors_config_free(cfg);
    return fail(err.message);
  }
  cors_config_free(cfg);

  acao = acao_for(policy, OTHER_ORIGIN, &res);
  ok = !res.allowed && acao == NULL;
  acao = acao_for(policy, ALLOWED_ORIGIN, &res);
  ok = ok && res.allowed && acao != NULL &&
       acao->value_len == strlen(ALLOWED_ORIGIN) &&
       memcmp(acao->value, ALLOWED_ORIGIN, acao->value_len) == 0;
  cors_policy_free(policy);
  if (!ok)
    return fail("Access-Control-Allow-Origin is not what the policy says");
  printf("FetchContent consumer: ok (libcors %s)\n", CORS_VERSION_STRING);
  return 0;
}
