/* cors-check: shared declarations of the tool's parts (arguments, policy,
 * request, output). Not a library header. */
#ifndef CORS_TOOLS_CORS_CHECK_H
#define CORS_TOOLS_CORS_CHECK_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rawhead.h"

/* Exit statuses of docs/cors-check.md. */
enum {
  CHECK_EXIT_ALLOWED = 0, /* allowed, or with --lint / --dump: valid */
  CHECK_EXIT_DENIED = 1,
  CHECK_EXIT_CONFIG = 2,
  CHECK_EXIT_INPUT = 3,
  CHECK_EXIT_USAGE = 4
};

#define CHECK_MAX_FLAG_HEADERS CORS_RAWHEAD_MAX_HEADERS

typedef struct check_options {
  bool json, lint, dump, no_env, help, version;
  bool strict; /* --strict: dangerous lint findings are errors */
  /* Policy flags standing in for a variable: value and the flag's name,
   * which becomes the name the loader reports in errors and warnings. */
  const char *env_value[CORS_ENV_VAR_COUNT];
  const char *env_flag[CORS_ENV_VAR_COUNT];
  char *origins_csv; /* --origin / --origins joined; owned */
  bool has_preflight_status, has_failure_status;
  int preflight_status, failure_status;
  const char *env_file;   /* --env-file: variables from this .env file */
  const char *env_prefix; /* --env-prefix: prepended to every name */
  /* Request flags. */
  const char *method;                          /* -X */
  const char *headers[CHECK_MAX_FLAG_HEADERS]; /* -H, as given */
  size_t header_count;
} check_options;

/* Parses argv into opts. Returns CHECK_EXIT_ALLOWED on success, otherwise
 * CHECK_EXIT_USAGE after printing the problem to stderr. */
int check_parse_args(int argc, char **argv, check_options *opts);
void check_options_free(check_options *opts);
void check_print_help(FILE *out);

/* Warnings collected while loading and compiling, as display lines
 * ("<code>: <message>", the message naming the variable and entry). */
#define CHECK_MAX_WARNINGS 64
typedef struct check_warnings {
  char *lines[CHECK_MAX_WARNINGS];
  size_t count;
  size_t dropped;
  const char *prefix; /* --env-prefix, taken off flag names in messages */
} check_warnings;
void check_warnings_free(check_warnings *w);

/* The policy and where each setting came from. */
typedef struct check_policy {
  cors_policy *policy;
  /* In report-only mode, the same policy enforcing: what the server
   * would send once report-only is turned off (NULL otherwise). */
  cors_policy *enforcing;
  check_warnings warnings;
  /* The name that each variable was read under (variable or flag). */
  const char *names[CORS_ENV_VAR_COUNT];
  char prefixed[CORS_ENV_VAR_COUNT][CORS_ERROR_FIELD_MAX];
} check_policy;

/* Builds the policy from the environment and the flags. Returns
 * CHECK_EXIT_ALLOWED, or CHECK_EXIT_CONFIG after printing the error. */
int check_build_policy(const check_options *opts, check_policy *out);
void check_policy_free(check_policy *p);

/* The request from -X/-H, or from a raw head or curl -v output on stdin.
 * `input` and `curl_head` keep the bytes the request points into. */
typedef struct check_request {
  cors_request req;
  cors_rawhead head;
  cors_raw_header flag_headers[CHECK_MAX_FLAG_HEADERS];
  char *input;     /* stdin bytes, owned */
  char *curl_head; /* the head extracted from curl -v output, owned */
} check_request;

/* Returns CHECK_EXIT_ALLOWED, or CHECK_EXIT_INPUT / CHECK_EXIT_USAGE after
 * printing the problem. */
int check_build_request(const check_options *opts, check_request *out);
void check_request_free(check_request *r);

/* Output. Each returns the exit status. `enforced` is the result under
 * p->enforcing in report-only mode, otherwise `res` itself. */
int check_print_result(const check_options *opts, const check_policy *p,
                       const cors_result *res, const cors_result *enforced);
int check_print_lint(const check_options *opts, const check_policy *p);
int check_print_dump(const check_policy *p);

/* The "why" sentence of a verdict, for the text and the JSON output:
 * cors_result_explain() plus the names of the variables or flags that
 * would change the verdict, written into out (NUL-terminated). False, with
 * out empty, when an allowed CORS request needs no explanation. */
#define CHECK_WHY_MAX (CORS_EXPLAIN_BOUND + 160)
bool check_why(const check_policy *p, const cors_result *res, char *out,
               size_t cap);

/* Writes bytes from a request, a server or a user so that they cannot
 * drive a terminal: anything outside 0x20-0x7e as \xHH. */
void check_print_escaped(FILE *out, const char *s, size_t len);

/* Writes s as a JSON string literal (quotes included). */
void check_json_string(FILE *out, const char *s, size_t len);

/* FNV-1a, 64 bits. */
unsigned long long check_fnv1a64(const char *s, size_t len);

#endif
