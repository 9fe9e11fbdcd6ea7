/* The whole-list iterator over the inline line scanner of headerlist.h. */
#include "headerlist.h"

void cors__hl_init(cors__hl_iter *it, const cors_slice *lines, size_t count) {
  it->lines = lines;
  it->line_count = count;
  it->line = 0;
  cors__hl_scan_init(&it->scan);
  if (count > 0 && lines[0].ptr != NULL)
    cors__hl_scan_line(&it->scan, lines[0]);
}

cors__hl_status cors__hl_next(cors__hl_iter *it, cors_slice *item) {
  while (it->line < it->line_count) {
    cors__hl_status st = cors__hl_next_in_line(&it->scan, item);
    if (st != CORS__HL_END)
      return st;
    if (++it->line < it->line_count && it->lines[it->line].ptr != NULL)
      cors__hl_scan_line(&it->scan, it->lines[it->line]);
  }
  return CORS__HL_END;
}
