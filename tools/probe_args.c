/* cors-check probe: command-line arguments, checked before any request is
 * sent. Every refusal names the argument and exits 4. */
#define _POSIX_C_SOURCE 200809L /* strdup, strndup */
#include "cli_args.h"
#include "cli_text.h"
#include "probe.h"
#include "rawhead.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void probe_print_help(FILE *out) {
  fputs(
      "usage: cors-check probe URL --origin ORIGIN [-X METHOD] "
      "[-H 'Name: value']...\n"
      "                        [--credentials] [--cookie 'name=value'] "
      "[--private-network]\n"
      "                        [--no-follow] [--json] [--timeout SECONDS] "
      "[--insecure]\n"
      "\n"
      "Says what a browser (Chromium) decides about a live server: it sends\n"
      "what fetch(URL, {method, headers, credentials}) sends from a page\n"
      "whose origin is ORIGIN - the preflight when one is needed, then the\n"
      "request, following redirects as Fetch does - and applies the "
      "browser's\n"
      "CORS checks to every response.\n"
      "\n"
      "  --origin ORIGIN      the page's origin, e.g. https://app.example.com\n"
      "  -X, --request METHOD the fetch() method (default GET)\n"
      "  -H, --header 'N: V'  a header the page sets (repeatable)\n"
      "  --credentials        credentials: 'include' (default: same-origin)\n"
      "  --cookie 'n=v'       a cookie the browser holds for the URL's host,\n"
      "                       sent on credentialed requests, never on a\n"
      "                       preflight (repeatable)\n"
      "  --private-network    the preflight asks for private-network access\n"
      "  --no-follow          stop at the first redirect and say where it "
      "points\n"
      "  --json               one JSON object on standard output\n"
      "  --timeout SECONDS    per request (default 10)\n"
      "  --insecure           accept any TLS certificate (test servers)\n"
      "  -h, --help           this text\n"
      "\n"
      "Exit status: 0 allowed, 1 blocked, 4 usage error, 5 network error,\n"
      "6 stopped at a redirect (--no-follow).\n",
      out);
}

static int usage_error(const char *arg, const char *why) {
  fprintf(stderr, "cors-check probe: %s: %s\n", arg, why);
  fputs("Try 'cors-check probe --help'.\n", stderr);
  return PROBE_EXIT_USAGE;
}

/* The argument as it appears in messages: quoted, cut after 80 bytes,
 * control and non-ASCII bytes as \xHH so a message stays one line. */
static void quote_arg(char *out, size_t cap, const char *flag,
                      const char *value) {
  char shown[80 * 4 + 4]; /* every byte escaped, "...", NUL */
  cli_escape_into(shown, sizeof shown, value, strlen(value), 80);
  snprintf(out, cap, "%s%s'%s'", flag != NULL ? flag : "",
           flag != NULL ? " " : "", shown);
}

static bool is_lower_alpha(char c) {
  return c >= 'a' && c <= 'z';
}

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* ---- ORIGIN ---------------------------------------------------------------
 */

static bool is_scheme(const char *s, size_t n) {
  if (n == 0 || !is_lower_alpha(s[0]))
    return false;
  for (size_t i = 1; i < n; i++)
    if (!is_lower_alpha(s[i]) && !is_digit(s[i]) && !strchr("+-.", s[i]))
      return false;
  return true;
}

static bool is_host(const char *s, size_t n) {
  if (n == 0)
    return false;
  if (s[0] == '[') {
    if (n < 3 || s[n - 1] != ']')
      return false;
    for (size_t i = 1; i + 1 < n; i++)
      if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f') &&
          !strchr(":.", s[i]))
        return false;
    return true;
  }
  for (size_t i = 0; i < n; i++)
    if (!is_lower_alpha(s[i]) && !is_digit(s[i]) && !strchr("-._~", s[i]))
      return false;
  return true;
}

/* 1-65535 without a leading zero. */
static bool is_port(const char *s, size_t n, unsigned long *port) {
  if (n == 0 || n > 5 || s[0] == '0')
    return false;
  unsigned long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (!is_digit(s[i]))
      return false;
    v = v * 10 + (unsigned long)(s[i] - '0');
  }
  *port = v;
  return v <= 65535;
}

/* `null`, or scheme "://" host [":" port] as a browser serializes it. */
static const char *origin_problem(const char *o) {
  if (strcmp(o, "null") == 0)
    return NULL;
  for (const char *p = o; *p != '\0'; p++) {
    if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
      return "holds a space, a control byte or a non-ASCII byte (browsers "
             "send hosts in punycode)";
    if (*p >= 'A' && *p <= 'Z')
      return "is not lower case, as a browser sends it";
  }
  const char *sep = strstr(o, "://");
  if (sep == NULL || !is_scheme(o, (size_t)(sep - o)))
    return "is not scheme://host[:port] (or null)";
  const char *host = sep + 3;
  const char *slash = strpbrk(host, "/?#");
  if (slash != NULL)
    return slash[0] == '/' && slash[1] == '\0'
               ? "ends in a slash: an origin has no path (remove it)"
               : "has a path, query or fragment: an origin has none";
  if (strchr(host, '@') != NULL)
    return "has userinfo: an origin has none";
  const char *end = host + strlen(host);
  const char *colon = host[0] == '[' ? strstr(host, "]:") : strrchr(host, ':');
  if (colon != NULL && host[0] == '[')
    colon++;
  size_t host_len = (size_t)((colon != NULL ? colon : end) - host);
  if (!is_host(host, host_len))
    return "has no valid host";
  if (colon == NULL)
    return NULL;
  unsigned long port = 0;
  if (!is_port(colon + 1, (size_t)(end - colon - 1), &port))
    return "has a port that is not 1-65535 (without leading zeros)";
  size_t scheme_len = (size_t)(sep - o);
  if ((port == 80 && scheme_len == 4 && memcmp(o, "http", 4) == 0) ||
      (port == 443 && scheme_len == 5 && memcmp(o, "https", 5) == 0))
    return "names the default port, which browsers omit (remove it)";
  return NULL;
}

/* ---- METHOD -----------------------------------------------------------------
 */

/* Fetch normalizes these six by upper-casing; every other method, `patch`
 * included, is sent as written. */
static int take_method(probe_options *o, const char *arg) {
  char where[360];
  quote_arg(where, sizeof where, "-X", arg);
  if (o->method != NULL)
    return usage_error(where, "the method is given twice");
  if (!cors_rawhead_is_token(arg, strlen(arg)))
    return usage_error(where, "not a method token");
  if (cors_browser_method_is_forbidden(arg, strlen(arg)))
    return usage_error(where, "fetch() refuses CONNECT, TRACE and TRACK");
  o->method = strdup(arg);
  if (o->method == NULL)
    return usage_error(where, "out of memory");
  static const char *const normalized[] = {"DELETE",  "GET",  "HEAD",
                                           "OPTIONS", "POST", "PUT"};
  for (size_t i = 0; i < sizeof normalized / sizeof normalized[0]; i++) {
    if (strlen(arg) != strlen(normalized[i]))
      continue;
    bool same = true;
    for (size_t k = 0; arg[k] != '\0'; k++) {
      char c = arg[k];
      if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
      same = same && c == normalized[i][k];
    }
    if (same)
      memcpy(o->method, normalized[i], strlen(normalized[i]));
  }
  return PROBE_EXIT_ALLOWED;
}

/* ---- -H ------------------------------------------------------------------ */

static char *join(const char *a, const char *sep, const char *b) {
  size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
  char *out = malloc(la + ls + lb + 1);
  if (out == NULL)
    return NULL;
  memcpy(out, a, la);
  memcpy(out + la, sep, ls);
  memcpy(out + la + ls, b, lb + 1);
  return out;
}

static bool has_crlf(const char *s) {
  return strpbrk(s, "\r\n") != NULL;
}

bool probe_same_name(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return *a == *b;
}

static const char *forbidden_hint(const char *name) {
  if (probe_same_name(name, "cookie"))
    return "a forbidden request header: a page cannot set it (cookies go in "
           "--cookie)";
  if (probe_same_name(name, "origin"))
    return "a forbidden request header: a page cannot set it (the page's "
           "origin goes in --origin)";
  if (probe_same_name(name, "access-control-request-private-network"))
    return "a forbidden request header: a page cannot set it (use "
           "--private-network)";
  return "a forbidden request header: a page cannot set it, and a browser "
         "drops it";
}

/* Appends or joins one page header (name and value already checked). */
static int add_page_header(probe_options *o, const char *where,
                           const char *name, size_t name_len,
                           const char *value) {
  char *n = strndup(name, name_len);
  if (n == NULL)
    return usage_error(where, "out of memory");
  for (size_t i = 0; i < o->header_count; i++) {
    if (!probe_same_name(o->headers[i].name, n))
      continue;
    char *joined = join(o->headers[i].value, ", ", value);
    free(n);
    if (joined == NULL)
      return usage_error(where, "out of memory");
    free(o->headers[i].value);
    o->headers[i].value = joined;
    return PROBE_EXIT_ALLOWED;
  }
  if (o->header_count == PROBE_MAX_PAGE_HEADERS) {
    free(n);
    return usage_error(where, "more than 64 request headers");
  }
  char *v = strdup(value);
  if (v == NULL) {
    free(n);
    return usage_error(where, "out of memory");
  }
  o->headers[o->header_count].name = n;
  o->headers[o->header_count].value = v;
  o->header_count++;
  return PROBE_EXIT_ALLOWED;
}

/* -H 'Name: value' as fetch()'s Headers takes it: value trimmed of
 * spaces and tabs, duplicates joined. */
static int take_header(probe_options *o, const char *arg) {
  char where[360];
  quote_arg(where, sizeof where, "-H", arg);
  const char *colon = strchr(arg, ':');
  if (colon == NULL)
    return usage_error(where, "no colon; write -H 'Name: value'");
  if (has_crlf(arg))
    return usage_error(where, "CR or LF in the header");
  size_t name_len = (size_t)(colon - arg);
  if (!cors_rawhead_is_token(arg, name_len))
    return usage_error(where, "the name before the colon is empty or not a "
                              "token");
  const char *v = colon + 1;
  while (*v == ' ' || *v == '\t')
    v++;
  size_t vlen = strlen(v);
  while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
    vlen--;
  char *value = strndup(v, vlen);
  if (value == NULL)
    return usage_error(where, "out of memory");
  for (size_t i = 0; i < vlen; i++) {
    if (value[i] == '\0' || (unsigned char)value[i] == 0x7f) {
      free(value);
      return usage_error(where, "a control byte in the value");
    }
  }
  int rc = PROBE_EXIT_ALLOWED;
  if (cors_browser_header_is_forbidden(arg, name_len, value, vlen)) {
    char *name = strndup(arg, name_len);
    rc = usage_error(where, forbidden_hint(name != NULL ? name : ""));
    free(name);
  } else {
    rc = add_page_header(o, where, arg, name_len, value);
  }
  free(value);
  return rc;
}

/* ---- the rest
 * ---------------------------------------------------------------- */

static int take_cookie(probe_options *o, const char *arg) {
  char where[360];
  quote_arg(where, sizeof where, "--cookie", arg);
  if (strchr(arg, '=') == NULL)
    return usage_error(where, "write --cookie 'name=value'");
  for (const char *p = arg; *p != '\0'; p++)
    if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
      return usage_error(where, "a control byte in the cookie");
  char *joined = o->cookie != NULL ? join(o->cookie, "; ", arg) : strdup(arg);
  if (joined == NULL)
    return usage_error(where, "out of memory");
  free(o->cookie);
  o->cookie = joined;
  return PROBE_EXIT_ALLOWED;
}

/* Seconds, a decimal number above 0 and at most 3600. */
static int take_timeout(probe_options *o, const char *arg) {
  char where[360];
  quote_arg(where, sizeof where, "--timeout", arg);
  long ms = 0;
  const char *p = arg;
  size_t digits = 0;
  for (; is_digit(*p) && digits < 5; p++, digits++)
    ms = ms * 10 + (*p - '0');
  ms *= 1000;
  if (*p == '.') {
    long scale = 100;
    for (p++; is_digit(*p); p++) {
      ms += (*p - '0') * scale;
      scale /= 10;
    }
  }
  if (digits == 0 || *p != '\0' || ms <= 0 || ms > 3600000L)
    return usage_error(where, "expects seconds, above 0 and at most 3600");
  o->timeout_ms = ms;
  return PROBE_EXIT_ALLOWED;
}

static int take_origin(probe_options *o, const char *arg) {
  char where[360];
  quote_arg(where, sizeof where, "--origin", arg);
  if (o->origin != NULL)
    return usage_error(where, "the origin is given twice");
  const char *problem = origin_problem(arg);
  if (problem != NULL)
    return usage_error(where, problem);
  if (strlen(arg) >= PROBE_MAX_ORIGIN)
    return usage_error(where, "too long");
  o->origin = arg;
  return PROBE_EXIT_ALLOWED;
}

static int take_valued(probe_options *o, const char *flag, const char *value) {
  if (strcmp(flag, "--origin") == 0)
    return take_origin(o, value);
  if (strcmp(flag, "-X") == 0 || strcmp(flag, "--request") == 0)
    return take_method(o, value);
  if (strcmp(flag, "-H") == 0 || strcmp(flag, "--header") == 0)
    return take_header(o, value);
  if (strcmp(flag, "--cookie") == 0)
    return take_cookie(o, value);
  return take_timeout(o, value);
}

static bool takes_value(const char *flag) {
  static const char *const valued[] = {
      "--origin", "-X", "--request", "-H", "--header", "--cookie", "--timeout"};
  return cli_flag_in(flag, valued, sizeof valued / sizeof valued[0]);
}

static bool take_switch(probe_options *o, const char *arg) {
  bool *target = NULL;
  if (strcmp(arg, "--credentials") == 0)
    target = &o->credentials;
  else if (strcmp(arg, "--private-network") == 0)
    target = &o->private_network;
  else if (strcmp(arg, "--no-follow") == 0)
    target = &o->no_follow;
  else if (strcmp(arg, "--json") == 0)
    target = &o->json;
  else if (strcmp(arg, "--insecure") == 0)
    target = &o->insecure;
  else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
    target = &o->help;
  if (target != NULL)
    *target = true;
  return target != NULL;
}

static int take_positional(probe_options *o, const char *arg) {
  char where[360];
  quote_arg(where, sizeof where, NULL, arg);
  if (o->url != NULL)
    return usage_error(where, "one URL only (the first was given already)");
  o->url = arg;
  return PROBE_EXIT_ALLOWED;
}

static int take_arg(probe_options *o, int argc, char **argv, int i, int *used) {
  const char *arg = argv[i];
  *used = 1;
  if (take_switch(o, arg))
    return PROBE_EXIT_ALLOWED;
  if (arg[0] != '-' || arg[1] == '\0')
    return take_positional(o, arg);
  char flag[32];
  const char *value = cli_split_attached(arg, flag, sizeof flag);
  if (!takes_value(flag))
    return usage_error(arg, "unknown option");
  if (value == NULL) {
    if (i + 1 >= argc)
      return usage_error(flag, "needs a value");
    value = argv[i + 1];
    *used = 2;
  }
  return take_valued(o, flag, value);
}

static int check_url(const probe_options *o) {
  char where[360];
  quote_arg(where, sizeof where, NULL, o->url);
  if (strlen(o->url) >= PROBE_MAX_URL)
    return usage_error(where, "URL too long");
  probe_url u;
  char why[256];
  if (!probe_url_parse(NULL, o->url, &u, why, sizeof why))
    return usage_error(where, why);
  bool credentials = u.has_credentials;
  probe_url_free(&u);
  if (credentials)
    return usage_error(where, "a URL with a user name or password: fetch() "
                              "refuses it");
  return PROBE_EXIT_ALLOWED;
}

static int check_combination(probe_options *o) {
  if (o->url == NULL)
    return usage_error("URL", "missing: cors-check probe URL --origin ORIGIN");
  if (o->origin == NULL)
    return usage_error("--origin", "missing: the origin of the page that "
                                   "calls fetch()");
  if (o->cookie != NULL && !o->credentials)
    return usage_error("--cookie", "a browser sends cookies cross-origin "
                                   "only with --credentials");
  if (o->method == NULL) {
    o->method = strdup("GET");
    if (o->method == NULL)
      return usage_error("-X", "out of memory");
  }
  return check_url(o);
}

int probe_parse_args(int argc, char **argv, probe_options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->timeout_ms = PROBE_DEFAULT_TIMEOUT_MS;
  for (int i = 1; i < argc;) {
    int used = 1;
    int rc = take_arg(opts, argc, argv, i, &used);
    if (rc != PROBE_EXIT_ALLOWED)
      return rc;
    i += used;
  }
  if (opts->help)
    return PROBE_EXIT_ALLOWED;
  return check_combination(opts);
}

void probe_options_free(probe_options *opts) {
  for (size_t i = 0; i < opts->header_count; i++) {
    free(opts->headers[i].name);
    free(opts->headers[i].value);
  }
  opts->header_count = 0;
  free(opts->method);
  free(opts->cookie);
  opts->method = NULL;
  opts->cookie = NULL;
}
