/*
 * cors_example_microhttpd: the example server contract on GNU
 * libmicrohttpd, with libcors as the outermost layer.
 *
 *   PORT=8000 FRONTEND_ORIGINS=http://localhost:3000 ./cors_example_microhttpd
 *
 * This file only adapts libmicrohttpd to examples/common: it collects the
 * request's header lines, hands them to example_handle() and writes back
 * the response it built. SIGINT or SIGTERM stops the server cleanly;
 * SIGHUP reloads the CORS policy from CORS_ENV_FILE without a restart.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "example_contract.h"

#define SERVER_NAME "cors_example_microhttpd"
/* Caps the request head (and so every reflected CORS value) well below
 * the response arena. */
#define CONNECTION_MEMORY_LIMIT (32u * 1024u)
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

static enum MHD_Result handle_complete_request(const example_server *srv,
                                               struct MHD_Connection *conn,
                                               const char *url,
                                               const char *method) {
  example_headers headers;
  example_headers_init(&headers);
  example_response *resp = example_response_new();
  enum MHD_Result ret = MHD_NO;
  if (resp != NULL &&
      MHD_get_connection_values_n(conn, MHD_HEADER_KIND, collect_header,
                                  &headers) >= 0) {
    example_request req = {method, url, headers.items, headers.count};
    example_handle(srv, &req, resp);
    ret = send_response(conn, resp);
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

static struct MHD_Daemon *start_daemon(example_server *srv, unsigned port) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return MHD_start_daemon(
      MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL,
      NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONNECTION_TIMEOUT_SECONDS,
      MHD_OPTION_END);
}

static unsigned bound_port(struct MHD_Daemon *daemon, unsigned requested) {
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info != NULL ? info->port : requested;
}

/* Waits for signals on the main thread: SIGHUP reloads the policy (here,
 * while libmicrohttpd's thread keeps serving), SIGINT or SIGTERM stops. */
static int wait_for_stop(example_server *srv, const sigset_t *signals) {
  for (;;) {
    int sig = 0;
    if (sigwait(signals, &sig) != 0) {
      return SIGTERM;
    }
    if (sig != SIGHUP) {
      return sig;
    }
    example_reload_policy(srv);
  }
}

int main(void) {
  example_server srv = {SERVER_NAME, NULL, NULL, NULL};
  unsigned port = 0;
  if (!example_port_from_env(&srv, &port)) {
    return EXAMPLE_EXIT_START;
  }
  if (!example_load_policy(&srv)) {
    return EXAMPLE_EXIT_CONFIG;
  }
  /* Block the signals before libmicrohttpd starts its thread, so the
   * thread inherits the mask and only sigwait() below sees them. */
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, NULL);

  struct MHD_Daemon *daemon = start_daemon(&srv, port);
  if (daemon == NULL) {
    fprintf(stderr, "%s: cannot listen on 127.0.0.1:%u\n", SERVER_NAME, port);
    example_server_free(&srv);
    return EXAMPLE_EXIT_START;
  }
  char library[64];
  snprintf(library, sizeof library, "libmicrohttpd %s", MHD_get_version());
  example_print_listening(&srv, bound_port(daemon, port), library);

  int sig = wait_for_stop(&srv, &signals);
  fprintf(stderr, "%s: stopping on signal %d\n", SERVER_NAME, sig);
  MHD_stop_daemon(daemon);
  example_server_free(&srv);
  return EXIT_SUCCESS;
}
