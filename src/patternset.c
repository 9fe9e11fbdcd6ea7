/* The pattern index. A request origin scheme://l1.l2...ln[:port] can only
 * be admitted by a port pattern for exactly its host, or by a subdomain
 * pattern whose suffix is one of l2...ln, l3...ln, ..., ln. So the index
 * is two hash tables: "scheme://host" of the port patterns, and the
 * suffixes of the subdomain patterns, each with the run of (scheme, port
 * rule) pairs configured for it. Matching probes the first table once and
 * the second once per suffix of the request's host at a depth some
 * configured suffix has; a probe hashes that suffix, which the request
 * holds contiguously. Building sorts once: O(n log n). */
#include "patternset.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define CORS__PATTERNSET_SSE2 1
#else
#define CORS__PATTERNSET_SSE2 0
#endif

/* ---- building ------------------------------------------------------------ */

static const char *suffix_of(const cors__pattern *p) {
  return p->text + p->host_off;
}

static uint8_t port_rule_of(const cors__pattern *p) {
  if (p->any_port)
    return CORS__PORT_ANY;
  return p->port != 0 ? CORS__PORT_EXACT : CORS__PORT_NONE;
}

/* The index's order: suffix, then scheme, port rule, port. */
static int compare_subdomain(const void *pa, const void *pb) {
  const cors__pattern *a = pa, *b = pb;
  int r =
      cors__compare_bytes(suffix_of(a), a->host_len, suffix_of(b), b->host_len);
  if (r == 0)
    r = cors__compare_bytes(a->text, a->scheme_len, b->text, b->scheme_len);
  if (r == 0)
    r = (int)port_rule_of(a) - (int)port_rule_of(b);
  if (r == 0)
    r = (int)a->port - (int)b->port;
  return r;
}

static uint64_t depth_bit(size_t labels) {
  return (uint64_t)1 << (labels < 64 ? labels - 1 : 63);
}

static void insert_suffix(cors__patternset *set, const cors__pattern *p,
                          uint32_t first, uint32_t count) {
  const char *suffix = suffix_of(p);
  uint64_t h = cors__hash_bytes(suffix, p->host_len);
  size_t i = cors__hash_slot(h, set->shift);
  while (set->slots[i].suffix != NULL) /* suffixes are distinct here */
    i = (i + 1) & set->mask;
  set->slots[i] = (cors__suffix_slot){h, suffix, p->host_len, first, count};
  size_t labels = cors__count_byte(suffix, p->host_len, '.') + 1;
  set->label_depths |= depth_bit(labels);
  if (labels > set->max_labels)
    set->max_labels = labels;
}

static bool same_suffix(const cors__pattern *a, const cors__pattern *b) {
  return a->host_len == b->host_len &&
         memcmp(suffix_of(a), suffix_of(b), a->host_len) == 0;
}

/* sub[0, n): the subdomain patterns, sorted by compare_subdomain. */
static cors_status build_suffixes(cors__patternset *set, const cors__alloc *a,
                                  const cors__pattern *const *sub, size_t n) {
  size_t runs = 0;
  for (size_t i = 0; i < n; i++)
    runs += i == 0 || !same_suffix(sub[i - 1], sub[i]);
  size_t cap = 8;
  while (cap < runs * 2)
    cap *= 2;
  set->slots = cors__calloc(a, cap, sizeof *set->slots);
  set->rules = cors__calloc(a, n > 0 ? n : 1, sizeof *set->rules);
  if (set->slots == NULL || set->rules == NULL)
    return CORS_ERR_NOMEM;
  set->mask = cap - 1;
  set->shift = cors__hash_shift(cap);
  set->suffix_count = runs;
  size_t run_start = 0;
  for (size_t i = 0; i < n; i++) {
    const cors__pattern *p = sub[i];
    set->rules[i] = (cors__subdomain_rule){p->text, p->scheme_len, p->port,
                                           port_rule_of(p)};
    if (i + 1 == n || !same_suffix(p, sub[i + 1])) {
      insert_suffix(set, sub[run_start], (uint32_t)run_start,
                    (uint32_t)(i + 1 - run_start));
      run_start = i + 1;
    }
  }
  return CORS_OK;
}

/* The port patterns' "scheme://host": their text without ":*". */
static cors_status build_any_port_hosts(cors__patternset *set,
                                        const cors__alloc *a,
                                        const cors__pattern *const *patterns,
                                        size_t count) {
  cors_slice *keys = cors__calloc(a, count > 0 ? count : 1, sizeof *keys);
  if (keys == NULL)
    return CORS_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    const cors__pattern *p = patterns[i];
    if (!p->any_subdomain)
      keys[n++] = (cors_slice){p->text, (size_t)p->host_off + p->host_len};
  }
  cors_status st = CORS_OK;
  if (n > 0)
    st = cors__originset_build(&set->any_port_hosts, a, keys, n);
  cors__free(a, keys);
  return st;
}

cors_status cors__patternset_build(cors__patternset *set, const cors__alloc *a,
                                   const cors__pattern *const *patterns,
                                   size_t count) {
  memset(set, 0, sizeof *set);
  cors_status st = build_any_port_hosts(set, a, patterns, count);
  if (st != CORS_OK)
    return st;
  const void **sub = cors__calloc(a, count > 0 ? count : 1, sizeof *sub);
  if (sub == NULL)
    return CORS_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    if (patterns[i]->any_subdomain)
      sub[n++] = patterns[i];
  }
  if (n > 0) {
    st = cors__sort_pointers(a, sub, n, compare_subdomain);
    if (st == CORS_OK)
      st = build_suffixes(set, a, (const cors__pattern *const *)sub, n);
  }
  cors__free(a, sub);
  return st;
}

void cors__patternset_free(cors__patternset *set, const cors__alloc *a) {
  if (set->any_port_hosts.slots != NULL)
    cors__originset_free(&set->any_port_hosts, a);
  cors__free(a, set->slots);
  cors__free(a, set->rules);
  memset(set, 0, sizeof *set);
}

/* ---- matching ------------------------------------------------------------ */

static const cors__suffix_slot *find_suffix(const cors__patternset *set,
                                            const char *s, size_t len) {
  uint64_t h = cors__hash_bytes(s, len);
  size_t i = cors__hash_slot(h, set->shift);
  for (;;) {
    const cors__suffix_slot *slot = &set->slots[i];
    if (slot->suffix == NULL)
      return NULL;
    if (slot->hash == h && slot->len == len &&
        cors__same_key(slot->suffix, s, len))
      return slot;
    i = (i + 1) & set->mask;
  }
}

/* Order of a rule against (scheme, rule, port), as compare_subdomain. */
static int compare_rule(const cors__subdomain_rule *r, const char *scheme,
                        size_t scheme_len, uint8_t port_rule, unsigned port) {
  int c = cors__compare_bytes(r->scheme, r->scheme_len, scheme, scheme_len);
  if (c == 0)
    c = (int)r->port_rule - (int)port_rule;
  if (c == 0)
    c = (int)r->port - (int)port;
  return c;
}

/* Whether the sorted run holds exactly (scheme, rule, port): a binary
 * search, so a suffix configured with many schemes or ports stays cheap. */
static bool run_has(const cors__subdomain_rule *run, size_t n,
                    const char *scheme, size_t scheme_len, uint8_t port_rule,
                    unsigned port) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = compare_rule(&run[mid], scheme, scheme_len, port_rule, port);
    if (c == 0)
      return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

static bool rules_admit(const cors__patternset *set,
                        const cors__suffix_slot *slot, const char *s,
                        const cors__origin_view *v) {
  const cors__subdomain_rule *run = set->rules + slot->first;
  uint8_t exact = v->has_port ? CORS__PORT_EXACT : CORS__PORT_NONE;
  unsigned port = v->has_port ? v->port : 0;
  /* Most suffixes have one pattern: settle it without a search. */
  if (slot->count == 1)
    return run->scheme_len == v->scheme_len &&
           cors__same_key(run->scheme, s, v->scheme_len) &&
           (run->port_rule == CORS__PORT_ANY ||
            (run->port_rule == exact && run->port == port));
  return run_has(run, slot->count, s, v->scheme_len, exact, port) ||
         run_has(run, slot->count, s, v->scheme_len, CORS__PORT_ANY, 0);
}

/* The dots of s[lo, hi), hi - lo <= 16, as a mask (bit k: s[lo + k]). */
static inline unsigned dot_mask(const char *s, size_t lo, size_t hi) {
#if CORS__PATTERNSET_SSE2
  if (hi >= 16) {
    /* One load ending at hi; the lanes before lo are shifted out. */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + hi - 16));
    unsigned m =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')));
    return m >> (16 - (hi - lo));
  }
#endif
  unsigned m = 0;
  for (size_t i = lo; i < hi; i++)
    m |= (unsigned)(s[i] == '.') << (i - lo);
  return m;
}

/* The highest set bit of m != 0. */
static inline unsigned top_bit(unsigned m) {
#if defined(__GNUC__)
  return 31u - (unsigned)__builtin_clz(m);
#else
  unsigned k = 0;
  while (m >>= 1)
    k++;
  return k;
#endif
}

/* Each dot of the host, from the right, starts a candidate suffix; one
 * with no byte before its dot cannot be a strict subdomain's. The dots
 * are found 16 bytes at a time (the whole host, for most origins). */
static bool subdomain_match(const cors__patternset *set, const char *s,
                            const cors__origin_view *v) {
  const size_t host = v->host_off, end = host + v->host_len;
  size_t labels = 0;
  for (size_t hi = end; hi > host + 1;) {
    size_t lo = hi - host > 16 ? hi - 16 : host;
    unsigned dots = dot_mask(s, lo, hi);
    while (dots != 0) {
      unsigned k = top_bit(dots);
      dots &= ~(1u << k);
      size_t dot = lo + k;
      if (dot == host)
        return false;
      labels++;
      if (labels > set->max_labels)
        return false;
      if ((set->label_depths & depth_bit(labels)) == 0)
        continue;
      const cors__suffix_slot *slot =
          find_suffix(set, s + dot + 1, end - dot - 1);
      if (slot != NULL && rules_admit(set, slot, s, v))
        return true;
    }
    hi = lo;
  }
  return false;
}

bool cors__patternset_match(const cors__patternset *set, const char *s,
                            const cors__origin_view *v) {
  if (set->any_port_hosts.count != 0 &&
      cors__originset_contains(&set->any_port_hosts, s,
                               v->host_off + v->host_len))
    return true;
  return set->suffix_count != 0 && subdomain_match(set, s, v);
}

size_t cors__patternset_longest_run(const cors__patternset *set) {
  size_t longest = 0, run = 0;
  for (size_t k = 0; set->slots != NULL && k < 2 * (set->mask + 1); k++) {
    run = set->slots[k & set->mask].suffix != NULL ? run + 1 : 0;
    if (run > longest)
      longest = run;
  }
  return longest;
}
