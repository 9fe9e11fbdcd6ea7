/* cors_policy_dump: the compiled policy as canonical text, so that two
 * servers with the same effective policy print the same bytes (and the
 * same hash in cors-check --dump). Keys come in a fixed order; sets whose
 * order does not matter are printed sorted and without duplicates. */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#define DUMP_FORMAT_VERSION 1

/* snprintf-like sink: counts every byte, stores what fits. */
typedef struct sink {
  char *buf;
  size_t cap;
  size_t len;
} sink;

static void put(sink *s, const char *p, size_t n) {
  if (s->len < s->cap) {
    size_t room = s->cap - 1 - s->len; /* keep one byte for the NUL */
    memcpy(s->buf + s->len, p, n < room ? n : room);
  }
  s->len += n;
}

static void put_str(sink *s, const char *p) {
  put(s, p, strlen(p));
}

static void put_long(sink *s, long v) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%ld", v);
  if (n > 0)
    put(s, tmp, (size_t)n);
}

/* Regex sources may hold any byte; keep the output one line per key. */
static void put_escaped(sink *s, const char *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x20 && c < 0x7f) {
      put(s, p + i, 1);
    } else {
      char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
      put(s, esc, sizeof esc);
    }
  }
}

static void put_key(sink *s, const char *key) {
  put_str(s, key);
  put_str(s, ": ");
}

static void put_bool_line(sink *s, const char *key, bool v) {
  put_key(s, key);
  put_str(s, v ? "true\n" : "false\n");
}

static void put_long_line(sink *s, const char *key, long v) {
  put_key(s, key);
  put_long(s, v);
  put_str(s, "\n");
}

static int compare_bytes(const char *a, size_t alen, const char *b,
                         size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c != 0)
    return c;
  return (alen > blen) - (alen < blen);
}

/* A read-only view of n strings, so that one sorted printer serves origins,
 * patterns, methods and header names without allocating. */
typedef struct string_view {
  const void *base;
  size_t stride;
  size_t n;
  size_t text_off, len_off;
} string_view;

static void view_get(const string_view *v, size_t i, const char **text,
                     size_t *len) {
  const char *item = (const char *)v->base + i * v->stride;
  memcpy(text, item + v->text_off, sizeof *text);
  memcpy(len, item + v->len_off, sizeof *len);
}

/* Index of the smallest item strictly greater than (prev, prev_len), or
 * n when none; prev NULL means "smaller than everything". */
static size_t next_greater(const string_view *v, const char *prev,
                           size_t prev_len) {
  size_t best = v->n;
  const char *best_text = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < v->n; i++) {
    const char *t;
    size_t l;
    view_get(v, i, &t, &l);
    if (prev != NULL && compare_bytes(t, l, prev, prev_len) <= 0)
      continue;
    if (best == v->n || compare_bytes(t, l, best_text, best_len) < 0) {
      best = i;
      best_text = t;
      best_len = l;
    }
  }
  return best;
}

/* Prints each distinct item once, in byte order: one line per item
 * (`key: item`) or, with `joined`, one `key: a, b, c` line. Quadratic in
 * the item count, which is bounded by CORS_MAX_LIST_ENTRIES for the lists
 * it is used on; never allocates. */
static void put_sorted(sink *s, const char *key, const string_view *v,
                       bool joined) {
  const char *prev = NULL;
  size_t prev_len = 0;
  bool first = true;
  if (joined)
    put_key(s, key);
  for (;;) {
    size_t i = next_greater(v, prev, prev_len);
    if (i == v->n)
      break;
    view_get(v, i, &prev, &prev_len);
    if (!joined)
      put_key(s, key);
    else if (!first)
      put_str(s, ", ");
    put(s, prev, prev_len);
    if (!joined)
      put_str(s, "\n");
    first = false;
  }
  if (joined)
    put_str(s, "\n");
}

static string_view names_view(const cors__name *names, size_t n) {
  string_view v = {names, sizeof *names, n, offsetof(cors__name, text),
                   offsetof(cors__name, len)};
  return v;
}

static string_view patterns_view(const cors__pattern *p, size_t n) {
  string_view v = {p, sizeof *p, n, offsetof(cors__pattern, text),
                   offsetof(cors__pattern, text_len)};
  return v;
}

/* Exact origins come sorted from compile (exact_list); duplicates are
 * skipped here all the same. */
static void put_exact_origins(sink *s, const cors_policy *p) {
  const cors_slice *prev = NULL;
  for (size_t i = 0; i < p->exact_count; i++) {
    const cors_slice *o = &p->exact_list[i];
    if (prev != NULL &&
        compare_bytes(o->ptr, o->len, prev->ptr, prev->len) == 0)
      continue;
    put_key(s, "origin");
    put(s, o->ptr, o->len);
    put_str(s, "\n");
    prev = o;
  }
}

static void put_origins(sink *s, const cors_policy *p) {
  put_bool_line(s, "any-origin", p->any_origin);
  put_bool_line(s, "null-origin", p->allow_null);
  put_exact_origins(s, p);
  string_view patterns = patterns_view(p->patterns, p->pattern_count);
  put_sorted(s, "origin-pattern", &patterns, false);
  if (p->regex != NULL) {
    put_key(s, "origin-regex");
    put_escaped(s, p->regex_source, p->regex_source_len);
    put_str(s, "\n");
  }
}

static void put_slice_line(sink *s, const char *key, cors_slice v) {
  put_key(s, key);
  if (v.ptr != NULL)
    put_escaped(s, v.ptr, v.len);
  put_str(s, "\n");
}

size_t cors_policy_dump(const cors_policy *policy, char *buf, size_t cap) {
  sink s = {buf, cap, 0};
  if (policy == NULL) {
    if (cap > 0)
      buf[0] = '\0';
    return 0;
  }
  put_str(&s, "libcors-policy ");
  put_long(&s, DUMP_FORMAT_VERSION);
  put_str(&s, "\n");
  put_origins(&s, policy);
  put_bool_line(&s, "credentials", policy->credentials);
  put_bool_line(&s, "allow-origin-wildcard", policy->acao_wildcard);
  put_bool_line(&s, "any-method", policy->any_method);
  string_view methods = names_view(policy->methods, policy->method_count);
  put_sorted(&s, "methods", &methods, true);
  put_bool_line(&s, "any-header", policy->any_header);
  string_view headers = names_view(policy->headers, policy->header_count);
  put_sorted(&s, "allowed-headers", &headers, true);
  put_slice_line(&s, "expose-headers", policy->expose_value);
  put_slice_line(&s, "max-age", policy->max_age_value);
  put_bool_line(&s, "private-network", policy->private_network);
  put_long_line(&s, "preflight-status", policy->preflight_status);
  put_long_line(&s, "failure-status", policy->failure_status);
  put_slice_line(&s, "vary-actual", policy->vary_actual);
  put_slice_line(&s, "vary-preflight", policy->vary_preflight);
  if (cap > 0)
    buf[s.len < cap ? s.len : cap - 1] = '\0';
  return s.len;
}
