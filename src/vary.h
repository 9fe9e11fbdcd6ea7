/* The Vary merge's work counters, for the tests that bound its cost. */
#ifndef CORS_VARY_H
#define CORS_VARY_H

#include "internal.h"

/* Distinct tokens held at once in the merge's table on the stack: a
 * sequence of n distinct tokens is read in ceil(n / CORS__VARY_WINDOW)
 * windows, each of which looks up the tokens before it once. */
#define CORS__VARY_WINDOW 240

typedef struct cors__vary_work {
  size_t lookups;     /* tokens hashed and looked up in the table */
  size_t comparisons; /* pairs of tokens compared byte by byte */
} cors__vary_work;

/* cors_vary_merge(), counting its work into *work (zeroed first). */
cors_status cors__vary_merge_counted(const char *app_vary, size_t app_len,
                                     const cors_result *res, char *buf,
                                     size_t cap, size_t *written,
                                     cors__vary_work *work);

#endif
