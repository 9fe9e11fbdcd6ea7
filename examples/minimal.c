/*
 * minimal: libcors without a server. Compiles a policy with the setters,
 * evaluates a preflight, an actual request and a request from an origin
 * that is not allowed, and prints what a server would send.
 *
 *   $ ./cors_example_minimal
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cors/cors.h>

#define APP_ORIGIN "https://app.example.com"

static int fail(const char *what, const cors_error *err) {
  fprintf(stderr, "minimal: %s: %s\n", what,
          err->message[0] != '\0' ? err->message : cors_strerror(err->code));
  return EXIT_FAILURE;
}

/* The policy a typical single-page app needs: one origin, cookies, JSON
 * writes, a request id header in both directions, preflights cached. */
static cors_status build_policy(cors_policy **out, cors_error *err) {
  cors_config *cfg = cors_config_new(NULL);
  if (cfg == NULL) {
    err->code = CORS_ERR_NOMEM;
    return CORS_ERR_NOMEM;
  }
  static const char methods[] = "GET, POST, PUT, DELETE";
  static const char allowed[] = "Content-Type, Authorization, X-Request-ID";
  static const char exposed[] = "ETag, X-Request-ID";
  cors_status st = cors_config_add_origin_cstr(cfg, APP_ORIGIN, err);
  if (st == CORS_OK) {
    st = cors_config_set_methods_csv(cfg, methods, strlen(methods), err);
  }
  if (st == CORS_OK) {
    st =
        cors_config_set_allowed_headers_csv(cfg, allowed, strlen(allowed), err);
  }
  if (st == CORS_OK) {
    st =
        cors_config_set_exposed_headers_csv(cfg, exposed, strlen(exposed), err);
  }
  if (st == CORS_OK) {
    st = cors_config_set_max_age(cfg, 600, err);
  }
  cors_config_set_credentials(cfg, true);
  if (st == CORS_OK) {
    st = cors_policy_compile(cfg, out, err);
  }
  cors_config_free(cfg); /* the policy keeps its own copy */
  return st;
}

static void print_result(const char *title, const cors_result *res) {
  char headers[CORS_FORMAT_BOUND(512)];
  size_t len = 0;
  printf("== %s\n", title);
  printf("kind=%s allowed=%s reason=%s action=%s", cors_kind_string(res->kind),
         res->allowed ? "true" : "false", cors_reason_string(res->reason),
         cors_action_string(res->action));
  if (res->action == CORS_ACTION_RESPOND) {
    printf(" status=%d", res->status);
  }
  printf("\n");
  if (cors_result_format(res, headers, sizeof headers, &len) == CORS_OK) {
    fwrite(headers, 1, len, stdout);
  } else {
    printf("(headers need %zu bytes)\n", len);
  }
}

/* A preflight built from raw header lines, as an HTTP library hands
 * them out. */
static void preflight(const cors_policy *policy) {
  static const cors_raw_header lines[] = {
      {"Host", 4, "api.example.com", 15},
      {"Origin", 6, APP_ORIGIN, sizeof APP_ORIGIN - 1},
      {"Access-Control-Request-Method", 29, "PUT", 3},
      {"Access-Control-Request-Headers", 30, "content-type,x-request-id", 25},
  };
  cors_request req;
  cors_result res;
  cors_request_from_headers(&req, "OPTIONS", 7, lines,
                            sizeof lines / sizeof lines[0]);
  cors_evaluate(policy, &req, &res);
  print_result("preflight PUT from " APP_ORIGIN, &res);
}

/* Actual requests, with the request struct filled by hand. */
static void actual(const cors_policy *policy, const char *origin) {
  cors_request req;
  cors_result res;
  char title[128];
  cors_request_init(&req);
  req.method = cors_slice_cstr("GET");
  req.origin = cors_slice_cstr(origin);
  req.origin_count = 1;
  cors_evaluate(policy, &req, &res);
  snprintf(title, sizeof title, "GET from %s", origin);
  print_result(title, &res);
}

int main(void) {
  cors_error err = {0};
  cors_policy *policy = NULL;
  if (build_policy(&policy, &err) != CORS_OK) {
    return fail("policy", &err);
  }
  preflight(policy);
  actual(policy, APP_ORIGIN);
  actual(policy, "https://evil.example");
  cors_policy_free(policy);
  return EXIT_SUCCESS;
}
