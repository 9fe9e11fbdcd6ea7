/*
 * examples/common on GNU libmicrohttpd (see mhd_adapter.h).
 * SPDX-License-Identifier: MIT
 */
#include "mhd_adapter.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#define CONNECTION_TIMEOUT_SECONDS 30u

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
                                      const char *key, size_t key_size,
                                      const char *value, size_t value_size) {
  (void)kind;
  example_headers *headers = cls;
  bool ok =
      example_headers_push(headers, key, key_size, value != NULL ? value : "",
                           value != NULL ? value_size : 0);
  return ok ? MHD_YES : MHD_NO;
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
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned int)resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result
handle_complete_request(const example_mhd_handler *handler,
                        struct MHD_Connection *conn, const char *url,
                        const char *method) {
  example_headers headers;
  example_headers_init(&headers);
  example_response *resp = example_response_new();
  enum MHD_Result ret = MHD_NO;
  if (resp != NULL &&
      MHD_get_connection_values_n(conn, MHD_HEADER_KIND, collect_header,
                                  &headers) >= 0) {
    example_request req = {method, url, headers.items, headers.count};
    if (handler->answer(handler->cls, &req, resp)) {
      ret = send_response(conn, resp);
    }
  }
  example_response_free(resp);
  example_headers_free(&headers);
  return ret;
}

/* libmicrohttpd calls this once when the head has arrived, then once per
 * chunk of body, then once more with no data: answer on that last call.
 * The examples ignore request bodies. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls) {
  static int head_seen;
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
  return handle_complete_request(cls, conn, url, method);
}

struct MHD_Daemon *example_mhd_start(unsigned port, size_t memory_limit,
                                     const example_mhd_handler *handler,
                                     unsigned *bound) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *daemon = MHD_start_daemon(
      MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
      NULL, on_request, (void *)handler, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      memory_limit, MHD_OPTION_CONNECTION_TIMEOUT,
      (unsigned int)CONNECTION_TIMEOUT_SECONDS, MHD_OPTION_END);
  if (daemon == NULL) {
    return NULL;
  }
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  *bound = info != NULL ? info->port : port;
  return daemon;
}
