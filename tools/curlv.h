/* `curl -v` output as cors-check input. curl prints the request it sent
 * as lines starting "> " (the head, ending with a lone "> "), the
 * response as "< " lines and its own notes as "* " lines. A raw request
 * head never has a line starting with '>' (a method and a header name are
 * tokens), so such a line tells the two inputs apart without a flag.
 * Depends only on the C library, like rawhead.c, so both can be fuzzed. */
#ifndef CORS_TOOLS_CURLV_H
#define CORS_TOOLS_CURLV_H

#include <stdbool.h>
#include <stddef.h>

/* True when buf[0..len) is curl -v output: among the lines from the first
 * non-empty one up to the next empty one, one starts with "> " or is a
 * lone ">" (a CR before the LF is ignored). Never allocates. */
bool cors_curlv_detect(const char *buf, size_t len);

/* Copies the request lines of curl -v output into out, without their
 * "> " prefix, each ending in an LF (a lone ">" becomes an empty line,
 * which ends the head). Every other line is dropped: "< " response lines, "* "
 * notes, curl's "Note:" lines and any response body mixed in by 2>&1.
 * out must hold len bytes; the result is never longer than the input.
 * Returns the number of bytes written. Never allocates. */
size_t cors_curlv_extract(const char *buf, size_t len, char *out);

/* The 1-based line number in buf of the n-th request line that
 * cors_curlv_extract() copied (so an error in the extracted head can
 * name the line the user sees); 0 when n is 0 or out of range. */
size_t cors_curlv_input_line(const char *buf, size_t len, size_t n);

#endif
