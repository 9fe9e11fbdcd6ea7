#include "cli_text.h"

#include <stdio.h>
#include <string.h>

size_t cli_escape_into(char *out, size_t cap, const char *s, size_t len,
                       size_t max_in) {
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    if (i == max_in) {
      if (o + 4 <= cap) { /* "..." and the NUL */
        memcpy(out + o, "...", 3);
        o += 3;
      }
      break;
    }
    if (o + 5 > cap) /* the widest byte, \xHH, and the NUL */
      break;
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f)
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
  }
  out[o] = '\0';
  return o;
}
