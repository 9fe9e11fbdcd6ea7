/*
 * cors_bench: the standard libcors workloads of docs/benchmarks.md.
 *
 *   cors_bench                      every workload, one line each
 *   cors_bench --json               the same figures as one JSON object
 *   cors_bench --quick              a short smoke pass (a few seconds)
 *   cors_bench --only W1 --iterations 100000
 *                                   build W1 once, evaluate it exactly N
 *                                   times, print nothing: for callgrind
 *
 * Each line reads
 *   W1 preflight-allowed median_ns=41.2 min_ns=39.8 max_ns=47.0 allocs_per_op=0
 * where the median, min and max are over the repetitions (each repetition
 * times a batch of operations long enough for the clock to be accurate),
 * and allocs_per_op counts heap allocations per evaluation (or compile, or
 * Vary merge) after a warm-up evaluation, through both the library's
 * allocator hooks and an interposed malloc/calloc/realloc so PCRE2's and
 * libc's own allocations count too. The benchmark prints figures; it
 * never fails on a time.
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <cors/cors.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef CORS_BENCH_BUILD_TYPE
#define BENCH_BUILD_TYPE CORS_BENCH_BUILD_TYPE
#else
#define BENCH_BUILD_TYPE "unknown"
#endif

/* ------------------------------------------------------------------------
 * Allocation counting
 * ---------------------------------------------------------------------- */

/* Interposing malloc works with glibc (which exports __libc_malloc and
 * friends to forward to) and must stay off under sanitizers, which own
 * malloc themselves. Without it only the library's hooks are counted. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define BENCH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BENCH_SANITIZED 1
#endif
#if defined(__GLIBC__) && !defined(BENCH_SANITIZED)
#define BENCH_INTERPOSE_MALLOC 1
#else
#define BENCH_INTERPOSE_MALLOC 0
#endif

/* Plain counters: the program is single-threaded except during W10mt,
 * whose threads allocate nothing while measured (a race would only blur
 * a count that must be 0). */
static unsigned long long g_hook_allocs;   /* through cors_allocator */
static unsigned long long g_malloc_allocs; /* through malloc & co. */

static unsigned long long allocations(void) {
  return g_hook_allocs + g_malloc_allocs;
}

#if BENCH_INTERPOSE_MALLOC
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);

/* Every malloc of the process (libcors, PCRE2, libc) lands here first. */
void *malloc(size_t size) {
  g_malloc_allocs++;
  return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
  g_malloc_allocs++;
  return __libc_calloc(n, size);
}

/* A realloc may move the block: count it as an allocation, except the
 * realloc(p, 0)-style shrink that glibc treats as free. */
void *realloc(void *ptr, size_t size) {
  if (ptr == NULL || size > 0)
    g_malloc_allocs++;
  return __libc_realloc(ptr, size);
}

void free(void *ptr) { __libc_free(ptr); }

#define REAL_MALLOC __libc_malloc
#define REAL_REALLOC __libc_realloc
#define REAL_FREE __libc_free
#else
#define REAL_MALLOC malloc
#define REAL_REALLOC realloc
#define REAL_FREE free
#endif

/* The library's hooks call the C library directly, so an allocation is
 * counted once whichever way it comes. */
static void *hook_malloc(size_t size, void *ud) {
  (void)ud;
  g_hook_allocs++;
  return REAL_MALLOC(size);
}

static void *hook_realloc(void *ptr, size_t size, void *ud) {
  (void)ud;
  g_hook_allocs++;
  return REAL_REALLOC(ptr, size);
}

static void hook_free(void *ptr, void *ud) {
  (void)ud;
  REAL_FREE(ptr);
}

static const cors_allocator g_counting_allocator = {hook_malloc, hook_realloc,
                                                    hook_free, NULL};

/* ------------------------------------------------------------------------
 * Workload definitions (docs/benchmarks.md)
 * ---------------------------------------------------------------------- */

#define P_ORIGIN "https://app.example.com"
#define P_METHODS "GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD"
#define P_ALLOWED_HEADERS \
  "Authorization,Content-Type,X-Request-ID,X-CSRF-Token,If-Match," \
  "Idempotency-Key"
#define P_EXPOSED_HEADERS \
  "ETag,Location,Retry-After,X-Request-ID,X-RateLimit-Limit," \
  "X-RateLimit-Remaining"
#define P_MAX_AGE 3600L
#define W1_REQUEST_HEADERS "content-type,x-request-id,authorization"
#define W6_REGEX "^https://[a-z0-9-]+\\.example\\.com$"
#define W6_ORIGIN "https://tenant-42.example.com"
#define MANY_ORIGINS 10000 /* W5 and C2: P's origin and 9,999 more */
#define MANY_PATTERNS 10000 /* W8 and W9: P plus this many patterns */
#define C3_PATTERNS 100000  /* C3: P plus this many patterns */
#define W8_ORIGIN "https://a.t9999.example.com"
#define W9_ORIGIN "https://a.other.example.org"
#define W7A_COMMAS 4000
#define W7B_NAMES 200
/* V1 to V3: cors_vary_merge of the application's Vary with a result's. */
#define V1_APP_VARY "Accept-Encoding"
#define V2_APP_BYTES 8192  /* distinct tokens, as an upstream may send */
#define V3_APP_BYTES 65536

/* W10 and W10mt: the W2 request through a cors_live handle (acquire,
 * evaluate, release), from one thread or from LIVE_THREADS at once. */
#define LIVE_THREADS 8

typedef enum workload_kind {
  KIND_EVALUATE,
  KIND_COMPILE,
  KIND_LIVE,
  KIND_LIVE_MT,
  KIND_VARY
} workload_kind;

/* What each workload is, and (for evaluations) the verdict it must reach,
 * so that a bug cannot make the benchmark time a different path. */
typedef struct workload {
  const char *id;
  const char *name;
  workload_kind kind;
  cors_kind expect_kind;
  bool expect_allowed;
  cors_reason expect_reason;
} workload;

static const workload g_workloads[] = {
    {"W1", "preflight-allowed", KIND_EVALUATE, CORS_KIND_PREFLIGHT, true,
     CORS_REASON_NONE},
    {"W2", "actual-allowed", KIND_EVALUATE, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"W3", "actual-disallowed", KIND_EVALUATE, CORS_KIND_ACTUAL, false,
     CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"W4", "no-origin", KIND_EVALUATE, CORS_KIND_NONE, true,
     CORS_REASON_NOT_CORS},
    {"W5", "many-origins", KIND_EVALUATE, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"W6", "regex-origin", KIND_EVALUATE, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"W7a", "hostile-commas", KIND_EVALUATE, CORS_KIND_PREFLIGHT, false,
     CORS_REASON_HEADERS_MALFORMED},
    {"W7b", "hostile-many", KIND_EVALUATE, CORS_KIND_PREFLIGHT, false,
     CORS_REASON_HEADER_NOT_ALLOWED},
    {"W8", "many-patterns-hit", KIND_EVALUATE, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"W9", "many-patterns-miss", KIND_EVALUATE, CORS_KIND_ACTUAL, false,
     CORS_REASON_ORIGIN_NOT_ALLOWED},
    /* W8 and W9 under P plus the one pattern that W8 hits: the yardstick
     * of "evaluation does not grow with the pattern count". */
    {"W8-1", "one-pattern-hit", KIND_EVALUATE, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"W9-1", "one-pattern-miss", KIND_EVALUATE, CORS_KIND_ACTUAL, false,
     CORS_REASON_ORIGIN_NOT_ALLOWED},
    {"W10", "live-actual", KIND_LIVE, CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
    {"W10mt", "live-actual-8-threads", KIND_LIVE_MT, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"V1", "vary-merge-short", KIND_VARY, CORS_KIND_PREFLIGHT, true,
     CORS_REASON_NONE},
    {"V2", "vary-merge-8k", KIND_VARY, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"V3", "vary-merge-64k", KIND_VARY, CORS_KIND_ACTUAL, true,
     CORS_REASON_NONE},
    {"C1", "compile-small", KIND_COMPILE, CORS_KIND_NONE, false,
     CORS_REASON_NONE},
    {"C2", "compile-10k", KIND_COMPILE, CORS_KIND_NONE, false,
     CORS_REASON_NONE},
    {"C3", "compile-100k-patterns", KIND_COMPILE, CORS_KIND_NONE, false,
     CORS_REASON_NONE},
};
#define WORKLOAD_COUNT (sizeof g_workloads / sizeof g_workloads[0])

/* W10mt's threads, kept for the whole workload and started batch by
 * batch through two barriers, so a timed batch holds evaluations only. */
struct bench_case;
typedef struct live_slot {
  const struct bench_case *bc;
  size_t acc; /* this thread's results, summed */
} live_slot;

typedef struct live_pool {
  pthread_t threads[LIVE_THREADS];
  live_slot slots[LIVE_THREADS];
  pthread_barrier_t start, end;
  uint64_t per_thread; /* evaluations per thread in the next batch */
  bool quit;
} live_pool;

/* One workload, built: a policy and a request to evaluate, or the text a
 * compile starts from. */
typedef struct bench_case {
  const workload *w;
  cors_policy *policy;  /* evaluation workloads */
  cors_live *live;      /* W10, W10mt: serving `policy` */
  live_pool *pool;      /* W10mt */
  cors_request request; /* borrows origin_text and header_text */
  char origin_text[64];
  char *header_text;    /* W7a / W7b request headers (owned) */
  char *origins_csv;    /* W5 / C2 / W8 / W9 / C3 (owned) */
  size_t origins_csv_len;
  char *vary_app;       /* V1 to V3: the application's Vary (owned) */
  size_t vary_app_len;
  char *vary_out;       /* V1 to V3: the merged Vary (owned) */
  size_t vary_out_cap;
  cors_result vary_result; /* V1 to V3: the request evaluated once */
} bench_case;

static void die(const char *what, const cors_error *err) {
  fprintf(stderr, "cors_bench: %s: %s\n", what,
          err != NULL ? err->message : "out of memory");
  exit(2);
}

static void *xmalloc(size_t size) {
  void *p = malloc(size);
  if (p == NULL)
    die("allocation", NULL);
  return p;
}

/* The i-th (1-based) extra origin of W5/C2: 24 bytes for every i, next
 * to P's 23, so that W5 and W2 hash keys of the same number of words and
 * differ only in the size of the set. */
static int extra_origin(char *buf, size_t cap, unsigned i) {
  return snprintf(buf, cap, "https://t%04u.example.io", i);
}

/* "https://app.example.com,https://t0001.example.io,...,t9999..." */
static char *many_origins_csv(size_t *len_out) {
  size_t cap = (size_t)MANY_ORIGINS * 32 + 64;
  char *csv = xmalloc(cap);
  size_t len = (size_t)snprintf(csv, cap, "%s", P_ORIGIN);
  for (unsigned i = 1; i < MANY_ORIGINS; i++) {
    csv[len++] = ',';
    len += (size_t)extra_origin(csv + len, cap - len, i);
  }
  *len_out = len;
  return csv;
}

/* P's origin, then `count` subdomain patterns of the hosts t0000 (numbered
 * from 0 in `digits` digits) under example.com, as one CSV string. */
static char *patterns_csv(unsigned count, int digits, size_t *len_out) {
  size_t cap = (size_t)count * 40 + 64;
  char *csv = xmalloc(cap);
  size_t len = (size_t)snprintf(csv, cap, "%s", P_ORIGIN);
  for (unsigned i = 0; i < count; i++)
    len += (size_t)snprintf(csv + len, cap - len,
                            ",https://*.t%0*u.example.com", digits, i);
  *len_out = len;
  return csv;
}

/* Everything of policy P but its origins. */
static cors_status configure_p_settings(cors_config *cfg, cors_error *err) {
  cors_config_set_credentials(cfg, true);
  cors_status st =
      cors_config_set_methods_csv(cfg, P_METHODS, strlen(P_METHODS), err);
  if (st == CORS_OK)
    st = cors_config_set_allowed_headers_csv(cfg, P_ALLOWED_HEADERS,
                                             strlen(P_ALLOWED_HEADERS), err);
  if (st == CORS_OK)
    st = cors_config_set_exposed_headers_csv(cfg, P_EXPOSED_HEADERS,
                                             strlen(P_EXPOSED_HEADERS), err);
  if (st == CORS_OK)
    st = cors_config_set_max_age(cfg, P_MAX_AGE, err);
  return st;
}

typedef enum origin_source {
  ORIGINS_P,    /* P's one origin */
  ORIGINS_CSV,  /* the case's CSV (origins or patterns) */
  ORIGINS_REGEX /* no exact origin, the W6 regex */
} origin_source;

/* Builds a config for P with the given origins and compiles it. Returns
 * the status; a failure is reported in err. */
static cors_status compile_policy(const bench_case *bc, origin_source origins,
                                  cors_policy **out, cors_error *err) {
  cors_status st;
  cors_config *cfg = cors_config_new(&g_counting_allocator);
  if (cfg == NULL)
    return CORS_ERR_NOMEM;
  switch (origins) {
  case ORIGINS_P:
    st = cors_config_add_origin_cstr(cfg, P_ORIGIN, err);
    break;
  case ORIGINS_CSV:
    st = cors_config_add_origins_csv(cfg, bc->origins_csv,
                                     bc->origins_csv_len, err);
    break;
  default:
    st = cors_config_set_origin_regex(cfg, W6_REGEX, strlen(W6_REGEX), err);
    break;
  }
  if (st == CORS_OK)
    st = configure_p_settings(cfg, err);
  if (st == CORS_OK)
    st = cors_policy_compile(cfg, out, err);
  cors_config_free(cfg);
  return st;
}

static void set_origin(bench_case *bc, const char *origin) {
  snprintf(bc->origin_text, sizeof bc->origin_text, "%s", origin);
  bc->request.origin = cors_slice_cstr(bc->origin_text);
  bc->request.origin_count = 1;
}

static void set_preflight(bench_case *bc, const char *request_headers,
                          size_t len) {
  bc->request.method = cors_slice_cstr("OPTIONS");
  bc->request.request_method = cors_slice_cstr("PUT");
  bc->request.request_method_count = 1;
  bc->request.request_headers[0].ptr = request_headers;
  bc->request.request_headers[0].len = len;
  bc->request.request_headers_count = 1;
}

/* W7a: 4,000 commas then x-a. */
static char *hostile_commas(size_t *len) {
  char *s = xmalloc(W7A_COMMAS + 8);
  memset(s, ',', W7A_COMMAS);
  memcpy(s + W7A_COMMAS, "x-a", 4);
  *len = W7A_COMMAS + 3;
  return s;
}

/* W7b: 200 distinct header names, none of them allowed by P. */
static char *hostile_many(size_t *len) {
  size_t cap = (size_t)W7B_NAMES * 16;
  char *s = xmalloc(cap);
  size_t n = 0;
  for (unsigned i = 0; i < W7B_NAMES; i++)
    n += (size_t)snprintf(s + n, cap - n, "%sx-custom-%03u", i ? "," : "", i);
  *len = n;
  return s;
}

/* V2, V3: distinct tokens a, b, ..., z, aa, ab, ... joined by ", ",
 * as many as fit in `bytes`. */
static char *distinct_tokens(size_t bytes, size_t *len) {
  char *s = xmalloc(bytes + 1);
  size_t n = 0;
  for (unsigned long i = 0;; i++) {
    char tok[16];
    size_t k = sizeof tok;
    for (unsigned long v = i + 1; v > 0; v = (v - 1) / 26)
      tok[--k] = (char)('a' + (v - 1) % 26);
    size_t need = (n > 0 ? 2 : 0) + sizeof tok - k;
    if (n + need > bytes)
      break;
    if (n > 0) {
      memcpy(s + n, ", ", 2);
      n += 2;
    }
    memcpy(s + n, tok + k, sizeof tok - k);
    n += sizeof tok - k;
  }
  s[n] = '\0';
  *len = n;
  return s;
}

/* Every result feeds this, so no evaluation can be optimized away. */
static volatile size_t g_sink;

/* W10: what a server does per request with a live handle. */
static size_t run_live(const bench_case *bc, uint64_t n) {
  cors_result res;
  size_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    cors_policy *pol = cors_live_acquire(bc->live);
    cors_evaluate(pol, &bc->request, &res);
    acc += res.header_count + (size_t)res.allowed;
    cors_live_release(bc->live, pol);
  }
  return acc;
}

static void *live_worker(void *arg) {
  live_slot *slot = arg;
  live_pool *pool = slot->bc->pool;
  for (;;) {
    pthread_barrier_wait(&pool->start);
    if (pool->quit)
      return NULL;
    slot->acc += run_live(slot->bc, pool->per_thread);
    pthread_barrier_wait(&pool->end);
  }
}

static void start_pool(bench_case *bc) {
  bc->pool = xmalloc(sizeof *bc->pool);
  memset(bc->pool, 0, sizeof *bc->pool);
  live_pool *pool = bc->pool;
  if (pthread_barrier_init(&pool->start, NULL, LIVE_THREADS + 1) != 0 ||
      pthread_barrier_init(&pool->end, NULL, LIVE_THREADS + 1) != 0)
    die("pthread_barrier_init", NULL);
  for (int t = 0; t < LIVE_THREADS; t++) {
    pool->slots[t].bc = bc;
    if (pthread_create(&pool->threads[t], NULL, live_worker,
                       &pool->slots[t]) != 0)
      die("pthread_create", NULL);
  }
}

static void stop_pool(bench_case *bc) {
  live_pool *pool = bc->pool;
  pool->quit = true;
  pthread_barrier_wait(&pool->start);
  for (int t = 0; t < LIVE_THREADS; t++) {
    pthread_join(pool->threads[t], NULL);
    g_sink += pool->slots[t].acc;
  }
  pthread_barrier_destroy(&pool->start);
  pthread_barrier_destroy(&pool->end);
  free(pool);
  bc->pool = NULL;
}

/* W10mt: n evaluations shared by the pool's threads, all at once. */
static void run_live_mt(const bench_case *bc, uint64_t n) {
  live_pool *pool = bc->pool;
  pool->per_thread = (n + LIVE_THREADS - 1) / LIVE_THREADS;
  pthread_barrier_wait(&pool->start);
  pthread_barrier_wait(&pool->end);
}

static void setup_case(bench_case *bc, const workload *w) {
  cors_error err;
  char origin[64];
  size_t len;
  memset(bc, 0, sizeof *bc);
  bc->w = w;
  cors_request_init(&bc->request);
  bc->request.method = cors_slice_cstr("GET");
  origin_source origins = ORIGINS_P;

  if (strcmp(w->id, "W1") == 0) {
    set_origin(bc, P_ORIGIN);
    set_preflight(bc, W1_REQUEST_HEADERS, strlen(W1_REQUEST_HEADERS));
  } else if (strcmp(w->id, "W2") == 0 || w->kind == KIND_LIVE ||
             w->kind == KIND_LIVE_MT) {
    set_origin(bc, P_ORIGIN);
  } else if (strcmp(w->id, "W3") == 0) {
    set_origin(bc, "https://evil.example.net");
  } else if (strcmp(w->id, "W4") == 0) {
    /* GET without Origin: nothing to set. */
  } else if (strcmp(w->id, "W5") == 0) {
    bc->origins_csv = many_origins_csv(&bc->origins_csv_len);
    origins = ORIGINS_CSV;
    extra_origin(origin, sizeof origin, MANY_ORIGINS - 1);
    set_origin(bc, origin);
  } else if (strcmp(w->id, "W6") == 0) {
    origins = ORIGINS_REGEX;
    set_origin(bc, W6_ORIGIN);
  } else if (strcmp(w->id, "W7a") == 0) {
    set_origin(bc, P_ORIGIN);
    bc->header_text = hostile_commas(&len);
    set_preflight(bc, bc->header_text, len);
  } else if (strcmp(w->id, "W7b") == 0) {
    set_origin(bc, P_ORIGIN);
    bc->header_text = hostile_many(&len);
    set_preflight(bc, bc->header_text, len);
  } else if (strcmp(w->id, "W8") == 0 || strcmp(w->id, "W9") == 0) {
    bc->origins_csv = patterns_csv(MANY_PATTERNS, 4, &bc->origins_csv_len);
    origins = ORIGINS_CSV;
    set_origin(bc, w->id[1] == '8' ? W8_ORIGIN : W9_ORIGIN);
  } else if (strcmp(w->id, "W8-1") == 0 || strcmp(w->id, "W9-1") == 0) {
    static const char one[] = P_ORIGIN ",https://*.t9999.example.com";
    bc->origins_csv = xmalloc(sizeof one);
    memcpy(bc->origins_csv, one, sizeof one);
    bc->origins_csv_len = sizeof one - 1;
    origins = ORIGINS_CSV;
    set_origin(bc, w->id[1] == '8' ? W8_ORIGIN : W9_ORIGIN);
  } else if (strcmp(w->id, "V1") == 0) {
    set_origin(bc, P_ORIGIN);
    set_preflight(bc, W1_REQUEST_HEADERS, strlen(W1_REQUEST_HEADERS));
    bc->vary_app_len = strlen(V1_APP_VARY);
    bc->vary_app = xmalloc(bc->vary_app_len + 1);
    memcpy(bc->vary_app, V1_APP_VARY, bc->vary_app_len + 1);
  } else if (strcmp(w->id, "V2") == 0 || strcmp(w->id, "V3") == 0) {
    set_origin(bc, P_ORIGIN);
    bc->vary_app = distinct_tokens(w->id[1] == '2' ? V2_APP_BYTES
                                                   : V3_APP_BYTES,
                                   &bc->vary_app_len);
  } else if (strcmp(w->id, "C2") == 0) {
    bc->origins_csv = many_origins_csv(&bc->origins_csv_len);
  } else if (strcmp(w->id, "C3") == 0) {
    bc->origins_csv = patterns_csv(C3_PATTERNS, 5, &bc->origins_csv_len);
  }
  if (w->kind != KIND_COMPILE &&
      compile_policy(bc, origins, &bc->policy, &err) != CORS_OK)
    die(w->id, &err);
  if (w->kind == KIND_LIVE || w->kind == KIND_LIVE_MT) {
    bc->live = cors_live_new(cors_policy_ref(bc->policy), NULL);
    if (bc->live == NULL)
      die(w->id, NULL);
  }
  if (w->kind == KIND_LIVE_MT)
    start_pool(bc);
  if (w->kind == KIND_VARY) {
    cors_evaluate(bc->policy, &bc->request, &bc->vary_result);
    bc->vary_out_cap = bc->vary_app_len + 256; /* plus the result's */
    bc->vary_out = xmalloc(bc->vary_out_cap);
  }
}

static void teardown_case(bench_case *bc) {
  if (bc->pool != NULL)
    stop_pool(bc);
  cors_live_free(bc->live);
  cors_policy_free(bc->policy);
  free(bc->header_text);
  free(bc->origins_csv);
  free(bc->vary_app);
  free(bc->vary_out);
  memset(bc, 0, sizeof *bc);
}

/* ------------------------------------------------------------------------
 * Running and timing
 * ---------------------------------------------------------------------- */

static void run_evaluations(const bench_case *bc, uint64_t n) {
  cors_result res;
  size_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    cors_evaluate(bc->policy, &bc->request, &res);
    acc += res.header_count + (size_t)res.allowed;
  }
  g_sink += acc;
}

/* C1 compiles P from its settings; C2 from the CSV of 10,000 origins plus
 * P's settings; C3 from the CSV of 100,000 patterns. All include building
 * the config, as a server's start-up does. */
static void run_compiles(const bench_case *bc, uint64_t n) {
  bool csv = bc->origins_csv != NULL;
  for (uint64_t i = 0; i < n; i++) {
    cors_policy *pol = NULL;
    cors_error err;
    if (compile_policy(bc, csv ? ORIGINS_CSV : ORIGINS_P, &pol, &err) !=
        CORS_OK)
      die(bc->w->id, &err);
    g_sink += (size_t)(pol != NULL);
    cors_policy_free(pol);
  }
}

/* V1 to V3: the merge a host does per response, into a buffer of the
 * application's length plus room for the result's tokens. */
static void run_vary_merges(const bench_case *bc, uint64_t n) {
  size_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    size_t len = 0;
    if (cors_vary_merge(bc->vary_app, bc->vary_app_len, &bc->vary_result,
                        bc->vary_out, bc->vary_out_cap, &len) != CORS_OK) {
      fprintf(stderr, "cors_bench: %s: the merge failed\n", bc->w->id);
      exit(2);
    }
    acc += len;
  }
  g_sink += acc;
}

static void run_case(const bench_case *bc, uint64_t n) {
  switch (bc->w->kind) {
  case KIND_EVALUATE:
    run_evaluations(bc, n);
    break;
  case KIND_COMPILE:
    run_compiles(bc, n);
    break;
  case KIND_LIVE:
    g_sink += run_live(bc, n);
    break;
  case KIND_LIVE_MT:
    run_live_mt(bc, n);
    break;
  case KIND_VARY:
    run_vary_merges(bc, n);
    break;
  }
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Wall time of n operations, in ns. */
static double time_batch(const bench_case *bc, uint64_t n) {
  double t0 = now_ns();
  run_case(bc, n);
  return now_ns() - t0;
}

/* The batch size whose run lasts about target_ns. */
static uint64_t calibrate(const bench_case *bc, double target_ns) {
  uint64_t n = 1;
  for (;;) {
    double t = time_batch(bc, n);
    if (t >= target_ns)
      return n;
    if (t < target_ns / 16) {
      n *= 8;
    } else {
      double scaled = (double)n * target_ns / t * 1.05;
      return scaled > (double)n ? (uint64_t)scaled : n + 1;
    }
  }
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct figures {
  double median_ns, min_ns, max_ns;
  unsigned long long allocs;     /* during the timed operations */
  unsigned long long operations; /* timed operations */
  uint64_t batch;
  int repetitions;
} figures;

#define MAX_REPETITIONS 101

static void check_verdict(const bench_case *bc) {
  const workload *w = bc->w;
  cors_result res;
  if (w->kind == KIND_COMPILE)
    return;
  cors_evaluate(bc->policy, &bc->request, &res);
  if (res.kind != w->expect_kind || res.allowed != w->expect_allowed ||
      res.reason != w->expect_reason)
    fprintf(stderr,
            "cors_bench: note: %s evaluated to kind=%s allowed=%d "
            "reason=%s; the workload expects kind=%s allowed=%d reason=%s\n",
            w->id, cors_kind_string(res.kind), (int)res.allowed,
            cors_reason_string(res.reason), cors_kind_string(w->expect_kind),
            (int)w->expect_allowed, cors_reason_string(w->expect_reason));
}

static figures measure(const bench_case *bc, int repetitions,
                       double target_ns) {
  figures f;
  double per_op[MAX_REPETITIONS];
  memset(&f, 0, sizeof f);
  run_case(bc, 1); /* warm-up: the regex's per-thread data, caches */
  check_verdict(bc);
  f.batch = calibrate(bc, target_ns);
  f.repetitions = repetitions;
  unsigned long long before = allocations();
  for (int r = 0; r < repetitions; r++)
    per_op[r] = time_batch(bc, f.batch) / (double)f.batch;
  f.allocs = allocations() - before;
  f.operations = (unsigned long long)f.batch * (unsigned long long)repetitions;
  qsort(per_op, (size_t)repetitions, sizeof per_op[0], compare_doubles);
  f.min_ns = per_op[0];
  f.max_ns = per_op[repetitions - 1];
  f.median_ns = repetitions % 2
                    ? per_op[repetitions / 2]
                    : (per_op[repetitions / 2 - 1] + per_op[repetitions / 2]) / 2;
  return f;
}

/* "0", "37" or "0.001": exact when every operation allocated alike. */
static void format_allocs(char *buf, size_t cap, const figures *f) {
  if (f->allocs % f->operations == 0)
    snprintf(buf, cap, "%llu", f->allocs / f->operations);
  else
    snprintf(buf, cap, "%.4f", (double)f->allocs / (double)f->operations);
}

/* ------------------------------------------------------------------------
 * Command line
 * ---------------------------------------------------------------------- */

static void usage(FILE *out) {
  fputs("usage: cors_bench [--quick] [--json] [--repetitions R]\n"
        "       cors_bench --only NAME --iterations N\n"
        "Runs the standard libcors workloads (W1 W2 W3 W4 W5 W6 W7a W7b W8 "
        "W9 W10\nW10mt V1 V2 V3 C1 C2 C3, and W8-1 W9-1: W8 and W9 under one "
        "pattern) and\nprints one line per workload:\n"
        "  W1 preflight-allowed median_ns=.. min_ns=.. max_ns=.. "
        "allocs_per_op=..\n"
        "--quick        short smoke pass (same format)\n"
        "--json         one JSON object instead of lines\n"
        "--repetitions  timed repetitions per workload (5-101, default 11)\n"
        "--only NAME    with --iterations N: build workload NAME (W1 or\n"
        "               preflight-allowed) once, run it exactly N times and\n"
        "               print nothing (for valgrind --tool=callgrind)\n",
        out);
}

static const workload *find_workload(const char *name) {
  for (size_t i = 0; i < WORKLOAD_COUNT; i++) {
    const workload *w = &g_workloads[i];
    if (strcmp(name, w->id) == 0 || strcmp(name, w->name) == 0)
      return w;
  }
  for (size_t i = 0; i < WORKLOAD_COUNT; i++) /* "w7a" too */
    if (strlen(name) == strlen(g_workloads[i].id)) {
      size_t k = 0;
      while (name[k] != '\0' &&
             (name[k] | 0x20) == (g_workloads[i].id[k] | 0x20))
        k++;
      if (name[k] == '\0')
        return &g_workloads[i];
    }
  return NULL;
}

static bool parse_count(const char *s, unsigned long long max,
                        unsigned long long *out) {
  char *end;
  if (s == NULL || *s < '0' || *s > '9')
    return false;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0 || v > max)
    return false;
  *out = v;
  return true;
}

typedef struct options {
  bool quick, json;
  int repetitions;
  const workload *only;
  unsigned long long iterations;
} options;

static void parse_options(int argc, char **argv, options *o) {
  memset(o, 0, sizeof *o);
  o->repetitions = 11;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    unsigned long long v;
    if (strcmp(a, "--quick") == 0) {
      o->quick = true;
    } else if (strcmp(a, "--json") == 0) {
      o->json = true;
    } else if (strcmp(a, "--repetitions") == 0 &&
               parse_count(next, MAX_REPETITIONS, &v) && v >= 5) {
      o->repetitions = (int)v;
      i++;
    } else if (strcmp(a, "--only") == 0 && next != NULL) {
      o->only = find_workload(next);
      if (o->only == NULL) {
        fprintf(stderr, "cors_bench: unknown workload '%s'\n", next);
        exit(4);
      }
      i++;
    } else if (strcmp(a, "--iterations") == 0 &&
               parse_count(next, 1000000000000ULL, &v)) {
      o->iterations = v;
      i++;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      exit(0);
    } else {
      fprintf(stderr, "cors_bench: bad argument '%s'\n", a);
      usage(stderr);
      exit(4);
    }
  }
  if ((o->only != NULL) != (o->iterations != 0)) {
    fputs("cors_bench: --only and --iterations go together\n", stderr);
    exit(4);
  }
}

/* --only NAME --iterations N: nothing but the work, for an instruction
 * counter; the set-up cost cancels out of (instr(2N) - instr(N)) / N. */
static int run_only(const options *o) {
  bench_case bc;
  setup_case(&bc, o->only);
  run_case(&bc, o->iterations);
  teardown_case(&bc);
  return 0;
}

static void print_line(const workload *w, const figures *f) {
  char allocs[32];
  format_allocs(allocs, sizeof allocs, f);
  printf("%s %s median_ns=%.1f min_ns=%.1f max_ns=%.1f allocs_per_op=%s\n",
         w->id, w->name, f->median_ns, f->min_ns, f->max_ns, allocs);
  fflush(stdout);
}

static void print_json_entry(const workload *w, const figures *f,
                             bool first) {
  char allocs[32];
  format_allocs(allocs, sizeof allocs, f);
  printf("%s\n    {\"id\": \"%s\", \"name\": \"%s\", \"median_ns\": %.1f, "
         "\"min_ns\": %.1f, \"max_ns\": %.1f, \"allocs_per_op\": %s, "
         "\"repetitions\": %d, \"ops_per_repetition\": %llu}",
         first ? "" : ",", w->id, w->name, f->median_ns, f->min_ns, f->max_ns,
         allocs, f->repetitions, (unsigned long long)f->batch);
}

int main(int argc, char **argv) {
  options o;
  parse_options(argc, argv, &o);
  if (o.only != NULL)
    return run_only(&o);

  int repetitions = o.quick ? 5 : o.repetitions;
  double target_ns = o.quick ? 10e6 : 40e6; /* per repetition */
  const char *version = NULL;
  cors_version(&version);
  fprintf(stderr,
          "# cors_bench: libcors %s (%s build), %d repetitions of ~%.0f ms "
          "per workload%s%s\n",
          version, BENCH_BUILD_TYPE[0] ? BENCH_BUILD_TYPE : "no type",
          repetitions, target_ns / 1e6, o.quick ? " (quick)" : "",
          BENCH_INTERPOSE_MALLOC ? ""
                                 : "; malloc not interposed, hooks only");
  if (o.json)
    printf("{\n  \"unit\": \"ns/op\", \"library_version\": \"%s\", "
           "\"quick\": %s,\n  \"workloads\": [",
           version, o.quick ? "true" : "false");
  for (size_t i = 0; i < WORKLOAD_COUNT; i++) {
    bench_case bc;
    setup_case(&bc, &g_workloads[i]);
    figures f = measure(&bc, repetitions, target_ns);
    teardown_case(&bc);
    if (o.json)
      print_json_entry(&g_workloads[i], &f, i == 0);
    else
      print_line(&g_workloads[i], &f);
  }
  if (o.json)
    printf("\n  ]\n}\n");
  return 0;
}
