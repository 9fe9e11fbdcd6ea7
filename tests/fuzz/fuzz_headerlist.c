/* The Access-Control-Request-Headers iterator (src/headerlist.h) against a
 * plain reference: the lines are one comma-joined list; each element is
 * trimmed of spaces and tabs; empty elements are skipped up to
 * CORS__MAX_EMPTY_ELEMENTS (one more stops with TOO_EMPTY); a non-token
 * element stops with INVALID. Items must point inside their line, and the
 * walk must end in a bounded number of steps.
 *
 * Input: one flags byte, then the raw bytes split into lines at LF (no
 * escapes: every other byte reaches the parser as is). Flag 0x01 marks the
 * first line absent (ptr NULL), as a host may pass a sparse array. */
#include "fuzz_common.h"
#include "headerlist.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LINES 24

typedef struct ref_hl {
  cors__hl_status status;
  cors_slice item;
} ref_hl;

static bool is_tchar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_token(cors_slice s) {
  if (s.len == 0)
    return false;
  for (size_t i = 0; i < s.len; i++)
    if (!is_tchar((unsigned char)s.ptr[i]))
      return false;
  return true;
}

static cors_slice trim(const char *p, size_t n) {
  while (n > 0 && (*p == ' ' || *p == '\t')) {
    p++;
    n--;
  }
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
    n--;
  cors_slice s = {p, n};
  return s;
}

/* Produces the reference's sequence of outcomes into out (at most cap),
 * stopping after the first non-ITEM outcome. Returns how many. */
static size_t reference_walk(const cors_slice *lines, size_t count, ref_hl *out,
                             size_t cap) {
  size_t n = 0;
  unsigned empty = 0;
  for (size_t l = 0; l < count; l++) {
    if (lines[l].ptr == NULL)
      continue;
    size_t start = 0;
    for (;;) {
      size_t stop = start;
      while (stop < lines[l].len && lines[l].ptr[stop] != ',')
        stop++;
      cors_slice e = trim(lines[l].ptr + start, stop - start);
      if (e.len == 0) {
        if (++empty > CORS__MAX_EMPTY_ELEMENTS) {
          out[n].status = CORS__HL_TOO_EMPTY;
          return n + 1;
        }
      } else {
        out[n].status = is_token(e) ? CORS__HL_ITEM : CORS__HL_INVALID;
        out[n].item = e;
        if (out[n++].status == CORS__HL_INVALID || n == cap)
          return n;
      }
      if (stop == lines[l].len)
        break;
      start = stop + 1;
    }
  }
  out[n].status = CORS__HL_END;
  return n + 1;
}

static bool within(cors_slice item, const cors_slice *lines, size_t count) {
  for (size_t l = 0; l < count; l++) {
    const char *b = lines[l].ptr;
    if (b != NULL && item.ptr >= b && item.ptr + item.len <= b + lines[l].len)
      return true;
  }
  return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint8_t flags = data[0];
  data++;
  size--;

  /* Each line in its own exact block so ASan sees over-reads. */
  cors_slice lines[MAX_LINES];
  size_t count = 0, start = 0;
  for (size_t i = 0; i <= size && count < MAX_LINES; i++) {
    if (i < size && data[i] != '\n')
      continue;
    size_t end = (count + 1 == MAX_LINES) ? size : i;
    char *p = malloc(end - start > 0 ? end - start : 1);
    FUZZ_CHECK(p != NULL, "out of memory");
    if (end > start)
      memcpy(p, data + start, end - start);
    lines[count].ptr = p;
    lines[count].len = end - start;
    count++;
    start = i + 1;
  }
  const char *first = lines[0].ptr;
  if (flags & 0x01)
    lines[0].ptr = NULL;

  size_t cap = size + 2 * MAX_LINES + 2;
  ref_hl *want = malloc(cap * sizeof *want);
  FUZZ_CHECK(want != NULL, "out of memory");
  size_t nwant = reference_walk(lines, count, want, cap);

  cors__hl_iter it;
  cors__hl_init(&it, lines, count);
  for (size_t k = 0; k < nwant; k++) {
    cors_slice item = {NULL, 0};
    cors__hl_status st = cors__hl_next(&it, &item);
    FUZZ_CHECK(st == want[k].status, "iterator outcome differs");
    if (st == CORS__HL_ITEM || st == CORS__HL_INVALID) {
      FUZZ_CHECK(item.ptr == want[k].item.ptr && item.len == want[k].item.len,
                 "iterator item differs");
      FUZZ_CHECK(within(item, lines, count), "item points outside its line");
    }
  }
  if (nwant > 0 && want[nwant - 1].status == CORS__HL_END) {
    cors_slice item;
    FUZZ_CHECK(cors__hl_next(&it, &item) == CORS__HL_END, "END is not sticky");
  }

  free(want);
  lines[0].ptr = first;
  for (size_t l = 0; l < count; l++)
    free((void *)lines[l].ptr);
  return 0;
}
