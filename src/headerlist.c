/* Access-Control-Request-Headers parsing: one pass, no copies, bounded
 * tolerance for empty elements so a list of 4,000 commas stops early. */
#include "headerlist.h"

void cors__hl_init(cors__hl_iter *it, const cors_slice *lines, size_t count) {
  it->lines = lines;
  it->line_count = count;
  it->line = 0;
  it->pos = 0;
  it->empty = 0;
}

/* Elements are separated by commas within a line and by line breaks
 * between lines (the lines are one comma-joined list). */
cors__hl_status cors__hl_next(cors__hl_iter *it, cors_slice *item) {
  while (it->line < it->line_count) {
    const cors_slice *l = &it->lines[it->line];
    if (l->ptr == NULL || it->pos > l->len) {
      it->line++;
      it->pos = 0;
      continue;
    }
    const char *s = l->ptr;
    size_t end = l->len;
    size_t i = it->pos;
    while (i < end && s[i] != ',')
      i++;
    cors_slice elem = cors__trim_ows(s + it->pos, i - it->pos);
    it->pos = i + 1; /* past the comma, or past the end of the line */
    if (elem.len == 0) {
      /* An empty line is one empty element, like an empty comma slot. */
      if (++it->empty > CORS__MAX_EMPTY_ELEMENTS)
        return CORS__HL_TOO_EMPTY;
      continue;
    }
    *item = elem;
    return cors__is_token(elem.ptr, elem.len) ? CORS__HL_ITEM
                                              : CORS__HL_INVALID;
  }
  return CORS__HL_END;
}
