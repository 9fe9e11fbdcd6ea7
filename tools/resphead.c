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

size_t cors_resphead_unfold(char *buf, size_t len) {
  size_t folds = 0;
  const char *nl = buf != NULL ? memchr(buf, '\n', len) : NULL;
  if (nl == NULL)
    return 0; /* no header line at all */
  /* From the first header line on: the status line is never joined. */
  size_t line = (size_t)(nl - buf) + 1;
  while (line < len) {
    char *end = memchr(buf + line, '\n', len - line);
    if (end == NULL)
      break;
    size_t i = (size_t)(end - buf);
    size_t content = i - line - (i > line && buf[i - 1] == '\r' ? 1 : 0);
    if (content == 0)
      break; /* the empty line: the head ends */
    if (i + 1 < len && headline_is_ows(buf[i + 1])) {
      buf[i] = ' ';
      if (buf[i - 1] == '\r')
        buf[i - 1] = ' ';
      folds++;
      continue; /* the same header line goes on */
    }
    line = i + 1;
  }
  return folds;
}

/* ---- what a browser refuses before any CORS check ------------------------ */

static bool name_is(const cors_raw_header *h, const char *name) {
  size_t n = strlen(name);
  if (h->name_len != n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = h->name[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != name[i])
      return false;
  }
  return true;
}

/* Walks the values of one header as Chromium stores them: a line whole,
 * or, when `split`, each element between commas outside single or double
 * quotes (a backslash inside quotes escapes the next byte), spaces and
 * tabs trimmed, empty elements kept. */
typedef struct value_walk {
  const cors_resphead *head;
  const char *name;
  bool split;
  size_t line;   /* the line being read */
  const char *p; /* the rest of it, when split; NULL: next line */
  const char *end;
} value_walk;

static bool next_value(value_walk *w, cors_slice *out) {
  while (w->p == NULL) {
    if (w->line == w->head->header_count)
      return false;
    const cors_raw_header *h = &w->head->headers[w->line++];
    if (!name_is(h, w->name))
      continue;
    if (!w->split) {
      *out = slice(h->value, h->value_len);
      return true;
    }
    w->p = h->value;
    w->end = h->value + h->value_len;
  }
  const char *start = w->p;
  const char *q = start;
  char quote = 0;
  for (; q < w->end; q++) {
    if (quote != 0) {
      if (*q == '\\' && q + 1 < w->end)
        q++;
      else if (*q == quote)
        quote = 0;
    } else if (*q == '"' || *q == '\'') {
      quote = *q;
    } else if (*q == ',') {
      break;
    }
  }
  w->p = q < w->end ? q + 1 : NULL;
  const char *e = q;
  while (start < e && headline_is_ows(*start))
    start++;
  while (e > start && headline_is_ows(e[-1]))
    e--;
  *out = slice(start, (size_t)(e - start));
  return true;
}

/* Two values of `name` that differ, into a and b; false when all agree. */
static bool values_differ(const cors_resphead *head, const char *name,
                          bool split, cors_slice *a, cors_slice *b) {
  value_walk w = {head, name, split, 0, NULL, NULL};
  if (!next_value(&w, a))
    return false;
  while (next_value(&w, b))
    if (b->len != a->len || (a->len > 0 && memcmp(a->ptr, b->ptr, a->len)))
      return true;
  return false;
}

/* Transfer-Encoding: chunked, which Chromium reads from HTTP/1.1 on. */
static bool is_chunked(const cors_resphead *head) {
  if (head->version.len == 8 && memcmp(head->version.ptr, "HTTP/1.0", 8) == 0)
    return false;
  value_walk w = {head, "transfer-encoding", true, 0, NULL, NULL};
  cors_slice v;
  while (next_value(&w, &v)) {
    if (v.len != 7)
      continue;
    size_t i = 0;
    for (; i < 7; i++) {
      char c = v.ptr[i];
      if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
      if (c != "chunked"[i])
        break;
    }
    if (i == 7)
      return true;
  }
  return false;
}

/* `value` quoted into out (at least 16 bytes), cut with "..." where it
 * does not fit, bytes outside printable ASCII as \xHH. */
static void quote_value(char *out, size_t cap, cors_slice v) {
  size_t o = 0;
  out[o++] = '\'';
  for (size_t i = 0; i < v.len; i++) {
    unsigned char c = (unsigned char)v.ptr[i];
    if (o + 4 + 5 >= cap) { /* \xHH, or "...", then the quote and NUL */
      memcpy(out + o, "...", 3);
      o += 3;
      break;
    }
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
  }
  out[o++] = '\'';
  out[o] = '\0';
}

bool cors_resphead_refused(const cors_resphead *head, char *why,
                           size_t why_cap) {
  static const struct {
    const char *name;
    const char *shown;
    bool split;
    const char *error;
  } fields[] = {
      {"location", "Location", false, "LOCATION"},
      {"content-disposition", "Content-Disposition", true,
       "CONTENT_DISPOSITION"},
      {"content-length", "Content-Length", true, "CONTENT_LENGTH"},
  };
  if (why != NULL && why_cap > 0)
    why[0] = '\0';
  /* HTTP/1.x only: the checks live in Chromium's HTTP/1 parser. */
  if (head == NULL || head->version.len < 6 ||
      memcmp(head->version.ptr, "HTTP/1", 6) != 0)
    return false;
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    cors_slice a, b;
    if (!values_differ(head, fields[i].name, fields[i].split, &a, &b))
      continue;
    if (i == 2 && is_chunked(head))
      continue;
    if (why != NULL && why_cap > 0) {
      char qa[64], qb[64];
      quote_value(qa, sizeof qa, a);
      quote_value(qb, sizeof qb, b);
      snprintf(why, why_cap,
               "Chromium refuses the response before any CORS check "
               "(net::ERR_RESPONSE_HEADERS_MULTIPLE_%s): %s has two "
               "different values, %s and %s",
               fields[i].error, fields[i].shown, qa, qb);
    }
    return true;
  }
  return false;
}
