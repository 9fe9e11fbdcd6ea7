/* Exact origins in an open-addressing table built once at compile time.
 * Lookups never insert, so a request cannot lengthen a probe sequence:
 * the worst case is fixed by the configuration. */
#include "originset.h"

#include <string.h>

static bool slot_holds(const cors__originset_slot *slot, uint64_t hash,
                       const char *s, size_t len) {
  return slot->hash == hash && slot->len == len &&
         cors__same_key(slot->key, s, len);
}

cors_status cors__originset_build(cors__originset *set, const cors__alloc *a,
                                  const cors_slice *keys, size_t count) {
  size_t cap = 8;
  while (cap < count * 2)
    cap *= 2;
  set->slots = cors__calloc(a, cap, sizeof *set->slots);
  if (set->slots == NULL)
    return CORS_ERR_NOMEM;
  set->mask = cap - 1;
  set->shift = cors__hash_shift(cap);
  set->count = 0;
  for (size_t k = 0; k < count; k++) {
    uint64_t h = cors__hash_bytes(keys[k].ptr, keys[k].len);
    size_t i = cors__hash_slot(h, set->shift);
    while (set->slots[i].key != NULL &&
           !slot_holds(&set->slots[i], h, keys[k].ptr, keys[k].len))
      i = (i + 1) & set->mask;
    if (set->slots[i].key != NULL)
      continue; /* duplicate */
    set->slots[i].hash = h;
    set->slots[i].key = keys[k].ptr;
    set->slots[i].len = keys[k].len;
    set->count++;
  }
  return CORS_OK;
}

void cors__originset_free(cors__originset *set, const cors__alloc *a) {
  cors__free(a, set->slots);
  set->slots = NULL;
  set->mask = 0;
  set->count = 0;
}

bool cors__originset_contains(const cors__originset *set, const char *s,
                              size_t len) {
  if (set->count == 0)
    return false;
  /* Hash and compare are inlined: this is the whole cost of an allowed
   * origin, so it stays a leaf function. */
  uint64_t h = cors__hash_bytes(s, len);
  size_t i = cors__hash_slot(h, set->shift);
  while (set->slots[i].key != NULL) {
    if (slot_holds(&set->slots[i], h, s, len))
      return true;
    i = (i + 1) & set->mask;
  }
  return false;
}

size_t cors__originset_longest_run(const cors__originset *set) {
  size_t longest = 0, run = 0;
  /* Twice round, so a run that wraps past the end counts whole. */
  for (size_t k = 0; set->slots != NULL && k < 2 * (set->mask + 1); k++) {
    run = set->slots[k & set->mask].key != NULL ? run + 1 : 0;
    if (run > longest)
      longest = run;
  }
  return longest;
}
