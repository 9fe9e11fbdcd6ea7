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
 * Running in production (since 1.1): a cors_live handle serves the current
 * policy and swaps in a reloaded one without stopping requests
 * (cors_live_acquire / cors_live_release around each request,
 * cors_live_reload_env on SIGHUP); cors_envtext_parse reads a .env text;
 * cors_request_add_header builds a request header by header;
 * cors_vary_merge / cors_result_format_vary merge the result's Vary into
 * the application's; cors_result_explain gives a log line for a denial;
 * cors_counters count verdicts for a metrics endpoint; report-only mode
 * and an origin callback are config settings.
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
  CORS_ERR_EMPTY_VALUE = 15,
  /* Strict lint (cors_config_set_strict_lint): an origin pattern or the
   * regex admits hosts that anyone can register (since 1.1). */
  CORS_ERR_PUBLIC_SUFFIX = 16,
  /* A malformed line in a .env text; `index` is its 1-based line number
   * (since 1.1). */
  CORS_ERR_ENVTEXT_SYNTAX = 17
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
  /* The regex has an unescaped `.` outside a character class and not
   * followed by a quantifier: it matches any character, so
   * "^https://app.example.com$" also admits "https://appXexample.com".
   * (`.*` and `.+` are intended and do not warn.) */
  CORS_WARN_REGEX_UNESCAPED_DOT = 4,
  /* Retired in 1.1, never emitted: the regex always matches the whole
   * origin, so missing ^...$ anchors are no mistake. Kept reserved. */
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
  CORS_WARN_DANGEROUS_WILDCARD = 11,
  // Since 1.1. Hosts anyone can register get in: a subdomain pattern
  // whose base is a public suffix ("https://*.vercel.app",
  // "https://*.co.uk"), or a regex that fully matches a probe origin whose
  // registrable domain the regex does not name (".*\.vercel\.app$"
  // admits zzprobe.vercel.app, ".*example\.com$" admits
  // zzprobeexample.com). Needs the Public Suffix List: see
  // cors_lint_has_public_suffix_list(). An error under strict lint.
  // (Line comments: the patterns contain a slash-star.)
  CORS_WARN_REGISTRABLE_DOMAIN = 12,
  /* Since 1.1. The regex fully matches fixed probe origins under two
   * different registrable domains ("^https://.*$",
   * "^https://[a-z]+\.com$"). Found without the Public Suffix List. An
   * error under strict lint. */
  CORS_WARN_REGEX_TOO_BROAD = 13
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

/* Whether this libcors can check public suffixes: true when it was built
 * with libpsl, whose built-in Public Suffix List (ICANN and private
 * sections: com, co.uk, vercel.app, github.io...) it reads; no file is
 * opened. Without it, compile skips CORS_WARN_REGISTRABLE_DOMAIN (the
 * other lint findings need no list), and a tool should say that public
 * suffixes were not checked rather than stay silent, as cors-check --lint
 * does. Never fails, never allocates, thread-safe. Since 1.1. */
CORS_API bool cors_lint_has_public_suffix_list(void);

/* ------------------------------------------------------------------------
 * Allocator hooks
 * ---------------------------------------------------------------------- */

/* Memory functions with a user pointer. The config copies the struct; the
 * policy compiled from it copies it again and frees through it, and PCRE2
 * allocates through the same hooks while compiling. The only allocation
 * on the evaluation path, a thread's regex match data (created at its
 * first regex match, freed at thread exit or by cors_thread_cleanup()),
 * uses the C library's malloc, since it outlives any one policy. NULL (or
 * a struct whose three function pointers are NULL) means the C library's
 * malloc/realloc/free.
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

/* Limits that keep configuration and evaluation bounded. Every one is
 * reachable in seconds: CORS_MAX_ORIGINS bounds the origins list (exact
 * origins and patterns together), whose compile is O(n log n) and whose
 * lookups do not grow with it (exact origins: a hash set; subdomain and
 * port patterns: indexed by host suffix). */
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

/* Report-only (shadow) mode, since 1.1: policies compiled from this config
 * decide kind, allowed, reason and reason_detail as usual, but every
 * result's action is CORS_ACTION_CONTINUE, its status 0 and it holds no
 * header, so the application's own CORS handling stays in force while the
 * host logs and counts what libcors would decide. The host learns it with
 * cors_policy_report_only(). Default off. Never fails. */
CORS_API void cors_config_set_report_only(cors_config *cfg, bool on);

/* Strict lint, since 1.1: the two dangerous lint findings (a pattern or
 * regex admitting hosts anyone can register: CORS_WARN_REGISTRABLE_DOMAIN,
 * CORS_WARN_REGEX_TOO_BROAD) make cors_policy_compile() fail with
 * CORS_ERR_PUBLIC_SUFFIX instead of warning; the error names the entry
 * (or the regex) and what it admits. Default off, so that whether a
 * configuration is accepted never depends on how the library was built
 * (with or without libpsl) nor on updates of the Public Suffix List.
 * The environment loader sets it from CORS_STRICT_LINT. Never fails. */
CORS_API void cors_config_set_strict_lint(cors_config *cfg, bool on);

/* Decides whether an origin no configured entry allows is allowed after
 * all (say, tenant origins held in a database). `origin` is the request's
 * bytes, `len` long, not NUL-terminated and valid only during the call. */
typedef bool (*cors_origin_fn)(const char *origin, size_t len, void *ud);

/* Origin callback, since 1.1: `fn` is consulted only for a syntactically
 * valid origin, other than `null`, that no exact entry, pattern or the
 * regex allowed (so never under `*`, which allows every valid origin;
 * never for an invalid, repeated or absent Origin). true allows the
 * origin exactly as a listed one: ACAO echoes it, with credentials too
 * (no `*` rule applies to it), and a preflight still checks method and
 * headers. cors_evaluate() calls it from many threads at once: it must be
 * thread-safe, and its cost, allocations and blocking are the host's
 * (cors_evaluate "never blocks" unless the callback does; keep it fast or
 * cached). `ud` is passed back as is and must outlive every policy
 * compiled from this config. fn NULL removes the callback. Never fails. */
CORS_API void cors_config_set_origin_callback(cors_config *cfg,
                                              cors_origin_fn fn, void *ud);

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
 * override what you need (NULL keeps the default). The struct only grows
 * at the end; `size` tells the library which version the caller was
 * compiled against, and the loader reads a field only when `size` covers
 * it, so a program built against 1.0 keeps working. */
typedef struct cors_env_options {
  size_t size;
  /* The name of each variable of cors_env_var (NULL: the default). */
  const char *names[CORS_ENV_VAR_COUNT];
  /* Since 1.1. Prepended to every variable name, default or given:
   * "PUBLIC_" reads PUBLIC_FRONTEND_ORIGINS, PUBLIC_CORS_MAX_AGE... so one
   * process can load several policies. NULL or "" means no prefix. */
  const char *prefix;
  /* Since 1.1. The names of CORS_REPORT_ONLY and CORS_STRICT_LINT (NULL:
   * the default). */
  const char *report_only_name;
  const char *strict_lint_name;
} cors_env_options;

/* Zeroes `size` bytes of *opts and sets opts->size = size. Use it through
 * the cors_env_options_init() macro below, which passes the size of the
 * struct this header declares. Sizes smaller than the 1.0 struct are
 * ignored. Never fails, never allocates. */
CORS_API void cors_env_options_init_sized(cors_env_options *opts,
                                          size_t size);

/* The 1.0 entry point: initialises only the 1.0 part of the struct (size
 * and names). Kept for programs built against 1.0; the macro below
 * routes new callers to cors_env_options_init_sized(). */
CORS_API void cors_env_options_init(cors_env_options *opts);
#define cors_env_options_init(opts)                                           \
  cors_env_options_init_sized((opts), sizeof(cors_env_options))

/* Applies the environment (docs/semantics.md#the-environment) to `cfg`:
 * FRONTEND_ORIGINS (CSV),
 * ALLOW_ORIGINS_REGEX, CORS_ALLOW_CREDENTIALS (default true),
 * CORS_ALLOW_METHODS (default GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE),
 * CORS_ALLOW_HEADERS (default the seed backend's 13 headers),
 * CORS_EXPOSE_HEADERS (default ETag, Location, Retry-After, X-Request-ID,
 * X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset),
 * CORS_MAX_AGE (default 3600), CORS_ALLOW_PRIVATE_NETWORK (default false),
 * CORS_DEV_DEFAULTS (default true: with no origin configured, allow
 * http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173 and
 * http://127.0.0.1:5173, reported as warning CORS_WARN_DEV_DEFAULTS_USED),
 * and since 1.1 CORS_REPORT_ONLY and CORS_STRICT_LINT (booleans; unset
 * leaves the config's setting as the host made it, default false).
 * `lookup` NULL means getenv (ctx unused); `opts` NULL means default names
 * and no prefix. A name (prefix included) must be 1 to
 * CORS_ERROR_FIELD_MAX - 1 bytes long and hold no '='; otherwise
 * CORS_ERR_INVALID_ARGUMENT (field "prefix" or "names") and nothing is
 * read.
 * Every bad value is an error naming the variable (err->field) and, for
 * lists, the entry (err->index): CORS_ERR_INVALID_ORIGIN,
 * CORS_ERR_INVALID_REGEX, CORS_ERR_INVALID_BOOLEAN (also for a boolean set
 * to ""), CORS_ERR_INVALID_MAX_AGE (also for ""), CORS_ERR_INVALID_METHOD,
 * CORS_ERR_FORBIDDEN_METHOD, CORS_ERR_INVALID_HEADER,
 * CORS_ERR_TOO_MANY_ENTRIES (also, field "names", when one config has
 * been loaded under more than 8 different sets of names: load each prefix
 * into its own config), CORS_ERR_INVALID_ARGUMENT (NULL config, or an
 * overriding name that is empty or too long), CORS_ERR_NOMEM. On error
 * the config may hold part of the environment: free it. Allocates. */
CORS_API cors_status cors_config_load_env(cors_config *cfg,
                                          cors_env_lookup_fn lookup,
                                          void *ctx,
                                          const cors_env_options *opts,
                                          cors_error *err);

/* Whether the last cors_config_load_env() fell back to the development
 * origins. */
CORS_API bool cors_config_used_dev_defaults(const cors_config *cfg);

/* ------------------------------------------------------------------------
 * .env text (since 1.1)
 * ---------------------------------------------------------------------- */

/* The variables of a .env file, parsed from text the host read (the
 * library does no I/O). Feed them to the loader with
 *   cors_config_load_env(cfg, cors_envtext_lookup, t, opts, &err);
 * or to cors_live_reload_env(). Immutable once parsed. */
typedef struct cors_envtext cors_envtext;

/* Parses `len` bytes of dotenv text (NUL bytes are refused, so it need not
 * be NUL-terminated). One assignment per line:
 *   - blank lines and lines whose first non-blank byte is `#` are skipped;
 *   - `[export ]NAME=VALUE`: NAME is letters, digits and `_`, not starting
 *     with a digit; blanks (space, tab) around NAME, `=` and VALUE are
 *     trimmed; lines end with LF or CRLF; a leading UTF-8 BOM is skipped;
 *   - 'single-quoted' values are taken literally;
 *   - "double-quoted" values know three escapes, \n (a newline), \" and
 *     \\; any other backslash stays as written (a regex keeps its \.);
 *   - a quoted value may be followed by blanks and a `#` comment, nothing
 *     else; quoted values do not span lines;
 *   - an unquoted value runs to the end of the line or to a `#` that
 *     follows a blank (`A=b#c` is "b#c"; `A=b #c` is "b");
 *   - the last assignment of a name wins;
 *   - values are never expanded: a value holding `${` is refused (other
 *     dotenv readers would substitute a variable; silently differing is
 *     worse than refusing).
 * A malformed line (no `=`, a bad name, an unterminated quote, text after
 * a closing quote, `${`, a control byte other than tab) is
 * CORS_ERR_ENVTEXT_SYNTAX: err->index is its 1-based line number,
 * err->offset the 0-based byte within the line, err->field the name when
 * it was read; the message names line and name but never quotes a value
 * (.env files hold secrets). Other errors: CORS_ERR_NOMEM,
 * CORS_ERR_INVALID_ARGUMENT (NULL out, or NULL text with len > 0). On
 * success *out owns a copy of what it needs (the text may be freed); on
 * failure *out is NULL. Allocates once, through `alloc` (copied; NULL =
 * stdlib). Linear in `len`. Reentrant. */
CORS_API cors_status cors_envtext_parse(const char *text, size_t len,
                                        const cors_allocator *alloc,
                                        cors_envtext **out, cors_error *err);

/* A cors_env_lookup_fn: the value of `name` in the cors_envtext passed as
 * `envtext` (its last assignment), or NULL when the text does not assign
 * it (or either argument is NULL). The string lives as long as the
 * cors_envtext. Never allocates; thread-safe (the text is immutable). */
CORS_API const char *cors_envtext_lookup(const char *name, void *envtext);

/* Frees a parsed text. NULL is a no-op. */
CORS_API void cors_envtext_free(cors_envtext *t);

/* ------------------------------------------------------------------------
 * Compiled policy (cors_policy)
 * ---------------------------------------------------------------------- */

typedef struct cors_policy cors_policy;

/* Validates `cfg` as a whole and compiles it into an immutable policy that
 * owns copies of everything (the config may be freed right after).
 * Cross-setting errors: CORS_ERR_WILDCARD_WITH_CREDENTIALS,
 * CORS_ERR_EXPOSE_WILDCARD_WITH_CREDENTIALS; also CORS_ERR_INVALID_REGEX,
 * CORS_ERR_NOMEM, CORS_ERR_INVALID_ARGUMENT, and under strict lint
 * CORS_ERR_PUBLIC_SUFFIX. Warnings (lint) go to the config's warning
 * handler. To lint the regex, compile matches it against at most 64
 * probe origins, each bounded like any match. On success *out is a new
 * policy; on failure *out is NULL and nothing leaks. Allocates through
 * the config's allocator (the probes' match data too, freed before the
 * return). O(n log n) in the number of entries of every list (a million
 * exact origins compile in about a second, a million patterns in a few,
 * the public-suffix lint of each included). */
CORS_API cors_status cors_policy_compile(const cors_config *cfg,
                                         cors_policy **out, cors_error *err);

/* Drops one reference to the policy and frees it when that was the last
 * (since 1.1 policies are reference-counted; a compiled policy starts with
 * one reference, its creator's, so a program that never calls
 * cors_policy_ref() frees as in 1.0). No cors_result pointing into a freed
 * policy may be used afterwards. NULL is a no-op. Thread-safe: references
 * to one policy may be dropped from several threads at once. */
CORS_API void cors_policy_free(cors_policy *policy);

/* Adds one reference to `policy` and returns it (NULL for NULL); each
 * reference is dropped by one cors_policy_free(). The caller must already
 * hold a reference. Never fails, never allocates, never blocks;
 * thread-safe. Since 1.1. */
CORS_API cors_policy *cors_policy_ref(cors_policy *policy);

/* Whether the policy was compiled in report-only mode
 * (cors_config_set_report_only): its results never hold a header. False
 * for NULL. Never allocates; thread-safe. Since 1.1. */
CORS_API bool cors_policy_report_only(const cors_policy *policy);

/* Writes a canonical, stable text description of the policy (one setting
 * per line, sorted where order does not matter) into buf (NUL-terminated
 * when cap > 0). Returns the length the full text needs, excluding the NUL,
 * as snprintf does: a return >= cap means it was truncated. Never
 * allocates. Thread-safe. */
CORS_API size_t cors_policy_dump(const cors_policy *policy, char *buf,
                                 size_t cap);

/* Frees the calling thread's regex scratch space (created on its first
 * regex match). Optional: it is also freed when the thread exits, by a
 * thread-specific-data destructor. Evaluating after that destructor ran
 * (from a destructor of the host's own, in the same thread exit) is safe:
 * the scratch is created again and freed by the next destructor round; a
 * host destructor that may run in the last round (POSIX guarantees 4)
 * calls cors_thread_cleanup() when done. When the process has no thread
 * key left (PTHREAD_KEYS_MAX), libcors caches nothing: each regex match
 * creates and frees its own match data (malloc), and no key of anyone
 * else is touched. Never fails; affects only the calling thread. */
CORS_API void cors_thread_cleanup(void);

/* ------------------------------------------------------------------------
 * Live policy: hot reload without stopping requests (since 1.1)
 * ---------------------------------------------------------------------- */

/* A handle on the policy currently in force. Each request acquires the
 * current policy, evaluates, writes its response (the result points into
 * that policy), then releases it; a reload compiles a new policy and swaps
 * it in. A swap never waits for requests in flight (they finish on the
 * policy they acquired, which the last release frees), and an acquire
 * never waits for a compile or a slow client: the handle's lock is held
 * only for one pointer load and one reference increment (acquire) or one
 * pointer exchange (swap).
 *
 *   cors_policy *p = cors_live_acquire(live);
 *   cors_evaluate(p, &req, &res);
 *   ... write the response with res.headers ...
 *   cors_live_release(live, p);
 */
typedef struct cors_live cors_live;

/* A live handle serving `initial`, taking over the caller's reference to
 * it (do not free it yourself; cors_live_free() does). `alloc` (copied;
 * NULL = stdlib) allocates the handle and the configs of
 * cors_live_reload(), and so the reloaded policies. Returns NULL when out
 * of memory or when `initial` is NULL; the caller then keeps its
 * reference. Allocates. */
CORS_API cors_live *cors_live_new(cors_policy *initial,
                                  const cors_allocator *alloc);

/* The current policy with one more reference: the caller owns that
 * reference and must give it back with cors_live_release() once no result
 * pointing into the policy is used any more. NULL for a NULL handle.
 * Never allocates; thread-safe; waits only for another thread's acquire
 * or swap (a few instructions), never for a reload or a request. */
CORS_API cors_policy *cors_live_acquire(cors_live *live);

/* Gives back a reference taken by cors_live_acquire(); frees the policy
 * when it was the last (a policy swapped out while requests held it).
 * Today the same as cors_policy_free(policy). NULL is a no-op. Thread-safe;
 * never allocates. */
CORS_API void cors_live_release(cors_live *live, cors_policy *policy);

/* Makes `next` the current policy, taking over the caller's reference to
 * it, and drops the handle's reference to the previous one (freed now if
 * no request holds it, otherwise by the last release). Requests that
 * acquire afterwards get `next`. A NULL `next` is ignored; with a NULL
 * `live`, `next`'s reference is dropped. Thread-safe; never waits for
 * requests; never allocates. */
CORS_API void cors_live_swap(cors_live *live, cors_policy *next);

/* Signature of the function that fills a fresh config for a reload. It
 * returns CORS_OK or an error (filling `err`, which may be NULL). */
typedef cors_status (*cors_live_configure_fn)(cors_config *cfg, void *ud,
                                              cors_error *err);

/* Reloads: creates a config (with the handle's allocator), calls
 * configure(cfg, ud, err) to fill it the way the host built the first one
 * (setters, origin callback, warning handler, then its loader), compiles
 * it outside any lock and swaps the new policy in. On any error the
 * running policy stays in force and the error is returned: whatever
 * `configure` returns, or cors_policy_compile()'s CORS_ERR_*, or
 * CORS_ERR_NOMEM, or CORS_ERR_INVALID_ARGUMENT (NULL live or configure).
 * Allocates. Thread-safe, but two reloads running at once both swap, in
 * an unspecified order: serialize reloads if that matters (a signal
 * handler thread does). The config is freed before it returns. */
CORS_API cors_status cors_live_reload(cors_live *live,
                                      cors_live_configure_fn configure,
                                      void *ud, cors_error *err);

/* cors_live_reload() with a configure step that is only
 * cors_config_load_env(cfg, lookup, ctx, opts, err): the environment-only
 * case (use cors_envtext_lookup() to reload from a .env file's text).
 * Settings made in code are not kept (the config is fresh) and warnings
 * are not reported; use cors_live_reload() for either. Errors: those of
 * cors_config_load_env() and cors_policy_compile(), CORS_ERR_NOMEM,
 * CORS_ERR_INVALID_ARGUMENT; on error the running policy stays. `lookup`,
 * `ctx` and `opts` are used only during the call. Allocates; thread-safe
 * as cors_live_reload(). */
CORS_API cors_status cors_live_reload_env(cors_live *live,
                                          cors_env_lookup_fn lookup,
                                          void *ctx,
                                          const cors_env_options *opts,
                                          cors_error *err);

/* Drops the handle's reference to its current policy and frees the
 * handle. Policies still acquired stay valid until released. Call it
 * once no thread uses the handle any more. NULL is a no-op. */
CORS_API void cors_live_free(cors_live *live);

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

/* Adds one raw request header line to `req`, for servers that hand out
 * headers one at a time (an iterator or a list): the same rules as
 * cors_request_from_headers(), which is this function applied to each
 * line after cors_request_init() and setting the method. The name is
 * compared case-insensitively; the value is trimmed of spaces and tabs
 * (NULL means empty); Origin and Access-Control-Request-Method lines are
 * counted (a second one makes the request malformed) and the first kept;
 * Access-Control-Request-Headers lines are kept as one list (beyond
 * CORS_MAX_REQUEST_HEADER_LINES they are counted, and the request is
 * malformed); the last Access-Control-Request-Private-Network line wins;
 * any other header, a NULL req or a NULL name is ignored. `req` borrows
 * name and value: the value must outlive any result computed from `req`.
 * Set req->method yourself (cors_slice). Never fails, never allocates;
 * reentrant (one request per thread). Since 1.1. */
CORS_API void cors_request_add_header(cors_request *req, const char *name,
                                      size_t name_len, const char *value,
                                      size_t value_len);

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
   * the application sets (append its tokens), never replace it:
   * cors_vary_merge() and cors_result_format_vary() do it. */
  cors_header headers[CORS_MAX_RESULT_HEADERS];
} cors_result;

/* Decides `req` under `policy` and fills `res`. Never fails, never
 * blocks (unless the host's origin callback does, see
 * cors_config_set_origin_callback()); reentrant and thread-safe (many
 * threads may share one policy).
 * Never allocates, except the thread's regex match data at its first regex
 * match (and at every regex match in a process that has used up its
 * thread keys: see cors_thread_cleanup()); a regex using
 * backtracking-control verbs ("(*...)"), recursion or subroutine calls
 * ("(?R)", "(?1)", "(?&name)"...) runs on PCRE2's interpreter, whose
 * limits bound it, and which may grow that match data on a deeper match
 * (bounded by a 1 MiB heap limit). Linear in the request's header lengths, O(1) in the number of
 * exact origins, O(labels of the origin's host) in the number of subdomain
 * and port patterns. */
CORS_API void cors_evaluate(const cors_policy *policy, const cors_request *req,
                            cors_result *res);

/* Writes the result's headers as HTTP/1.1 lines ("Name: value\r\n") into
 * buf and a terminating NUL. *written (may be NULL) receives the length
 * without the NUL on success, or the length needed (without the NUL) on
 * CORS_ERR_BUFFER_TOO_SMALL, in which case buf holds an empty string when
 * cap > 0. Never writes past cap, never allocates.
 * Size query: call it with buf == NULL and cap == 0 to learn the size
 * first; it returns CORS_ERR_BUFFER_TOO_SMALL (nothing is written, this is
 * the expected answer, not a failure) with *written the length needed,
 * so a buffer of *written + 1 bytes then succeeds:
 *   size_t n = 0;
 *   cors_result_format(&res, NULL, 0, &n);
 *   char *buf = malloc(n + 1);
 *   cors_result_format(&res, buf, n + 1, &n);   // CORS_OK
 * Errors: CORS_ERR_BUFFER_TOO_SMALL; CORS_ERR_INVALID_ARGUMENT when res is
 * NULL, or buf is NULL while cap > 0. Thread-safe (reads res only). */
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
 * Explain (since 1.1)
 * ---------------------------------------------------------------------- */

/* Enough for cors_result_explain() with any result. */
#define CORS_EXPLAIN_BOUND 1024

/* Writes one line for a log (no newline) into buf, NUL-terminated when
 * cap > 0, truncated to cap - 1 bytes if need be; returns the length of
 * the whole line without the NUL, as snprintf does (a return >= cap means
 * it was cut; CORS_EXPLAIN_BOUND always suffices). For a denial: what was
 * refused and which setting would allow it, named generically (the
 * allowed origins, methods or request headers, private network access),
 * e.g. "origin 'https://evil.example' is not allowed: add it to the
 * allowed origins, or match it with a pattern or the origin regex"; a
 * host that knows where the setting comes from (a variable, a prefix, a
 * directive) adds that name. For an allowed request a short line:
 * "allowed: actual request from 'https://app.example.com'", "allowed:
 * preflight (any origin)", "allowed: not a CORS request (...)". Only
 * printable ASCII is ever written: request items are quoted with every
 * byte outside 0x20-0x7e, the quote and the backslash written as \xHH,
 * and cut after 128 bytes with "...". The result's pointers must still be
 * valid (the request, and the policy for an allowed result). NULL res
 * writes "no result"; NULL buf (with any cap) only measures. Never
 * allocates; reentrant. */
CORS_API size_t cors_result_explain(const cors_result *res, char *buf,
                                    size_t cap);

/* ------------------------------------------------------------------------
 * Vary merge (since 1.1)
 * ---------------------------------------------------------------------- */

/* The application may set its own Vary; the result's Vary tokens must
 * join it, not replace it, and not repeat. Merges the application's Vary
 * value (`app_len` bytes at `app_vary`; NULL or empty when it set none;
 * several Vary lines are one list in HTTP: join them with ", " first)
 * with the Vary of `res`, and writes the merged list into buf with a
 * terminating NUL: the application's tokens first, in its order, then the
 * result's that it lacks, separated by ", ", each token once (compared
 * case-insensitively, so "origin, Origin" is one). `*` on either side
 * absorbs everything: the output is "*". Only valid tokens and `*` are
 * copied from the application's value; anything else (empty elements,
 * "a b", control bytes) is dropped, so the output never holds a control
 * byte. An empty merge writes an empty string (send no Vary then).
 * *written (may be NULL) receives the length without the NUL on success,
 * or the length needed on CORS_ERR_BUFFER_TOO_SMALL, when buf holds ""
 * (if cap > 0): call with buf == NULL, cap == 0 to learn the size, then
 * allocate *written + 1. Errors: CORS_ERR_BUFFER_TOO_SMALL,
 * CORS_ERR_INVALID_ARGUMENT (NULL res, NULL app_vary with app_len > 0,
 * NULL buf with cap > 0). Never allocates; reentrant; uses about 7 KB of
 * stack. Work is linear in the values' length up to 240 distinct
 * tokens; beyond, n distinct tokens (a long Vary from an upstream) cost
 * about n * n / 480 hash lookups more: 5 per token for 8 KB of
 * distinct tokens, 29 per token for 64 KB. */
CORS_API cors_status cors_vary_merge(const char *app_vary, size_t app_len,
                                     const cors_result *res, char *buf,
                                     size_t cap, size_t *written);

/* Writes all of the result's header lines as cors_result_format() does,
 * with the merged Vary of cors_vary_merge() in place of the result's
 * (at the end when the result has none; no Vary line at all when the
 * merge is empty). The host then sends these lines and no Vary of its
 * own. Same size reporting, truncation rules and errors as
 * cors_vary_merge(); never allocates; reentrant. */
CORS_API cors_status cors_result_format_vary(const cors_result *res,
                                             const char *app_vary,
                                             size_t app_len, char *buf,
                                             size_t cap, size_t *written);

/* ------------------------------------------------------------------------
 * Counters (since 1.1)
 * ---------------------------------------------------------------------- */

/* Requests counted by kind, verdict and reason, for a metrics endpoint.
 * Lock-free: one relaxed atomic add per request, exact under any number of
 * threads. */
typedef struct cors_counters cors_counters;

/* Enough for cors_counters_format_prometheus() whatever the counts. */
#define CORS_COUNTERS_TEXT_BOUND 10240

/* New counters, all zero. Allocates once through `alloc` (copied; NULL =
 * stdlib); returns NULL when out of memory. */
CORS_API cors_counters *cors_counters_new(const cors_allocator *alloc);

/* Counts one result (its kind, allowed and reason; report-only results
 * are counted like any other, which is the point of report-only). A NULL
 * argument, or a result whose kind or reason this version does not know,
 * is ignored. Thread-safe from any number of threads; never blocks, never
 * allocates. */
CORS_API void cors_counters_record(cors_counters *c, const cors_result *res);

/* The count of one cell (0 for a NULL handle or an unknown kind or
 * reason). Thread-safe; the value may be stale by the adds in flight. */
CORS_API uint64_t cors_counters_get(const cors_counters *c, cors_kind kind,
                                    bool allowed, cors_reason reason);

/* Writes the counters in the Prometheus text exposition format (version
 * 0.0.4, served as "text/plain; version=0.0.4"):
 *   # HELP cors_requests_total Requests decided by libcors, by kind, ...
 *   # TYPE cors_requests_total counter
 *   cors_requests_total{kind="preflight",allowed="false",
 *                       reason="origin_not_allowed"} 3      (one line)
 * then one line per non-zero cell, labels from cors_kind_string(), true/false
 * and cors_reason_string(), in a fixed order (kind, allowed before
 * denied, reason). The cells are read once, so the text is consistent in
 * itself, while other threads keep counting. Same size reporting and
 * truncation rules as cors_result_format() (buf NULL, cap 0 asks for the
 * size; CORS_COUNTERS_TEXT_BOUND always suffices). Errors:
 * CORS_ERR_BUFFER_TOO_SMALL, CORS_ERR_INVALID_ARGUMENT (NULL c, or NULL
 * buf with cap > 0). Never allocates; thread-safe. */
CORS_API cors_status cors_counters_format_prometheus(const cors_counters *c,
                                                     char *buf, size_t cap,
                                                     size_t *written);

/* Frees the counters. No thread may record into them any more. NULL is a
 * no-op. */
CORS_API void cors_counters_free(cors_counters *c);

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
 * The rules are those of cors_browser_check_response() below, read as the
 * standard says where browsers are lenient today: a `*` covering
 * Authorization, or an ungranted private-network preflight, fails here.
 * Never allocates; thread-safe. */
CORS_API bool cors_browser_check(const cors_request *req,
                                 const cors_result *res,
                                 bool include_credentials, const char **why);

/* ------------------------------------------------------------------------
 * Browser-side check of any server's response
 *
 * What a browser (Chromium, following the Fetch Standard) decides about a
 * response that any server sent, libcors or not, given the request as the
 * browser sent it: the CORS check, and for a preflight the CORS-preflight
 * check. cors-check's `probe` command runs it on live servers; the oracle
 * cors_browser_check() above is a thin user of it.
 * ---------------------------------------------------------------------- */

/* Why a browser refuses a response: the first failing check, in the order
 * redirect, status, CORS check, method, headers. Pinned values;
 * cors_cause_string() gives the stable identifier in quotes. */
typedef enum cors_cause {
  CORS_CAUSE_NONE = 0, /* "none": the browser proceeds */
  /* "preflight-status": the preflight got a status outside 200-299
   * (authentication answering before CORS, no route for OPTIONS...). */
  CORS_CAUSE_PREFLIGHT_STATUS = 1,
  /* "preflight-redirect": the preflight was redirected (browsers refuse). */
  CORS_CAUSE_PREFLIGHT_REDIRECT = 2,
  /* "missing-allow-origin": no Access-Control-Allow-Origin. */
  CORS_CAUSE_MISSING_ALLOW_ORIGIN = 3,
  /* "multiple-allow-origin": two ACAO lines, or one holding a list (a
   * comma or a space). */
  CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN = 4,
  /* "origin-mismatch": ACAO names another origin (byte for byte). */
  CORS_CAUSE_ORIGIN_MISMATCH = 5,
  /* "wildcard-with-credentials": ACAO `*` on a credentialed request. */
  CORS_CAUSE_WILDCARD_WITH_CREDENTIALS = 6,
  /* "credentials-not-true": credentialed request, and the
   * Access-Control-Allow-Credentials lines are not exactly one `true`. */
  CORS_CAUSE_CREDENTIALS_NOT_TRUE = 7,
  /* "method-not-allowed": the preflight's Access-Control-Allow-Methods
   * does not cover the method (or does not parse as a token list). */
  CORS_CAUSE_METHOD_NOT_ALLOWED = 8,
  /* "header-not-allowed": Access-Control-Allow-Headers does not cover a
   * requested header (or does not parse as a token list). */
  CORS_CAUSE_HEADER_NOT_ALLOWED = 9,
  /* "redirect-blocked": a redirect response failed the CORS check (the
   * verdict's check_cause says which part). Tools following redirects
   * also use it for a chain of more than 20 hops. */
  CORS_CAUSE_REDIRECT_BLOCKED = 10,
  /* "network-error": no response at all (connection refused, DNS, TLS,
   * timeout). Never returned by cors_browser_check_response(), which
   * always has a response; for tools that do the I/O. */
  CORS_CAUSE_NETWORK_ERROR = 11
} cors_cause;

/* The stable identifier of a cause ("preflight-status", ...); never NULL
 * ("unknown" for values this version does not know). A static string;
 * never allocates; thread-safe. */
CORS_API const char *cors_cause_string(cors_cause cause);

/* Findings on a response the browser accepts: the request works today,
 * but something is wrong. Bits of cors_browser_verdict.warnings. Pinned. */
typedef enum cors_response_warning {
  /* "missing-vary-origin": ACAO names the origin (not `*`) on the answer
   * to a GET or HEAD that a cache may store (no Cache-Control no-store or
   * private), without Vary: Origin (or Vary: *): a shared or browser
   * cache can serve one origin's answer to another. */
  CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN = 1 << 0,
  /* "max-age-capped": Access-Control-Max-Age above 7200 s on a preflight;
   * Chromium caps it there. */
  CORS_RESPONSE_WARN_MAX_AGE_CAPPED = 1 << 1,
  /* "allow-origin-null": ACAO `null` (accepted for a request whose Origin
   * is null): it lets every sandboxed document and data: page in. */
  CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL = 1 << 2,
  /* "authorization-wildcard": only a `*` in Access-Control-Allow-Headers
   * covers a requested Authorization. Browsers accept it today; the Fetch
   * Standard does not (Authorization must be listed by name). */
  CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD = 1 << 3,
  /* "private-network": the preflight asked for private-network access
   * (Access-Control-Request-Private-Network: true) and the answer lacks
   * exactly one Access-Control-Allow-Private-Network: true. Chromium has
   * put these preflights on hold, so this is advice, not a verdict. */
  CORS_RESPONSE_WARN_PRIVATE_NETWORK = 1 << 4
} cors_response_warning;

/* The stable identifier of one warning bit ("missing-vary-origin", ...);
 * never NULL ("unknown" for anything else, combinations included). A
 * static string; never allocates; thread-safe. */
CORS_API const char *cors_response_warning_string(cors_response_warning w);

/* What the browser decided about one response. Caller-allocated; this
 * struct never grows (later versions add functions, not fields). Slices
 * point into the request or into the header array given, and are valid
 * while both are. */
typedef struct cors_browser_verdict {
  bool allowed;      /* the browser proceeds, follows or lets the page read */
  cors_cause cause;  /* CORS_CAUSE_NONE exactly when allowed */
  /* The check that failed: equal to `cause`, except for
   * CORS_CAUSE_REDIRECT_BLOCKED, where it is the CORS-check cause that
   * the redirect response failed (CORS_CAUSE_MISSING_ALLOW_ORIGIN...). */
  cors_cause check_cause;
  bool preflight; /* the request is a preflight (OPTIONS, Origin, ACRM) */
  /* The status is a redirect (301, 302, 303, 307, 308) and a Location
   * line has a value: a browser follows it when allowed (never for a
   * preflight). Chromium skips empty Location lines; with none, the 3xx
   * is an ordinary response. */
  bool redirect;
  /* the first Location value that is not empty, trimmed; absent
   * otherwise */
  cors_slice location;
  /* The offending item: the Location of a redirected preflight, the ACAO
   * value (mismatch, list, `*`; for two lines, the second), the ACAC
   * value (absent when missing), the requested method or header name, or
   * with `malformed_list` the list element that is not a token. Absent
   * for the other causes. */
  cors_slice detail;
  /* Access-Control-Allow-Methods or -Headers does not parse as a comma
   * list of tokens: the browser refuses the whole preflight. */
  bool malformed_list;
  unsigned warnings; /* cors_response_warning bits; 0 unless allowed */
} cors_browser_verdict;

/* Decides what a browser does with a response to `req`, the request as
 * the browser sent it: a preflight (method OPTIONS, an Origin and a
 * non-empty Access-Control-Request-Method, with the requested headers and
 * Access-Control-Request-Private-Network) or any other CORS request
 * (method and Origin, `null` after a cross-origin redirect); build it
 * with cors_request_from_headers() from the lines sent. Request values
 * are taken as given (not trimmed). `include_credentials` is the fetch
 * credentials mode "include". The response is its `status` and its raw
 * header lines (names case-insensitive, values trimmed of spaces and tabs
 * here; several lines of a name count as a browser counts them).
 * Checks, first failure wins: a redirected preflight; a preflight status
 * outside 200-299; the CORS check (exactly one ACAO, equal to the Origin
 * byte for byte, or `*` without credentials; with credentials, ACAC lines
 * exactly one `true`); for a preflight, the method (listed byte for byte,
 * or GET/HEAD/POST, or `*` without credentials) and every requested header
 * (listed, case-insensitively, or `*` without credentials). A redirect
 * response that fails the CORS check gives CORS_CAUSE_REDIRECT_BLOCKED.
 * No Origin: not a CORS request, allowed. Returns the cause (also in
 * *out, which may be NULL). With `req` NULL, or `headers` NULL and
 * `count` > 0, returns CORS_CAUSE_NETWORK_ERROR. Never allocates, never
 * fails otherwise; pure, reentrant and thread-safe. Linear in the
 * headers' total length (times the requested header names). */
CORS_API cors_cause cors_browser_check_response(const cors_request *req,
                                                bool include_credentials,
                                                int status,
                                                const cors_raw_header *headers,
                                                size_t count,
                                                cors_browser_verdict *out);

/* Chromium's rules for what a page's fetch() sends, so that a tool can
 * send what a browser sends. All of these only read their arguments during
 * the call, never allocate and are thread-safe; NULL with a zero length is
 * an empty string. */

/* GET, HEAD or POST, byte for byte (after Fetch's normalization, which
 * upper-cases delete/get/head/options/post/put): no preflight needed for
 * the method. */
CORS_API bool cors_browser_method_is_safelisted(const char *method,
                                                size_t len);

/* CONNECT, TRACE or TRACK in any case: fetch() refuses them. */
CORS_API bool cors_browser_method_is_forbidden(const char *method,
                                               size_t len);

/* A CORS-safelisted request header by Chromium's rules: value at most 128
 * bytes, and Accept (no CORS-unsafe byte), Accept-Language and
 * Content-Language (letters, digits, space and *,-.;=), Content-Type
 * (no CORS-unsafe byte, so a quoted parameter fails; essence
 * application/x-www-form-urlencoded, multipart/form-data or text/plain),
 * Range (one `bytes=N-[M]` range, no space or comma), Intervention,
 * Save-Data (`on`), the client hints Device-Memory, DPR, Downlink
 * (number), Width, Viewport-Width, RTT (digits), ECT (slow-2g, 2g, 3g,
 * 4g). Names compare case-insensitively. (Chromium's list also holds
 * Sec-CH- client hints, which a page cannot set: they are forbidden.) */
CORS_API bool cors_browser_header_is_safelisted(const char *name,
                                                size_t name_len,
                                                const char *value,
                                                size_t value_len);

/* A forbidden request header: one a page cannot set, which Chromium drops
 * silently. Accept-Charset, Accept-Encoding, Access-Control-Request-
 * Headers, -Method and -Private-Network, Connection, Content-Length,
 * Cookie, Cookie2, Date, DNT, Expect, Host, Keep-Alive, Origin, Referer,
 * Set-Cookie, TE, Trailer, Transfer-Encoding, Upgrade, User-Agent, Via,
 * names starting with Proxy- or Sec-, and X-HTTP-Method,
 * X-HTTP-Method-Override or X-Method-Override whose value lists a
 * forbidden method. */
CORS_API bool cors_browser_header_is_forbidden(const char *name,
                                               size_t name_len,
                                               const char *value,
                                               size_t value_len);

/* Writes the Access-Control-Request-Headers value a browser sends in the
 * preflight for a fetch() with these page-set headers: the names that are
 * not CORS-safelisted (all of them, when the safelisted values total more
 * than 1024 bytes), forbidden ones left out, lower-cased, sorted, each
 * once, joined by "," without spaces. An empty value (*written == 0)
 * means no header calls for a preflight. Same buffer rules as
 * cors_result_format(): NUL-terminated, *written (may be NULL) gets the
 * length or the length needed with CORS_ERR_BUFFER_TOO_SMALL, and
 * buf == NULL with cap == 0 asks for the size. Errors:
 * CORS_ERR_BUFFER_TOO_SMALL, CORS_ERR_INVALID_ARGUMENT (headers NULL with
 * count > 0). Quadratic in `count` (meant for the few headers a page
 * sets); never allocates. */
CORS_API cors_status cors_browser_request_headers(
    const cors_raw_header *headers, size_t count, char *buf, size_t cap,
    size_t *written);

#ifdef __cplusplus
}
#endif

#endif /* CORS_CORS_H */
