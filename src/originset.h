/* An immutable open-addressing hash set of exact origins, O(1) lookup. */
#ifndef CORS_ORIGINSET_H
#define CORS_ORIGINSET_H

#include "internal.h"

/* A multiply-xorshift mix over 8-byte words: a few instructions per word
 * for the 20-40 byte keys origins are. The last word is read overlapping
 * the one before it rather than copied byte by byte (the length, mixed in
 * first, keeps such keys apart). A product's high bits depend on every bit
 * of its operands, its low bits only on the operands' low bits, so tables
 * take their slot from the top bits (cors__hash_slot) and the last
 * multiply needs no extra mixing after it. Not keyed: the tables it
 * indexes are immutable after compile, so flooding them from requests is
 * impossible. Reads only the len bytes at s. */
static inline uint64_t cors__hash_bytes(const char *s, size_t len) {
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
  return (h ^ last) * 0xc4ceb9fe1a85ec53u;
}

/* Equality of a stored key and len request bytes, as cors__same_bytes
 * but with no call even for short keys: a call would make the lookups,
 * leaf functions on the hot path, save registers on every request. */
static inline bool cors__same_key(const char *a, const char *b, size_t len) {
  if (len >= 8)
    return cors__same_bytes(a, b, len);
  for (size_t i = 0; i < len; i++) {
    if (a[i] != b[i])
      return false;
  }
  return true;
}

/* The first slot of hash h in a table of 2^(64 - shift) slots. */
static inline size_t cors__hash_slot(uint64_t h, unsigned shift) {
  return (size_t)(h >> shift);
}

/* The shift for a table of cap slots (a power of two, at least 2). */
static inline unsigned cors__hash_shift(size_t cap) {
  unsigned bits = 0;
  while (((size_t)1 << bits) < cap)
    bits++;
  return 64u - bits;
}

typedef struct cors__originset_slot {
  uint64_t hash;
  const char *key; /* NULL: empty slot; points into the policy's arena */
  size_t len;
} cors__originset_slot;

typedef struct cors__originset {
  cors__originset_slot *slots;
  size_t mask;    /* capacity - 1, capacity a power of two */
  unsigned shift; /* cors__hash_shift(capacity) */
  size_t count;
} cors__originset;

/* Builds the table for `count` keys. Keys are borrowed (must outlive the
 * set); duplicates are stored once. */
cors_status cors__originset_build(cors__originset *set, const cors__alloc *a,
                                  const cors_slice *keys, size_t count);
void cors__originset_free(cors__originset *set, const cors__alloc *a);
bool cors__originset_contains(const cors__originset *set, const char *s,
                              size_t len);
/* The longest run of occupied slots: the most slots a lookup can visit
 * (for tests of the hash's spread). */
size_t cors__originset_longest_run(const cors__originset *set);

#endif
