/* cors_policy_dump: the compiled policy as canonical text, so that two
 * servers with the same effective policy print the same bytes (and the
 * same hash in cors-check --dump). Keys come in a fixed order; sets whose
 * order does not matter are printed sorted and without duplicates, as
 * compile.c stores them. */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#define DUMP_FORMAT_VERSION 1

static void put_long(cors__out *s, long v) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%ld", v);
  if (n > 0)
    cors__out_put(s, tmp, (size_t)n);
}

static void put_key(cors__out *s, const char *key) {
  cors__out_str(s, key);
  cors__out_str(s, ": ");
}

static void put_bool_line(cors__out *s, const char *key, bool v) {
  put_key(s, key);
  cors__out_str(s, v ? "true\n" : "false\n");
}

static void put_long_line(cors__out *s, const char *key, long v) {
  put_key(s, key);
  put_long(s, v);
  cors__out_str(s, "\n");
}

/* The smallest name after `prev` (all names when prev is NULL), or NULL. */
static const cors__name *next_name(const cors__name *names, size_t n,
                                   const cors__name *prev) {
  const cors__name *best = NULL;
  for (size_t i = 0; i < n; i++) {
    const cors__name *c = &names[i];
    if (prev != NULL &&
        cors__compare_bytes(c->text, c->len, prev->text, prev->len) <= 0)
      continue;
    if (best == NULL ||
        cors__compare_bytes(c->text, c->len, best->text, best->len) < 0)
      best = c;
  }
  return best;
}

/* One `key: a, b, c` line in byte order. compile.c keeps names distinct
 * but in the configured order (its lookup order), so they are ordered
 * here: quadratic in a list of at most CORS_MAX_LIST_ENTRIES, and free of
 * allocation. Origins and patterns come sorted from compile.c. */
static void put_names(cors__out *s, const char *key, const cors__name *names,
                      size_t n) {
  put_key(s, key);
  const cors__name *prev = NULL;
  for (size_t k = 0; k < n; k++) {
    prev = next_name(names, n, prev);
    if (k > 0)
      cors__out_str(s, ", ");
    cors__out_put(s, prev->text, prev->len);
  }
  cors__out_str(s, "\n");
}

static void put_origins(cors__out *s, const cors_policy *p) {
  put_bool_line(s, "any-origin", p->any_origin);
  put_bool_line(s, "null-origin", p->allow_null);
  for (size_t i = 0; i < p->exact_count; i++) {
    put_key(s, "origin");
    cors__out_put(s, p->exact_list[i].ptr, p->exact_list[i].len);
    cors__out_str(s, "\n");
  }
  for (size_t i = 0; i < p->pattern_count; i++) {
    put_key(s, "origin-pattern");
    cors__out_put(s, p->pattern_list[i].ptr, p->pattern_list[i].len);
    cors__out_str(s, "\n");
  }
  if (p->regex != NULL) {
    put_key(s, "origin-regex");
    /* A regex may hold any byte: escaped, the output stays one line per
     * key. */
    cors__out_escaped(s, p->regex_source, p->regex_source_len, NULL);
    cors__out_str(s, "\n");
  }
}

static void put_slice_line(cors__out *s, const char *key, cors_slice v) {
  put_key(s, key);
  if (v.ptr != NULL)
    cors__out_escaped(s, v.ptr, v.len, NULL);
  cors__out_str(s, "\n");
}

size_t cors_policy_dump(const cors_policy *policy, char *buf, size_t cap) {
  cors__out s = {buf, cap, 0};
  if (policy == NULL) {
    if (cap > 0)
      buf[0] = '\0';
    return 0;
  }
  cors__out_str(&s, "libcors-policy ");
  put_long(&s, DUMP_FORMAT_VERSION);
  cors__out_str(&s, "\n");
  put_origins(&s, policy);
  put_bool_line(&s, "credentials", policy->credentials);
  put_bool_line(&s, "allow-origin-wildcard", policy->acao_wildcard);
  put_bool_line(&s, "any-method", policy->any_method);
  put_names(&s, "methods", policy->methods, policy->method_count);
  put_bool_line(&s, "any-header", policy->any_header);
  put_names(&s, "allowed-headers", policy->headers, policy->header_count);
  put_slice_line(&s, "expose-headers", policy->expose_value);
  put_slice_line(&s, "max-age", policy->max_age_value);
  put_bool_line(&s, "private-network", policy->private_network);
  put_long_line(&s, "preflight-status", policy->preflight_status);
  put_long_line(&s, "failure-status", policy->failure_status);
  /* Only when on, so an enforcing policy dumps (and hashes) as in 1.0. */
  if (policy->report_only)
    put_bool_line(&s, "report-only", true);
  if (policy->origin_callback != NULL) /* likewise */
    put_bool_line(&s, "origin-callback", true);
  put_slice_line(&s, "vary-actual", policy->vary_actual);
  put_slice_line(&s, "vary-preflight", policy->vary_preflight);
  return cors__out_end(&s);
}
