/* Status codes, reasons, warning codes: their strings, and error filling. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *cors_strerror(cors_status code) {
  switch (code) {
  case CORS_OK:
    return "success";
  case CORS_ERR_NOMEM:
    return "out of memory";
  case CORS_ERR_INVALID_ARGUMENT:
    return "invalid argument";
  case CORS_ERR_INVALID_ORIGIN:
    return "invalid origin";
  case CORS_ERR_INVALID_METHOD:
    return "invalid method";
  case CORS_ERR_FORBIDDEN_METHOD:
    return "forbidden method";
  case CORS_ERR_INVALID_HEADER:
    return "invalid header name";
  case CORS_ERR_INVALID_REGEX:
    return "invalid origin regex";
  case CORS_ERR_WILDCARD_WITH_CREDENTIALS:
    return "wildcard origin with credentials";
  case CORS_ERR_EXPOSE_WILDCARD_WITH_CREDENTIALS:
    return "wildcard exposed headers with credentials";
  case CORS_ERR_INVALID_MAX_AGE:
    return "invalid max age";
  case CORS_ERR_INVALID_STATUS:
    return "invalid status code";
  case CORS_ERR_INVALID_BOOLEAN:
    return "invalid boolean";
  case CORS_ERR_BUFFER_TOO_SMALL:
    return "buffer too small";
  case CORS_ERR_TOO_MANY_ENTRIES:
    return "too many entries";
  case CORS_ERR_EMPTY_VALUE:
    return "empty value";
  case CORS_ERR_PUBLIC_SUFFIX:
    return "origin pattern admits hosts anyone can register";
  case CORS_ERR_ENVTEXT_SYNTAX:
    return "malformed .env line";
  }
  return "unknown status";
}

const char *cors_reason_string(cors_reason reason) {
  switch (reason) {
  case CORS_REASON_NONE:
    return "none";
  case CORS_REASON_NOT_CORS:
    return "not_cors";
  case CORS_REASON_ORIGIN_NOT_ALLOWED:
    return "origin_not_allowed";
  case CORS_REASON_ORIGIN_INVALID:
    return "origin_invalid";
  case CORS_REASON_MULTIPLE_ORIGINS:
    return "multiple_origins";
  case CORS_REASON_METHOD_NOT_ALLOWED:
    return "method_not_allowed";
  case CORS_REASON_METHOD_INVALID:
    return "method_invalid";
  case CORS_REASON_HEADER_NOT_ALLOWED:
    return "header_not_allowed";
  case CORS_REASON_HEADER_INVALID:
    return "header_invalid";
  case CORS_REASON_HEADERS_MALFORMED:
    return "headers_malformed";
  case CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED:
    return "private_network_not_allowed";
  case CORS_REASON_MALFORMED_REQUEST:
    return "malformed_request";
  }
  return "unknown";
}

const char *cors_kind_string(cors_kind kind) {
  switch (kind) {
  case CORS_KIND_NONE:
    return "none";
  case CORS_KIND_PREFLIGHT:
    return "preflight";
  case CORS_KIND_ACTUAL:
    return "actual";
  }
  return "unknown";
}

const char *cors_action_string(cors_action action) {
  switch (action) {
  case CORS_ACTION_CONTINUE:
    return "continue";
  case CORS_ACTION_RESPOND:
    return "respond";
  }
  return "unknown";
}

const char *cors_warning_code_string(cors_warning_code code) {
  switch (code) {
  case CORS_WARN_INSECURE_ORIGIN:
    return "insecure-origin";
  case CORS_WARN_NULL_ORIGIN:
    return "null-origin";
  case CORS_WARN_DUPLICATE:
    return "duplicate";
  case CORS_WARN_REGEX_UNESCAPED_DOT:
    return "regex-unescaped-dot";
  case CORS_WARN_REGEX_UNANCHORED:
    return "regex-unanchored";
  case CORS_WARN_MAX_AGE_CAPPED:
    return "max-age-capped";
  case CORS_WARN_SAFELISTED_EXPOSED:
    return "safelisted-exposed";
  case CORS_WARN_WILDCARD_WITHOUT_AUTHORIZATION:
    return "wildcard-without-authorization";
  case CORS_WARN_DEV_DEFAULTS_USED:
    return "dev-defaults-used";
  case CORS_WARN_NO_ORIGINS:
    return "no-origins";
  case CORS_WARN_DANGEROUS_WILDCARD:
    return "dangerous-wildcard";
  case CORS_WARN_REGISTRABLE_DOMAIN:
    return "registrable-domain";
  case CORS_WARN_REGEX_TOO_BROAD:
    return "regex-too-broad";
  }
  return "unknown";
}

static void copy_bounded(char *dst, size_t cap, const char *src) {
  size_t n = src != NULL ? strlen(src) : 0;
  if (n >= cap)
    n = cap - 1;
  if (n > 0)
    memcpy(dst, src, n);
  dst[n] = '\0';
}

cors_status cors__error_set(cors_error *err, cors_status code,
                            const char *field, long index, long offset,
                            const char *fmt, ...) {
  if (err == NULL)
    return code;
  err->code = code;
  err->index = index;
  err->offset = offset;
  copy_bounded(err->field, sizeof err->field, field);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  if (n < 0)
    copy_bounded(err->message, sizeof err->message, cors_strerror(code));
  return code;
}

void cors__quote(char *out, size_t cap, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  if (cap < 8) {
    if (cap > 0)
      out[0] = '\0';
    return;
  }
  out[o++] = '\'';
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    /* Backslashes stay as written: regexes are full of them. */
    bool plain = !cors__is(c, CORS__C_CTL | CORS__C_HIGH);
    size_t need = plain ? 1 : 4;
    if (o + need + 5 > cap) { /* room for "...'" and NUL */
      memcpy(out + o, "...", 3);
      o += 3;
      break;
    }
    if (plain) {
      out[o++] = (char)c;
    } else {
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    }
  }
  out[o++] = '\'';
  out[o] = '\0';
}
