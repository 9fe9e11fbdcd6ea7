/* Exact origins in an open-addressing table built once at compile time.
 * Lookups never insert, so a request cannot lengthen a probe sequence:
 * the worst case is fixed by the configuration. */
#include "originset.h"

#include <string.h>

/* A multiply-xorshift mix over 8-byte words: a few instructions per word
 * for the 20-40 byte keys origins are. The last word is read overlapping
 * the one before it rather than copied byte by byte (the length, mixed in
 * first, keeps such keys apart). Not keyed: the table is immutable after
 * compile, so flooding it from requests is impossible. */
static inline uint64_t hash_key(const char *s, size_t len) {
  uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)len;
  uint64_t last = 0;
  if (len >= 8) {
    const char *end = s + len;
    for (; end - s > 8; s += 8) {
      h = (h ^ cors__load64(s)) * 0xff51afd7ed558ccdu;
      h ^= h >> 32;
    }
    last = cors__load64(end - 8);
  } else {
    for (size_t i = 0; i < len; i++)
      last |= (uint64_t)(unsigned char)s[i] << (8 * i);
  }
  h = (h ^ last) * 0xc4ceb9fe1a85ec53u;
  h ^= h >> 29;
  return h;
}

static bool slot_holds(const cors__originset_slot *slot, uint64_t hash,
                       const char *s, size_t len) {
  return slot->hash == hash && slot->len == len &&
         cors__same_bytes(slot->key, s, len);
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
  set->count = 0;
  for (size_t k = 0; k < count; k++) {
    uint64_t h = hash_key(keys[k].ptr, keys[k].len);
    size_t i = (size_t)h & set->mask;
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
  uint64_t h = hash_key(s, len);
  size_t i = (size_t)h & set->mask;
  while (set->slots[i].key != NULL) {
    if (slot_holds(&set->slots[i], h, s, len))
      return true;
    i = (i + 1) & set->mask;
  }
  return false;
}
