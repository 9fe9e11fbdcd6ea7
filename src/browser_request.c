/* What a page's fetch() sends, by Chromium's rules: which methods and
 * request headers are CORS-safelisted (no preflight), which headers a page
 * cannot set at all, and the Access-Control-Request-Headers value of the
 * preflight. Chromium follows the Fetch Standard here and safelists a few
 * more headers (Intervention, Save-Data and the old client hints), so a
 * tool sending "what a browser sends" must know them. */
#include "browser_bytes.h"

#include <string.h>

/* Larger values are never safelisted (Fetch, and Chromium). */
#define BR_MAX_SAFELISTED_VALUE 128
/* Safelisted values totalling more turn them all into unsafe ones. */
#define BR_MAX_SAFELISTED_TOTAL 1024
/* Digits of a Range position that surely fit an unsigned long long. */
#define BR_MAX_RANGE_DIGITS 18

/* s equals the lower-case `lit`, ignoring case. */
static bool br_is(const char *s, size_t len, const char *lit) {
  return browser_eq_nocase(s, len, lit, strlen(lit));
}

static bool br_starts(const char *s, size_t len, const char *lit) {
  size_t n = strlen(lit);
  return len >= n && br_is(s, n, lit);
}

static bool br_is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* ---- methods ------------------------------------------------------------ */

bool cors_browser_method_is_safelisted(const char *method, size_t len) {
  if (method == NULL)
    return false;
  return (len == 3 && memcmp(method, "GET", 3) == 0) ||
         (len == 4 && memcmp(method, "HEAD", 4) == 0) ||
         (len == 4 && memcmp(method, "POST", 4) == 0);
}

bool cors_browser_method_is_forbidden(const char *method, size_t len) {
  if (method == NULL)
    return false;
  return br_is(method, len, "connect") || br_is(method, len, "trace") ||
         br_is(method, len, "track");
}

/* ---- safelisted headers ------------------------------------------------ */

/* Fetch's CORS-unsafe request-header bytes. */
static bool br_is_unsafe_byte(unsigned char c) {
  return (c < 0x20 && c != '\t') || c == 0x7f ||
         (c != 0 && strchr("\"():<>?@[\\]{}", c) != NULL);
}

static bool br_has_unsafe_byte(const char *v, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (br_is_unsafe_byte((unsigned char)v[i]))
      return true;
  return false;
}

static bool br_is_language_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z') || (c != 0 && strchr(" *,-.;=", c) != NULL);
}

static bool br_is_language(const char *v, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!br_is_language_byte(v[i]))
      return false;
  return true;
}

/* The MIME type essence (before any parameter) is one of the three that a
 * form can send: the reason they need no preflight. */
static bool br_is_form_content_type(const char *v, size_t len) {
  if (br_has_unsafe_byte(v, len))
    return false;
  const char *semi = memchr(v, ';', len);
  size_t essence = semi != NULL ? (size_t)(semi - v) : len;
  const char *slash = memchr(v, '/', essence);
  if (slash == NULL)
    return false;
  size_t type_len = (size_t)(slash - v);
  cors_slice type = browser_trim(v, type_len);
  cors_slice sub = browser_trim(slash + 1, essence - type_len - 1);
  if (!browser_is_token(type.ptr, type.len) ||
      !browser_is_token(sub.ptr, sub.len))
    return false;
  if (br_is(type.ptr, type.len, "application"))
    return br_is(sub.ptr, sub.len, "x-www-form-urlencoded");
  if (br_is(type.ptr, type.len, "multipart"))
    return br_is(sub.ptr, sub.len, "form-data");
  return br_is(type.ptr, type.len, "text") &&
         br_is(sub.ptr, sub.len, "plain");
}

/* Reads 1 to BR_MAX_RANGE_DIGITS digits at *p; false when there are none
 * or too many. */
static bool br_read_position(const char **p, const char *end,
                             unsigned long long *out) {
  const char *start = *p;
  unsigned long long v = 0;
  while (*p < end && br_is_digit(**p)) {
    if (*p - start == BR_MAX_RANGE_DIGITS)
      return false;
    v = v * 10 + (unsigned long long)(**p - '0');
    (*p)++;
  }
  *out = v;
  return *p > start;
}

/* A simple range: `bytes=` first `-` [last], one range, last >= first. */
static bool br_is_simple_range(const char *v, size_t len) {
  if (!br_starts(v, len, "bytes="))
    return false;
  const char *p = v + 6;
  const char *end = v + len;
  unsigned long long first = 0, last = 0;
  if (!br_read_position(&p, end, &first) || p == end || *p != '-')
    return false;
  p++;
  if (p == end)
    return true;
  return br_read_position(&p, end, &last) && p == end && last >= first;
}

/* 1*DIGIT [ "." 1*DIGIT ] */
static bool br_is_decimal(const char *v, size_t len) {
  size_t i = 0;
  while (i < len && br_is_digit(v[i]))
    i++;
  if (i == 0)
    return false;
  if (i == len)
    return true;
  if (v[i] != '.' || i + 1 == len)
    return false;
  for (i++; i < len; i++)
    if (!br_is_digit(v[i]))
      return false;
  return true;
}

static bool br_is_digits(const char *v, size_t len) {
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!br_is_digit(v[i]))
      return false;
  return true;
}

static bool br_is_connection_type(const char *v, size_t len) {
  static const char *const types[] = {"slow-2g", "2g", "3g", "4g"};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (len == strlen(types[i]) && memcmp(v, types[i], len) == 0)
      return true;
  return false;
}

bool cors_browser_header_is_safelisted(const char *name, size_t name_len,
                                       const char *value, size_t value_len) {
  if (name == NULL || (value == NULL && value_len > 0))
    return false;
  if (value == NULL)
    value = "";
  if (value_len > BR_MAX_SAFELISTED_VALUE)
    return false;
  const char *n = name;
  size_t nl = name_len;
  const char *v = value;
  size_t vl = value_len;
  if (br_is(n, nl, "accept"))
    return !br_has_unsafe_byte(v, vl);
  if (br_is(n, nl, "accept-language") || br_is(n, nl, "content-language"))
    return br_is_language(v, vl);
  if (br_is(n, nl, "content-type"))
    return br_is_form_content_type(v, vl);
  if (br_is(n, nl, "range"))
    return br_is_simple_range(v, vl);
  if (br_is(n, nl, "intervention"))
    return true;
  if (br_is(n, nl, "save-data"))
    return br_is(v, vl, "on");
  if (br_is(n, nl, "device-memory") || br_is(n, nl, "dpr") ||
      br_is(n, nl, "downlink"))
    return br_is_decimal(v, vl);
  if (br_is(n, nl, "width") || br_is(n, nl, "viewport-width") ||
      br_is(n, nl, "rtt"))
    return br_is_digits(v, vl);
  if (br_is(n, nl, "ect"))
    return br_is_connection_type(v, vl);
  return false;
}

/* ---- forbidden headers ------------------------------------------------- */

static const char *const br_forbidden_names[] = {
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "access-control-request-private-network",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "via",
};

/* X-HTTP-Method and friends smuggle a method past fetch()'s method check:
 * forbidden when the comma list names CONNECT, TRACE or TRACK. */
static bool br_overrides_forbidden_method(const char *v, size_t len) {
  const char *p = v;
  const char *end = v + len;
  while (p <= end) {
    const char *comma = p;
    while (comma < end && *comma != ',')
      comma++;
    cors_slice e = browser_trim(p, (size_t)(comma - p));
    if (cors_browser_method_is_forbidden(e.ptr, e.len))
      return true;
    p = comma + 1;
  }
  return false;
}

bool cors_browser_header_is_forbidden(const char *name, size_t name_len,
                                      const char *value, size_t value_len) {
  if (name == NULL)
    return false;
  for (size_t i = 0; i < sizeof br_forbidden_names / sizeof *br_forbidden_names;
       i++)
    if (br_is(name, name_len, br_forbidden_names[i]))
      return true;
  if (br_starts(name, name_len, "proxy-") || br_starts(name, name_len, "sec-"))
    return true;
  if (br_is(name, name_len, "x-http-method") ||
      br_is(name, name_len, "x-http-method-override") ||
      br_is(name, name_len, "x-method-override"))
    return value != NULL && br_overrides_forbidden_method(value, value_len);
  return false;
}

/* ---- Access-Control-Request-Headers ------------------------------------ */

/* Byte order of the lower-cased names, shorter first on a common prefix. */
static int br_compare_lower(const cors_raw_header *a,
                            const cors_raw_header *b) {
  size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
  for (size_t i = 0; i < n; i++) {
    unsigned char x = browser_lower((unsigned char)a->name[i]);
    unsigned char y = browser_lower((unsigned char)b->name[i]);
    if (x != y)
      return x < y ? -1 : 1;
  }
  if (a->name_len == b->name_len)
    return 0;
  return a->name_len < b->name_len ? -1 : 1;
}

static bool br_settable(const cors_raw_header *h) {
  return h->name != NULL && browser_is_token(h->name, h->name_len) &&
         !cors_browser_header_is_forbidden(h->name, h->name_len, h->value,
                                           h->value_len);
}

static bool br_safelisted(const cors_raw_header *h) {
  return cors_browser_header_is_safelisted(h->name, h->name_len, h->value,
                                           h->value_len);
}

/* The smallest listed name above headers[prev] (prev == count: above
 * nothing), or count when there is none. `all`: safelisted names too. */
static size_t br_next_name(const cors_raw_header *headers, size_t count,
                           bool all, size_t prev) {
  size_t best = count;
  for (size_t i = 0; i < count; i++) {
    const cors_raw_header *h = &headers[i];
    if (!br_settable(h) || (!all && br_safelisted(h)))
      continue;
    if (prev < count && br_compare_lower(h, &headers[prev]) <= 0)
      continue;
    if (best == count || br_compare_lower(h, &headers[best]) < 0)
      best = i;
  }
  return best;
}

cors_status cors_browser_request_headers(const cors_raw_header *headers,
                                         size_t count, char *buf, size_t cap,
                                         size_t *written) {
  if ((headers == NULL && count > 0) || (buf == NULL && cap > 0))
    return CORS_ERR_INVALID_ARGUMENT;
  size_t safelisted_total = 0;
  for (size_t i = 0; i < count; i++)
    if (br_settable(&headers[i]) && br_safelisted(&headers[i]))
      safelisted_total += headers[i].value_len;
  bool all = safelisted_total > BR_MAX_SAFELISTED_TOTAL;
  size_t need = 0;
  size_t prev = count;
  for (;;) {
    size_t next = br_next_name(headers, count, all, prev);
    if (next == count)
      break;
    const cors_raw_header *h = &headers[next];
    size_t sep = need > 0 ? 1 : 0;
    if (need + sep + h->name_len < cap) {
      if (sep)
        buf[need] = ',';
      for (size_t k = 0; k < h->name_len; k++)
        buf[need + sep + k] = (char)browser_lower((unsigned char)h->name[k]);
    }
    need += sep + h->name_len;
    prev = next;
  }
  if (written != NULL)
    *written = need;
  if (need + 1 > cap) {
    if (cap > 0)
      buf[0] = '\0';
    return CORS_ERR_BUFFER_TOO_SMALL;
  }
  buf[need] = '\0';
  return CORS_OK;
}
