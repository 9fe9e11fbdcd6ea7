/* The shape of an origin regex, read for lint: where a bare '.' is, and
 * what each alternative holds as literal text and wildcards. A reading,
 * not a second regex engine: lint only uses it to build probe origins,
 * and the compiled regex itself decides whether a probe matches. */
#ifndef CORS_REGEXSCAN_H
#define CORS_REGEXSCAN_H

#include "internal.h"

/* Offset of the first '.' that is unescaped, outside a character class
 * and not followed by a quantifier ('*', '+', '?', '{'), or -1. Knows
 * escapes, \Q...\E quoting, classes (POSIX ones included) and (?#...)
 * comments. Linear, never allocates. */
long cors__regex_bare_dot(const char *pattern, size_t len);

/* Bounds of a reading: alternatives kept (after expanding alternations
 * inside groups), and characters per alternative. */
#define CORS__SCAN_MAX_ALTS 16
#define CORS__SCAN_MAX_LEN 128

/* In an alternative's text, this byte stands for text the regex leaves
 * open: an unescaped '.', a class, a class escape, a back-reference, or
 * any quantified atom. Every other byte is literal. */
#define CORS__SCAN_WILD '\x01'

typedef struct cors__scan_alt {
  char text[CORS__SCAN_MAX_LEN + 1]; /* NUL-terminated */
  size_t len;
  /* A trailing port element (":[0-9]+", "(:\d+)?") was dropped, so the
   * origins it admits may end with a port. */
  bool port_dropped;
} cors__scan_alt;

typedef struct cors__regex_scan {
  cors__scan_alt alts[CORS__SCAN_MAX_ALTS];
  size_t alt_count;
  /* False when the regex was too large or too nested to read within the
   * bounds; the alternatives are then not a faithful reading. */
  bool complete;
} cors__regex_scan;

/* Reads `pattern` (one that PCRE2 compiled) into its alternatives, with
 * anchors and zero-width items dropped, alternations inside groups
 * expanded (at most CORS__SCAN_MAX_ALTS in all; a group with more
 * becomes a wildcard) and a trailing port element dropped. Never
 * allocates; bounded stack. */
void cors__regex_scan_read(const char *pattern, size_t len,
                           cors__regex_scan *out);

#endif
