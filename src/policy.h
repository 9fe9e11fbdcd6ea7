/* The compiled, immutable policy. Written only by compile.c; read by
 * evaluate.c, dump.c and format.c. Every string it holds is NUL-terminated
 * and lives in the policy's arena, or is a static literal (the default
 * methods, the Vary values). */
#ifndef CORS_POLICY_H
#define CORS_POLICY_H

#include "internal.h"
#include "origin.h"
#include "originset.h"
#include "patternset.h"
#include "regex.h"

#include <stdatomic.h>

/* One allowed header or method name. */
typedef struct cors__name {
  const char *text; /* as configured (methods: after upper-casing) */
  size_t len;
} cors__name;

struct cors_policy {
  cors__alloc alloc;
  char *arena; /* all strings, one block */

  /* Origins. */
  bool any_origin;    /* `*` configured */
  bool allow_null;    /* `null` configured */
  cors__originset exact;
  const cors_slice *exact_list; /* sorted, distinct (for dump) */
  size_t exact_count;
  const cors_slice *pattern_list; /* sorted, distinct (for dump) */
  size_t pattern_count;
  cors__patternset patterns; /* the index evaluate.c looks up */
  cors__regex *regex;
  /* No `*`, `null`, pattern, regex or origin callback: an origin missing
   * from the exact set is refused, and only the reason (invalid or not
   * allowed) is left to find. */
  bool exact_origins_only;
  const char *regex_source;
  size_t regex_source_len;

  bool credentials;
  /* ACAO is `*` (any origin, no credentials) rather than the origin. */
  bool acao_wildcard;

  /* Methods: any_method or the list (case-sensitive; distinct, in the
   * configured order). */
  bool any_method;
  cors__name *methods;
  size_t method_count;

  /* Allowed request headers: any_header (`*`, not Authorization) and the
   * named ones, lower-cased, for case-insensitive lookup (distinct, in the
   * configured order). */
  bool any_header;
  cors__name *headers;
  size_t header_count;

  /* Precomputed response header values. */
  cors_slice expose_value;   /* absent: no Access-Control-Expose-Headers */
  cors_slice max_age_value;  /* absent: no Access-Control-Max-Age */
  cors_slice vary_actual;    /* "Origin" or absent */
  cors_slice vary_preflight; /* "[Origin, ]ACRM, ACRH, ACRPN" */
  /* A preflight denied for its Origin (invalid, repeated, not allowed):
   * "Origin, ACRM, ACRH, ACRPN", whatever the policy. */
  cors_slice vary_preflight_origin;
  bool private_network;
  int preflight_status;
  int failure_status;
  /* Decide as usual, send nothing (cors_config_set_report_only). */
  bool report_only;

  /* References held (cors_policy_ref, cors_live); live.c frees at zero. */
  atomic_size_t refs;

  /* Asked last, for a valid non-null origin nothing else allowed. */
  cors_origin_fn origin_callback;
  void *origin_callback_ud;
};

/* Frees the policy and everything it owns, whatever its count (compile.c):
 * called by the last cors_policy_free(), and on a failed compile. */
void cors__policy_destroy(cors_policy *pol);

#endif
