/* Lint of the origin entries and the origin regex: the findings that
 * cors_policy_compile() reports as warnings, or as CORS_ERR_PUBLIC_SUFFIX
 * under strict lint. compile.c calls the two cors__lint_* entry points;
 * the analysis is separate so tests and fuzzers can read it directly. */
#ifndef CORS_LINT_H
#define CORS_LINT_H

#include "config.h"
#include "origin.h"
#include "psl.h"
#include "regex.h"

/* Regex matches lint may run on one regex, all probes together. Each is
 * bounded by the regex's match limits, so lint's cost has a fixed
 * ceiling whatever the pattern. */
#define CORS__LINT_MAX_MATCHES 64

/* Room for one probe origin: scheme, a read alternative, a label, a
 * port. */
#define CORS__LINT_PROBE_MAX (CORS__PSL_MAX_HOST + 32)

typedef struct cors__regex_lint {
  /* regex-unescaped-dot: offset of the bare '.', or -1. */
  long bare_dot;
  /* regex-too-broad: two fixed probe origins under different registrable
   * domains that both match. */
  bool too_broad;
  char broad[2][CORS__LINT_PROBE_MAX];
  /* registrable-domain: a probe origin that matches although its
   * registrable domain is none the regex names. */
  bool registrable;
  char probe[CORS__LINT_PROBE_MAX];
  char domain[CORS__PSL_MAX_HOST + 1]; /* the probe's registrable domain */
  char suffix[CORS__PSL_MAX_HOST + 1]; /* and its public suffix */
  bool icann;                          /* a registry's suffix */
  /* The domain the probe's alternative names ("example.com"), or "" when
   * it names none (its fixed tail is a public suffix, or empty). */
  char named[CORS__PSL_MAX_HOST + 1];
  /* Whether the registrable-domain probes ran (a list is available). */
  bool psl_checked;
  /* Regex matches the probes took (at most CORS__LINT_MAX_MATCHES). */
  unsigned matches;
} cors__regex_lint;

/* Runs every regex rule on `pattern`, compiled as `re`. The probes' match
 * data is allocated through the regex's allocator and freed before the
 * return; false (nothing found) when that allocation fails. */
bool cors__lint_regex_analyze(const cors__regex *re, const char *pattern,
                              size_t len, cors__regex_lint *out);

/* Reports the regex findings of cfg's regex (compiled as `re`) to the
 * config's warning handler, or, under strict lint, fails with
 * CORS_ERR_PUBLIC_SUFFIX on a dangerous one. */
cors_status cors__lint_regex(const cors_config *cfg, const cors__regex *re,
                             cors_error *err);

/* The same for one origin entry: a subdomain pattern whose base is a
 * public suffix (every subdomain of vercel.app, of co.uk). */
cors_status cors__lint_origin(const cors_config *cfg, const cors__entry *e,
                              const cors__origin_entry *o, cors_error *err);

#endif
