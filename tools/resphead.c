/* Raw HTTP response head parser for `cors-check probe` (see resphead.h).
 * One forward pass, no allocation, no dependency beyond the C library, so
 * the fuzz target can compile this file alone. */
#include "resphead.h"
#include "headline.h"

#include <stdio.h>
#include <string.h>

static bool refuse(char *why, size_t cap, const char *reason) {
  if (why != NULL && cap > 0)
    snprintf(why, cap, "%s", reason);
  return false;
}

static cors_slice slice(const char *p, size_t n) {
  cors_slice s = {p, n};
  return s;
}

/* HTTP/d[.d] SP 3DIGIT [SP reason] */
static bool parse_status_line(const char *s, size_t n, cors_resphead *out) {
  size_t i = headline_version_len(s, n);
  if (i == 0)
    return false;
  out->version = slice(s, i);
  if (i + 4 > n || s[i] != ' ' || !headline_is_digit(s[i + 1]) ||
      !headline_is_digit(s[i + 2]) || !headline_is_digit(s[i + 3]))
    return false;
  out->status =
      (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
  if (out->status < 100)
    return false;
  i += 4;
  if (i < n && s[i] != ' ')
    return false;
  out->reason = i < n ? slice(s + i + 1, n - i - 1) : slice(s + i, 0);
  return true;
}

/* name ":" OWS value OWS; false only when the table is full. */
static bool add_header(const char *s, size_t n, cors_resphead *out) {
  const char *colon = memchr(s, ':', n);
  size_t name_len = colon != NULL ? (size_t)(colon - s) : 0;
  while (name_len > 0 && headline_is_ows(s[name_len - 1]))
    name_len--;
  if (colon == NULL || name_len == 0) {
    out->ignored_lines++;
    return true;
  }
  if (out->header_count == CORS_RESPHEAD_MAX_HEADERS)
    return false;
  out->headers[out->header_count++] = headline_field(s, n, name_len, colon);
  return true;
}

bool cors_resphead_parse(const char *buf, size_t len, cors_resphead *out,
                         char *why, size_t why_cap) {
  if (why != NULL && why_cap > 0)
    why[0] = '\0';
  if (out == NULL || (buf == NULL && len > 0))
    return refuse(why, why_cap, "no output or no input buffer");
  memset(out, 0, sizeof *out);
  if (buf == NULL)
    buf = "";
  size_t pos = 0;
  for (size_t lineno = 0;; lineno++) {
    if (pos >= len) {
      if (lineno == 0)
        return refuse(why, why_cap, "empty response head");
      return true;
    }
    const char *nl = memchr(buf + pos, '\n', len - pos);
    size_t end = nl != NULL ? (size_t)(nl - buf) : len;
    if (end >= CORS_RESPHEAD_MAX_BYTES)
      return refuse(why, why_cap, "response head larger than 65536 bytes");
    const char *s = buf + pos;
    size_t n = end - pos;
    if (memchr(s, '\0', n) != NULL)
      return refuse(why, why_cap, "NUL byte in the response head");
    if (n > 0 && s[n - 1] == '\r')
      n--;
    pos = nl != NULL ? end + 1 : len;
    if (lineno == 0) {
      if (!parse_status_line(s, n, out))
        return refuse(why, why_cap,
                      "the status line is not 'HTTP/x.y NNN reason'");
      continue;
    }
    if (n == 0)
      return true; /* the empty line that ends the head */
    if (headline_is_ows(s[0]))
      return refuse(why, why_cap,
                    "a header line starts with whitespace (obsolete line "
                    "folding)");
    if (!add_header(s, n, out))
      return refuse(why, why_cap, "more than 256 header lines");
  }
}
