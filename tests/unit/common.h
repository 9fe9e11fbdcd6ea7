/* Shared helpers of the unit suites: build a policy from a small spec,
 * build a request, look at a result. Every suite links common.c, which
 * provides main() and calls unit_suite(). */
#ifndef CORS_TESTS_UNIT_COMMON_H
#define CORS_TESTS_UNIT_COMMON_H

#include <cors/cors.h>

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

/* A slice over a string literal, embedded NUL bytes included. */
#define SL(s) {(s), sizeof(s) - 1}
#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The suite of this executable (defined by each suite file). NULL means
 * the suite cannot run in this build: main() exits 77, which CTest
 * reports as skipped. */
Suite *unit_suite(void);

/* A policy in a few fields. Zero means "not set": library defaults. */
typedef struct policy_spec {
  const char *origins;         /* CSV for cors_config_add_origins_csv */
  const char *regex;           /* origin regex */
  bool credentials;
  bool dangerous_wildcard;     /* `*` with credentials opt-in */
  const char *methods;         /* CSV; NULL keeps the default list */
  const char *allowed_headers; /* CSV; NULL keeps none */
  const char *exposed_headers; /* CSV; NULL keeps none */
  bool has_max_age;
  long max_age;
  bool private_network;
  int success_status; /* 0: default */
  int failure_status; /* 0: default */
} policy_spec;

/* The seed backend: http://localhost:3000, credentials, its methods, its
 * 13 allowed headers, its 7 exposed headers, max age 3600. */
policy_spec seed_spec(void);
#define SEED_ORIGIN "http://localhost:3000"
#define SEED_METHODS "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"
#define SEED_ALLOWED_HEADERS                                                  \
  "Authorization, Content-Type, X-Request-ID, X-CSRF-Token, If-None-Match, "  \
  "If-Match, Idempotency-Key, X-Client, Cache-Control, Pragma, "              \
  "X-Session-Id, X-Requested-With, X-Reauth"
#define SEED_EXPOSED_HEADERS                                                  \
  "ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, "            \
  "X-RateLimit-Remaining, X-RateLimit-Reset"

/* Applies the spec to a fresh config (stdlib allocator); fails the test
 * with the library's message when a setter refuses. */
cors_config *config_from_spec(const policy_spec *spec);
/* The same on an existing config (e.g. after setting a warning handler). */
void config_apply_spec(cors_config *cfg, const policy_spec *spec);
/* config_from_spec + compile; fails the test when compile refuses. */
cors_policy *policy_from_spec(const policy_spec *spec);

/* A request in a few fields. method NULL means "GET"; a NULL string (or
 * a slice with a NULL ptr) means the header is absent. */
typedef struct request_spec {
  const char *method;
  cors_slice origin;
  const char *acrm;
  const char *acrh;
  const char *acrpn;
} request_spec;

void request_from_spec(cors_request *req, const request_spec *spec);
/* Shorthand: one evaluation of a spec'd request. */
void evaluate_spec(const cors_policy *pol, const request_spec *spec,
                   cors_result *res);
/* A GET from `origin` (a C string), evaluated. It asserts nothing, so
 * any thread may call it. */
cors_result evaluate_get(const cors_policy *pol, const char *origin);

/* The result's header named `name` (case-insensitive), or NULL. Fails the
 * test if the name appears twice. */
const cors_header *result_header(const cors_result *res, const char *name);
/* True when header `name` is present with exactly `value`. */
bool header_equals(const cors_result *res, const char *name,
                   const char *value);
/* True when the comma-separated value holds `token`, compared
 * case-insensitively after trimming spaces and tabs. */
bool list_has_token(const char *value, size_t len, const char *token);
/* True when needle's bytes occur in hay[0..hlen). */
bool bytes_contain(const char *hay, size_t hlen, const char *needle);
/* Number of comma-separated non-empty elements of a value. */
size_t list_count(const char *value, size_t len);

/* Fails the test unless the result's header names are exactly `names`
 * (any order, each once). `names` ends with NULL. */
void assert_header_set(const cors_result *res, const char *const *names,
                       const char *ctx);
/* Fails the test if any header name or value holds a byte below 0x20 or
 * 0x7f, or if a header has an empty name. */
void assert_output_safe(const cors_result *res, const char *ctx);

/* A printable copy of n bytes (control and high bytes as \xHH) in a
 * static rotating buffer: for assertion messages only. */
const char *printable(const char *s, size_t n);

/* True under Valgrind (the suites' memcheck twins), which runs some fifty
 * times slower: timing bounds and generated inputs are scaled there. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

/* Check's default per-test timeout is short; heavy cases ask for more. */
#define UNIT_TIMEOUT 60

/* Collected compile/config warnings. */
#define MAX_WARNINGS 64
typedef struct warning_log {
  size_t count;
  cors_warning_code code[MAX_WARNINGS];
  long index[MAX_WARNINGS];
  char field[MAX_WARNINGS][CORS_ERROR_FIELD_MAX];
  char message[MAX_WARNINGS][CORS_ERROR_MESSAGE_MAX];
} warning_log;

void warning_log_handler(const cors_warning *w, void *ud);
/* policy_from_spec(), with every warning of the config and the compile
 * in `log` (emptied first). */
cors_policy *policy_from_spec_logged(const policy_spec *spec,
                                     warning_log *log);
/* How many warnings of `code` the log holds. */
size_t warning_log_count(const warning_log *log, cors_warning_code code);
/* The first warning of `code`, or -1. */
long warning_log_find(const warning_log *log, cors_warning_code code);


/* An allocator that counts live blocks and can fail its Nth call (and,
 * from then on, every call when fail_on is set). ud is the heap itself. */
typedef struct fail_heap {
  long calls;    /* malloc + realloc calls so far */
  long fail_at;  /* this call fails (0: none) */
  bool fail_on;  /* ...and every later one too */
  long live;     /* blocks allocated and not yet freed */
  long failures; /* calls refused */
} fail_heap;

cors_allocator fail_heap_hooks(fail_heap *heap);

#endif
