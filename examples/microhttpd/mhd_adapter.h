/*
 * examples/common on GNU libmicrohttpd: what the example server and the
 * nginx tests' upstream share. The adapter collects each request's header
 * lines into an example_request, lets a handler build the response, and
 * writes that response back.
 * SPDX-License-Identifier: MIT
 */
#ifndef CORS_EXAMPLE_MHD_ADAPTER_H
#define CORS_EXAMPLE_MHD_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "example_contract.h"

typedef struct example_mhd_handler {
  /* Builds the response to one request; false when it could not, and the
   * connection is closed without an answer. Called from libmicrohttpd's
   * thread. */
  bool (*answer)(void *cls, const example_request *req, example_response *resp);
  void *cls;
} example_mhd_handler;

/* Starts libmicrohttpd on 127.0.0.1:`port` (0 picks a free port) in its
 * own thread, with `memory_limit` bytes per connection (which caps the
 * request head). `handler` must outlive the daemon. *bound receives the
 * port it listens on. Returns NULL when it cannot listen; stop it with
 * MHD_stop_daemon(). */
struct MHD_Daemon *example_mhd_start(unsigned port, size_t memory_limit,
                                     const example_mhd_handler *handler,
                                     unsigned *bound);

#endif /* CORS_EXAMPLE_MHD_ADAPTER_H */
