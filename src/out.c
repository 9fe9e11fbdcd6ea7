/* The bounded writer of the functions that fill a caller's buffer (see
 * internal.h): they all report the size they need, whatever the
 * capacity, and never write past it. */
#include "internal.h"

void cors__out_put(cors__out *o, const char *s, size_t n) {
  if (o->len + 1 < o->cap) {
    size_t room = o->cap - 1 - o->len;
    memcpy(o->buf + o->len, s, n < room ? n : room);
  }
  o->len += n;
}

void cors__out_str(cors__out *o, const char *s) {
  cors__out_put(o, s, strlen(s));
}

void cors__out_escaped(cors__out *o, const char *s, size_t n,
                       const char *also) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c <= 0x7e && (also == NULL || strchr(also, c) == NULL)) {
      cors__out_put(o, s + i, 1);
    } else {
      char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
      cors__out_put(o, esc, sizeof esc);
    }
  }
}

size_t cors__out_end(cors__out *o) {
  if (o->cap > 0)
    o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
  return o->len;
}

cors_status cors__out_status(cors__out *o, size_t *written) {
  if (written != NULL)
    *written = o->len;
  if (o->len + 1 > o->cap) {
    if (o->cap > 0)
      o->buf[0] = '\0';
    return CORS_ERR_BUFFER_TOO_SMALL;
  }
  o->buf[o->len] = '\0';
  return CORS_OK;
}
