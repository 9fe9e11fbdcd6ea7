/* Origin syntax: configuration entries (normalized, with patterns) and
 * request origins (validated, never normalized). */
#ifndef CORS_ORIGIN_H
#define CORS_ORIGIN_H

#include "internal.h"

/* What a configured origin entry is. */
typedef enum cors__origin_type {
  CORS__ORIGIN_EXACT,    /* scheme://host[:port] */
  CORS__ORIGIN_NULL,     /* the literal null */
  CORS__ORIGIN_ANY,      /* * */
  CORS__ORIGIN_PATTERN   /* *.host and/or :* */
} cors__origin_type;

/* A configured entry after normalization. */
typedef struct cors__origin_entry {
  cors__origin_type type;
  size_t len;
  /* For patterns: scheme and host suffix ("example.com" for *.example.com,
   * the whole host otherwise), the exact port text if any. */
  size_t scheme_len;      /* bytes of buf before "://" */
  size_t host_off, host_len;
  bool any_subdomain;     /* *.host */
  bool any_port;          /* :* */
  bool has_port;          /* explicit non-default port */
  size_t port_off, port_len;
  bool loopback;          /* host is localhost, 127.x.y.z or [::1] */
  bool secure_scheme;     /* not plain http */
  /* Normalized text: "https://app.example.com", a subdomain pattern,
   * "http://localhost:*", "null", "*". Points into `buf`. */
  char buf[CORS_MAX_ENTRY_LEN + 8];
} cors__origin_entry;

/* Parses and normalizes one configured origin. On error returns
 * CORS_ERR_INVALID_ORIGIN and writes a reason (and fix) into why, and the
 * offending byte offset into *offset. */
cors_status cors__origin_parse_config(const char *s, size_t len,
                                      cors__origin_entry *out, char *why,
                                      size_t why_cap, long *offset);

/* A validated request origin: offsets into the caller's bytes. */
typedef struct cors__origin_view {
  bool is_null;       /* the literal "null" */
  size_t scheme_len;  /* bytes before "://" */
  size_t host_off, host_len;
  bool has_port;
  size_t port_off, port_len;
  unsigned port; /* its value, with has_port */
} cors__origin_view;

/* True when s is a syntactically valid serialized origin (or "null"):
 * ASCII, no control bytes or spaces, scheme "://" host [":" port], no
 * userinfo, path, query or fragment, port 1-65535 without leading zeros.
 * Fills view. Linear, never allocates. */
bool cors__origin_validate_request(const char *s, size_t len,
                                   cors__origin_view *view);

/* The same verdict, when no view is needed (a refusal's reason). */
bool cors__origin_is_valid(const char *s, size_t len);

#endif
