/* Access-Control-Request-Headers: a comma-separated list of header names
 * spread over one or more lines, parsed in one linear pass with no copies
 * and bounded tolerance for empty elements, so a list of 4,000 commas
 * stops early. This is the only parser of the list: evaluate.c uses the
 * line scanner on the hot path; the whole-list iterator on top of it
 * serves tests and fuzzing. Header-only, so the library carries only
 * what it uses. */
#ifndef CORS_HEADERLIST_H
#define CORS_HEADERLIST_H

#include "internal.h"

#include <string.h>

/* Empty elements tolerated across the whole list. */
#define CORS__MAX_EMPTY_ELEMENTS 16

typedef enum cors__hl_status {
  CORS__HL_ITEM,     /* *item holds the next header name */
  CORS__HL_END,      /* no more names (in this line, for the scanner) */
  CORS__HL_INVALID,  /* *item holds an element that is not a token */
  CORS__HL_TOO_EMPTY /* more than CORS__MAX_EMPTY_ELEMENTS empty elements */
} cors__hl_status;

/* Scanner state: the current line, and the empty elements counted so far
 * across lines (the lines are one comma-joined list). */
typedef struct cors__hl_scan {
  const char *p;
  const char *end;
  unsigned empty;
  bool tab;  /* the current line holds a tab (optional whitespace) */
  bool done; /* the current line is finished */
} cors__hl_scan;

static inline void cors__hl_scan_init(cors__hl_scan *sc) {
  sc->p = sc->end = NULL;
  sc->empty = 0;
  sc->tab = false;
  sc->done = true;
}

static inline void cors__hl_scan_line(cors__hl_scan *sc, cors_slice line) {
  sc->p = line.ptr;
  sc->end = line.ptr + line.len;
  sc->tab = false;
  sc->done = false;
}

static inline void cors__hl_skip_ows(cors__hl_scan *sc) {
  while (sc->p < sc->end && cors__is((unsigned char)*sc->p, CORS__C_OWS)) {
    sc->tab |= *sc->p == '\t';
    sc->p++;
  }
}

/* The end of the token bytes starting at p: four bytes a step while they
 * last (header names are mostly longer), then one at a time. */
static inline const char *cors__hl_skip_token(const char *p,
                                              const char *end) {
  while (end - p >= 4 && cors__is((unsigned char)p[0], CORS__C_TCHAR) &&
         cors__is((unsigned char)p[1], CORS__C_TCHAR) &&
         cors__is((unsigned char)p[2], CORS__C_TCHAR) &&
         cors__is((unsigned char)p[3], CORS__C_TCHAR))
    p += 4;
  while (p < end && cors__is((unsigned char)*p, CORS__C_TCHAR))
    p++;
  return p;
}

/* Counts one or more empty elements; false past the tolerated number. */
static inline bool cors__hl_count_empty(cors__hl_scan *sc, unsigned n) {
  sc->empty += n;
  return sc->empty <= CORS__MAX_EMPTY_ELEMENTS;
}

/* The next header name of the current line: split at commas, optional
 * whitespace trimmed, empty elements counted, token bytes checked. */
static inline cors__hl_status cors__hl_next_in_line(cors__hl_scan *sc,
                                                    cors_slice *item) {
  while (!sc->done) {
    if (sc->p < sc->end && *sc->p == ',') {
      /* A run of commas, one empty element each: counted in one step,
       * reading no further than one past the tolerated number. */
      size_t room = CORS__MAX_EMPTY_ELEMENTS + 1 - sc->empty;
      const char *stop =
          (size_t)(sc->end - sc->p) < room ? sc->end : sc->p + room;
      const char *run = sc->p;
      while (sc->p < stop && *sc->p == ',')
        sc->p++;
      if (!cors__hl_count_empty(sc, (unsigned)(sc->p - run)))
        return CORS__HL_TOO_EMPTY;
      continue;
    }
    cors__hl_skip_ows(sc);
    const char *start = sc->p;
    sc->p = cors__hl_skip_token(sc->p, sc->end);
    const char *name_end = sc->p;
    cors__hl_skip_ows(sc);
    if (sc->p < sc->end && *sc->p != ',') {
      const char *comma = memchr(start, ',', (size_t)(sc->end - start));
      const char *stop = comma != NULL ? comma : sc->end;
      *item = cors__trim_ows(start, (size_t)(stop - start));
      return CORS__HL_INVALID;
    }
    if (sc->p == sc->end)
      sc->done = true;
    else
      sc->p++; /* past the comma */
    size_t len = (size_t)(name_end - start);
    if (len > 0) {
      *item = (cors_slice){start, len};
      return CORS__HL_ITEM;
    }
    /* An empty line is one empty element, like an empty comma slot. */
    if (!cors__hl_count_empty(sc, 1))
      return CORS__HL_TOO_EMPTY;
  }
  return CORS__HL_END;
}

/* The whole list across its lines (absent lines hold no element). */
typedef struct cors__hl_iter {
  const cors_slice *lines;
  size_t line_count;
  size_t line; /* the line of the last item returned */
  cors__hl_scan scan;
} cors__hl_iter;

static inline void cors__hl_init(cors__hl_iter *it, const cors_slice *lines,
                                 size_t count) {
  it->lines = lines;
  it->line_count = count;
  it->line = 0;
  cors__hl_scan_init(&it->scan);
  if (count > 0 && lines[0].ptr != NULL)
    cors__hl_scan_line(&it->scan, lines[0]);
}

static inline cors__hl_status cors__hl_next(cors__hl_iter *it,
                                            cors_slice *item) {
  while (it->line < it->line_count) {
    cors__hl_status st = cors__hl_next_in_line(&it->scan, item);
    if (st != CORS__HL_END)
      return st;
    if (++it->line < it->line_count && it->lines[it->line].ptr != NULL)
      cors__hl_scan_line(&it->scan, it->lines[it->line]);
  }
  return CORS__HL_END;
}

#endif
