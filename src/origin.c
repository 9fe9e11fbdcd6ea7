/* Origin syntax. Configuration entries are parsed, explained when wrong,
 * and normalized; request origins are only validated (browsers serialize
 * origins canonically, so anything else is not a browser's and must not
 * be "repaired" into a match). */
#include "origin.h"

#include <stdio.h>
#include <string.h>

/* The fast path of request validation (below) needs SSE2, which every
 * x86-64 has; elsewhere the byte-wise validator does all the work. */
#if defined(__SSE2__)
#include <emmintrin.h>
#define CORS__FAST_ORIGINS 1
#else
#define CORS__FAST_ORIGINS 0
#endif

/* ---- shared by both sides ---------------------------------------------- */

/* A port as browsers serialize it: 1-65535, no sign, no leading zero. */
static bool port_number(const char *p, size_t n, unsigned *value) {
  if (n == 0 || n > 5 || p[0] == '0')
    return false;
  unsigned v = 0;
  for (size_t i = 0; i < n; i++) {
    if (!cors__is((unsigned char)p[i], CORS__C_DIGIT))
      return false;
    v = v * 10 + (unsigned)(p[i] - '0');
  }
  *value = v;
  return v <= 65535;
}

static bool is_ipv6_byte(unsigned char b) {
  return cors__is(b, CORS__C_DIGIT) || b == ':' || b == '.' ||
         (cors__lower[b] >= 'a' && cors__lower[b] <= 'f');
}

/* ---- configuration side ---------------------------------------------- */

typedef struct parse_ctx {
  const char *s;
  size_t len;
  char *why;
  size_t why_cap;
  long *offset;
} parse_ctx;

static cors_status fail(parse_ctx *c, size_t at, const char *fmt, ...)
    CORS__PRINTF(3, 4);

static cors_status fail(parse_ctx *c, size_t at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->why, c->why_cap, fmt, ap);
  va_end(ap);
  *c->offset = (long)at;
  return CORS_ERR_INVALID_ORIGIN;
}

static bool is_default_port(const char *scheme, size_t scheme_len,
                            unsigned port) {
  /* The URL Standard's special schemes and their default ports. */
  static const struct {
    const char *name;
    unsigned port;
  } defaults[] = {{"http", 80}, {"https", 443}, {"ws", 80},
                  {"wss", 443}, {"ftp", 21}};
  for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
    if (cors__eq_nocase(scheme, scheme_len, defaults[i].name,
                        strlen(defaults[i].name)))
      return port == defaults[i].port;
  }
  return false;
}

/* Rejects bytes that can never appear in an origin, naming the first. */
static cors_status check_bytes(parse_ctx *c) {
  for (size_t i = 0; i < c->len; i++) {
    unsigned char b = (unsigned char)c->s[i];
    if (b == ' ' || b == '\t')
      return fail(c, i, "contains whitespace at byte %zu", i);
    if (cors__is(b, CORS__C_CTL))
      return fail(c, i, "contains control byte 0x%02x at byte %zu", b, i);
    if (cors__is(b, CORS__C_HIGH))
      return fail(c, i,
                  "contains non-ASCII byte 0x%02x at byte %zu (write "
                  "international hosts in punycode, xn--...)",
                  b, i);
  }
  return CORS_OK;
}

static cors_status parse_scheme(parse_ctx *c, size_t *scheme_len) {
  const char *sep = NULL;
  for (size_t i = 0; i + 2 < c->len; i++) {
    if (c->s[i] == ':' && c->s[i + 1] == '/' && c->s[i + 2] == '/') {
      sep = c->s + i;
      break;
    }
  }
  if (sep == NULL) {
    if (memchr(c->s, '/', c->len) == NULL)
      return fail(c, 0,
                  "has no scheme: an origin is scheme://host[:port]; did "
                  "you mean 'http://%.*s' or 'https://%.*s'?",
                  (int)c->len, c->s, (int)c->len, c->s);
    return fail(c, 0, "has no scheme: an origin is scheme://host[:port], "
                      "e.g. 'https://app.example.com'");
  }
  size_t n = (size_t)(sep - c->s);
  if (n == 0 || !cors__is((unsigned char)c->s[0], CORS__C_ALPHA))
    return fail(c, 0, "has an invalid scheme: it must start with a letter");
  for (size_t i = 1; i < n; i++) {
    if (!cors__is((unsigned char)c->s[i], CORS__C_SCHEME))
      return fail(c, i, "has an invalid scheme character '%c' at byte %zu",
                  c->s[i], i);
  }
  *scheme_len = n;
  return CORS_OK;
}

/* The authority ends at the first '/', '?' or '#': anything from there on
 * is what makes the entry a URL rather than an origin. */
static cors_status check_no_path(parse_ctx *c, size_t auth_start,
                                 size_t *auth_end) {
  size_t i = auth_start;
  while (i < c->len && c->s[i] != '/' && c->s[i] != '?' && c->s[i] != '#')
    i++;
  *auth_end = i;
  if (i == c->len)
    return CORS_OK;
  int keep = (int)i;
  if (c->s[i] == '/' && i + 1 == c->len)
    return fail(c, i,
                "has a trailing slash; an origin has no path: remove it "
                "('%.*s')",
                keep, c->s);
  const char *what = c->s[i] == '/' ? "a path" : c->s[i] == '?' ? "a query"
                                                               : "a fragment";
  return fail(c, i,
              "has %s; an origin is only scheme://host[:port]: use "
              "'%.*s'",
              what, keep, c->s);
}

static cors_status parse_ipv6(parse_ctx *c, size_t start, size_t end,
                              size_t *host_end) {
  size_t i = start + 1;
  while (i < end && c->s[i] != ']') {
    if (!is_ipv6_byte((unsigned char)c->s[i]))
      return fail(c, i, "has an invalid IPv6 address character at byte %zu",
                  i);
    i++;
  }
  if (i == end || i == start + 1)
    return fail(c, start, "has an unterminated or empty IPv6 address");
  *host_end = i + 1;
  return CORS_OK;
}

static cors_status parse_reg_name(parse_ctx *c, size_t start, size_t end,
                                  size_t *host_end) {
  size_t i = start;
  while (i < end && c->s[i] != ':') {
    unsigned char b = (unsigned char)c->s[i];
    if (!cors__is(b, CORS__C_HOST)) {
      if (b == '*')
        return fail(c, i, "has '*' inside the host: a subdomain pattern "
                          "puts it alone as the first label, as in "
                          "'https://*.example.com'");
      return fail(c, i, "has an invalid host character '%c' at byte %zu",
                  (char)b, i);
    }
    bool dot = b == '.';
    if (dot && (i == start || c->s[i - 1] == '.' || i + 1 == end ||
                c->s[i + 1] == ':'))
      return fail(c, i, "has an empty label in its host at byte %zu", i);
    i++;
  }
  if (i == start)
    return fail(c, start, "has an empty host");
  *host_end = i;
  return CORS_OK;
}

static cors_status parse_port(parse_ctx *c, size_t start, size_t end,
                              cors__origin_entry *out, unsigned *port) {
  size_t n = end - start;
  if (n == 1 && c->s[start] == '*') {
    out->any_port = true;
    return CORS_OK;
  }
  if (n == 0)
    return fail(c, start, "has an empty port after ':'");
  if (!port_number(c->s + start, n, port))
    return fail(c, start, "has an invalid port: use a number from 1 to "
                          "65535 without leading zeros, or '*'");
  out->has_port = true;
  return CORS_OK;
}

/* 127.0.0.0/8 as a dotted-quad literal: "127.0.0.1.evil.example" is a
 * name, not a loopback address. */
static bool is_ipv4_loopback(const char *h, size_t n) {
  if (n < 4 || memcmp(h, "127.", 4) != 0)
    return false;
  unsigned dots = 0, digits = 0;
  for (size_t i = 3; i < n; i++) {
    if (h[i] == '.') {
      if (i > 3 && digits == 0)
        return false;
      dots++;
      digits = 0;
    } else if (h[i] >= '0' && h[i] <= '9' && digits < 3) {
      digits++;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0;
}

static bool host_is_loopback(const char *h, size_t n) {
  if (cors__eq_nocase(h, n, "localhost", 9) ||
      cors__eq_nocase(h, n, "[::1]", 5))
    return true;
  if (n > 10 && cors__eq_nocase(h + n - 10, 10, ".localhost", 10))
    return true;
  return is_ipv4_loopback(h, n);
}

/* Writes scheme://host[:port] lower-cased into out->buf. */
static void compose(cors__origin_entry *out, const char *s, size_t scheme_len,
                    size_t host_start, size_t host_end, unsigned port) {
  char *b = out->buf;
  size_t o = 0;
  for (size_t i = 0; i < scheme_len; i++)
    b[o++] = (char)cors__lower[(unsigned char)s[i]];
  memcpy(b + o, "://", 3);
  o += 3;
  out->scheme_len = scheme_len;
  if (out->any_subdomain) {
    memcpy(b + o, "*.", 2);
    o += 2;
  }
  out->host_off = o;
  for (size_t i = host_start; i < host_end; i++)
    b[o++] = (char)cors__lower[(unsigned char)s[i]];
  out->host_len = o - out->host_off;
  if (out->any_port) {
    memcpy(b + o, ":*", 2);
    o += 2;
  } else if (out->has_port) {
    b[o++] = ':';
    out->port_off = o;
    o += (size_t)snprintf(b + o, 6, "%u", port);
    out->port_len = o - out->port_off;
  }
  b[o] = '\0';
  out->len = o;
}

cors_status cors__origin_parse_config(const char *s, size_t len,
                                      cors__origin_entry *out, char *why,
                                      size_t why_cap, long *offset) {
  parse_ctx c = {s, len, why, why_cap, offset};
  memset(out, 0, offsetof(cors__origin_entry, buf));
  out->buf[0] = '\0';
  *offset = -1;
  if (len == 0)
    return fail(&c, 0, "is empty");
  if (len > CORS_MAX_ENTRY_LEN)
    return fail(&c, CORS_MAX_ENTRY_LEN, "is longer than %d bytes",
                CORS_MAX_ENTRY_LEN);
  cors_status st = check_bytes(&c);
  if (st != CORS_OK)
    return st;
  if (len == 1 && s[0] == '*') {
    out->type = CORS__ORIGIN_ANY;
    memcpy(out->buf, "*", 2);
    out->len = 1;
    return CORS_OK;
  }
  if (cors__eq_nocase(s, len, "null", 4)) {
    out->type = CORS__ORIGIN_NULL;
    memcpy(out->buf, "null", 5);
    out->len = 4;
    return CORS_OK;
  }
  size_t scheme_len = 0, auth_end = 0, host_end = 0;
  st = parse_scheme(&c, &scheme_len);
  if (st != CORS_OK)
    return st;
  size_t auth = scheme_len + 3;
  st = check_no_path(&c, auth, &auth_end);
  if (st != CORS_OK)
    return st;
  const char *at = memchr(s + auth, '@', auth_end - auth);
  if (at != NULL)
    return fail(&c, (size_t)(at - s),
                "has userinfo ('...@'); an origin never carries a user or "
                "password: remove it");
  size_t host_start = auth;
  if (auth_end - auth >= 2 && s[auth] == '*' && s[auth + 1] == '.') {
    out->any_subdomain = true;
    host_start = auth + 2;
  }
  if (host_start < auth_end && s[host_start] == '[') {
    if (out->any_subdomain)
      return fail(&c, auth, "puts '*.' before an IP address");
    st = parse_ipv6(&c, host_start, auth_end, &host_end);
  } else {
    st = parse_reg_name(&c, host_start, auth_end, &host_end);
  }
  if (st != CORS_OK)
    return st;
  unsigned port = 0;
  if (host_end < auth_end) {
    if (s[host_end] != ':')
      return fail(&c, host_end, "has unexpected '%c' after the host",
                  s[host_end]);
    st = parse_port(&c, host_end + 1, auth_end, out, &port);
    if (st != CORS_OK)
      return st;
    if (out->has_port && is_default_port(s, scheme_len, port))
      out->has_port = false; /* normalized away, as browsers serialize */
  }
  compose(out, s, scheme_len, host_start, host_end, port);
  out->type = (out->any_subdomain || out->any_port) ? CORS__ORIGIN_PATTERN
                                                    : CORS__ORIGIN_EXACT;
  out->loopback = !out->any_subdomain &&
                  host_is_loopback(out->buf + out->host_off, out->host_len);
  out->secure_scheme = !(cors__eq_nocase(out->buf, scheme_len, "http", 4) ||
                         cors__eq_nocase(out->buf, scheme_len, "ws", 2));
  return CORS_OK;
}

/* ---- request side ---------------------------------------------------- */

static size_t scan_ipv6(const char *s, size_t i, size_t len) {
  size_t start = i++;
  while (i < len && s[i] != ']') {
    if (!is_ipv6_byte((unsigned char)s[i]))
      return 0;
    i++;
  }
  if (i == len || i == start + 1)
    return 0;
  return i + 1;
}

/* Bytes of a host label: the CORS__C_HOST set (ALPHA / DIGIT / - _ ~)
 * without the dot that separates labels. A table of its own so that the
 * label loop, the hot part of validating an origin, is one lookup a byte. */
static const uint8_t host_label_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static inline bool is_label_byte(unsigned char c) {
  return host_label_byte[c] != 0;
}

/* Host labels separated by single dots: no empty label (leading, doubled
 * or trailing dot). Returns the index after the host, or 0. */
static size_t scan_reg_name(const char *s, size_t i, size_t len) {
  for (;;) {
    size_t label = i;
    while (i < len && is_label_byte((unsigned char)s[i]))
      i++;
    if (i == label)
      return 0;
    if (i == len || s[i] != '.')
      return i;
    i++; /* past the dot: another label must follow */
  }
}

/* The length of the scheme of s, followed by "://" and at least one more
 * byte, or 0. https and http, what browsers send nearly always, are
 * recognized by one comparison each. */
static size_t scan_scheme(const char *s, size_t len) {
  if (len > 8 && memcmp(s, "https://", 8) == 0)
    return 5;
  if (len > 7 && memcmp(s, "http://", 7) == 0)
    return 4;
  if (len == 0 || !cors__is((unsigned char)s[0], CORS__C_ALPHA))
    return 0;
  size_t i = 1;
  while (i < len && cors__is((unsigned char)s[i], CORS__C_SCHEME))
    i++;
  if (len - i < 4 || memcmp(s + i, "://", 3) != 0)
    return 0;
  return i;
}

/* ---- request side, the common case sixteen bytes at a time ----------------
 *
 * Nearly every origin a server sees is http(s)://host[:port] with a host of
 * lower-case letters, digits, dots and hyphens. For those the checks of
 * validate_bytewise() reduce to: every host byte in [a-z0-9.-], no empty
 * label, a well-formed port; and with SSE2 (every x86-64 has it) the class
 * test takes a dozen vector instructions per 16 bytes. Anything else -
 * other schemes, upper case, '_' or '~', IPv6, short hosts, any doubt -
 * goes to the byte-wise validator, which decides. The fast path only ever
 * says "valid" for an origin the byte-wise one accepts (the fuzz target
 * over origins checks both against a reference), so a refusal here costs
 * time, never a verdict. */

#if CORS__FAST_ORIGINS

/* Lanes of x (bytes) within [lo, hi]: x + (0x80 - lo) moves that range to
 * the bottom of the signed bytes, where one compare finds it. */
#define IN_RANGE(x, lo, hi)                                                    \
  _mm_cmplt_epi8(_mm_add_epi8((x), _mm_set1_epi8((char)(0x80 - (lo)))),        \
                 _mm_set1_epi8((char)(0x80 + (hi) - (lo) + 1)))

/* Lane masks of the 16 bytes at p (bit i: byte i): bytes in [a-z0-9.-],
 * and dots. */
static CORS__ALWAYS_INLINE unsigned host_lanes(const char *p, unsigned *dots) {
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i dot = _mm_cmpeq_epi8(x, _mm_set1_epi8('.'));
  __m128i ok =
      _mm_or_si128(_mm_or_si128(IN_RANGE(x, 'a', 'z'), IN_RANGE(x, '0', '9')),
                   _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')), dot));
  *dots = (unsigned)_mm_movemask_epi8(dot);
  return (unsigned)_mm_movemask_epi8(ok);
}

/* host[0, n) with n > 16: only [a-z0-9.-], no empty label. Loads 15
 * bytes apart, so that every pair of neighbours lies within one of them;
 * the last one ends at the host's end. */
CORS__NOINLINE static bool common_long_host(const char *host, size_t n) {
  unsigned dots;
  for (size_t at = 0;; at += 15) {
    if (at + 16 > n)
      at = n - 16;
    if (host_lanes(host + at, &dots) != 0xffffu || (dots & (dots >> 1)) != 0)
      return false;
    if (at + 16 == n)
      return host[0] != '.' && host[n - 1] != '.';
  }
}

/* host[0, n), n >= 1, with at least 16 readable bytes ending at host + n:
 * only [a-z0-9.-], no empty label. */
static CORS__ALWAYS_INLINE bool common_host(const char *host, size_t n) {
  if (n > 16)
    return common_long_host(host, n);
  /* One load ending at the host's end; the lanes before it (the scheme's
   * "://") are shifted out. */
  unsigned dots, skip = (unsigned)(16 - n);
  unsigned ok = host_lanes(host + n - 16, &dots) >> skip;
  dots >>= skip;
  return ok == (1u << n) - 1 && (dots & 1) == 0 && (dots >> (n - 1)) == 0 &&
         (dots & (dots >> 1)) == 0;
}

/* The ":port" ending s[0, len), len >= 16: its length when it is one as
 * browsers send it (":" then 1 to 5 digits, no leading zero, at most
 * 65535), 0 when the last bytes are the host's, PORT_DOUBTFUL when the
 * byte-wise validator must decide. */
#define PORT_DOUBTFUL ((size_t)-1)

CORS__NOINLINE static size_t port_suffix_digits(const char *s, size_t len) {
  size_t digits = 1;
  unsigned port;
  while (digits < 6 &&
         cors__is((unsigned char)s[len - 1 - digits], CORS__C_DIGIT))
    digits++;
  if (s[len - 1 - digits] != ':')
    return digits < 6 ? 0 : PORT_DOUBTFUL; /* the digits end the host */
  if (!port_number(s + len - digits, digits, &port))
    return PORT_DOUBTFUL;
  return digits + 1;
}

static CORS__ALWAYS_INLINE size_t port_suffix(const char *s, size_t len) {
  if (!cors__is((unsigned char)s[len - 1], CORS__C_DIGIT))
    return 0;
  return port_suffix_digits(s, len);
}

/* The scheme length of an http(s) origin, its host's end, or false. */
static CORS__ALWAYS_INLINE bool
common_origin(const char *s, size_t len, size_t *scheme_len, size_t *host_end) {
  if (len < 16 || len > CORS_MAX_ENTRY_LEN)
    return false;
  if (cors__load64(s) == cors__load64("https://"))
    *scheme_len = 5;
  else if (memcmp(s, "http://", 7) == 0)
    *scheme_len = 4;
  else
    return false;
  size_t port_len = port_suffix(s, len);
  if (port_len == PORT_DOUBTFUL || len - port_len < 16)
    return false;
  *host_end = len - port_len;
  size_t host_off = *scheme_len + 3;
  return *host_end > host_off &&
         common_host(s + host_off, *host_end - host_off);
}

static bool validate_common(const char *s, size_t len,
                            cors__origin_view *view) {
  size_t scheme_len, host_end;
  if (!common_origin(s, len, &scheme_len, &host_end))
    return false;
  view->is_null = false;
  view->scheme_len = scheme_len;
  view->host_off = scheme_len + 3;
  view->host_len = host_end - view->host_off;
  view->has_port = host_end < len;
  view->port_off = host_end + view->has_port;
  view->port_len = len - view->port_off;
  unsigned port = 0;
  for (size_t i = view->port_off; i < len; i++)
    port = port * 10 + (unsigned)(s[i] - '0');
  view->port = port;
  return true;
}
#endif

CORS__NOINLINE static bool validate_bytewise(const char *s, size_t len,
                                             cors__origin_view *view) {
  memset(view, 0, sizeof *view);
  if (len == 4 && memcmp(s, "null", 4) == 0) {
    view->is_null = true;
    return true;
  }
  if (len > CORS_MAX_ENTRY_LEN)
    return false;
  size_t i = scan_scheme(s, len);
  if (i == 0)
    return false;
  view->scheme_len = i;
  i += 3;
  view->host_off = i;
  i = s[i] == '[' ? scan_ipv6(s, i, len) : scan_reg_name(s, i, len);
  if (i == 0)
    return false;
  view->host_len = i - view->host_off;
  if (i == len)
    return true;
  unsigned port;
  if (s[i] != ':' || !port_number(s + i + 1, len - i - 1, &port))
    return false;
  view->has_port = true;
  view->port_off = i + 1;
  view->port_len = len - i - 1;
  view->port = port;
  return true;
}

bool cors__origin_validate_request(const char *s, size_t len,
                                   cors__origin_view *view) {
#if CORS__FAST_ORIGINS
  if (CORS__LIKELY(validate_common(s, len, view)))
    return true;
#endif
  return validate_bytewise(s, len, view);
}

CORS__NOINLINE static bool is_valid_bytewise(const char *s, size_t len) {
  cors__origin_view view;
  return validate_bytewise(s, len, &view);
}

bool cors__origin_is_valid(const char *s, size_t len) {
#if CORS__FAST_ORIGINS
  size_t scheme_len, host_end;
  if (CORS__LIKELY(common_origin(s, len, &scheme_len, &host_end)))
    return true;
#endif
  return is_valid_bytewise(s, len);
}
