/*
 * The application behind the CORS layer: the routes, bodies and
 * application headers of docs/server-contract.md. Knows nothing about
 * CORS.
 * SPDX-License-Identifier: MIT
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "example_internal.h"

#define ITEMS_PATH "/api/v1/items"
#define PROFILES_PATH "/api/v1/users/me/profiles"
#define BOOM_PATH "/api/v1/boom"
#define ITEM_ID_MAX 64
#define REQUEST_ID_MAX 128

static atomic_ulong request_counter;

static bool streq(const char *a, const char *b) {
  return strcmp(a, b) == 0;
}

/* Echo a client's id only when it is safe to put back in a header and a
 * log line: 1..128 visible ASCII bytes. */
static bool request_id_is_echoable(const char *id, size_t len) {
  if (len == 0 || len > REQUEST_ID_MAX) {
    return false;
  }
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)id[i];
    if (c < 0x21 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

static bool add_request_id(const example_request *req, example_response *resp) {
  size_t len = 0;
  const char *id = example_request_header(req, "X-Request-ID", &len);
  if (id != NULL && request_id_is_echoable(id, len)) {
    return example_response_add(resp, "X-Request-ID", 12, id, len);
  }
  char generated[48];
  unsigned long n = atomic_fetch_add(&request_counter, 1UL) + 1UL;
  snprintf(generated, sizeof generated, "req-%lx-%lu",
           (unsigned long)time(NULL), n);
  return example_response_add_cstr(resp, "X-Request-ID", generated);
}

static bool is_item_id(const char *s) {
  size_t len = strlen(s);
  if (len == 0 || len > ITEM_ID_MAX) {
    return false;
  }
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

/* NULL when `path` is not an items path; "" for the collection; else the
 * item id (pointing into `path`). */
static const char *items_route_id(const char *path) {
  size_t prefix = strlen(ITEMS_PATH);
  if (strncmp(path, ITEMS_PATH, prefix) != 0) {
    return NULL;
  }
  if (path[prefix] == '\0') {
    return "";
  }
  if (path[prefix] == '/' && is_item_id(path + prefix + 1)) {
    return path + prefix + 1;
  }
  return NULL;
}

static bool json(example_response *resp, int status, const char *body) {
  resp->status = status;
  return example_response_add_cstr(resp, "Content-Type", "application/json") &&
         example_response_set_body(resp, body);
}

static bool method_not_allowed(example_response *resp, const char *allow) {
  return example_response_add_cstr(resp, "Allow", allow) &&
         json(resp, 405, "{\"error\":\"method not allowed\"}");
}

static bool items(const char *method, const char *id, example_response *resp) {
  static const char allow[] = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  if (streq(method, "OPTIONS")) { /* a plain OPTIONS, not a preflight */
    resp->status = 204;
    return example_response_add_cstr(resp, "Allow", allow);
  }
  bool known = streq(method, "GET") || streq(method, "HEAD") ||
               streq(method, "POST") || streq(method, "PUT") ||
               streq(method, "PATCH") || streq(method, "DELETE");
  if (!known) {
    return method_not_allowed(resp, allow);
  }
  char etag[ITEM_ID_MAX + 16];
  char body[EXAMPLE_BODY_MAX];
  if (id[0] == '\0') {
    snprintf(etag, sizeof etag, "\"items-v1\"");
    snprintf(body, sizeof body,
             "{\"method\":\"%s\",\"items\":[{\"id\":\"41\"},{\"id\":\"42\"}]}",
             method);
  } else {
    snprintf(etag, sizeof etag, "\"item-%s-v1\"", id);
    snprintf(body, sizeof body, "{\"method\":\"%s\",\"item\":{\"id\":\"%s\"}}",
             method, id);
  }
  int status = streq(method, "POST") ? 201 : 200;
  return example_response_add_cstr(resp, "ETag", etag) &&
         json(resp, status, body);
}

static bool bearer_is_good(const example_request *req) {
  static const char good[] = "Bearer good";
  size_t len = 0;
  const char *auth = example_request_header(req, "Authorization", &len);
  return auth != NULL && len == sizeof good - 1 && memcmp(auth, good, len) == 0;
}

static bool profiles(const example_request *req, example_response *resp) {
  /* The answer depends on Authorization: say so, so that the CORS layer's
   * Vary has something to merge into. */
  if (!example_response_add_cstr(resp, "Vary", "Authorization")) {
    return false;
  }
  if (!streq(req->method, "GET") && !streq(req->method, "HEAD")) {
    return method_not_allowed(resp, "GET, HEAD");
  }
  if (!bearer_is_good(req)) {
    return example_response_add_cstr(resp, "WWW-Authenticate", "Bearer") &&
           json(resp, 401, "{\"error\":\"unauthorized\"}");
  }
  return json(resp, 200,
              "{\"method\":\"GET\",\"user\":\"me\","
              "\"profiles\":[{\"id\":\"p1\",\"name\":\"default\"}]}");
}

bool example_route(const example_request *req, example_response *resp) {
  if (!add_request_id(req, resp) ||
      !example_response_add_cstr(resp, "X-Internal-Debug", "1")) {
    return false;
  }
  const char *item_id = items_route_id(req->path);
  if (item_id != NULL) {
    return items(req->method, item_id, resp);
  }
  if (streq(req->path, PROFILES_PATH)) {
    return profiles(req, resp);
  }
  if (streq(req->path, BOOM_PATH)) {
    return json(resp, 500, "{\"error\":\"boom\"}");
  }
  return json(resp, 404, "{\"error\":\"not found\"}");
}
