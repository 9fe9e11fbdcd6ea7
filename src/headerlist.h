/* Access-Control-Request-Headers: a comma-separated list of header names
 * spread over one or more lines, parsed in one linear pass with no
 * allocation. */
#ifndef CORS_HEADERLIST_H
#define CORS_HEADERLIST_H

#include "internal.h"

/* Empty elements tolerated across the whole list. */
#define CORS__MAX_EMPTY_ELEMENTS 16

typedef enum cors__hl_status {
  CORS__HL_ITEM,      /* *item holds the next header name */
  CORS__HL_END,       /* no more names */
  CORS__HL_INVALID,   /* *item holds an element that is not a token */
  CORS__HL_TOO_EMPTY  /* more than CORS__MAX_EMPTY_ELEMENTS empty elements */
} cors__hl_status;

typedef struct cors__hl_iter {
  const cors_slice *lines;
  size_t line_count;
  size_t line;
  size_t pos;
  unsigned empty;
} cors__hl_iter;

void cors__hl_init(cors__hl_iter *it, const cors_slice *lines, size_t count);
cors__hl_status cors__hl_next(cors__hl_iter *it, cors_slice *item);

#endif
