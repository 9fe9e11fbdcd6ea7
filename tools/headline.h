/* The pieces of an HTTP/1.1 head that the request-head parser (rawhead.c)
 * and the response-head parser (resphead.c) read alike. Header-only and
 * depending on <cors/cors.h> alone, so that each parser still compiles
 * on its own into its fuzz target. */
#ifndef CORS_TOOLS_HEADLINE_H
#define CORS_TOOLS_HEADLINE_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool headline_is_ows(char c) {
  return c == ' ' || c == '\t';
}

static inline bool headline_is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* The length of the HTTP version that starts s[0..n): "HTTP/d.d", or
 * "HTTP/d" as HTTP/2 and HTTP/3 are written; 0 when there is none. */
static inline size_t headline_version_len(const char *s, size_t n) {
  if (n < 6 || memcmp(s, "HTTP/", 5) != 0 || !headline_is_digit(s[5]))
    return 0;
  if (n >= 8 && s[6] == '.' && headline_is_digit(s[7]))
    return 8;
  return 6;
}

/* The header of line s[0..n) whose name is s[0..name_len) and whose
 * colon is at `colon`: the value is what follows the colon, trimmed of
 * spaces and tabs. Slices point into the line. */
static inline cors_raw_header
headline_field(const char *s, size_t n, size_t name_len, const char *colon) {
  const char *v = colon + 1;
  const char *end = s + n;
  while (v < end && headline_is_ows(*v))
    v++;
  while (end > v && headline_is_ows(end[-1]))
    end--;
  cors_raw_header h = {s, name_len, v, (size_t)(end - v)};
  return h;
}

#endif
