/*
 * cors_example_libevent: the example server contract on libevent's evhttp,
 * with libcors as the outermost layer.
 *
 *   PORT=8000 FRONTEND_ORIGINS=http://localhost:3000 ./cors_example_libevent
 *
 * This file only adapts evhttp to examples/common: it collects the
 * request's header lines, hands them to example_handle() and writes back
 * the response it built. SIGINT or SIGTERM stops the server cleanly;
 * SIGHUP reloads the CORS policy from CORS_ENV_FILE without a restart.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "example_contract.h"

#define SERVER_NAME "cors_example_libevent"
/* Caps the request head (and so every reflected CORS value) well below
 * the response arena. */
#define MAX_HEADERS_SIZE 16384
#define CONNECTION_TIMEOUT_SECONDS 30

/* Every method evhttp can parse except TRACE and CONNECT, which the Fetch
 * Standard forbids; without this evhttp refuses PATCH and OPTIONS. */
#define ALLOWED_METHODS                                                        \
  (EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |       \
   EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS)

static const char *method_name(enum evhttp_cmd_type cmd) {
  switch (cmd) {
  case EVHTTP_REQ_GET:
    return "GET";
  case EVHTTP_REQ_HEAD:
    return "HEAD";
  case EVHTTP_REQ_POST:
    return "POST";
  case EVHTTP_REQ_PUT:
    return "PUT";
  case EVHTTP_REQ_PATCH:
    return "PATCH";
  case EVHTTP_REQ_DELETE:
    return "DELETE";
  case EVHTTP_REQ_OPTIONS:
    return "OPTIONS";
  case EVHTTP_REQ_TRACE:
    return "TRACE";
  case EVHTTP_REQ_CONNECT:
    return "CONNECT";
  }
  return "UNKNOWN";
}

static bool collect_headers(struct evhttp_request *req,
                            example_headers *headers) {
  struct evkeyvalq *in = evhttp_request_get_input_headers(req);
  for (struct evkeyval *kv = in->tqh_first; kv != NULL;
       kv = kv->next.tqe_next) {
    if (!example_headers_push(headers, kv->key, strlen(kv->key), kv->value,
                              strlen(kv->value))) {
      return false;
    }
  }
  return true;
}

/* The decoded path without the query string ("/" when the URI has none). */
static char *request_path(struct evhttp_request *req) {
  const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
  const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
  if (path == NULL || path[0] == '\0') {
    path = "/";
  }
  return evhttp_uridecode(path, 0, NULL);
}

static void send_response(struct evhttp_request *req,
                          const example_response *resp) {
  struct evkeyvalq *out = evhttp_request_get_output_headers(req);
  for (size_t i = 0; i < resp->header_count; i++) {
    evhttp_add_header(out, resp->headers[i].name, resp->headers[i].value);
  }
  struct evbuffer *body = evbuffer_new();
  if (body == NULL) {
    evhttp_send_error(req, 500, NULL);
    return;
  }
  evbuffer_add(body, resp->body, resp->body_len);
  evhttp_send_reply(req, resp->status, example_reason_phrase(resp->status),
                    body);
  evbuffer_free(body);
}

static void on_request(struct evhttp_request *req, void *arg) {
  const example_server *srv = arg;
  example_headers headers;
  example_headers_init(&headers);
  example_response *resp = example_response_new();
  char *path = request_path(req);
  if (resp == NULL || path == NULL || !collect_headers(req, &headers)) {
    evhttp_send_error(req, 500, NULL);
  } else {
    example_request r = {method_name(evhttp_request_get_command(req)), path,
                         headers.items, headers.count};
    example_handle(srv, &r, resp);
    send_response(req, resp);
  }
  free(path);
  example_response_free(resp);
  example_headers_free(&headers);
}

static void on_stop_signal(evutil_socket_t sig, short events, void *arg) {
  (void)events;
  fprintf(stderr, "%s: stopping on signal %d\n", SERVER_NAME, (int)sig);
  event_base_loopbreak(arg);
}

/* Runs in the event loop: requests wait for the compile (a few
 * milliseconds), never for each other's policy. */
static void on_reload_signal(evutil_socket_t sig, short events, void *arg) {
  (void)sig;
  (void)events;
  example_reload_policy(arg);
}

static unsigned bound_port(struct evhttp_bound_socket *bound,
                           unsigned requested) {
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  evutil_socket_t fd = evhttp_bound_socket_get_fd(bound);
  if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    return requested;
  }
  return ntohs(addr.sin_port);
}

static struct evhttp *make_http(struct event_base *base, example_server *srv) {
  struct evhttp *http = evhttp_new(base);
  if (http == NULL) {
    return NULL;
  }
  evhttp_set_allowed_methods(http, ALLOWED_METHODS);
  evhttp_set_max_headers_size(http, MAX_HEADERS_SIZE);
  evhttp_set_timeout(http, CONNECTION_TIMEOUT_SECONDS);
  /* No Content-Type on bodiless answers such as a 204 preflight. */
  evhttp_set_default_content_type(http, NULL);
  evhttp_set_gencb(http, on_request, srv);
  return http;
}

static int serve(example_server *srv, unsigned port) {
  int status = EXAMPLE_EXIT_START;
  struct event_base *base = event_base_new();
  struct evhttp *http = base != NULL ? make_http(base, srv) : NULL;
  struct event *sigint =
      base != NULL ? evsignal_new(base, SIGINT, on_stop_signal, base) : NULL;
  struct event *sigterm =
      base != NULL ? evsignal_new(base, SIGTERM, on_stop_signal, base) : NULL;
  struct event *sighup =
      base != NULL ? evsignal_new(base, SIGHUP, on_reload_signal, srv) : NULL;
  if (http == NULL || sigint == NULL || sigterm == NULL || sighup == NULL ||
      event_add(sigint, NULL) != 0 || event_add(sigterm, NULL) != 0 ||
      event_add(sighup, NULL) != 0) {
    fprintf(stderr, "%s: cannot set up libevent\n", SERVER_NAME);
  } else {
    struct evhttp_bound_socket *bound =
        evhttp_bind_socket_with_handle(http, "127.0.0.1", (ev_uint16_t)port);
    if (bound == NULL) {
      fprintf(stderr, "%s: cannot listen on 127.0.0.1:%u\n", SERVER_NAME, port);
    } else {
      char library[64];
      snprintf(library, sizeof library, "libevent %s", event_get_version());
      example_print_listening(srv, bound_port(bound, port), library);
      status =
          event_base_dispatch(base) < 0 ? EXAMPLE_EXIT_START : EXIT_SUCCESS;
    }
  }
  if (sigint != NULL) {
    event_free(sigint);
  }
  if (sigterm != NULL) {
    event_free(sigterm);
  }
  if (sighup != NULL) {
    event_free(sighup);
  }
  if (http != NULL) {
    evhttp_free(http);
  }
  if (base != NULL) {
    event_base_free(base);
  }
  return status;
}

int main(void) {
  example_server srv = {SERVER_NAME, NULL, NULL, NULL};
  unsigned port = 0;
  if (!example_port_from_env(&srv, &port)) {
    return EXAMPLE_EXIT_START;
  }
  int loaded = example_load_policy(&srv);
  if (loaded != 0) {
    return loaded;
  }
  /* A peer closing early must not kill the server. */
  signal(SIGPIPE, SIG_IGN);
  int status = serve(&srv, port);
  example_server_free(&srv);
  return status;
}
