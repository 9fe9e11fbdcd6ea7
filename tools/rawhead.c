/* Raw HTTP/1.1 request head parser for cors-check (see rawhead.h). One
 * forward pass over at most CORS_RAWHEAD_MAX_BYTES bytes, no allocation,
 * no dependency beyond the C library, so the fuzz target can compile this
 * file alone. */
#include "rawhead.h"
#include "headline.h"

#include <stdio.h>
#include <string.h>

/* A parse in progress: the input, the position, the current line number,
 * and where a failure is reported. */
typedef struct head_parser {
  const char *buf;
  size_t len;
  size_t pos;
  size_t lineno;
  size_t *line_out;
  char *why;
  size_t why_cap;
} head_parser;

static bool fail(head_parser *p, size_t line, const char *reason,
                 const char *excerpt, size_t excerpt_len);

static bool is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9'))
    return true;
  return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

bool cors_rawhead_is_token(const char *s, size_t n) {
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!is_tchar((unsigned char)s[i]))
      return false;
  return true;
}

/* Writes at most 40 bytes of s, control and high bytes as \xHH. */
static void write_excerpt(char *out, size_t cap, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  size_t shown = n > 40 ? 40 : n;
  for (size_t i = 0; i < shown && o + 5 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f) {
      out[o++] = (char)c;
    } else {
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    }
  }
  if (shown < n && o + 4 < cap) {
    memcpy(out + o, "...", 3);
    o += 3;
  }
  if (cap > 0)
    out[o < cap ? o : cap - 1] = '\0';
}

static bool fail(head_parser *p, size_t line, const char *reason,
                 const char *excerpt, size_t excerpt_len) {
  if (p->line_out != NULL)
    *p->line_out = line;
  if (p->why == NULL || p->why_cap == 0)
    return false;
  if (excerpt == NULL) {
    snprintf(p->why, p->why_cap, "%s", reason);
  } else {
    char quoted[200];
    write_excerpt(quoted, sizeof quoted, excerpt, excerpt_len);
    snprintf(p->why, p->why_cap, "%s: '%s'", reason, quoted);
  }
  return false;
}

/* Finds the next line from p->pos. On success *start and *n hold the line
 * without its CRLF or LF, *ended says whether a terminator was seen, and
 * p->pos moves past it. Refuses NUL, a bare CR and a head that would pass
 * CORS_RAWHEAD_MAX_BYTES. */
static bool next_line(head_parser *p, const char **start, size_t *n,
                      bool *ended) {
  size_t i = p->pos;
  p->lineno++;
  for (; i < p->len; i++) {
    if (i >= CORS_RAWHEAD_MAX_BYTES)
      return fail(p, p->lineno,
                  "request head larger than 65536 bytes (no empty line "
                  "before the limit)",
                  NULL, 0);
    char c = p->buf[i];
    if (c == '\n')
      break;
    if (c == '\0')
      return fail(p, p->lineno, "NUL byte in the request head", p->buf + p->pos,
                  i - p->pos);
    if (c == '\r' && (i + 1 >= p->len || p->buf[i + 1] != '\n'))
      return fail(p, p->lineno,
                  "bare CR (a CR not followed by LF) in the request head",
                  p->buf + p->pos, i - p->pos);
  }
  *start = p->buf + p->pos;
  *n = i - p->pos;
  *ended = i < p->len;
  if (*n > 0 && (*start)[*n - 1] == '\r')
    (*n)--;
  p->pos = *ended ? i + 1 : i;
  return true;
}

static cors_slice slice(const char *s, size_t n) {
  cors_slice out = {s, n};
  return out;
}

/* HTTP/d.d, or HTTP/d as curl -v prints HTTP/2 and HTTP/3 requests. */
static bool is_http_version(const char *s, size_t n) {
  return n > 0 && headline_version_len(s, n) == n;
}

/* METHOD SP request-target SP HTTP-version, single spaces. */
static bool parse_request_line(head_parser *p, const char *s, size_t n,
                               cors_rawhead *out) {
  const char *sp1 = memchr(s, ' ', n);
  const char *sp2 =
      sp1 != NULL ? memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - s)) : NULL;
  if (sp1 == NULL || sp2 == NULL)
    return fail(p, p->lineno, "request line is not 'METHOD target HTTP/1.1'", s,
                n);
  size_t mlen = (size_t)(sp1 - s);
  const char *target = sp1 + 1;
  size_t tlen = (size_t)(sp2 - target);
  const char *version = sp2 + 1;
  size_t vlen = n - (size_t)(version - s);
  if (!cors_rawhead_is_token(s, mlen))
    return fail(p, p->lineno, "request method is not a token", s, n);
  for (size_t i = 0; i < tlen; i++)
    if ((unsigned char)target[i] <= 0x20 || target[i] == 0x7f)
      return fail(p, p->lineno, "request target holds a control byte", s, n);
  if (tlen == 0)
    return fail(p, p->lineno, "request target is empty", s, n);
  if (!is_http_version(version, vlen))
    return fail(p, p->lineno,
                "request line does not end in an HTTP version such as "
                "HTTP/1.1 or HTTP/2",
                s, n);
  out->method = slice(s, mlen);
  out->target = slice(target, tlen);
  out->version = slice(version, vlen);
  return true;
}

/* name ":" OWS value OWS */
static bool parse_header_line(head_parser *p, const char *s, size_t n,
                              cors_rawhead *out) {
  if (headline_is_ows(s[0]))
    return fail(p, p->lineno,
                "line starts with whitespace (obsolete line folding is "
                "not accepted; put each header on one line)",
                s, n);
  const char *colon = memchr(s, ':', n);
  if (colon == NULL)
    return fail(p, p->lineno,
                "header line without a colon; write 'Name: value'", s, n);
  size_t name_len = (size_t)(colon - s);
  if (name_len == 0)
    return fail(p, p->lineno, "empty header name", s, n);
  if (!cors_rawhead_is_token(s, name_len))
    return fail(p, p->lineno,
                "header name is not a token (no spaces before the colon)", s,
                n);
  if (out->header_count == CORS_RAWHEAD_MAX_HEADERS)
    return fail(p, p->lineno, "more than 100 header lines", NULL, 0);
  out->headers[out->header_count++] = headline_field(s, n, name_len, colon);
  return true;
}

bool cors_rawhead_parse(const char *buf, size_t len, cors_rawhead *out,
                        size_t *line, char *why, size_t why_cap) {
  head_parser p = {buf, len, 0, 0, line, why, why_cap};
  if (line != NULL)
    *line = 0;
  if (why != NULL && why_cap > 0)
    why[0] = '\0';
  if (out == NULL || (buf == NULL && len > 0))
    return fail(&p, 0, "no output or no input buffer", NULL, 0);
  memset(out, 0, sizeof *out);

  const char *s = NULL;
  size_t n = 0;
  bool ended = true;
  do { /* skip empty lines before the request line */
    if (p.pos >= p.len)
      return fail(&p, 0, "empty input: no request line", NULL, 0);
    if (!next_line(&p, &s, &n, &ended))
      return false;
  } while (n == 0 && ended);
  if (!parse_request_line(&p, s, n, out))
    return false;

  while (ended && p.pos < p.len) {
    if (!next_line(&p, &s, &n, &ended))
      return false;
    if (n == 0)
      break; /* the empty line that ends the head */
    if (!parse_header_line(&p, s, n, out))
      return false;
  }
  return true;
}
