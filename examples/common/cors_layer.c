/*
 * libcors as the outermost layer of every request, and the log line.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "example_internal.h"

#define LOG_LINE_MAX 1024
#define LOG_FIELD_MAX 200
#define VARY_MAX 1024

static bool is_vary(const char *name, size_t len) {
  return example_ascii_iequal(name, len, "Vary", 4);
}

static bool is_list_space(char c) {
  return c == ' ' || c == '\t';
}

/* Whether the comma-separated `list` already names `token`. */
static bool list_has_token(const char *list, const char *token,
                           size_t token_len) {
  const char *p = list;
  while (*p != '\0') {
    while (is_list_space(*p) || *p == ',') {
      p++;
    }
    const char *start = p;
    while (*p != '\0' && *p != ',') {
      p++;
    }
    const char *end = p;
    while (end > start && is_list_space(end[-1])) {
      end--;
    }
    if (example_ascii_iequal(start, (size_t)(end - start), token, token_len)) {
      return true;
    }
  }
  return false;
}

/* Appends to the route's Vary the tokens of the CORS Vary it lacks, so
 * that one Vary line names both (the result asks for a merge, never a
 * replacement). */
static bool merge_vary(example_response *resp, example_header *route_vary,
                       const cors_header *cors_vary) {
  char merged[VARY_MAX];
  size_t used = strlen(route_vary->value);
  if (used >= sizeof merged) {
    return false;
  }
  memcpy(merged, route_vary->value, used + 1);
  const char *p = cors_vary->value;
  const char *end = p + cors_vary->value_len;
  while (p < end) {
    while (p < end && (is_list_space(*p) || *p == ',')) {
      p++;
    }
    const char *start = p;
    while (p < end && *p != ',' && !is_list_space(*p)) {
      p++;
    }
    size_t len = (size_t)(p - start);
    if (len == 0 || list_has_token(merged, start, len)) {
      continue;
    }
    if (used + 2 + len >= sizeof merged) {
      return false;
    }
    memcpy(merged + used, ", ", 2);
    memcpy(merged + used + 2, start, len);
    used += 2 + len;
    merged[used] = '\0';
  }
  /* The old copy stays in the arena unused; the arena is per request. */
  const char *copy = example_response_copy(resp, merged, used);
  if (copy == NULL) {
    return false;
  }
  route_vary->value = copy;
  return true;
}

static bool add_cors_headers(example_response *resp, const cors_result *res) {
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    example_header *route_vary =
        is_vary(h->name, h->name_len)
            ? example_response_find(resp, h->name, h->name_len)
            : NULL;
    bool ok = route_vary != NULL
                  ? merge_vary(resp, route_vary, h)
                  : example_response_add(resp, h->name, h->name_len, h->value,
                                         h->value_len);
    if (!ok) {
      return false;
    }
  }
  return true;
}

/* Appends at most LOG_FIELD_MAX bytes of `s`, visible ASCII only, so a
 * request cannot forge or break log lines. */
static void log_append(char *line, size_t *used, const char *s, size_t len) {
  if (len > LOG_FIELD_MAX) {
    len = LOG_FIELD_MAX;
  }
  for (size_t i = 0; i < len && *used + 1 < LOG_LINE_MAX; i++) {
    unsigned char c = (unsigned char)s[i];
    line[(*used)++] = (c >= 0x21 && c <= 0x7e) ? (char)c : '?';
  }
  line[*used] = '\0';
}

static void log_append_cstr(char *line, size_t *used, const char *s) {
  size_t len = strlen(s);
  if (*used + len + 1 > LOG_LINE_MAX) {
    return;
  }
  memcpy(line + *used, s, len + 1);
  *used += len;
}

static void log_request(const example_server *srv, const example_request *req,
                        const cors_request *creq, const cors_result *res,
                        int status) {
  char line[LOG_LINE_MAX];
  size_t used = 0;
  line[0] = '\0';
  log_append_cstr(line, &used, srv->name);
  log_append_cstr(line, &used, ": ");
  log_append(line, &used, req->method, strlen(req->method));
  log_append_cstr(line, &used, " ");
  log_append(line, &used, req->path, strlen(req->path));
  char mid[96];
  snprintf(mid, sizeof mid, " %d cors=%s verdict=%s", status,
           cors_kind_string(res->kind), res->allowed ? "allowed" : "denied");
  log_append_cstr(line, &used, mid);
  if (!res->allowed) {
    log_append_cstr(line, &used, " reason=");
    log_append_cstr(line, &used, cors_reason_string(res->reason));
    if (res->reason_detail.ptr != NULL) {
      log_append_cstr(line, &used, " detail=");
      log_append(line, &used, res->reason_detail.ptr, res->reason_detail.len);
    }
  }
  if (creq->origin.ptr != NULL) {
    log_append_cstr(line, &used, " origin=");
    log_append(line, &used, creq->origin.ptr, creq->origin.len);
  }
  /* One call per line: stdio locks the stream, so lines never interleave. */
  fprintf(stdout, "%s\n", line);
  fflush(stdout);
}

/* Last resort when a response cannot be built: a bare 500, still with the
 * CORS headers so that the page can read the error. */
static void internal_error(example_response *resp, const cors_result *res) {
  example_response_reset(resp);
  resp->status = 500;
  if (!add_cors_headers(resp, res)) {
    example_response_reset(resp);
    resp->status = 500;
  }
}

void example_handle(const example_server *srv, const example_request *req,
                    example_response *resp) {
  cors_request creq;
  cors_result res;
  cors_request_from_headers(&creq, req->method, strlen(req->method),
                            req->headers, req->header_count);
  cors_evaluate(srv->policy, &creq, &res);
  example_response_reset(resp);
  if (res.action == CORS_ACTION_RESPOND) {
    /* A preflight: answered here, before routing and authentication. */
    resp->status = res.status;
    if (!add_cors_headers(resp, &res)) {
      internal_error(resp, &res);
    }
  } else if (!example_route(req, resp) || !add_cors_headers(resp, &res)) {
    internal_error(resp, &res);
  }
  log_request(srv, req, &creq, &res, resp->status);
}
