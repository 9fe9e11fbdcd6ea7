/*
 * libcors - a sans-I/O CORS policy engine for C HTTP servers.
 * SPDX-License-Identifier: MIT
 *
 * Overview
 * --------
 * libcors has three tiers, and data flows one way through them:
 *
 *   text / environment  ->  cors_config   (mutable builder, one thread)
 *   cors_policy_compile ->  cors_policy   (immutable, share across threads)
 *   cors_evaluate(policy, request) -> cors_result (headers to send)
 *
 * The library never reads sockets, writes responses, logs, or starts
 * threads. The host calls cors_evaluate() as the outermost layer of every
 * request and either answers at once (CORS_ACTION_RESPOND, a preflight) or
 * runs its application and adds the result's headers to whatever the
 * application answers (CORS_ACTION_CONTINUE), 401 and 500 included.
 *
 *   cors_config *cfg = cors_config_new(NULL);
 *   cors_error err;
 *   cors_policy *pol = NULL;
 *   if (cors_config_load_env(cfg, NULL, NULL, NULL, &err) != CORS_OK ||
 *       cors_policy_compile(cfg, &pol, &err) != CORS_OK)
 *     die(err.message);
 *   cors_config_free(cfg);                 // the policy keeps its own copy
 *   cors_request req;
 *   cors_request_init(&req);
 *   req.method = cors_slice_cstr("GET");
 *   req.origin = cors_slice_cstr("http://localhost:3000");
 *   cors_result res;
 *   cors_evaluate(pol, &req, &res);        // never fails, never allocates
 *   for (size_t i = 0; i < res.header_count; i++) add_header(&res.headers[i]);
 *
 * Conventions used by every declaration below
 * -------------------------------------------
 * - Strings cross the API as pointer + length (cors_slice or two arguments);
 *   they need not be NUL-terminated. `_cstr` variants take C strings.
 * - Functions returning cors_status return CORS_OK (0) on success and one of
 *   the listed codes otherwise. When a `cors_error *err` argument is given
 *   (it may be NULL) it is filled on failure; filling it never allocates.
 * - "Allocates" means through the config's cors_allocator (or PCRE2 using
 *   the same hooks). cors_evaluate() and the request/format helpers never
 *   allocate.
 * - Objects are owned by whoever created them; `_free(NULL)` is a no-op.
 */
#ifndef CORS_CORS_H
#define CORS_CORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cors/cors_version.h>

/* CORS_API marks the exported functions. Define CORS_STATIC when linking
 * the static library on Windows (the CMake target and libcors.pc do it). */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(CORS_STATIC)
#define CORS_API
#elif defined(CORS_BUILDING_LIBRARY)
#define CORS_API __declspec(dllexport)
#else
#define CORS_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define CORS_API __attribute__((visibility("default")))
#else
#define CORS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Version
 * ---------------------------------------------------------------------- */

/* The running library's version: number as 0xMMmmpp, string "M.m.p".
 * Compare with CORS_VERSION_NUM to detect a header/library mismatch.
 * Never fails, never allocates, thread-safe. `string` may be NULL. */
CORS_API uint32_t cors_version(const char **string);

/* ------------------------------------------------------------------------
 * Slices
 * ---------------------------------------------------------------------- */

/* A borrowed byte string: `len` bytes at `ptr`, not NUL-terminated.
 * ptr == NULL means "absent" (a header that was not sent). */
typedef struct cors_slice {
  const char *ptr;
  size_t len;
} cors_slice;

/* Slice over a C string; NULL gives the absent slice. Never allocates. */
CORS_API cors_slice cors_slice_cstr(const char *s);

/* ------------------------------------------------------------------------
 * Status codes (errors). Pinned forever: never renumbered or reused.
 * ---------------------------------------------------------------------- */

typedef enum cors_status {
  CORS_OK = 0,
  /* An allocation failed; nothing was changed or leaked. */
  CORS_ERR_NOMEM = 1,
  /* A NULL object or otherwise unusable argument was passed. */
  CORS_ERR_INVALID_ARGUMENT = 2,
  /* A configured origin is malformed (path, slash, query, userinfo, port,
   * scheme, control byte...). */
  CORS_ERR_INVALID_ORIGIN = 3,
  /* A configured method is not a valid HTTP token. */
  CORS_ERR_INVALID_METHOD = 4,
  /* CONNECT, TRACE or TRACK: methods the Fetch Standard forbids. */
  CORS_ERR_FORBIDDEN_METHOD = 5,
  /* A configured header name is not a valid HTTP token. */
  CORS_ERR_INVALID_HEADER = 6,
  /* The origin regex does not compile (message and offset from PCRE2). */
  CORS_ERR_INVALID_REGEX = 7,
  /* Origin `*` with credentials, without the dangerous opt-in. */
  CORS_ERR_WILDCARD_WITH_CREDENTIALS = 8,
  /* Exposed header `*` with credentials: browsers would expose nothing. */
  CORS_ERR_EXPOSE_WILDCARD_WITH_CREDENTIALS = 9,
  /* Max age negative or not a number. */
  CORS_ERR_INVALID_MAX_AGE = 10,
  /* A preflight status outside its allowed range. */
  CORS_ERR_INVALID_STATUS = 11,
  /* A boolean setting that is not true/false/1/0/yes/no. */
  CORS_ERR_INVALID_BOOLEAN = 12,
  /* The destination buffer is too small (the needed size is reported). */
  CORS_ERR_BUFFER_TOO_SMALL = 13,
  /* A list has more entries than the library accepts (see CORS_MAX_*). */
  CORS_ERR_TOO_MANY_ENTRIES = 14,
  /* A value is empty where a value is required (reserved: this version
   * reports empty booleans and numbers as INVALID_BOOLEAN/INVALID_MAX_AGE). */
  CORS_ERR_EMPTY_VALUE = 15
} cors_status;

/* A static English description of `code`; never NULL ("unknown status" for
 * values this version does not know). Thread-safe, never allocates. */
CORS_API const char *cors_strerror(cors_status code);

#define CORS_ERROR_FIELD_MAX 64
#define CORS_ERROR_MESSAGE_MAX 384

/* Filled by a failing call. Caller-owned; no pointer inside needs freeing.
 * `field` names the setting or environment variable ("FRONTEND_ORIGINS",
 * "origins", "methods", ...), `index` the 0-based entry within a list (-1
 * when not a list), `offset` the byte offset within that entry (-1 when
 * unknown; for a regex, PCRE2's error offset). `message` is one line that
 * names the entry, says why it is refused and, where obvious, the fix. */
typedef struct cors_error {
  cors_status code;
  long index;
  long offset;
  char field[CORS_ERROR_FIELD_MAX];
  char message[CORS_ERROR_MESSAGE_MAX];
} cors_error;

/* ------------------------------------------------------------------------
 * Warnings (lint): non-fatal findings of configuration and compile.
 * ---------------------------------------------------------------------- */

typedef enum cors_warning_code {
  /* An http:// origin that is not loopback, with credentials on. */
  CORS_WARN_INSECURE_ORIGIN = 1,
  /* The origin `null` is configured (sandboxed iframes, file: pages...). */
  CORS_WARN_NULL_ORIGIN = 2,
  /* The same entry is configured twice (after normalization). */
  CORS_WARN_DUPLICATE = 3,
  /* The regex has an unescaped `.` that matches any character. */
  CORS_WARN_REGEX_UNESCAPED_DOT = 4,
  /* The regex lacks ^...$ anchors; it is fully anchored anyway. */
  CORS_WARN_REGEX_UNANCHORED = 5,
  /* Max age above what browsers honour (Chromium caps at 7200 s). */
  CORS_WARN_MAX_AGE_CAPPED = 6,
  /* A CORS-safelisted response header is listed as exposed. */
  CORS_WARN_SAFELISTED_EXPOSED = 7,
  /* `*` in allowed headers while Authorization is not listed by name. */
  CORS_WARN_WILDCARD_WITHOUT_AUTHORIZATION = 8,
  /* The environment loader used the localhost development origins. */
  CORS_WARN_DEV_DEFAULTS_USED = 9,
  /* No origin is allowed at all (dev defaults off, nothing configured). */
  CORS_WARN_NO_ORIGINS = 10,
  /* `*` with credentials was allowed by the dangerous opt-in. */
  CORS_WARN_DANGEROUS_WILDCARD = 11
} cors_warning_code;

/* One finding. Pointers are valid only during the callback. */
typedef struct cors_warning {
  cors_warning_code code;
  const char *field; /* setting or variable it comes from */
  long index;        /* 0-based entry, or -1 */
  const char *message;
} cors_warning;

typedef void (*cors_warning_fn)(const cors_warning *warning, void *ud);

/* Stable short identifier of a warning code ("insecure-origin", ...);
 * never NULL. */
CORS_API const char *cors_warning_code_string(cors_warning_code code);

/* ------------------------------------------------------------------------
 * Allocator hooks
 * ---------------------------------------------------------------------- */

/* Memory functions with a user pointer. The config copies the struct; the
 * policy compiled from it copies it again and frees through it, and PCRE2
 * allocates through the same hooks while compiling. The only allocation
 * on the evaluation path, a thread's regex match data (created at its
 * first regex match, freed at thread exit or by cors_thread_cleanup()),
 * uses the C library's malloc, since it outlives any one policy. NULL (or a struct whose three function
 * pointers are NULL) means the C library's malloc/realloc/free.
 * `realloc` may be NULL: the library then uses malloc + copy + free. */
typedef struct cors_allocator {
  void *(*malloc)(size_t size, void *ud);
  void *(*realloc)(void *ptr, size_t size, void *ud);
  void (*free)(void *ptr, void *ud);
  void *ud;
} cors_allocator;

/* ------------------------------------------------------------------------
 * Configuration builder (cors_config)
 * ---------------------------------------------------------------------- */

typedef struct cors_config cors_config;

/* Limits that keep configuration and evaluation bounded. */
#define CORS_MAX_ORIGINS 1000000
#define CORS_MAX_LIST_ENTRIES 1024 /* methods, headers, exposed headers */
#define CORS_MAX_ENTRY_LEN 2048    /* one origin / method / header name */

/* A new, empty configuration. Defaults until a setter says otherwise:
 * no origin allowed; credentials off; methods GET, HEAD, POST; no allowed
 * request headers; no exposed headers; no max age (no header sent);
 * private-network access off; preflight statuses 204 / 403.
 * Allocates through `alloc` (copied; NULL = stdlib). Returns NULL when out
 * of memory. Not thread-safe: use one config from one thread. */
CORS_API cors_config *cors_config_new(const cors_allocator *alloc);

/* Frees the config and everything it owns. Policies compiled from it stay
 * valid. NULL is a no-op. */
CORS_API void cors_config_free(cors_config *cfg);

/* Receives every warning of cors_config_load_env() and
 * cors_policy_compile() on this config, synchronously. NULL disables. */
CORS_API void cors_config_set_warning_handler(cors_config *cfg,
                                              cors_warning_fn fn, void *ud);

// Adds one allowed origin: an exact serialized origin
// ("https://app.example.com", "capacitor://localhost", "null"), `*` (any
// origin), a subdomain pattern ("https://*.example.com": strict subdomains
// only), a port pattern ("http://localhost:*": any port, or none), or both
// ("https://*.example.com:*"). Scheme and host are lowercased and the
// default port of http (80) / https (443) dropped.
// Errors: CORS_ERR_INVALID_ORIGIN (entry named, reason, and the fix when
// obvious, e.g. "remove the trailing slash"), CORS_ERR_TOO_MANY_ENTRIES,
// CORS_ERR_NOMEM, CORS_ERR_INVALID_ARGUMENT. On error nothing is added.
// Allocates. (Line comments here: the patterns contain a slash-star.)
CORS_API cors_status cors_config_add_origin(cors_config *cfg,
                                            const char *origin, size_t len,
                                            cors_error *err);
CORS_API cors_status cors_config_add_origin_cstr(cors_config *cfg,
                                                 const char *origin,
                                                 cors_error *err);

/* Adds every entry of a comma-separated list of origins. Whitespace around
 * entries is trimmed, empty entries are skipped, quotes are not special.
 * `err->index` is the entry's position in the list (counting empty ones).
 * All-or-nothing: on error no entry of this list is added. Allocates. */
CORS_API cors_status cors_config_add_origins_csv(cors_config *cfg,
                                                 const char *csv, size_t len,
                                                 cors_error *err);

/* Sets the origin regex (PCRE2 syntax), replacing any earlier one. A
 * request origin is allowed when the whole origin matches (as Python's
 * re.fullmatch: anchored at both ends; `$` never matches before a final
 * newline). Validated now: CORS_ERR_INVALID_REGEX with PCRE2's message and
 * `err->offset`. An empty pattern clears the regex. Allocates. */
CORS_API cors_status cors_config_set_origin_regex(cors_config *cfg,
                                                  const char *pattern,
                                                  size_t len, cors_error *err);

/* Credentials (cookies, Authorization): when on, Access-Control-Allow-Origin
 * always echoes the request's origin and Access-Control-Allow-Credentials:
 * true is sent. Never fails. */
CORS_API void cors_config_set_credentials(cors_config *cfg, bool on);

/* Dangerous opt-in: lets origin `*` go with credentials (every origin is
 * reflected with credentials: any site can read user data). Compile then
 * warns instead of failing. Never fails. */
CORS_API void cors_config_set_dangerous_wildcard_with_credentials(
    cors_config *cfg, bool on);

/* Allowed methods. The first call replaces the default list. Methods are
 * tokens, compared case-sensitively, except that delete/get/head/options/
 * post/put are upper-cased as the Fetch Standard normalizes them. `*`
 * allows any valid method. Errors: CORS_ERR_INVALID_METHOD,
 * CORS_ERR_FORBIDDEN_METHOD (CONNECT, TRACE, TRACK), CORS_ERR_NOMEM,
 * CORS_ERR_TOO_MANY_ENTRIES. The _csv form replaces the whole list
 * (an empty string: no method allowed), all-or-nothing. Allocates. */
CORS_API cors_status cors_config_add_method(cors_config *cfg,
                                            const char *method, size_t len,
                                            cors_error *err);
CORS_API cors_status cors_config_set_methods_csv(cors_config *cfg,
                                                 const char *csv, size_t len,
                                                 cors_error *err);

/* Allowed request headers (Access-Control-Request-Headers), compared
 * case-insensitively. `*` allows any header except Authorization, which
 * must be listed by name. Errors: CORS_ERR_INVALID_HEADER, CORS_ERR_NOMEM,
 * CORS_ERR_TOO_MANY_ENTRIES. _csv replaces the list. Allocates. */
CORS_API cors_status cors_config_add_allowed_header(cors_config *cfg,
                                                    const char *name,
                                                    size_t len,
                                                    cors_error *err);
CORS_API cors_status cors_config_set_allowed_headers_csv(cors_config *cfg,
                                                         const char *csv,
                                                         size_t len,
                                                         cors_error *err);

/* Exposed response headers (Access-Control-Expose-Headers), in the order
 * given. `*` exposes all (not with credentials). Same errors as above.
 * _csv replaces the list. Allocates. */
CORS_API cors_status cors_config_add_exposed_header(cors_config *cfg,
                                                    const char *name,
                                                    size_t len,
                                                    cors_error *err);
CORS_API cors_status cors_config_set_exposed_headers_csv(cors_config *cfg,
                                                         const char *csv,
                                                         size_t len,
                                                         cors_error *err);

/* Access-Control-Max-Age in seconds; sent on every allowed preflight once
 * set (0 included). Errors: CORS_ERR_INVALID_MAX_AGE when negative.
 * cors_config_clear_max_age() goes back to sending none. */
CORS_API cors_status cors_config_set_max_age(cors_config *cfg, long seconds,
                                             cors_error *err);
CORS_API void cors_config_clear_max_age(cors_config *cfg);

/* Private Network Access: when on, a preflight carrying
 * Access-Control-Request-Private-Network: true is answered with
 * Access-Control-Allow-Private-Network: true; when off such a preflight is
 * denied. Never fails. */
CORS_API void cors_config_set_private_network(cors_config *cfg, bool on);

/* Status of an allowed preflight (200-299, default 204) and of a denied one
 * (200-599, default 403). Errors: CORS_ERR_INVALID_STATUS. */
CORS_API cors_status cors_config_set_preflight_status(cors_config *cfg,
                                                      int status,
                                                      cors_error *err);
CORS_API cors_status cors_config_set_preflight_failure_status(
    cors_config *cfg, int status, cors_error *err);

/* ------------------------------------------------------------------------
 * Environment loader
 * ---------------------------------------------------------------------- */

/* The variables read by cors_config_load_env(), by index. */
typedef enum cors_env_var {
  CORS_ENV_FRONTEND_ORIGINS = 0,
  CORS_ENV_ALLOW_ORIGINS_REGEX = 1,
  CORS_ENV_ALLOW_CREDENTIALS = 2,
  CORS_ENV_ALLOW_METHODS = 3,
  CORS_ENV_ALLOW_HEADERS = 4,
  CORS_ENV_EXPOSE_HEADERS = 5,
  CORS_ENV_MAX_AGE = 6,
  CORS_ENV_ALLOW_PRIVATE_NETWORK = 7,
  CORS_ENV_DEV_DEFAULTS = 8
} cors_env_var;
#define CORS_ENV_VAR_COUNT 9

/* The default name of variable `var` ("FRONTEND_ORIGINS", ...), or NULL
 * for an unknown index. */
CORS_API const char *cors_env_default_name(cors_env_var var);

/* Returns the value of variable `name`, or NULL when it is unset. The
 * string must stay valid until the loader returns. */
typedef const char *(*cors_env_lookup_fn)(const char *name, void *ctx);

/* Options of the loader. Initialise with cors_env_options_init(), then
 * override names (NULL keeps the default). Grows only at the end; `size`
 * tells the library which version the caller was compiled against. */
typedef struct cors_env_options {
  size_t size;
  const char *names[CORS_ENV_VAR_COUNT];
} cors_env_options;

CORS_API void cors_env_options_init(cors_env_options *opts);

/* Applies the environment (docs/environment.md) to `cfg`: FRONTEND_ORIGINS (CSV),
 * ALLOW_ORIGINS_REGEX, CORS_ALLOW_CREDENTIALS (default true),
 * CORS_ALLOW_METHODS (default GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE),
 * CORS_ALLOW_HEADERS (default the seed backend's 13 headers),
 * CORS_EXPOSE_HEADERS (default ETag, Location, Retry-After, X-Request-ID,
 * X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset),
 * CORS_MAX_AGE (default 3600), CORS_ALLOW_PRIVATE_NETWORK (default false),
 * CORS_DEV_DEFAULTS (default true: with no origin configured, allow
 * http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173 and
 * http://127.0.0.1:5173, reported as warning CORS_WARN_DEV_DEFAULTS_USED).
 * `lookup` NULL means getenv (ctx unused); `opts` NULL means default names.
 * Every bad value is an error naming the variable (err->field) and, for
 * lists, the entry (err->index): CORS_ERR_INVALID_ORIGIN,
 * CORS_ERR_INVALID_REGEX, CORS_ERR_INVALID_BOOLEAN (also for a boolean set
 * to ""), CORS_ERR_INVALID_MAX_AGE (also for ""), CORS_ERR_INVALID_METHOD,
 * CORS_ERR_FORBIDDEN_METHOD, CORS_ERR_INVALID_HEADER,
 * CORS_ERR_TOO_MANY_ENTRIES, CORS_ERR_INVALID_ARGUMENT (NULL config, or an
 * overriding name that is empty or too long), CORS_ERR_NOMEM. On error the config may hold part of the environment:
 * free it. Allocates. */
CORS_API cors_status cors_config_load_env(cors_config *cfg,
                                          cors_env_lookup_fn lookup,
                                          void *ctx,
                                          const cors_env_options *opts,
                                          cors_error *err);

/* Whether the last cors_config_load_env() fell back to the development
 * origins. */
CORS_API bool cors_config_used_dev_defaults(const cors_config *cfg);

/* ------------------------------------------------------------------------
 * Compiled policy (cors_policy)
 * ---------------------------------------------------------------------- */

typedef struct cors_policy cors_policy;

/* Validates `cfg` as a whole and compiles it into an immutable policy that
 * owns copies of everything (the config may be freed right after).
 * Cross-setting errors: CORS_ERR_WILDCARD_WITH_CREDENTIALS,
 * CORS_ERR_EXPOSE_WILDCARD_WITH_CREDENTIALS; also CORS_ERR_INVALID_REGEX,
 * CORS_ERR_NOMEM, CORS_ERR_INVALID_ARGUMENT. Warnings go to the config's
 * warning handler. On success *out is a new policy; on failure *out is
 * NULL and nothing leaks. Allocates through the config's allocator. */
CORS_API cors_status cors_policy_compile(const cors_config *cfg,
                                         cors_policy **out, cors_error *err);

/* Frees a policy. No cors_result pointing into it may be used afterwards.
 * NULL is a no-op. */
CORS_API void cors_policy_free(cors_policy *policy);

/* Writes a canonical, stable text description of the policy (one setting
 * per line, sorted where order does not matter) into buf (NUL-terminated
 * when cap > 0). Returns the length the full text needs, excluding the NUL,
 * as snprintf does: a return >= cap means it was truncated. Never
 * allocates. Thread-safe. */
CORS_API size_t cors_policy_dump(const cors_policy *policy, char *buf,
                                 size_t cap);

/* Frees the calling thread's regex scratch space (created on its first
 * regex match). Optional: it is also freed when the thread exits. */
CORS_API void cors_thread_cleanup(void);

/* ------------------------------------------------------------------------
 * Requests
 * ---------------------------------------------------------------------- */

/* How many Access-Control-Request-Headers lines a request may carry; more
 * makes the request malformed (browsers send one). */
#define CORS_MAX_REQUEST_HEADER_LINES 8

/* The CORS-relevant parts of one request; every slice borrows the host's
 * memory, which must outlive any cors_result computed from it.
 * Initialise with cors_request_init(); the struct only grows at the end. */
typedef struct cors_request {
  cors_slice method;          /* request method, case-sensitive */
  cors_slice origin;          /* Origin value; .ptr NULL = no Origin */
  unsigned origin_count;      /* Origin lines seen; >1 = malformed */
  cors_slice request_method;  /* Access-Control-Request-Method */
  unsigned request_method_count; /* its lines; >1 = malformed */
  /* Access-Control-Request-Headers lines, one comma-joined list. */
  cors_slice request_headers[CORS_MAX_REQUEST_HEADER_LINES];
  /* Lines seen (may exceed the array: malformed). 0 with
   * request_headers[0] set counts as one line. */
  unsigned request_headers_count;
  cors_slice request_private_network; /* ...-Request-Private-Network */
} cors_request;

/* Zeroes `req` (no Origin, nothing requested). Never fails. */
CORS_API void cors_request_init(cors_request *req);

/* A raw request header as an HTTP library hands it out. */
typedef struct cors_raw_header {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
} cors_raw_header;

/* Initialises `req` from the method and an array of raw header lines:
 * names compared case-insensitively, values trimmed of spaces and tabs,
 * every Origin / Access-Control-Request-Method line counted, repeated
 * Access-Control-Request-Headers lines kept as one list. Irrelevant headers
 * are ignored. Never fails, never allocates; `req` borrows the inputs. */
CORS_API void cors_request_from_headers(cors_request *req, const char *method,
                                        size_t method_len,
                                        const cors_raw_header *headers,
                                        size_t count);

/* ------------------------------------------------------------------------
 * Evaluation
 * ---------------------------------------------------------------------- */

typedef enum cors_kind {
  CORS_KIND_NONE = 0,      /* no Origin: not a CORS request */
  CORS_KIND_PREFLIGHT = 1, /* OPTIONS + Origin + non-empty ACRM */
  CORS_KIND_ACTUAL = 2     /* anything else with an Origin */
} cors_kind;

typedef enum cors_action {
  /* Run the application, then add the headers to whatever it answers
   * (every status: 200, 401, 404, 500...). */
  CORS_ACTION_CONTINUE = 0,
  /* Answer now with `status`, these headers and an empty body. */
  CORS_ACTION_RESPOND = 1
} cors_action;

/* Why a request was denied (or CORS_REASON_NONE). A denial is a verdict,
 * not an error. Pinned values. */
typedef enum cors_reason {
  CORS_REASON_NONE = 0,
  CORS_REASON_NOT_CORS = 1,              /* allowed: no Origin header */
  CORS_REASON_ORIGIN_NOT_ALLOWED = 2,
  CORS_REASON_ORIGIN_INVALID = 3,        /* not a serialized origin */
  CORS_REASON_MULTIPLE_ORIGINS = 4,
  CORS_REASON_METHOD_NOT_ALLOWED = 5,
  CORS_REASON_METHOD_INVALID = 6,
  CORS_REASON_HEADER_NOT_ALLOWED = 7,
  CORS_REASON_HEADER_INVALID = 8,
  CORS_REASON_HEADERS_MALFORMED = 9,     /* too many empty elements, lines */
  CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED = 10,
  CORS_REASON_MALFORMED_REQUEST = 11     /* e.g. repeated ACRM */
} cors_reason;

/* Stable snake_case identifier of a reason ("origin_not_allowed", ...);
 * never NULL. */
CORS_API const char *cors_reason_string(cors_reason reason);
CORS_API const char *cors_kind_string(cors_kind kind);     /* "none", ... */
CORS_API const char *cors_action_string(cors_action action); /* "respond" */

/* One response header. Name and value point into the policy (precomputed)
 * or into the request (a reflected origin, method or header list): valid
 * while both live. Never holds CR, LF, NUL or other control bytes. */
typedef struct cors_header {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
} cors_header;

/* The most headers a result can hold. */
#define CORS_MAX_RESULT_HEADERS (8 + CORS_MAX_REQUEST_HEADER_LINES)

typedef struct cors_result {
  cors_kind kind;
  bool allowed;
  cors_reason reason;
  /* The request item that caused the denial (the refused method or
   * header name, the invalid origin), pointing into the request; absent
   * otherwise. */
  cors_slice reason_detail;
  cors_action action;
  int status; /* with CORS_ACTION_RESPOND; 0 with CONTINUE */
  size_t header_count;
  /* The headers to send. A `Vary` header here must be merged into any Vary
   * the application sets (append its tokens), never replace it. */
  cors_header headers[CORS_MAX_RESULT_HEADERS];
} cors_result;

/* Decides `req` under `policy` and fills `res`. Never fails, never
 * blocks; reentrant and thread-safe (many threads may share one policy).
 * Never allocates, except the thread's regex match data at its first regex
 * match; a regex using backtracking-control verbs ("(*...)") runs on
 * PCRE2's interpreter, which may grow that match data on a deeper match
 * (bounded by a 1 MiB heap limit). Linear in the request's header lengths,
 * O(1) in the number of exact origins. */
CORS_API void cors_evaluate(const cors_policy *policy, const cors_request *req,
                            cors_result *res);

/* Writes the result's headers as HTTP/1.1 lines ("Name: value\r\n") into
 * buf and a terminating NUL. *written (may be NULL) receives the length
 * without the NUL on success, or the length needed (without the NUL) on
 * CORS_ERR_BUFFER_TOO_SMALL, in which case buf holds an empty string when
 * cap > 0. Never writes past cap, never allocates. */
CORS_API cors_status cors_result_format(const cors_result *res, char *buf,
                                        size_t cap, size_t *written);

/* Enough for cors_result_format() with any result whose request-derived
 * values (origin, method, requested header lines) total at most
 * `reflected` bytes, under a policy with no exposed headers; see
 * cors_policy_format_bound() for a bound that counts the policy's. */
#define CORS_FORMAT_BOUND(reflected) (1024 + (reflected))

/* Enough for cors_result_format() with any result of this policy whose
 * request-derived values total at most `reflected` bytes: includes the
 * configured Access-Control-Expose-Headers value. Never allocates. */
CORS_API size_t cors_policy_format_bound(const cors_policy *policy,
                                         size_t reflected);

/* ------------------------------------------------------------------------
 * Browser-side check (test oracle)
 * ---------------------------------------------------------------------- */

/* Replays the browser's side of the Fetch Standard on a result: the CORS
 * check (§4.8: ACAO equals the origin, or `*` without credentials; ACAC
 * exactly "true" with credentials) and, for a preflight, the
 * CORS-preflight check (§4.10: ok status, ACAM covers the method, ACAH
 * covers each requested header, `*` only without credentials and never for
 * Authorization; and when the preflight asked for private-network access,
 * Access-Control-Allow-Private-Network: true). Request values are taken as
 * given (not trimmed), as cors_evaluate() takes them. Returns true when a
 * browser would let the page read the response (actual) or proceed
 * (preflight). `why` (may be NULL) receives a static explanation on false.
 * Never allocates; thread-safe. */
CORS_API bool cors_browser_check(const cors_request *req,
                                 const cors_result *res,
                                 bool include_credentials, const char **why);

#ifdef __cplusplus
}
#endif

#endif /* CORS_CORS_H */
