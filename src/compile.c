/* cors_config -> cors_policy: whole-config validation, lint warnings, and
 * every constant response value precomputed so evaluation only points. */
#include "config.h"
#include "lint.h"
#include "policy.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Strings are copied into one arena sized up front, so the policy is one
 * immutable block plus a few arrays. */
typedef struct arena {
  char *base;
  size_t used;
  size_t cap;
} arena;

static const char *arena_put(arena *ar, const char *s, size_t len) {
  assert(ar->used + len + 1 <= ar->cap); /* sized up front: alloc_arena */
  char *p = ar->base + ar->used;
  if (len > 0)
    memcpy(p, s, len);
  p[len] = '\0';
  ar->used += len + 1;
  return p;
}

typedef struct compile_ctx {
  const cors_config *cfg;
  cors_policy *pol;
  cors_error *err;
  arena ar;
} compile_ctx;

static const char *label_of(const cors_config *cfg, cors__label l) {
  return cors__config_label_name(cfg, l);
}

static cors_status nomem(compile_ctx *c) {
  return cors__error_set(c->err, CORS_ERR_NOMEM, "", -1, -1,
                         "out of memory compiling the policy");
}

void cors__policy_destroy(cors_policy *pol) {
  if (pol == NULL)
    return;
  const cors__alloc *a = &pol->alloc;
  cors__originset_free(&pol->exact, a);
  cors__free(a, (void *)pol->exact_list);
  cors__free(a, pol->patterns);
  cors__regex_free(pol->regex);
  cors__free(a, pol->methods);
  cors__free(a, pol->headers);
  cors__free(a, pol->arena);
  cors__alloc copy = pol->alloc;
  cors__free(&copy, pol);
}

/* ---- sizing ------------------------------------------------------------- */

static size_t list_bytes(const cors__list *l) {
  size_t n = 0;
  for (size_t i = 0; i < l->count; i++)
    n += l->items[i].len + 3; /* NUL, or ", " when joined */
  return n;
}

static cors_status alloc_arena(compile_ctx *c) {
  const cors_config *cfg = c->cfg;
  size_t n = 64 + cfg->regex_len + 1;
  for (size_t k = 0; k < CORS__LIST_KINDS; k++)
    n += list_bytes(&cfg->lists[k]);
  /* Exposed headers are also stored once more, joined into one value. */
  n += list_bytes(&cfg->lists[CORS__LIST_EXPOSED_HEADERS]);
  c->ar.base = cors__malloc(&c->pol->alloc, n);
  if (c->ar.base == NULL)
    return nomem(c);
  c->ar.cap = n;
  c->pol->arena = c->ar.base;
  return CORS_OK;
}

/* ---- origins ------------------------------------------------------------ */

typedef struct sorted_origin {
  cors_slice s;
  const cors__entry *entry;
} sorted_origin;

static int compare_origin(const void *pa, const void *pb) {
  const sorted_origin *a = pa, *b = pb;
  int r = cors__compare_bytes(a->s.ptr, a->s.len, b->s.ptr, b->s.len);
  if (r != 0)
    return r;
  /* Stable on ties so the later entry is the one called a duplicate. */
  return (a->entry > b->entry) - (a->entry < b->entry);
}

static int compare_pattern(const void *pa, const void *pb) {
  const cors__pattern *a = pa, *b = pb;
  return cors__compare_bytes(a->text, a->text_len, b->text, b->text_len);
}

/* Heapsort: O(n log n) with no memory of its own. glibc's qsort may call
 * malloc for large arrays, which would bypass the caller's allocator.
 * Origins and patterns are kept sorted so that the canonical dump is a
 * plain walk (methods and headers keep the configured order, which is the
 * lookup order: operators list the common ones first). */
typedef int (*compare_fn)(const void *, const void *);

/* Word by word: every sorted element is a struct of pointers and sizes
 * (so its size is a multiple of size_t's), and fixed word copies compile
 * to plain moves. */
static void swap_elems(char *a, char *b, size_t size) {
  for (size_t i = 0; i < size; i += sizeof(size_t)) {
    size_t x, y;
    memcpy(&x, a + i, sizeof x);
    memcpy(&y, b + i, sizeof y);
    memcpy(a + i, &y, sizeof y);
    memcpy(b + i, &x, sizeof x);
  }
}

static void sift_down(char *base, size_t size, compare_fn cmp, size_t root,
                      size_t n) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n &&
        cmp(base + child * size, base + (child + 1) * size) < 0)
      child++;
    if (cmp(base + root * size, base + child * size) >= 0)
      return;
    swap_elems(base + root * size, base + child * size, size);
    root = child;
  }
}

static void heap_sort(void *array, size_t n, size_t size, compare_fn cmp) {
  assert(size % sizeof(size_t) == 0);
  char *base = array;
  for (size_t i = n / 2; i-- > 0;)
    sift_down(base, size, cmp, i, n);
  for (size_t end = n; end > 1; end--) {
    swap_elems(base, base + (end - 1) * size, size);
    sift_down(base, size, cmp, 0, end - 1);
  }
}

static void warn_origin(compile_ctx *c, const cors__entry *e,
                        const cors__origin_entry *o) {
  const cors_config *cfg = c->cfg;
  const char *field = label_of(cfg, e->label);
  if (o->type == CORS__ORIGIN_NULL)
    cors__config_warn(cfg, CORS_WARN_NULL_ORIGIN, e->label, e->index,
                      "%s entry %ld 'null': sandboxed iframes, file: pages "
                      "and some redirects all send Origin: null; any site "
                      "can produce it",
                      field, e->index + 1);
  bool plain_http =
      (o->type == CORS__ORIGIN_EXACT || o->type == CORS__ORIGIN_PATTERN) &&
      !o->secure_scheme && !o->loopback;
  if (plain_http && cfg->credentials)
    cors__config_warn(cfg, CORS_WARN_INSECURE_ORIGIN, e->label, e->index,
                      "%s entry %ld '%s': plain http origin with "
                      "credentials; a network attacker can inject script "
                      "into it and read credentialed responses: use https",
                      field, e->index + 1, e->text);
}

static void warn_duplicate(compile_ctx *c, const cors__entry *e) {
  cors__config_warn(c->cfg, CORS_WARN_DUPLICATE, e->label, e->index,
                    "%s entry %ld '%s' is listed more than once",
                    label_of(c->cfg, e->label), e->index + 1, e->text);
}

/* Patterns are few; a linear look is enough to find a repeat. */
static bool has_pattern(const cors_policy *pol, const cors__origin_entry *o) {
  for (size_t i = 0; i < pol->pattern_count; i++) {
    if (pol->patterns[i].text_len == o->len &&
        memcmp(pol->patterns[i].text, o->buf, o->len) == 0)
      return true;
  }
  return false;
}

static cors_status add_pattern(compile_ctx *c, const cors__origin_entry *o) {
  cors__pattern *p = &c->pol->patterns[c->pol->pattern_count++];
  const char *text = arena_put(&c->ar, o->buf, o->len);
  p->text = text;
  p->text_len = o->len;
  p->scheme = text;
  p->scheme_len = o->scheme_len;
  p->host = text + o->host_off;
  p->host_len = o->host_len;
  p->port = text + o->port_off;
  p->port_len = o->port_len;
  p->any_subdomain = o->any_subdomain;
  p->any_port = o->any_port;
  p->has_port = o->has_port;
  return CORS_OK;
}

static cors_status collect_origins(compile_ctx *c, sorted_origin *exact,
                                   size_t *exact_count) {
  const cors__list *l = &c->cfg->lists[CORS__LIST_ORIGINS];
  cors__origin_entry o;
  char why[8];
  long off;
  *exact_count = 0;
  for (size_t i = 0; i < l->count; i++) {
    const cors__entry *e = &l->items[i];
    /* Entries were validated when added; parsing again recovers parts. */
    if (cors__origin_parse_config(e->text, e->len, &o, why, sizeof why,
                                  &off) != CORS_OK)
      return cors__error_set(c->err, CORS_ERR_INVALID_ORIGIN,
                             label_of(c->cfg, e->label), e->index, off,
                             "internal: origin re-parse failed");
    warn_origin(c, e, &o);
    cors_status st = cors__lint_origin(c->cfg, e, &o, c->err);
    if (st != CORS_OK)
      return st;
    switch (o.type) {
    case CORS__ORIGIN_ANY:
      if (c->pol->any_origin)
        warn_duplicate(c, e);
      c->pol->any_origin = true;
      break;
    case CORS__ORIGIN_NULL:
      if (c->pol->allow_null)
        warn_duplicate(c, e);
      c->pol->allow_null = true;
      break;
    case CORS__ORIGIN_PATTERN:
      if (has_pattern(c->pol, &o))
        warn_duplicate(c, e);
      else
        add_pattern(c, &o);
      break;
    case CORS__ORIGIN_EXACT:
      exact[(*exact_count)++] = (sorted_origin){{e->text, e->len}, e};
      break;
    }
  }
  return CORS_OK;
}

/* The hash set evaluate.c looks request origins up in. It keeps only the
 * entries a request origin equal to them would pass validation with, so
 * that a hit proves the request's origin valid and evaluation can skip the
 * syntax check (config parsing accepts nothing else today; the filter
 * keeps that true whatever it comes to accept). */
static cors_status build_lookup_set(compile_ctx *c, const cors_slice *list,
                                    size_t count) {
  cors_policy *pol = c->pol;
  cors_slice *keys = cors__calloc(&pol->alloc, count, sizeof *keys);
  if (keys == NULL)
    return nomem(c);
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    cors__origin_view v;
    if (cors__origin_validate_request(list[i].ptr, list[i].len, &v) &&
        !v.is_null)
      keys[n++] = list[i];
  }
  cors_status st = cors__originset_build(&pol->exact, &pol->alloc, keys, n);
  cors__free(&pol->alloc, keys);
  return st == CORS_OK ? CORS_OK : nomem(c);
}

static cors_status build_exact_set(compile_ctx *c, sorted_origin *exact,
                                   size_t count) {
  cors_policy *pol = c->pol;
  heap_sort(exact, count, sizeof *exact, compare_origin);
  cors_slice *list = cors__calloc(&pol->alloc, count, sizeof *list);
  if (list == NULL)
    return nomem(c);
  pol->exact_list = list;
  size_t unique = 0;
  for (size_t i = 0; i < count; i++) {
    const cors__entry *e = exact[i].entry;
    if (unique > 0 && list[unique - 1].len == e->len &&
        memcmp(list[unique - 1].ptr, e->text, e->len) == 0) {
      warn_duplicate(c, e);
      continue;
    }
    list[unique].ptr = arena_put(&c->ar, e->text, e->len);
    list[unique++].len = e->len;
  }
  pol->exact_count = unique;
  return build_lookup_set(c, list, unique);
}

static cors_status compile_origins(compile_ctx *c) {
  const cors__list *l = &c->cfg->lists[CORS__LIST_ORIGINS];
  cors_policy *pol = c->pol;
  pol->patterns = cors__calloc(&pol->alloc, l->count, sizeof *pol->patterns);
  sorted_origin *exact = cors__calloc(&pol->alloc, l->count, sizeof *exact);
  if (pol->patterns == NULL || exact == NULL) {
    cors__free(&pol->alloc, exact);
    return nomem(c);
  }
  size_t count = 0;
  cors_status st = collect_origins(c, exact, &count);
  if (st == CORS_OK)
    st = build_exact_set(c, exact, count);
  cors__free(&pol->alloc, exact);
  heap_sort(pol->patterns, pol->pattern_count, sizeof *pol->patterns,
            compare_pattern);
  return st;
}

static const cors__entry *find_entry(const cors__list *l, const char *text) {
  for (size_t i = 0; i < l->count; i++) {
    if (strcmp(l->items[i].text, text) == 0)
      return &l->items[i];
  }
  return NULL;
}

static cors_status check_wildcard_credentials(compile_ctx *c) {
  const cors_config *cfg = c->cfg;
  if (!c->pol->any_origin || !cfg->credentials)
    return CORS_OK;
  const cors__entry *e = find_entry(&cfg->lists[CORS__LIST_ORIGINS], "*");
  const char *field = label_of(cfg, e->label);
  const char *cred = label_of(cfg, cfg->credentials_label);
  if (cfg->dangerous_wildcard) {
    cors__config_warn(cfg, CORS_WARN_DANGEROUS_WILDCARD, e->label, e->index,
                      "%s '*' with credentials (%s) is allowed by the "
                      "dangerous opt-in: every site can read every user's "
                      "credentialed responses",
                      field, cred);
    return CORS_OK;
  }
  return cors__error_set(
      c->err, CORS_ERR_WILDCARD_WITH_CREDENTIALS, field, e->index, -1,
      "%s entry %ld '*' cannot be combined with credentials (%s is on): "
      "browsers refuse 'Access-Control-Allow-Origin: *' on credentialed "
      "requests, and reflecting every origin would let any site read your "
      "users' data. List the allowed origins, or turn credentials off",
      field, e->index + 1, cred);
}

/* ---- regex -------------------------------------------------------------- */

static cors_status compile_regex(compile_ctx *c) {
  const cors_config *cfg = c->cfg;
  if (cfg->regex == NULL)
    return CORS_OK;
  const char *field = label_of(cfg, cfg->regex_label);
  cors_status st = cors__regex_compile(&c->pol->alloc, cfg->regex,
                                       cfg->regex_len, field, &c->pol->regex,
                                       c->err);
  if (st != CORS_OK)
    return st;
  c->pol->regex_source = arena_put(&c->ar, cfg->regex, cfg->regex_len);
  c->pol->regex_source_len = cfg->regex_len;
  return cors__lint_regex(cfg, c->pol->regex, c->err);
}

/* ---- methods and headers -------------------------------------------------- */

static const char *const default_methods[] = {"GET", "HEAD", "POST"};

static bool seen_name(const cors__name *names, size_t count, const char *s,
                      size_t len) {
  for (size_t i = 0; i < count; i++) {
    if (names[i].len == len && memcmp(names[i].text, s, len) == 0)
      return true;
  }
  return false;
}

static cors_status compile_methods(compile_ctx *c) {
  cors_policy *pol = c->pol;
  const cors__list *l = &c->cfg->lists[CORS__LIST_METHODS];
  size_t n = l->set ? l->count : 3;
  pol->methods = cors__calloc(&pol->alloc, n, sizeof *pol->methods);
  if (pol->methods == NULL)
    return nomem(c);
  for (size_t i = 0; i < n; i++) {
    const char *text = l->set ? l->items[i].text : default_methods[i];
    size_t len = strlen(text);
    if (len == 1 && text[0] == '*') {
      pol->any_method = true;
      continue;
    }
    if (seen_name(pol->methods, pol->method_count, text, len)) {
      warn_duplicate(c, &l->items[i]);
      continue;
    }
    pol->methods[pol->method_count].text = l->set
        ? arena_put(&c->ar, text, len) : text;
    pol->methods[pol->method_count++].len = len;
  }
  return CORS_OK;
}

static cors_status compile_allowed_headers(compile_ctx *c) {
  cors_policy *pol = c->pol;
  const cors__list *l = &c->cfg->lists[CORS__LIST_ALLOWED_HEADERS];
  pol->headers =
      cors__calloc(&pol->alloc, l->count, sizeof *pol->headers);
  if (pol->headers == NULL)
    return nomem(c);
  bool authorization_listed = false;
  for (size_t i = 0; i < l->count; i++) {
    const cors__entry *e = &l->items[i];
    if (e->len == 1 && e->text[0] == '*') {
      pol->any_header = true;
      continue;
    }
    char *lower = c->ar.base + c->ar.used;
    for (size_t j = 0; j < e->len; j++)
      lower[j] = (char)cors__lower[(unsigned char)e->text[j]];
    if (seen_name(pol->headers, pol->header_count, lower, e->len)) {
      warn_duplicate(c, e);
      continue;
    }
    lower[e->len] = '\0';
    c->ar.used += e->len + 1;
    if (e->len == 13 && memcmp(lower, "authorization", 13) == 0)
      authorization_listed = true;
    pol->headers[pol->header_count].text = lower;
    pol->headers[pol->header_count++].len = e->len;
  }
  if (pol->any_header && !authorization_listed) {
    const cors__entry *star = find_entry(l, "*");
    cors__config_warn(c->cfg, CORS_WARN_WILDCARD_WITHOUT_AUTHORIZATION,
                      star->label, star->index,
                      "%s has '*' but not Authorization: the wildcard never "
                      "covers Authorization (Fetch Standard), so requests "
                      "sending it will fail their preflight; list it by name "
                      "if clients send it",
                      label_of(c->cfg, star->label));
  }
  return CORS_OK;
}

/* Always readable by pages, so listing them changes nothing. */
static bool is_safelisted_response_header(const char *s, size_t len) {
  static const char *const names[] = {"cache-control", "content-language",
                                      "content-length", "content-type",
                                      "expires", "last-modified", "pragma"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (cors__eq_nocase(s, len, names[i], strlen(names[i])))
      return true;
  }
  return false;
}

/* Header names compare case-insensitively: ETag and etag are one. */
static bool exposed_before(const cors__list *l, size_t i) {
  for (size_t j = 0; j < i; j++) {
    if (cors__eq_nocase(l->items[j].text, l->items[j].len, l->items[i].text,
                        l->items[i].len))
      return true;
  }
  return false;
}

static cors_status compile_exposed(compile_ctx *c) {
  const cors_config *cfg = c->cfg;
  const cors__list *l = &cfg->lists[CORS__LIST_EXPOSED_HEADERS];
  if (l->count == 0)
    return CORS_OK;
  char *joined = c->ar.base + c->ar.used;
  size_t o = 0;
  for (size_t i = 0; i < l->count; i++) {
    const cors__entry *e = &l->items[i];
    const char *field = label_of(cfg, e->label);
    if (e->len == 1 && e->text[0] == '*' && cfg->credentials)
      return cors__error_set(
          c->err, CORS_ERR_EXPOSE_WILDCARD_WITH_CREDENTIALS, field, e->index,
          -1,
          "%s entry %ld '*' with credentials (%s is on): on credentialed "
          "requests browsers read '*' as a header literally named '*', so "
          "nothing would be exposed. List the header names",
          field, e->index + 1, label_of(cfg, cfg->credentials_label));
    if (exposed_before(l, i)) {
      warn_duplicate(c, e);
      continue;
    }
    if (is_safelisted_response_header(e->text, e->len))
      cors__config_warn(cfg, CORS_WARN_SAFELISTED_EXPOSED, e->label, e->index,
                        "%s entry %ld '%s' is a CORS-safelisted response "
                        "header, always readable: listing it changes nothing",
                        field, e->index + 1, e->text);
    if (o > 0) {
      memcpy(joined + o, ", ", 2);
      o += 2;
    }
    memcpy(joined + o, e->text, e->len);
    o += e->len;
  }
  joined[o] = '\0';
  c->ar.used += o + 1;
  c->pol->expose_value = (cors_slice){joined, o};
  return CORS_OK;
}

/* ---- scalars and Vary ------------------------------------------------------ */

#define CORS__BROWSER_MAX_AGE_CAP 7200 /* Chromium's limit, in seconds */

static void compile_max_age(compile_ctx *c) {
  const cors_config *cfg = c->cfg;
  if (!cfg->has_max_age)
    return;
  char text[32];
  int n = snprintf(text, sizeof text, "%ld", cfg->max_age);
  c->pol->max_age_value = (cors_slice){arena_put(&c->ar, text, (size_t)n),
                                       (size_t)n};
  if (cfg->max_age > CORS__BROWSER_MAX_AGE_CAP)
    cors__config_warn(cfg, CORS_WARN_MAX_AGE_CAPPED, cfg->max_age_label, -1,
                      "%s %ld is above what browsers honour (Chromium caps "
                      "preflight caching at 7200 s, Firefox at 86400 s)",
                      label_of(cfg, cfg->max_age_label), cfg->max_age);
}

static cors_slice literal(const char *s) {
  return (cors_slice){s, strlen(s)};
}

/* Four fixed strings cover every combination, so no arena space needed. */
static void compile_vary(cors_policy *pol) {
  bool by_origin = !pol->acao_wildcard;
  pol->vary_actual = by_origin ? literal("Origin") : (cors_slice){NULL, 0};
  if (by_origin && pol->private_network)
    pol->vary_preflight = literal(
        "Origin, Access-Control-Request-Method, "
        "Access-Control-Request-Headers, "
        "Access-Control-Request-Private-Network");
  else if (by_origin)
    pol->vary_preflight = literal("Origin, Access-Control-Request-Method, "
                                  "Access-Control-Request-Headers");
  else if (pol->private_network)
    pol->vary_preflight = literal("Access-Control-Request-Method, "
                                  "Access-Control-Request-Headers, "
                                  "Access-Control-Request-Private-Network");
  else
    pol->vary_preflight = literal("Access-Control-Request-Method, "
                                  "Access-Control-Request-Headers");
}

/* ---- entry point -------------------------------------------------------- */

/* The compile steps, in order; each fills c->err when it fails. */
static cors_status (*const compile_steps[])(compile_ctx *) = {
    alloc_arena,     compile_origins,         check_wildcard_credentials,
    compile_regex,   compile_methods,         compile_allowed_headers,
    compile_exposed,
};

static cors_status compile_all(compile_ctx *c) {
  for (size_t i = 0; i < sizeof compile_steps / sizeof compile_steps[0];
       i++) {
    cors_status st = compile_steps[i](c);
    if (st != CORS_OK)
      return st;
  }
  const cors_config *cfg = c->cfg;
  cors_policy *pol = c->pol;
  compile_max_age(c);
  pol->credentials = cfg->credentials;
  pol->acao_wildcard = pol->any_origin && !cfg->credentials;
  pol->private_network = cfg->private_network;
  pol->preflight_status = cfg->preflight_status;
  pol->failure_status = cfg->failure_status;
  pol->report_only = cfg->report_only;
  pol->origin_callback = cfg->origin_callback;
  pol->origin_callback_ud = cfg->origin_callback_ud;
  compile_vary(pol);
  return CORS_OK;
}

bool cors_policy_report_only(const cors_policy *pol) {
  return pol != NULL && pol->report_only;
}

cors_status cors_policy_compile(const cors_config *cfg, cors_policy **out,
                                cors_error *err) {
  if (out != NULL)
    *out = NULL;
  if (cfg == NULL || out == NULL)
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "", -1, -1,
                           "NULL config or output pointer");
  cors_policy *pol = cors__calloc(&cfg->alloc, 1, sizeof *pol);
  if (pol == NULL)
    return cors__error_set(err, CORS_ERR_NOMEM, "", -1, -1,
                           "out of memory compiling the policy");
  pol->alloc = cfg->alloc;
  compile_ctx c = {cfg, pol, err, {NULL, 0, 0}};
  cors_status st = compile_all(&c);
  if (st != CORS_OK) {
    cors__policy_destroy(pol);
    return st;
  }
  atomic_init(&pol->refs, 1); /* the caller's reference (live.c) */
  *out = pol;
  return CORS_OK;
}
