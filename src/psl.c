/* Public Suffix List look-ups for lint. libpsl's built-in list is used
 * (psl_builtin()): it is compiled into libpsl, so a look-up opens no file
 * and allocates nothing, and the answer for a given libpsl does not change
 * under a running server. psl_latest() would read the distribution's
 * newer file at every compile, which a sans-I/O library does not do. */
#include "psl.h"

#include <string.h>

#ifdef CORS_HAVE_LIBPSL
#include <libpsl.h>

static const psl_ctx_t *list(void) {
  return psl_builtin();
}

static bool listed(const char *name, int type) {
  return psl_is_public_suffix2(list(), name, type) != 0;
}
#endif

bool cors_lint_has_public_suffix_list(void) {
  return cors__psl_available();
}

bool cors__psl_available(void) {
#ifdef CORS_HAVE_LIBPSL
  return list() != NULL;
#else
  return false;
#endif
}

/* Lower-cases into out; false unless the bytes are a host name's
 * (letters, digits, '-', '.', '_') or a bracketed IPv6 literal. */
static bool copy_host(const char *s, size_t len, char *out) {
  if (len == 0 || len > CORS__PSL_MAX_HOST)
    return false;
  bool ipv6 = s[0] == '[';
  for (size_t i = 0; i < len; i++) {
    unsigned char b = (unsigned char)s[i];
    if (!cors__is(b, CORS__C_HOST) &&
        !(ipv6 && (b == '[' || b == ']' || b == ':')))
      return false;
    out[i] = (char)cors__lower[b];
  }
  out[len] = '\0';
  return true;
}

static const char *last_label(const char *host) {
  const char *dot = strrchr(host, '.');
  return dot != NULL ? dot + 1 : host;
}

static bool all_digits(const char *s) {
  if (*s == '\0')
    return false;
  for (; *s != '\0'; s++) {
    if (!cors__is((unsigned char)*s, CORS__C_DIGIT))
      return false;
  }
  return true;
}

/* IP literals and loopback names: no registry hands them out. A last
 * label of digits only is an IPv4 address (no top-level domain is
 * numeric). */
static bool is_local_or_ip(const char *host) {
  size_t n = strlen(host);
  if (host[0] == '[' || all_digits(last_label(host)))
    return true;
  return strcmp(host, "localhost") == 0 ||
         (n > 10 && strcmp(host + n - 10, ".localhost") == 0);
}

void cors__psl_classify(const char *host, size_t len, cors__host_info *out) {
  memset(out, 0, sizeof *out);
  out->kind = CORS__HOST_UNKNOWN;
  if (!copy_host(host, len, out->host))
    return;
  if (is_local_or_ip(out->host)) {
    out->kind = CORS__HOST_EXEMPT;
    return;
  }
#ifdef CORS_HAVE_LIBPSL
  if (list() == NULL)
    return;
  /* A top-level domain the list does not name gets its suffix from the
   * default "*" rule only: nobody registers names there. */
  if (!listed(last_label(out->host), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)) {
    out->kind = CORS__HOST_EXEMPT;
    return;
  }
  if (listed(out->host, PSL_TYPE_ANY)) {
    out->kind = CORS__HOST_PUBLIC_SUFFIX;
    out->icann = listed(out->host, PSL_TYPE_ICANN);
    return;
  }
  const char *reg = psl_registrable_domain(list(), out->host);
  const char *dot = reg != NULL ? strchr(reg, '.') : NULL;
  if (dot == NULL)
    return;
  out->kind = CORS__HOST_REGISTRABLE;
  out->registrable = reg;
  out->suffix = dot + 1;
  out->icann = listed(out->suffix, PSL_TYPE_ICANN);
#endif
}
