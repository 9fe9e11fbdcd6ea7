/* See fuzz_common.h. Deliberately naive code: this is the yardstick. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void fuzz_fail(const char *file, int line, const char *cond,
                         const char *msg) {
  fprintf(stderr, "%s:%d: invariant violated: %s (%s)\n", file, line, msg,
          cond);
  fflush(stderr);
  abort();
}

static void *fuzz_xmalloc(size_t n) {
  void *p = malloc(n > 0 ? n : 1);
  if (p == NULL) {
    fputs("fuzz: out of memory\n", stderr);
    abort();
  }
  return p;
}

/* ---- input ------------------------------------------------------------- */

static char fuzz_unescape(char c, bool *known) {
  *known = true;
  switch (c) {
  case 'n':
    return '\n';
  case 'r':
    return '\r';
  case '0':
    return '\0';
  case '\\':
    return '\\';
  default:
    *known = false;
    return c;
  }
}

/* Decodes data[start..end) into a new exactly-sized block. */
static cors_slice fuzz_decode(const uint8_t *data, size_t start, size_t end) {
  char *tmp = fuzz_xmalloc(end - start);
  size_t n = 0;
  for (size_t i = start; i < end; i++) {
    char c = (char)data[i];
    bool known = false;
    if (c == '\\' && i + 1 < end) {
      char d = fuzz_unescape((char)data[i + 1], &known);
      if (known) {
        tmp[n++] = d;
        i++;
        continue;
      }
    }
    tmp[n++] = c;
  }
  char *exact = fuzz_xmalloc(n);
  if (n > 0)
    memcpy(exact, tmp, n);
  free(tmp);
  cors_slice s = {exact, n};
  return s;
}

void fuzz_fields_split(fuzz_fields *f, const uint8_t *data, size_t size) {
  f->count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= size && f->count < FUZZ_MAX_FIELDS; i++) {
    if (i < size && data[i] != '\n')
      continue;
    /* The last field takes the rest when the table is full. */
    size_t end = (f->count + 1 == FUZZ_MAX_FIELDS) ? size : i;
    f->field[f->count++] = fuzz_decode(data, start, end);
    start = i + 1;
  }
}

void fuzz_fields_free(fuzz_fields *f) {
  for (size_t i = 0; i < f->count; i++)
    free((void *)f->field[i].ptr);
  f->count = 0;
}

char *fuzz_cstr(cors_slice s) {
  char *p = fuzz_xmalloc(s.len + 1);
  if (s.len > 0)
    memcpy(p, s.ptr, s.len);
  p[s.len] = '\0';
  return p;
}

bool fuzz_one_line(const char *s, size_t cap) {
  const char *nul = memchr(s, '\0', cap);
  if (nul == NULL)
    return false;
  for (const char *p = s; p < nul; p++)
    if (*p == '\r' || *p == '\n')
      return false;
  return true;
}

/* ---- reference origin matcher ------------------------------------------ */

static bool ref_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool ref_digit(char c) {
  return c >= '0' && c <= '9';
}
static bool ref_hex(char c) {
  return ref_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
char ref_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool ref_eq_nocase(const char *a, size_t alen, const char *b, size_t blen) {
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++)
    if (ref_lower(a[i]) != ref_lower(b[i]))
      return false;
  return true;
}

bool ref_name_is(const char *name, size_t len, const char *want) {
  return ref_eq_nocase(name, len, want, strlen(want));
}

/* The default ports the URL Standard drops when serializing an origin. */
static unsigned long ref_default_port(const char *scheme) {
  if (strcmp(scheme, "http") == 0 || strcmp(scheme, "ws") == 0)
    return 80;
  if (strcmp(scheme, "https") == 0 || strcmp(scheme, "wss") == 0)
    return 443;
  if (strcmp(scheme, "ftp") == 0)
    return 21;
  return 0;
}

static const char *ref_find(const char *s, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(s + i, needle, n) == 0)
      return s + i;
  return NULL;
}

bool ref_entry_parse(ref_entry *e, const char *s, size_t len) {
  memset(e, 0, sizeof *e);
  if (len > CORS_MAX_ENTRY_LEN)
    return false;
  char low[CORS_MAX_ENTRY_LEN + 1];
  for (size_t i = 0; i < len; i++)
    low[i] = ref_lower(s[i]);
  low[len] = '\0';
  if (strcmp(low, "*") == 0) {
    e->type = REF_ANY;
    return true;
  }
  if (strcmp(low, "null") == 0) {
    e->type = REF_NULL;
    return true;
  }
  const char *sep = ref_find(low, len, "://");
  if (sep == NULL || sep == low)
    return false;
  memcpy(e->scheme, low, (size_t)(sep - low));
  const char *p = sep + 3;
  if (strncmp(p, "*.", 2) == 0) {
    e->any_subdomain = true;
    p += 2;
  }
  const char *host_end;
  if (*p == '[') {
    host_end = strchr(p, ']');
    if (host_end == NULL)
      return false;
    host_end++;
  } else {
    host_end = strchr(p, ':');
    if (host_end == NULL)
      host_end = p + strlen(p);
  }
  if (host_end == p)
    return false;
  memcpy(e->host, p, (size_t)(host_end - p));
  if (*host_end == ':') {
    const char *port = host_end + 1;
    if (strcmp(port, "*") == 0) {
      e->any_port = true;
    } else {
      char *stop = NULL;
      unsigned long v = strtoul(port, &stop, 10);
      if (*port == '\0' || stop == NULL || *stop != '\0' || v < 1 || v > 65535)
        return false;
      e->has_port = v != ref_default_port(e->scheme);
      e->port = v;
    }
  } else if (*host_end != '\0') {
    return false;
  }
  e->type = (e->any_subdomain || e->any_port) ? REF_PATTERN : REF_EXACT;
  if (e->has_port)
    snprintf(e->serialized, sizeof e->serialized, "%s://%s:%lu", e->scheme,
             e->host, e->port);
  else
    snprintf(e->serialized, sizeof e->serialized, "%s://%s", e->scheme,
             e->host);
  return true;
}

/* A request origin cut into its three parts. */
typedef struct ref_origin {
  const char *scheme;
  size_t scheme_len;
  const char *host;
  size_t host_len;
  const char *port; /* NULL: none */
  size_t port_len;
} ref_origin;

static bool ref_host_char(char c) {
  return ref_alpha(c) || ref_digit(c) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

/* reg-name: labels of host characters joined by single dots. */
static bool ref_reg_name_valid(const char *h, size_t n) {
  if (n == 0 || h[0] == '.' || h[n - 1] == '.')
    return false;
  for (size_t i = 0; i < n; i++) {
    if (!ref_host_char(h[i]))
      return false;
    if (h[i] == '.' && h[i + 1] == '.')
      return false;
  }
  return true;
}

/* "[" 1*(HEXDIG / ":" / ".") "]": loose, as the engine documents. */
static bool ref_ipv6_valid(const char *h, size_t n) {
  if (n < 3 || h[0] != '[' || h[n - 1] != ']')
    return false;
  for (size_t i = 1; i + 1 < n; i++)
    if (!(ref_hex(h[i]) || h[i] == ':' || h[i] == '.'))
      return false;
  return true;
}

static bool ref_port_valid(const char *p, size_t n) {
  if (n == 0 || n > 5 || p[0] == '0')
    return false;
  unsigned long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (!ref_digit(p[i]))
      return false;
    v = v * 10 + (unsigned long)(p[i] - '0');
  }
  return v >= 1 && v <= 65535;
}

static bool ref_split(const char *s, size_t len, ref_origin *o) {
  memset(o, 0, sizeof *o);
  const char *sep = ref_find(s, len, "://");
  if (sep == NULL || sep == s || !ref_alpha(s[0]))
    return false;
  for (const char *c = s + 1; c < sep; c++)
    if (!(ref_alpha(*c) || ref_digit(*c) || *c == '+' || *c == '-' ||
          *c == '.'))
      return false;
  o->scheme = s;
  o->scheme_len = (size_t)(sep - s);
  const char *h = sep + 3;
  const char *end = s + len;
  const char *colon;
  if (h < end && *h == '[') {
    const char *close = memchr(h, ']', (size_t)(end - h));
    if (close == NULL)
      return false;
    colon = close + 1;
    if (colon < end && *colon != ':')
      return false;
  } else {
    colon = memchr(h, ':', (size_t)(end - h));
    if (colon == NULL)
      colon = end;
  }
  o->host = h;
  o->host_len = (size_t)(colon - h);
  if (colon < end) {
    o->port = colon + 1;
    o->port_len = (size_t)(end - colon - 1);
  }
  bool host_ok = (o->host_len > 0 && h[0] == '[')
                     ? ref_ipv6_valid(o->host, o->host_len)
                     : ref_reg_name_valid(o->host, o->host_len);
  return host_ok && (o->port == NULL || ref_port_valid(o->port, o->port_len));
}

bool ref_origin_valid(const char *s, size_t len) {
  if (s == NULL)
    return false;
  if (len == 4 && memcmp(s, "null", 4) == 0)
    return true;
  ref_origin o;
  return len <= CORS_MAX_ENTRY_LEN && ref_split(s, len, &o);
}

static bool ref_bytes_eq(const char *a, size_t alen, const char *b) {
  return alen == strlen(b) && memcmp(a, b, alen) == 0;
}

/* Whether entry e admits the request origin s, already validated and
 * split into o (o unused for `null`). */
static bool ref_entry_admits(const ref_entry *e, const char *s, size_t len,
                             bool is_null, const ref_origin *o,
                             bool credentials) {
  switch (e->type) {
  case REF_ANY:
    /* `*` never lends credentials to null (the dangerous opt-in). */
    return !(is_null && credentials);
  case REF_NULL:
    return is_null;
  case REF_EXACT:
    return ref_bytes_eq(s, len, e->serialized);
  case REF_PATTERN:
    break;
  }
  if (is_null || !ref_bytes_eq(o->scheme, o->scheme_len, e->scheme))
    return false;
  size_t hl = strlen(e->host);
  if (e->any_subdomain) {
    /* Some label, a dot, then exactly the suffix. */
    if (o->host_len < hl + 2 || o->host[o->host_len - hl - 1] != '.' ||
        memcmp(o->host + o->host_len - hl, e->host, hl) != 0)
      return false;
  } else if (!ref_bytes_eq(o->host, o->host_len, e->host)) {
    return false;
  }
  if (e->any_port)
    return true;
  if (!e->has_port)
    return o->port == NULL;
  char want[16];
  snprintf(want, sizeof want, "%lu", e->port);
  return o->port != NULL && ref_bytes_eq(o->port, o->port_len, want);
}

bool ref_origin_matches(const ref_entry *e, const char *s, size_t len,
                        bool credentials) {
  return ref_origin_matches_any(e, 1, s, len, credentials);
}

/* The origin is validated and split once, then every entry is tried in
 * turn: a plain linear scan. */
bool ref_origin_matches_any(const ref_entry *e, size_t n, const char *s,
                            size_t len, bool credentials) {
  if (!ref_origin_valid(s, len))
    return false;
  bool is_null = len == 4 && memcmp(s, "null", 4) == 0;
  ref_origin o;
  if (!is_null && !ref_split(s, len, &o))
    return false;
  for (size_t i = 0; i < n; i++)
    if (ref_entry_admits(&e[i], s, len, is_null, &o, credentials))
      return true;
  return false;
}

/* ---- result invariants ------------------------------------------------- */

static bool fuzz_name_is(const cors_header *h, const char *name) {
  return ref_name_is(h->name, h->name_len, name);
}

size_t fuzz_count_header(const cors_result *res, const char *name) {
  size_t n = 0;
  for (size_t i = 0; i < res->header_count; i++)
    if (fuzz_name_is(&res->headers[i], name))
      n++;
  return n;
}

static bool fuzz_is_tchar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

cors_kind fuzz_expected_kind(const cors_request *req) {
  if (req->origin.ptr == NULL)
    return CORS_KIND_NONE;
  bool options = req->method.ptr != NULL && req->method.len == 7 &&
                 memcmp(req->method.ptr, "OPTIONS", 7) == 0;
  if (options && req->request_method.ptr != NULL && req->request_method.len > 0)
    return CORS_KIND_PREFLIGHT;
  return CORS_KIND_ACTUAL;
}

static void fuzz_check_header_bytes(const cors_header *h) {
  FUZZ_CHECK(h->name != NULL && h->name_len > 0, "header without a name");
  for (size_t j = 0; j < h->name_len; j++)
    FUZZ_CHECK(fuzz_is_tchar((unsigned char)h->name[j]),
               "header name is not a token");
  FUZZ_CHECK(h->value != NULL || h->value_len == 0, "value NULL with length");
  for (size_t j = 0; j < h->value_len; j++) {
    unsigned char c = (unsigned char)h->value[j];
    FUZZ_CHECK(c >= 0x20 && c < 0x7f,
               "header value holds a control or non-ASCII byte");
  }
}

static void fuzz_check_kind(const cors_request *req, const cors_result *res) {
  FUZZ_CHECK(res->kind == fuzz_expected_kind(req),
             "classification differs from docs/semantics.md#classification");
  if (res->kind == CORS_KIND_NONE) {
    /* Only a public `*` policy (ACAO `*`, no credentials) sends ACAO
     * without an Origin, so that cached copies serve CORS requests too. */
    FUZZ_CHECK(res->allowed, "a non-CORS request was denied");
    for (size_t i = 0; i < res->header_count; i++) {
      const cors_header *h = &res->headers[i];
      if (fuzz_name_is(h, "Access-Control-Allow-Origin"))
        FUZZ_CHECK(h->value_len == 1 && h->value[0] == '*',
                   "a non-CORS request got an ACAO other than *");
      FUZZ_CHECK(!fuzz_name_is(h, "Access-Control-Allow-Credentials"),
                 "a non-CORS request got ACAC");
    }
  }
  if (res->action == CORS_ACTION_RESPOND)
    FUZZ_CHECK(res->kind == CORS_KIND_PREFLIGHT && res->status >= 200 &&
                   res->status <= 599,
               "RESPOND outside a preflight or with a bad status");
  else
    FUZZ_CHECK(res->action == CORS_ACTION_CONTINUE && res->status == 0,
               "CONTINUE with a status");
  if (res->kind == CORS_KIND_PREFLIGHT)
    FUZZ_CHECK(res->action == CORS_ACTION_RESPOND,
               "a preflight must be answered at once");
}

void fuzz_check_result(const cors_request *req, const cors_result *res) {
  FUZZ_CHECK(res->header_count <= CORS_MAX_RESULT_HEADERS, "too many headers");
  for (size_t i = 0; i < res->header_count; i++)
    fuzz_check_header_bytes(&res->headers[i]);
  size_t acao = fuzz_count_header(res, "Access-Control-Allow-Origin");
  FUZZ_CHECK(acao <= 1, "more than one Access-Control-Allow-Origin");
  if (res->allowed && res->kind != CORS_KIND_NONE)
    FUZZ_CHECK(acao == 1, "allowed CORS request without ACAO");
  if (!res->allowed) {
    FUZZ_CHECK(res->reason != CORS_REASON_NONE &&
                   res->reason != CORS_REASON_NOT_CORS,
               "denied without a reason");
    for (size_t i = 0; i < res->header_count; i++)
      FUZZ_CHECK(fuzz_name_is(&res->headers[i], "Vary"),
                 "a denial discloses a CORS header");
  }
  fuzz_check_kind(req, res);
  fuzz_check_format(res);
}

void fuzz_check_oracle(const cors_request *req, const cors_result *res,
                       bool policy_credentials) {
  const char *why = NULL;
  bool omit = cors_browser_check(req, res, false, &why);
  bool include = cors_browser_check(req, res, true, &why);
  if (res->kind == CORS_KIND_NONE) {
    FUZZ_CHECK(omit && include, "browser check refused a non-CORS request");
    return;
  }
  if (res->allowed) {
    if (!omit)
      fprintf(stderr, "browser check: %s\n", why ? why : "?");
    FUZZ_CHECK(omit, "allowed, but a browser (no credentials) would refuse");
    if (policy_credentials) {
      why = NULL;
      include = cors_browser_check(req, res, true, &why);
      if (!include)
        fprintf(stderr, "browser check: %s\n", why ? why : "?");
      FUZZ_CHECK(include, "allowed, but a browser (credentials) would refuse");
    }
  } else {
    FUZZ_CHECK(!omit && !include, "denied, but a browser would accept");
  }
}

/* ---- formatter -------------------------------------------------------- */

static size_t fuzz_reference_format(const cors_result *res, char *out) {
  size_t n = 0;
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (out != NULL) {
      memcpy(out + n, h->name, h->name_len);
      memcpy(out + n + h->name_len, ": ", 2);
      if (h->value_len > 0)
        memcpy(out + n + h->name_len + 2, h->value, h->value_len);
      memcpy(out + n + h->name_len + 2 + h->value_len, "\r\n", 2);
    }
    n += h->name_len + 2 + h->value_len + 2;
  }
  return n;
}

static void fuzz_check_too_small(const cors_result *res, size_t cap,
                                 size_t need) {
  char *buf = cap > 0 ? fuzz_xmalloc(cap) : NULL;
  size_t written = (size_t)-1;
  cors_status st = cors_result_format(res, buf, cap, &written);
  FUZZ_CHECK(st == CORS_ERR_BUFFER_TOO_SMALL,
             "format into a too-small buffer did not say so");
  FUZZ_CHECK(written == need, "format reported a wrong needed size");
  if (cap > 0)
    FUZZ_CHECK(buf[0] == '\0', "truncated output is not an empty string");
  free(buf);
}

void fuzz_check_format(const cors_result *res) {
  size_t need = fuzz_reference_format(res, NULL);
  char *want = fuzz_xmalloc(need);
  fuzz_reference_format(res, want);

  /* Exactly enough: text plus NUL. */
  char *buf = fuzz_xmalloc(need + 1);
  size_t written = (size_t)-1;
  FUZZ_CHECK(cors_result_format(res, buf, need + 1, &written) == CORS_OK,
             "format failed with an exact buffer");
  FUZZ_CHECK(written == need, "format reported a wrong length");
  FUZZ_CHECK(need == 0 || memcmp(buf, want, need) == 0,
             "format output differs from Name: value CRLF lines");
  FUZZ_CHECK(buf[need] == '\0', "format output not NUL-terminated");
  FUZZ_CHECK(cors_result_format(res, buf, need + 1, NULL) == CORS_OK,
             "format failed with written == NULL");
  free(buf);
  free(want);

  /* One byte short (no room for the NUL), half, one byte, none. */
  fuzz_check_too_small(res, need, need);
  fuzz_check_too_small(res, need / 2, need);
  fuzz_check_too_small(res, need > 0 ? 1 : 0, need);
  fuzz_check_too_small(res, 0, need);
}
