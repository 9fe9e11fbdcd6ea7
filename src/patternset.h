/* Subdomain and port patterns, indexed by host so that matching costs
 * O(labels of the request's host), whatever the number of patterns. */
#ifndef CORS_PATTERNSET_H
#define CORS_PATTERNSET_H

#include "internal.h"
#include "origin.h"
#include "originset.h"

/* One configured pattern as compile hands it to the index: its normalized
 * text (which must outlive the set) and where its parts are. */
typedef struct cors__pattern {
  const char *text;
  uint32_t text_len;
  uint16_t scheme_len;         /* bytes before "://" */
  uint16_t host_off, host_len; /* the suffix after "*.", or the host */
  uint16_t port;               /* the exact port; 0: none */
  bool any_subdomain;          /* *.host */
  bool any_port;               /* :* */
} cors__pattern;

/* How a subdomain pattern treats the request's port. */
enum { CORS__PORT_NONE = 0, CORS__PORT_EXACT = 1, CORS__PORT_ANY = 2 };

/* A subdomain pattern within its suffix's run: scheme and port rule. */
typedef struct cors__subdomain_rule {
  const char *scheme;
  uint32_t scheme_len;
  uint16_t port;     /* with CORS__PORT_EXACT */
  uint8_t port_rule; /* CORS__PORT_* */
} cors__subdomain_rule;

/* A host suffix (the "example.com" of a pattern for the subdomains of
 * example.com) and the run of rules of every pattern with that suffix,
 * sorted by scheme, rule, port. */
typedef struct cors__suffix_slot {
  uint64_t hash;
  const char *suffix; /* NULL: empty slot */
  uint32_t len;
  uint32_t first; /* rules[first, first + count) */
  uint32_t count;
} cors__suffix_slot;

typedef struct cors__patternset {
  /* "scheme://host" of every port pattern scheme://host:* (an exact host
   * with any port, or none): one lookup of the request's origin without
   * its port. */
  cors__originset any_port_hosts;
  /* Subdomain patterns: an open-addressing table of their suffixes. */
  cors__suffix_slot *slots;
  size_t mask;
  unsigned shift; /* cors__hash_shift of the capacity */
  size_t suffix_count;
  cors__subdomain_rule *rules;
  /* Bit k-1 set when some suffix has k labels (bit 63: 64 or more), so a
   * request host is looked up only at the depths some suffix has. */
  uint64_t label_depths;
  size_t max_labels;
} cors__patternset;

/* Builds the index of `count` distinct patterns (their texts are
 * borrowed). Allocates through a; CORS_ERR_NOMEM leaves nothing to free
 * but what cors__patternset_free frees. */
cors_status cors__patternset_build(cors__patternset *set, const cors__alloc *a,
                                   const cors__pattern *const *patterns,
                                   size_t count);
void cors__patternset_free(cors__patternset *set, const cors__alloc *a);

/* True when some pattern admits the request origin s, validated as v (not
 * `null`). Never allocates. */
bool cors__patternset_match(const cors__patternset *set, const char *s,
                            const cors__origin_view *v);
/* The longest run of occupied suffix slots (for tests of the spread). */
size_t cors__patternset_longest_run(const cors__patternset *set);

#endif
