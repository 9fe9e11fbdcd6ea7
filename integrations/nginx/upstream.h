/*
 * The application behind nginx in the tests and in the contract launcher:
 * the example server contract's routes (examples/common) with no CORS of
 * its own, on libmicrohttpd. Everything CORS a client sees comes from
 * ngx_http_cors_module.
 * SPDX-License-Identifier: MIT
 */
#ifndef CORS_NGINX_UPSTREAM_H
#define CORS_NGINX_UPSTREAM_H

#include <microhttpd.h>

/* Starts the upstream on 127.0.0.1:`port` (0 picks a free port) in its own
 * thread; *bound receives the port. NULL when it cannot listen. */
struct MHD_Daemon *cors_nginx_upstream_start(unsigned port, unsigned *bound);

#endif /* CORS_NGINX_UPSTREAM_H */
