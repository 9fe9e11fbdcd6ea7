/* A raw HTTP/1.1 request head ("GET / HTTP/1.1", header lines, empty line)
 * parsed in place: slices point into the caller's buffer. Used by
 * cors-check for standard input, and fuzzed on its own, so it depends only
 * on <cors/cors.h> and the C library. */
#ifndef CORS_TOOLS_RAWHEAD_H
#define CORS_TOOLS_RAWHEAD_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>

/* The largest head accepted, terminating empty line included. */
#define CORS_RAWHEAD_MAX_BYTES 65536
/* The most header lines accepted. */
#define CORS_RAWHEAD_MAX_HEADERS 100

typedef struct cors_rawhead {
  cors_slice method, target, version;
  cors_raw_header headers[CORS_RAWHEAD_MAX_HEADERS];
  size_t header_count;
} cors_rawhead;

/* True when the n bytes at s are a non-empty HTTP token (RFC 9110), as
 * methods and header names must be. */
bool cors_rawhead_is_token(const char *s, size_t n);

/* Parses the request head at the start of buf[0..len). Lines end in CRLF
 * or a bare LF; empty lines before the request line are skipped (RFC 9112
 * 2.2); the head ends at the first empty line after it, or at the end of
 * the input. Refused: a NUL byte, a CR not followed by LF, a request line
 * that is not `METHOD SP target SP HTTP/d.d` (or HTTP/d, as in HTTP/2), a
 * header line without a colon, an empty or non-token header name
 * (whitespace before the colon included), obsolete line folding, more
 * than CORS_RAWHEAD_MAX_HEADERS headers, a head longer than
 * CORS_RAWHEAD_MAX_BYTES. Header values are trimmed of spaces and tabs.
 * Returns true on success. On failure returns false, sets *line (1-based
 * line number of the offending line, 0 if not line-specific) and writes a
 * one-line reason into why (NUL-terminated when why_cap > 0). Slices point
 * into buf. Never allocates. */
bool cors_rawhead_parse(const char *buf, size_t len, cors_rawhead *out,
                        size_t *line, char *why, size_t why_cap);

#endif
