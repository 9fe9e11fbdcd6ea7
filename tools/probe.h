/* cors-check probe: what a browser decides about a live server, and why.
 * Shared declarations of the probe's parts: arguments (probe_args.c), the
 * HTTP exchanges through libcurl (probe_http.c, the only file that does
 * I/O), the request chain as Fetch runs it (probe_run.c) and the report
 * (probe_output.c). The decisions are the library's:
 * cors_browser_check_response() and Chromium's request safelist. */
#ifndef CORS_TOOLS_PROBE_H
#define CORS_TOOLS_PROBE_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "resphead.h"

/* Exit statuses of `cors-check probe`. */
enum {
  PROBE_EXIT_ALLOWED = 0,
  PROBE_EXIT_BLOCKED = 1,
  PROBE_EXIT_USAGE = 4,
  PROBE_EXIT_NETWORK = 5,
  PROBE_EXIT_REDIRECT = 6 /* stopped at a redirect (--no-follow) */
};

#define PROBE_MAX_PAGE_HEADERS 64 /* -H flags */
#define PROBE_MAX_REDIRECTS 20    /* Fetch's limit */
#define PROBE_DEFAULT_TIMEOUT_MS 10000L
#define PROBE_MAX_URL 8192
#define PROBE_MAX_ORIGIN 1024

/* One request header a page sets: -H, duplicates joined with ", " as the
 * Headers object joins them. Owned strings. */
typedef struct probe_header {
  char *name;
  char *value;
} probe_header;

typedef struct probe_options {
  const char *url;
  const char *origin;
  char *method; /* normalized as fetch() normalizes it; owned */
  probe_header headers[PROBE_MAX_PAGE_HEADERS];
  size_t header_count;
  char *cookie; /* --cookie values joined with "; "; owned */
  bool credentials, private_network, no_follow, json, insecure, help;
  long timeout_ms;
} probe_options;

/* Parses `cors-check probe ...` (argv[0] is "probe"). Returns
 * PROBE_EXIT_ALLOWED, or PROBE_EXIT_USAGE after printing the problem, which
 * names the argument, to stderr. */
int probe_parse_args(int argc, char **argv, probe_options *opts);
void probe_options_free(probe_options *opts);
void probe_print_help(FILE *out);

/* Header names compared as HTTP compares them: ASCII case-insensitively
 * (NUL-terminated names). */
bool probe_same_name(const char *a, const char *b);

/* ---- URLs (probe_http.c, through libcurl's URL parser) ---------------- */

typedef struct probe_url {
  char *href;           /* the normalized URL; owned */
  char *origin;         /* scheme "://" host [":" port], lower case; owned */
  char *scheme;         /* "http" or "https"; owned */
  char *host;           /* lower case, IPv6 in brackets; owned */
  bool has_credentials; /* userinfo in the URL */
} probe_url;

/* Parses an absolute URL, or `ref` relative to `base` when base is not
 * NULL. False with a one-line reason when it does not parse or its scheme
 * is not http or https. */
bool probe_url_parse(const char *base, const char *ref, probe_url *out,
                     char *why, size_t why_cap);
void probe_url_free(probe_url *u);

/* ---- one HTTP exchange (probe_http.c) ---------------------------------- */

typedef struct probe_http_request {
  const char *url;
  const char *method;
  const cors_raw_header *headers; /* every header sent, in order */
  size_t count;
  long timeout_ms;
  bool insecure;
} probe_http_request;

typedef struct probe_http_response {
  char *head; /* the raw head as received; owned */
  size_t head_len;
  cors_resphead parsed; /* slices into head */
} probe_http_response;

/* Sends one request (no redirect followed, no cookie engine, no body read)
 * and parses the response head. Returns true, or false with a one-line
 * reason (connection refused, DNS, TLS, timeout, malformed response). */
bool probe_http_send(const probe_http_request *rq, probe_http_response *rs,
                     char *why, size_t why_cap);
void probe_http_response_free(probe_http_response *rs);
void probe_http_global_init(void);
void probe_http_global_cleanup(void);

/* ---- the chain (probe_run.c) ------------------------------------------- */

typedef enum probe_kind {
  PROBE_PREFLIGHT,
  PROBE_REDIRECT,
  PROBE_ACTUAL
} probe_kind;

/* The request lines the report shows and the check reads (owned). */
#define PROBE_MAX_SENT (PROBE_MAX_PAGE_HEADERS + 12)

typedef struct probe_exchange {
  probe_kind kind;
  probe_url url;
  char *method;
  /* What was sent: names and values point into `storage` and the page's
   * headers (kept alive by the options). */
  cors_raw_header sent[PROBE_MAX_SENT];
  size_t sent_count;
  char *request_method; /* a preflight's ACRM value; owned */
  char *storage;        /* a preflight's ACRH value; owned */
  cors_request request; /* the check's view of `sent` */
  probe_http_response response;
  cors_browser_verdict verdict;
  bool no_response; /* the request failed: network error */
  probe_url next;   /* a followed redirect's target */
  bool has_next;
} probe_exchange;

/* Preflight, then actual request, per hop: 2 per hop, at most 21 hops. */
#define PROBE_MAX_EXCHANGES (2 * (PROBE_MAX_REDIRECTS + 1))

typedef enum probe_outcome {
  PROBE_ALLOWED,
  PROBE_BLOCKED,
  PROBE_STOPPED_AT_REDIRECT,
  PROBE_NETWORK_ERROR,
  PROBE_SAME_ORIGIN /* no CORS request at all */
} probe_outcome;

typedef struct probe_report {
  const probe_options *opts;
  probe_exchange exchanges[PROBE_MAX_EXCHANGES];
  size_t count;
  /* Why the first request needs a preflight ("" when it does not). */
  char preflight_reason[256];
  probe_outcome outcome;
  cors_cause cause;
  size_t cause_at; /* the exchange that failed, with a cause */
  /* A reason that is not a response's: the network error, or why a
   * redirect could not be followed. */
  char message[512];
  char user_agent[64]; /* the User-Agent every request sends */
} probe_report;

/* Runs the fetch() that the options describe and fills the report. */
void probe_run(const probe_options *opts, probe_report *rep);
void probe_report_free(probe_report *rep);

/* ---- output (probe_output.c) ------------------------------------------- */

/* Prints the report (human text, or one JSON object with --json) and
 * returns the exit status. */
int probe_print(const probe_report *rep);

/* The entry point of `cors-check probe` (probe_main.c, or probe_nocurl.c
 * in a build without libcurl). argv[0] is "probe". */
int probe_main(int argc, char **argv);

#endif
