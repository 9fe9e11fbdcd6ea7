/* A raw HTTP response head ("HTTP/1.1 200 OK", header lines, empty line)
 * parsed in place: slices point into the caller's buffer. Used by
 * `cors-check probe` on what the server answered, and fuzzed on its own
 * together with cors_browser_check_response(), so it depends only on
 * <cors/cors.h> and the C library. */
#ifndef CORS_TOOLS_RESPHEAD_H
#define CORS_TOOLS_RESPHEAD_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>

/* The largest head accepted, terminating empty line included. */
#define CORS_RESPHEAD_MAX_BYTES 65536
/* The most header lines kept. */
#define CORS_RESPHEAD_MAX_HEADERS 256

typedef struct cors_resphead {
  cors_slice version; /* "HTTP/1.1", "HTTP/2" */
  int status;         /* 100-999 */
  cors_slice reason;  /* reason phrase, possibly empty */
  cors_raw_header headers[CORS_RESPHEAD_MAX_HEADERS];
  size_t header_count;
  /* Lines a browser ignores too: no colon, or an empty name. */
  size_t ignored_lines;
} cors_resphead;

/* Parses the response head at the start of buf[0..len): a status line
 * `HTTP/d[.d] SP 3DIGIT [SP reason]`, then header lines up to the first
 * empty line or the end of the input. Lines end in CRLF or a bare LF.
 * Header names are trimmed of trailing spaces and tabs, values of both;
 * lines without a colon or with an empty name are skipped and counted,
 * as browsers skip them. Refused: a NUL byte, a bad status line, a line
 * starting with a space or tab (obsolete folding), more than
 * CORS_RESPHEAD_MAX_HEADERS header lines, more than
 * CORS_RESPHEAD_MAX_BYTES bytes before the empty line. Returns true on
 * success; on failure false with a one-line reason in why (NUL-terminated
 * when why_cap > 0). Never allocates. */
bool cors_resphead_parse(const char *buf, size_t len, cors_resphead *out,
                         char *why, size_t why_cap);

/* Replaces, in place, each obsolete line folding of a header value (a
 * line break followed by a space or tab, after a header line) with
 * spaces, as RFC 9112 lets a recipient do and as browsers read it: the
 * value goes on. The status line and everything after the head's empty
 * line are left as they are. Returns the number of folds replaced. Call
 * it before cors_resphead_parse(), which refuses folded lines. */
size_t cors_resphead_unfold(char *buf, size_t len);

/* Whether a browser's HTTP stack refuses the parsed head before any CORS
 * check, as Chromium does on HTTP/1.x against response splitting: two
 * different Location values (net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION),
 * Content-Disposition values that differ once split at commas outside
 * quotes (..._MULTIPLE_CONTENT_DISPOSITION: an unquoted comma in a
 * filename is enough), or, unless the body is chunked, different
 * Content-Length values (..._MULTIPLE_CONTENT_LENGTH). fetch() then fails
 * as on a network error. True with a one-line reason in why (values
 * quoted with bytes outside printable ASCII as \xHH); false when the head
 * is fine. Never allocates. */
bool cors_resphead_refused(const cors_resphead *head, char *why,
                           size_t why_cap);

#endif
