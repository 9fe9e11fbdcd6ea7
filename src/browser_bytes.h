/* Bytes as the browser's side reads them: the helpers that
 * browser_check.c (the response checks) and browser_request.c (what a
 * page sends) share. Like those files they depend on nothing of the
 * engine: an oracle that reused the engine's parsers would agree with the
 * engine's bugs. */
#ifndef CORS_BROWSER_BYTES_H
#define CORS_BROWSER_BYTES_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline unsigned char browser_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static inline bool browser_eq_nocase(const char *a, size_t alen, const char *b,
                                     size_t blen) {
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++)
    if (browser_lower((unsigned char)a[i]) !=
        browser_lower((unsigned char)b[i]))
      return false;
  return true;
}

static inline bool browser_is_ows(char c) {
  return c == ' ' || c == '\t';
}

/* Field values as a browser's HTTP parser hands them to Fetch: without the
 * spaces and tabs around them. */
static inline cors_slice browser_trim(const char *p, size_t len) {
  if (p == NULL)
    len = 0;
  while (len > 0 && browser_is_ows(p[0])) {
    p++;
    len--;
  }
  while (len > 0 && browser_is_ows(p[len - 1]))
    len--;
  cors_slice s = {p, len};
  return s;
}

/* RFC 9110 tchar: the bytes a method or header name may hold. */
static inline bool browser_is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z'))
    return true;
  return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static inline bool browser_is_token(const char *p, size_t len) {
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!browser_is_tchar((unsigned char)p[i]))
      return false;
  return true;
}

#endif
