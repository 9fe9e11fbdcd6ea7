/* curl -v output to a raw request head (see curlv.h). */
#include "curlv.h"

#include <string.h>

/* One line of the input: [start, start + n), without its LF (a CR before
 * the LF stays in the line, for the head parser to judge). */
typedef struct line_cursor {
  const char *buf;
  size_t len;
  size_t pos;
} line_cursor;

static bool next_line(line_cursor *c, const char **start, size_t *n) {
  if (c->pos >= c->len)
    return false;
  const char *s = c->buf + c->pos;
  const char *lf = memchr(s, '\n', c->len - c->pos);
  *start = s;
  *n = lf != NULL ? (size_t)(lf - s) : c->len - c->pos;
  c->pos += *n + (lf != NULL ? 1 : 0);
  return true;
}

static bool is_blank(const char *s, size_t n) {
  return n == 0 || (n == 1 && s[0] == '\r');
}

/* "> " followed by anything, or a lone ">" (curl's empty line after the
 * head, once a terminal or an editor dropped its trailing space). */
static bool is_request_line(const char *s, size_t n) {
  if (n == 0 || s[0] != '>')
    return false;
  return n == 1 || s[1] == ' ' || (n == 2 && s[1] == '\r');
}

bool cors_curlv_detect(const char *buf, size_t len) {
  line_cursor c = {buf, buf != NULL ? len : 0, 0};
  const char *s = NULL;
  size_t n = 0;
  bool started = false;
  while (next_line(&c, &s, &n)) {
    if (is_blank(s, n)) {
      if (started)
        return false;
      continue;
    }
    started = true;
    if (is_request_line(s, n))
      return true;
  }
  return false;
}

size_t cors_curlv_extract(const char *buf, size_t len, char *out) {
  line_cursor c = {buf, buf != NULL ? len : 0, 0};
  const char *s = NULL;
  size_t n = 0;
  size_t o = 0;
  while (next_line(&c, &s, &n)) {
    if (!is_request_line(s, n))
      continue;
    size_t skip = n >= 2 && s[1] == ' ' ? 2 : 1;
    memcpy(out + o, s + skip, n - skip);
    o += n - skip;
    /* Every request line ends in an LF, the last one of the input too (a
     * lone '>' there still ends the head). The prefix dropped at least one
     * byte, so the LF fits: out never outgrows the input. */
    out[o++] = '\n';
  }
  return o;
}

size_t cors_curlv_input_line(const char *buf, size_t len, size_t n) {
  line_cursor c = {buf, buf != NULL ? len : 0, 0};
  const char *s = NULL;
  size_t length = 0;
  size_t lineno = 0;
  size_t seen = 0;
  while (n > 0 && next_line(&c, &s, &length)) {
    lineno++;
    if (!is_request_line(s, length))
      continue;
    seen++;
    if (seen == n)
      return lineno;
  }
  return 0;
}
