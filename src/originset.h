/* An immutable open-addressing hash set of exact origins, O(1) lookup. */
#ifndef CORS_ORIGINSET_H
#define CORS_ORIGINSET_H

#include "internal.h"

typedef struct cors__originset_slot {
  uint64_t hash;
  const char *key; /* NULL: empty slot; points into the policy's arena */
  size_t len;
} cors__originset_slot;

typedef struct cors__originset {
  cors__originset_slot *slots;
  size_t mask; /* capacity - 1, capacity a power of two */
  size_t count;
} cors__originset;

/* Builds the table for `count` keys. Keys are borrowed (must outlive the
 * set); duplicates are stored once. */
cors_status cors__originset_build(cors__originset *set, const cors__alloc *a,
                                  const cors_slice *keys, size_t count);
void cors__originset_free(cors__originset *set, const cors__alloc *a);
bool cors__originset_contains(const cors__originset *set, const char *s,
                              size_t len);

#endif
