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
#define METRICS_PATH "/metrics"

static bool is_vary(const char *name, size_t len) {
  return example_ascii_iequal(name, len, "Vary", 4);
}

static void remove_header(example_response *resp, example_header *h) {
  size_t i = (size_t)(h - resp->headers);
  memmove(h, h + 1, (resp->header_count - i - 1) * sizeof *h);
  resp->header_count--;
}

/* One Vary: the route's tokens, then the result's it lacks
 * (cors_vary_merge). The result asks for a merge, never a replacement. */
static bool merge_vary(example_response *resp, const cors_result *res) {
  example_header *route_vary = example_response_find(resp, "Vary", 4);
  const char *app = route_vary != NULL ? route_vary->value : "";
  char merged[VARY_MAX];
  size_t len = 0;
  if (cors_vary_merge(app, strlen(app), res, merged, sizeof merged, &len) !=
      CORS_OK) {
    return false;
  }
  if (route_vary == NULL) {
    return len == 0 || example_response_add(resp, "Vary", 4, merged, len);
  }
  if (len == 0) {
    remove_header(resp, route_vary);
    return true;
  }
  /* The old copy stays in the arena unused; the arena is per request. */
  const char *copy = example_response_copy(resp, merged, len);
  route_vary->value = copy;
  return copy != NULL;
}

static bool add_cors_headers(example_response *resp, const cors_result *res) {
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (!is_vary(h->name, h->name_len) &&
        !example_response_add(resp, h->name, h->name_len, h->value,
                              h->value_len)) {
      return false;
    }
  }
  return merge_vary(resp, res);
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

/* "<server>: METHOD path status cors=kind verdict=v [reason=r]
 * [origin=o] [why: sentence]". The sentence, cors_result_explain's, is
 * printable ASCII whatever the request held, and goes last: it holds
 * spaces. */
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
  }
  if (creq->origin.ptr != NULL) {
    log_append_cstr(line, &used, " origin=");
    log_append(line, &used, creq->origin.ptr, creq->origin.len);
  }
  if (!res->allowed) {
    char why[CORS_EXPLAIN_BOUND];
    cors_result_explain(res, why, sizeof why);
    log_append_cstr(line, &used, " why: ");
    log_append_cstr(line, &used, why);
  }
  /* One call per line: stdio locks the stream, so lines never interleave. */
  fprintf(stdout, "%s\n", line);
  fflush(stdout);
}

/* GET /metrics: the counters of every request answered before this one. */
static bool metrics(const example_server *srv, const example_request *req,
                    example_response *resp) {
  if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
    resp->status = 405;
    return example_response_add_cstr(resp, "Allow", "GET, HEAD") &&
           example_response_add_cstr(resp, "Content-Type",
                                     "application/json") &&
           example_response_set_body(resp,
                                     "{\"error\":\"method not allowed\"}");
  }
  char text[CORS_COUNTERS_TEXT_BOUND];
  if (cors_counters_format_prometheus(srv->counters, text, sizeof text,
                                      NULL) != CORS_OK) {
    return false;
  }
  resp->status = 200;
  return example_response_add_cstr(resp, "Content-Type",
                                   "text/plain; version=0.0.4") &&
         example_response_set_body(resp, text);
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

/* The application: the contract's routes, and the server's metrics. */
static bool run_application(const example_server *srv,
                            const example_request *req,
                            example_response *resp) {
  if (strcmp(req->path, METRICS_PATH) == 0) {
    return metrics(srv, req, resp);
  }
  return example_route(req, resp);
}

void example_handle(const example_server *srv, const example_request *req,
                    example_response *resp) {
  /* The policy in force now; a reload swaps in another for the requests
   * after this one, while this one finishes on its own. */
  cors_policy *policy = cors_live_acquire(srv->live);
  cors_request creq;
  cors_result res;
  cors_request_from_headers(&creq, req->method, strlen(req->method),
                            req->headers, req->header_count);
  cors_evaluate(policy, &creq, &res);
  example_response_reset(resp);
  if (res.action == CORS_ACTION_RESPOND) {
    /* A preflight: answered here, before routing and authentication. */
    resp->status = res.status;
    if (!add_cors_headers(resp, &res)) {
      internal_error(resp, &res);
    }
  } else if (!run_application(srv, req, resp) ||
             !add_cors_headers(resp, &res)) {
    internal_error(resp, &res);
  }
  log_request(srv, req, &creq, &res, resp->status);
  cors_counters_record(srv->counters, &res);
  /* The response holds copies of the headers: the policy may go. */
  cors_live_release(srv->live, policy);
}
