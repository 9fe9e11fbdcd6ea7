/* A stable merge sort of pointer arrays, for compile. Stable, so that of
 * equal entries the first configured stays first (and the later ones are
 * the duplicates); O(n log n) whatever the input; its scratch comes from
 * the caller's allocator (glibc's qsort may call malloc behind it). */
#include "internal.h"

/* Merges the sorted runs src[lo, mid) and src[mid, hi) into dst[lo, hi). */
static void merge(const void **dst, const void *const *src, size_t lo,
                  size_t mid, size_t hi, cors__compare_fn cmp) {
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    /* <= 0 takes from the left run on ties: stable. */
    if (cmp(src[i], src[j]) <= 0)
      dst[k++] = src[i++];
    else
      dst[k++] = src[j++];
  }
  while (i < mid)
    dst[k++] = src[i++];
  while (j < hi)
    dst[k++] = src[j++];
}

/* Short runs are sorted in place by insertion first: fewer passes. */
#define INSERTION_RUN 8

static void insertion_sort(const void **items, size_t lo, size_t hi,
                           cors__compare_fn cmp) {
  for (size_t i = lo + 1; i < hi; i++) {
    const void *x = items[i];
    size_t j = i;
    while (j > lo && cmp(items[j - 1], x) > 0) {
      items[j] = items[j - 1];
      j--;
    }
    items[j] = x;
  }
}

cors_status cors__sort_pointers(const cors__alloc *a, const void **items,
                                size_t n, cors__compare_fn cmp) {
  for (size_t lo = 0; lo < n; lo += INSERTION_RUN)
    insertion_sort(items, lo, lo + INSERTION_RUN < n ? lo + INSERTION_RUN : n,
                   cmp);
  if (n <= INSERTION_RUN)
    return CORS_OK;
  const void **scratch = cors__malloc(a, n * sizeof *scratch);
  if (scratch == NULL)
    return CORS_ERR_NOMEM;
  const void **src = items, **dst = scratch;
  for (size_t width = INSERTION_RUN; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      merge(dst, src, lo, mid, hi, cmp);
    }
    const void **t = src;
    src = dst;
    dst = t;
  }
  if (src != items)
    memcpy(items, src, n * sizeof *items);
  cors__free(a, scratch);
  return CORS_OK;
}
