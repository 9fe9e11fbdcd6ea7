/* The Public Suffix List, as lint needs it: is a name a public suffix,
 * and which registrable domain does a host fall under. Backed by libpsl
 * when the build found it; otherwise every look-up reports the list as
 * unavailable and lint skips the checks that need it. */
#ifndef CORS_PSL_H
#define CORS_PSL_H

#include "internal.h"

/* The longest host name lint looks up (a DNS name is at most 253 bytes). */
#define CORS__PSL_MAX_HOST 255

typedef enum cors__host_kind {
  /* Nobody can register it: an IP literal, localhost, a name under
   * .localhost, or a name whose suffix comes only from the list's default
   * rule (".internal", ".lan"). */
  CORS__HOST_EXEMPT,
  /* The name is itself a public suffix by an explicit rule ("com",
   * "co.uk", "vercel.app", "github.io"). */
  CORS__HOST_PUBLIC_SUFFIX,
  /* A name under a public suffix; its registrable domain is known. */
  CORS__HOST_REGISTRABLE,
  /* Too long, not a name, or no list in this build. */
  CORS__HOST_UNKNOWN
} cors__host_kind;

typedef struct cors__host_info {
  cors__host_kind kind;
  /* Lower-cased copy of the host, NUL-terminated. */
  char host[CORS__PSL_MAX_HOST + 1];
  /* With CORS__HOST_REGISTRABLE: the registrable domain ("example.com")
   * and its public suffix ("com"), both pointing into `host`; and whether
   * that suffix is in the list's ICANN section (a registry's, where one
   * registers names) rather than its private one (a platform's, where
   * one deploys). With CORS__HOST_PUBLIC_SUFFIX, `icann` says the same of
   * the name itself. */
  const char *registrable;
  const char *suffix;
  bool icann;
} cors__host_info;

/* True when this build can look names up in the list. Thread-safe. */
bool cors__psl_available(void);

/* Classifies `len` bytes of host name. Never allocates through the
 * library's hooks; libpsl reads its built-in list (no file is opened). */
void cors__psl_classify(const char *host, size_t len, cors__host_info *out);

#endif
