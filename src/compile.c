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
  cors__free(a, (void *)pol->pattern_list);
  cors__patternset_free(&pol->patterns, a);
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

/* Exact origins and patterns are sorted (stably, so of equal entries the
 * first configured comes first and the later ones are the duplicates):
 * the canonical dump is then a plain walk, and duplicates are neighbours.
 * Everything here is O(n log n) in the number of entries. */

static int compare_entry_text(const void *pa, const void *pb) {
  const cors__entry *a = pa, *b = pb;
  return cors__compare_bytes(a->text, a->len, b->text, b->len);
}

/* A pattern being compiled, and the entry it came from (for warnings). */
typedef struct pattern_rec {
  cors__pattern p;
  const cors__entry *entry;
} pattern_rec;

static int compare_pattern_text(const void *pa, const void *pb) {
  const pattern_rec *a = pa, *b = pb;
  return cors__compare_bytes(a->p.text, a->p.text_len, b->p.text,
                             b->p.text_len);
}

/* The origins of the config, split by kind: exact entries and pattern
 * records (pointers, for sorting). */
typedef struct origin_lists {
  const void **exact; /* const cors__entry * */
  size_t exact_count;
  pattern_rec *recs;
  const void **patterns; /* const pattern_rec * into recs */
  size_t pattern_count;
} origin_lists;

static void free_origin_lists(compile_ctx *c, origin_lists *o) {
  cors__free(&c->pol->alloc, o->exact);
  cors__free(&c->pol->alloc, o->recs);
  cors__free(&c->pol->alloc, o->patterns);
}

/* Normalized entries hold '*' only in patterns, or as the lone `*`. */
static bool is_pattern_text(const cors__entry *e) {
  return e->len > 1 && memchr(e->text, '*', e->len) != NULL;
}

static cors_status alloc_origin_lists(compile_ctx *c, origin_lists *o) {
  const cors__list *l = &c->cfg->lists[CORS__LIST_ORIGINS];
  const cors__alloc *a = &c->pol->alloc;
  size_t patterns = 0;
  for (size_t i = 0; i < l->count; i++)
    patterns += is_pattern_text(&l->items[i]);
  size_t exact = l->count - patterns;
  memset(o, 0, sizeof *o);
  o->exact = cors__calloc(a, exact > 0 ? exact : 1, sizeof *o->exact);
  if (patterns > 0) {
    o->recs = cors__calloc(a, patterns, sizeof *o->recs);
    o->patterns = cors__calloc(a, patterns, sizeof *o->patterns);
  }
  if (o->exact == NULL ||
      (patterns > 0 && (o->recs == NULL || o->patterns == NULL))) {
    free_origin_lists(c, o);
    return nomem(c);
  }
  return CORS_OK;
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

static unsigned port_value(const char *digits, size_t len) {
  unsigned v = 0;
  for (size_t i = 0; i < len; i++)
    v = v * 10 + (unsigned)(digits[i] - '0');
  return v;
}

/* Points into the config's entry text for now: only the distinct ones
 * are copied into the arena (add_patterns). */
static void add_pattern_rec(origin_lists *o, const cors__entry *e,
                            const cors__origin_entry *parsed) {
  pattern_rec *r = &o->recs[o->pattern_count];
  r->entry = e;
  r->p.text = e->text;
  r->p.text_len = (uint32_t)parsed->len;
  r->p.scheme_len = (uint16_t)parsed->scheme_len;
  r->p.host_off = (uint16_t)parsed->host_off;
  r->p.host_len = (uint16_t)parsed->host_len;
  r->p.port =
      (uint16_t)(parsed->has_port ? port_value(parsed->buf + parsed->port_off,
                                               parsed->port_len)
                                  : 0);
  r->p.any_subdomain = parsed->any_subdomain;
  r->p.any_port = parsed->any_port;
  o->patterns[o->pattern_count++] = r;
}

static cors_status collect_origins(compile_ctx *c, origin_lists *o) {
  const cors__list *l = &c->cfg->lists[CORS__LIST_ORIGINS];
  cors__origin_entry parsed;
  char why[8];
  long off;
  for (size_t i = 0; i < l->count; i++) {
    const cors__entry *e = &l->items[i];
    /* Entries were validated when added; parsing again recovers parts. */
    if (cors__origin_parse_config(e->text, e->len, &parsed, why, sizeof why,
                                  &off) != CORS_OK ||
        (parsed.type == CORS__ORIGIN_PATTERN) != is_pattern_text(e))
      return cors__error_set(c->err, CORS_ERR_INVALID_ORIGIN,
                             label_of(c->cfg, e->label), e->index, off,
                             "internal: origin re-parse failed");
    warn_origin(c, e, &parsed);
    cors_status st = cors__lint_origin(c->cfg, e, &parsed, c->err);
    if (st != CORS_OK)
      return st;
    switch (parsed.type) {
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
      add_pattern_rec(o, e, &parsed);
      break;
    case CORS__ORIGIN_EXACT:
      o->exact[o->exact_count++] = e;
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
  cors_slice *keys =
      cors__calloc(&pol->alloc, count > 0 ? count : 1, sizeof *keys);
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

/* Sorts the n items by cmp, and allocates room for the list of their
 * distinct texts that the dump reads; NULL when out of memory. */
static cors_slice *sort_for_list(compile_ctx *c, const void **items, size_t n,
                                 cors__compare_fn cmp) {
  if (cors__sort_pointers(&c->pol->alloc, items, n, cmp) != CORS_OK)
    return NULL;
  return cors__calloc(&c->pol->alloc, n > 0 ? n : 1, sizeof(cors_slice));
}

static cors_status add_exact(compile_ctx *c, origin_lists *o) {
  cors_policy *pol = c->pol;
  size_t count = o->exact_count;
  cors_slice *list = sort_for_list(c, o->exact, count, compare_entry_text);
  if (list == NULL)
    return nomem(c);
  pol->exact_list = list;
  size_t unique = 0;
  for (size_t i = 0; i < count; i++) {
    const cors__entry *e = o->exact[i];
    if (i > 0 && compare_entry_text(o->exact[i - 1], e) == 0) {
      warn_duplicate(c, e);
      continue;
    }
    list[unique].ptr = arena_put(&c->ar, e->text, e->len);
    list[unique++].len = e->len;
  }
  pol->exact_count = unique;
  return build_lookup_set(c, list, unique);
}

/* Distinct patterns into the arena, the dump's sorted list, the index. */
static cors_status add_patterns(compile_ctx *c, origin_lists *o) {
  cors_policy *pol = c->pol;
  size_t count = o->pattern_count;
  if (count == 0)
    return CORS_OK;
  cors_slice *list = sort_for_list(c, o->patterns, count, compare_pattern_text);
  if (list == NULL)
    return nomem(c);
  pol->pattern_list = list;
  size_t unique = 0;
  for (size_t i = 0; i < count; i++) {
    pattern_rec *r = (pattern_rec *)o->patterns[i];
    if (i > 0 && compare_pattern_text(o->patterns[i - 1], r) == 0) {
      warn_duplicate(c, r->entry);
      continue;
    }
    r->p.text = arena_put(&c->ar, r->p.text, r->p.text_len);
    list[unique] = (cors_slice){r->p.text, r->p.text_len};
    /* The index takes the distinct ones, in place of the sorted list. */
    o->patterns[unique++] = &r->p;
  }
  pol->pattern_count = unique;
  if (cors__patternset_build(&pol->patterns, &pol->alloc,
                             (const cors__pattern *const *)o->patterns,
                             unique) != CORS_OK)
    return nomem(c);
  return CORS_OK;
}

static cors_status compile_origins(compile_ctx *c) {
  origin_lists o;
  cors_status st = alloc_origin_lists(c, &o);
  if (st != CORS_OK)
    return st;
  st = collect_origins(c, &o);
  if (st == CORS_OK)
    st = add_exact(c, &o);
  if (st == CORS_OK)
    st = add_patterns(c, &o);
  free_origin_lists(c, &o);
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

/* ---- methods and headers ----------------------------------------------- */

static const char *const default_methods[] = {"GET", "HEAD", "POST"};

/* ---- duplicates in the name lists ---------------------------------------- */

static int compare_entry_nocase(const void *pa, const void *pb) {
  const cors__entry *a = pa, *b = pb;
  size_t n = a->len < b->len ? a->len : b->len;
  for (size_t i = 0; i < n; i++) {
    int d = (int)cors__lower[(unsigned char)a->text[i]] -
            (int)cors__lower[(unsigned char)b->text[i]];
    if (d != 0)
      return d;
  }
  return (a->len > b->len) - (a->len < b->len);
}

/* Lists this short compare every pair: no allocation, and faster. */
#define PAIRWISE_MAX 16

/* dup[i]: entry i of l equals (cmp) an earlier one. A longer list sorts
 * pointers to its entries, stably, so of equal ones the first configured
 * comes first: O(n log n). */
static cors_status find_duplicates(compile_ctx *c, const cors__list *l,
                                   cors__compare_fn cmp, bool *dup) {
  size_t n = l->count;
  assert(n <= CORS_MAX_LIST_ENTRIES); /* config.c enforces it */
  memset(dup, 0, n * sizeof *dup);
  if (n <= PAIRWISE_MAX) {
    for (size_t i = 1; i < n; i++) {
      for (size_t j = 0; j < i && !dup[i]; j++)
        dup[i] = cmp(&l->items[j], &l->items[i]) == 0;
    }
    return CORS_OK;
  }
  const void **sorted = cors__calloc(&c->pol->alloc, n, sizeof *sorted);
  if (sorted == NULL)
    return nomem(c);
  for (size_t i = 0; i < n; i++)
    sorted[i] = &l->items[i];
  cors_status st = cors__sort_pointers(&c->pol->alloc, sorted, n, cmp);
  for (size_t i = 1; st == CORS_OK && i < n; i++) {
    if (cmp(sorted[i - 1], sorted[i]) == 0)
      dup[(const cors__entry *)sorted[i] - l->items] = true;
  }
  cors__free(&c->pol->alloc, sorted);
  return st == CORS_OK ? CORS_OK : nomem(c);
}

static cors_status compile_methods(compile_ctx *c) {
  cors_policy *pol = c->pol;
  const cors__list *l = &c->cfg->lists[CORS__LIST_METHODS];
  size_t n = l->set ? l->count : 3;
  bool dup[CORS_MAX_LIST_ENTRIES];
  pol->methods = cors__calloc(&pol->alloc, n, sizeof *pol->methods);
  if (pol->methods == NULL)
    return nomem(c);
  /* Methods compare as configured (config.c upper-cased the six that the
   * Fetch Standard normalizes); the default list has no duplicate. */
  memset(dup, 0, sizeof dup);
  if (l->set && find_duplicates(c, l, compare_entry_text, dup) != CORS_OK)
    return CORS_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    const char *text = l->set ? l->items[i].text : default_methods[i];
    size_t len = strlen(text);
    if (len == 1 && text[0] == '*') {
      pol->any_method = true;
      continue;
    }
    if (dup[i]) {
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
  bool dup[CORS_MAX_LIST_ENTRIES];
  pol->headers =
      cors__calloc(&pol->alloc, l->count, sizeof *pol->headers);
  if (pol->headers == NULL)
    return nomem(c);
  if (find_duplicates(c, l, compare_entry_nocase, dup) != CORS_OK)
    return CORS_ERR_NOMEM;
  bool authorization_listed = false;
  for (size_t i = 0; i < l->count; i++) {
    const cors__entry *e = &l->items[i];
    if (e->len == 1 && e->text[0] == '*') {
      pol->any_header = true;
      continue;
    }
    if (dup[i]) {
      warn_duplicate(c, e);
      continue;
    }
    char *lower = c->ar.base + c->ar.used;
    for (size_t j = 0; j < e->len; j++)
      lower[j] = (char)cors__lower[(unsigned char)e->text[j]];
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

static cors_status compile_exposed(compile_ctx *c) {
  const cors_config *cfg = c->cfg;
  const cors__list *l = &cfg->lists[CORS__LIST_EXPOSED_HEADERS];
  bool dup[CORS_MAX_LIST_ENTRIES];
  if (l->count == 0)
    return CORS_OK;
  /* Header names compare case-insensitively: ETag and etag are one. */
  if (find_duplicates(c, l, compare_entry_nocase, dup) != CORS_OK)
    return CORS_ERR_NOMEM;
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
    if (dup[i]) {
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

/* ---- scalars and Vary -------------------------------------------------- */

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

/* Two fixed strings cover every combination, so no arena space needed.
 * Every preflight names the three request headers its answer reads (the
 * private-network one too: the answer differs whether the feature is on
 * or off); Origin comes first whenever the answer depends on it, which
 * under a public `*` policy is only the denial of an invalid or repeated
 * Origin (vary_preflight_origin). */
static void compile_vary(cors_policy *pol) {
  static const char preflight_origin[] =
      "Origin, Access-Control-Request-Method, "
      "Access-Control-Request-Headers, "
      "Access-Control-Request-Private-Network";
  const char *preflight = preflight_origin + 8; /* without "Origin, " */
  bool by_origin = !pol->acao_wildcard;
  pol->vary_actual = by_origin ? literal("Origin") : (cors_slice){NULL, 0};
  pol->vary_preflight_origin = literal(preflight_origin);
  pol->vary_preflight =
      by_origin ? literal(preflight_origin) : literal(preflight);
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
  pol->exact_origins_only = !pol->any_origin && !pol->allow_null &&
                            pol->pattern_count == 0 && pol->regex == NULL &&
                            cfg->origin_callback == NULL;
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
