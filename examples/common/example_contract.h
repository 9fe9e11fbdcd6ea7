/*
 * The example server contract (docs/server-contract.md), written once and
 * shared by every example server. An adapter for an HTTP library only has to:
 *
 *   1. load the policy at start-up with example_load_policy(),
 *   2. for each request, collect the method, the path and every request
 *      header line into an example_request and call example_handle(),
 *   3. write back resp->status, every resp->headers[i] and the body.
 *
 * example_handle() puts libcors in front of everything (the outermost
 * layer): a preflight is answered from the CORS verdict before routing or
 * authentication, and every other response, 401/404/500 included, gets the
 * CORS headers, with the result's Vary merged into the route's own Vary.
 * It also writes the one log line per request.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef CORS_EXAMPLE_CONTRACT_H
#define CORS_EXAMPLE_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include <cors/cors.h>

#define EXAMPLE_DEFAULT_PORT 8000u
#define EXAMPLE_MAX_HEADERS 32
/* Room for the largest body: the counters' Prometheus text. */
#define EXAMPLE_BODY_MAX CORS_COUNTERS_TEXT_BOUND
/* Header values are copied here NUL-terminated, since both HTTP libraries
 * want C strings. Larger than any request head either server accepts, so
 * a reflected Access-Control-Allow-Headers always fits. */
#define EXAMPLE_ARENA_MAX 65536

/* Exit statuses of the example servers. */
#define EXAMPLE_EXIT_CONFIG 1 /* CORS configuration error (message printed) */
#define EXAMPLE_EXIT_START 2  /* bad PORT, cannot listen, out of memory */

/* A growable array of raw request header lines, filled by an adapter. */
typedef struct example_headers {
  cors_raw_header *items;
  size_t count;
  size_t cap;
} example_headers;

void example_headers_init(example_headers *h);
/* Appends one line (the strings are borrowed, not copied). Returns false
 * when out of memory. */
bool example_headers_push(example_headers *h, const char *name, size_t name_len,
                          const char *value, size_t value_len);
void example_headers_free(example_headers *h);

/* One request as the adapter hands it over. `path` is the decoded path
 * without the query string. */
typedef struct example_request {
  const char *method;
  const char *path;
  const cors_raw_header *headers;
  size_t header_count;
} example_request;

typedef struct example_header {
  const char *name;  /* NUL-terminated, in the response's arena */
  const char *value; /* NUL-terminated, in the response's arena */
} example_header;

/* The response to write. Big (the arena): allocate it with
 * example_response_new(). */
typedef struct example_response {
  int status;
  size_t header_count;
  example_header headers[EXAMPLE_MAX_HEADERS];
  size_t body_len;
  char body[EXAMPLE_BODY_MAX];
  size_t arena_used;
  char arena[EXAMPLE_ARENA_MAX];
} example_response;

example_response *example_response_new(void);
void example_response_free(example_response *resp);

/* What every server shares: its name for messages, the live policy that
 * a SIGHUP reloads, and the counters served at GET /metrics. */
typedef struct example_server {
  const char *name;        /* "cors_example_microhttpd", ... */
  cors_live *live;         /* the policy in force */
  cors_counters *counters; /* every request's verdict */
  const char *env_file;    /* CORS_ENV_FILE, or NULL: the environment */
} example_server;

/* Loads the policy and compiles it, printing every warning to stderr:
 * from the .env file named by CORS_ENV_FILE when it is set (the process
 * environment's CORS variables are then not read), otherwise from the
 * process environment (docs/semantics.md, "The environment"). Creates the
 * live handle and the counters, and returns 0. On a configuration error
 * prints the loader's message naming the variable (or the file and line)
 * and returns EXAMPLE_EXIT_CONFIG; out of memory, it prints so and returns
 * EXAMPLE_EXIT_START. Either way nothing is left allocated. */
int example_load_policy(example_server *srv);

/* On SIGHUP: re-reads CORS_ENV_FILE and swaps the new policy in with
 * cors_live_reload(), configured as at start-up, so its warnings are
 * printed as the start's are; requests in flight finish on the old one. A
 * bad file or value is logged and the running policy keeps serving.
 * Without CORS_ENV_FILE it only logs that nothing can change: a process
 * cannot see its environment change. Call it from one thread at a time. */
void example_reload_policy(example_server *srv);

/* Frees the live handle and the counters. */
void example_server_free(example_server *srv);

/* Reads PORT (default 8000; 0 picks a free port). Prints a message and
 * returns false when PORT is not a number in 0..65535. */
bool example_port_from_env(const example_server *srv, unsigned *port);

/* Prints the ready line the tests wait for:
 * "<name>: listening on http://127.0.0.1:<port> (<library>)". */
void example_print_listening(const example_server *srv, unsigned port,
                             const char *library);

/* Decides and answers one request (see the top of this file) into `resp`,
 * logs it and counts it. Thread-safe: each request acquires the current
 * policy and releases it once the response is built. */
void example_handle(const example_server *srv, const example_request *req,
                    example_response *resp);

/* "OK", "No Content", "Unauthorized"... for a status line. */
const char *example_reason_phrase(int status);

#endif /* CORS_EXAMPLE_CONTRACT_H */
