/*
 * The upstream: the contract's routes without the CORS layer, plus one
 * route that answers with CORS headers of its own, as an application
 * that already does CORS would (for replace/keep/report_only tests).
 * SPDX-License-Identifier: MIT
 */
#include "upstream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "example_internal.h"

#define OWN_CORS_PATH "/own-cors"
#define CONNECTION_MEMORY_LIMIT (64u * 1024u)
#define CONNECTION_TIMEOUT_SECONDS 30u

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
                                      const char *key, size_t key_size,
                                      const char *value, size_t value_size) {
  (void)kind;
  bool ok = example_headers_push(cls, key, key_size,
                                 value != NULL ? value : "",
                                 value != NULL ? value_size : 0);
  return ok ? MHD_YES : MHD_NO;
}

/* What an application with its own CORS sends: the module must replace
 * it (default), leave it (keep) or leave everything (report_only). */
static bool own_cors(example_response *resp) {
  resp->status = 200;
  return example_response_add_cstr(resp, "Access-Control-Allow-Origin",
                                   "*") &&
         example_response_add_cstr(resp, "Access-Control-Expose-Headers",
                                   "X-Upstream") &&
         example_response_add_cstr(resp, "Vary", "Accept-Encoding") &&
         example_response_add_cstr(resp, "Content-Type",
                                   "application/json") &&
         example_response_set_body(resp, "{\"own\":\"cors\"}");
}

static enum MHD_Result send_response(struct MHD_Connection *conn,
                                     const example_response *resp) {
  struct MHD_Response *r = MHD_create_response_from_buffer(
      resp->body_len, (void *)resp->body, MHD_RESPMEM_MUST_COPY);
  if (r == NULL) {
    return MHD_NO;
  }
  for (size_t i = 0; i < resp->header_count; i++) {
    if (MHD_add_response_header(r, resp->headers[i].name,
                                resp->headers[i].value) != MHD_YES) {
      MHD_destroy_response(r);
      return MHD_NO;
    }
  }
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result answer(struct MHD_Connection *conn, const char *url,
                              const char *method) {
  example_headers headers;
  example_headers_init(&headers);
  example_response *resp = example_response_new();
  enum MHD_Result ret = MHD_NO;
  if (resp != NULL &&
      MHD_get_connection_values_n(conn, MHD_HEADER_KIND, collect_header,
                                  &headers) >= 0) {
    example_request req = {method, url, headers.items, headers.count};
    bool ok = strcmp(url, OWN_CORS_PATH) == 0 ? own_cors(resp)
                                              : example_route(&req, resp);
    if (ok) {
      ret = send_response(conn, resp);
    }
  }
  example_response_free(resp);
  example_headers_free(&headers);
  return ret;
}

/* Called once for the head, once per body chunk, then once more with no
 * data: answer on that last call (bodies are ignored). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls) {
  static int head_seen;
  (void)cls;
  (void)version;
  (void)upload_data;
  if (*req_cls == NULL) {
    *req_cls = &head_seen;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    *upload_data_size = 0;
    return MHD_YES;
  }
  return answer(conn, url, method);
}

struct MHD_Daemon *cors_nginx_upstream_start(unsigned port, unsigned *bound) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
      NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_SECONDS,
      MHD_OPTION_END);
  if (d == NULL) {
    return NULL;
  }
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  *bound = info != NULL ? info->port : port;
  return d;
}
