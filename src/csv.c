/* Comma-separated lists as the seed backend read them: split on commas,
 * trim spaces and tabs, skip empty entries; quotes are ordinary bytes. */
#include "internal.h"

#include <string.h>

void cors__csv_init(cors__csv_iter *it, const char *s, size_t len) {
  it->p = s;
  it->end = s + len;
  it->next_index = 0;
  it->done = (s == NULL);
}

bool cors__csv_next(cors__csv_iter *it, cors_slice *entry, long *index) {
  while (!it->done) {
    const char *start = it->p;
    const char *comma = memchr(start, ',', (size_t)(it->end - start));
    const char *stop = comma != NULL ? comma : it->end;
    long this_index = it->next_index++;
    if (comma != NULL)
      it->p = comma + 1;
    else
      it->done = true;
    cors_slice t = cors__trim_ows(start, (size_t)(stop - start));
    if (t.len > 0) {
      *entry = t;
      *index = this_index;
      return true;
    }
  }
  return false;
}
