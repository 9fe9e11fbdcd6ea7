/* cors-check probe: the report. Both exchanges (status line, then the
 * Access-Control-*, Vary and Location headers exactly as received), the
 * verdict in the browser's terms, the cause and the fix in one sentence
 * each, then warnings; or one JSON object with --json. */
#include "cli_text.h"
#include "cors_check.h"
#include "probe.h"

#include <stdint.h>
#include <string.h>

/* ---- text ---------------------------------------------------------------- */

/* Bytes from a server or a user, printable, into a buffer for a
 * sentence, cut at 120 bytes with "...". */
static void escape_into(char *out, size_t cap, cors_slice s) {
  cli_escape_into(out, cap, s.ptr, s.ptr != NULL ? s.len : 0, 120);
}

/* Whether the header's name starts with `prefix`, case-insensitively. */
static bool name_starts(const cors_raw_header *h, const char *prefix) {
  size_t n = strlen(prefix);
  if (h->name_len < n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = h->name[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    char d = prefix[i];
    if (d >= 'A' && d <= 'Z')
      d = (char)(d - 'A' + 'a');
    if (c != d)
      return false;
  }
  return true;
}

static bool name_is(const cors_raw_header *h, const char *name) {
  return h->name_len == strlen(name) && name_starts(h, name);
}

/* The response headers the report shows. */
static bool shown(const cors_raw_header *h) {
  return name_starts(h, "Access-Control-") || name_is(h, "Vary") ||
         name_is(h, "Location");
}

static const probe_exchange *failed_exchange(const probe_report *rep) {
  return rep->count > 0 ? &rep->exchanges[rep->cause_at] : NULL;
}

/* The first line of the raw head, as received. */
static cors_slice status_line(const probe_exchange *ex) {
  const char *h = ex->response.head;
  size_t n = 0;
  while (n < ex->response.head_len && h[n] != '\r' && h[n] != '\n')
    n++;
  cors_slice s = {h, n};
  return s;
}

static const char *sent_value(const probe_exchange *ex, const char *name) {
  for (size_t i = 0; i < ex->sent_count; i++)
    if (name_is(&ex->sent[i], name))
      return ex->sent[i].value;
  return NULL;
}

/* ---- cause and fix ------------------------------------------------------- */

static int status_of(const probe_exchange *ex) {
  return ex != NULL && !ex->no_response ? ex->response.parsed.status : 0;
}

static void cause_check_text(const probe_report *rep, const probe_exchange *ex,
                             char *out, size_t cap) {
  const cors_browser_verdict *v = &ex->verdict;
  char d[400];
  escape_into(d, sizeof d, v->detail);
  int status = status_of(ex);
  const char *origin = sent_value(ex, "Origin");
  switch (v->check_cause) {
  case CORS_CAUSE_MISSING_ALLOW_ORIGIN:
    if (status >= 400)
      snprintf(out, cap,
               "the %d response has no Access-Control-Allow-Origin: the error "
               "response lacks CORS headers, so the CORS layer is not the "
               "outermost",
               status);
    else
      snprintf(out, cap, "the response has no Access-Control-Allow-Origin");
    break;
  case CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN:
    if (memchr(d, ',', strlen(d)) != NULL || memchr(d, ' ', strlen(d)))
      snprintf(out, cap,
               "Access-Control-Allow-Origin holds a list ('%s'): it takes one "
               "origin",
               d);
    else
      snprintf(out, cap,
               "Access-Control-Allow-Origin is sent more than once (a proxy "
               "and the application both add it)");
    break;
  case CORS_CAUSE_ORIGIN_MISMATCH:
    snprintf(out, cap,
             "Access-Control-Allow-Origin is '%s', not the request's Origin "
             "'%s'%s",
             d, origin != NULL ? origin : "",
             origin != NULL && strcmp(origin, "null") == 0 &&
                     strcmp(rep->opts->origin, "null") != 0
                 ? " (after a redirect to yet another origin a browser "
                   "sends Origin: null)"
                 : "");
    break;
  case CORS_CAUSE_WILDCARD_WITH_CREDENTIALS:
    snprintf(out, cap,
             "Access-Control-Allow-Origin is * but the request "
             "includes credentials");
    break;
  case CORS_CAUSE_CREDENTIALS_NOT_TRUE:
    if (v->detail.ptr == NULL)
      snprintf(out, cap,
               "the request includes credentials and the response "
               "has no Access-Control-Allow-Credentials");
    else
      snprintf(out, cap,
               "the request includes credentials and "
               "Access-Control-Allow-Credentials is not exactly one 'true' "
               "(got '%s')",
               d);
    break;
  case CORS_CAUSE_METHOD_NOT_ALLOWED:
    if (v->malformed_list)
      snprintf(out, cap,
               "Access-Control-Allow-Methods does not parse: '%s' is not a "
               "method token",
               d);
    else
      snprintf(out, cap,
               "Access-Control-Allow-Methods does not cover the method %s "
               "(compared byte for byte%s)",
               d,
               rep->opts->credentials ? "; * is no wildcard with "
                                        "credentials"
                                      : "");
    break;
  case CORS_CAUSE_HEADER_NOT_ALLOWED:
    if (v->malformed_list)
      snprintf(out, cap,
               "Access-Control-Allow-Headers does not parse: '%s' is not a "
               "header name",
               d);
    else
      snprintf(out, cap,
               "Access-Control-Allow-Headers does not cover the requested "
               "header %s%s",
               d,
               rep->opts->credentials ? " (* is no wildcard with "
                                        "credentials)"
                                      : "");
    break;
  default:
    snprintf(out, cap, "the browser refuses the response");
    break;
  }
}

static bool has_allow_origin(const probe_exchange *ex) {
  const cors_resphead *h = &ex->response.parsed;
  for (size_t i = 0; i < h->header_count; i++)
    if (name_is(&h->headers[i], "Access-Control-Allow-Origin"))
      return true;
  return false;
}

static void cause_text(const probe_report *rep, char *out, size_t cap) {
  const probe_exchange *ex = failed_exchange(rep);
  int status = status_of(ex);
  char d[400] = "";
  if (ex != NULL)
    escape_into(d, sizeof d, ex->verdict.detail);
  switch (rep->cause) {
  case CORS_CAUSE_PREFLIGHT_STATUS:
    snprintf(out, cap, "the preflight got %d, not a 2xx status%s%s", status,
             status == 401 || status == 403
                 ? ": authentication answered it before CORS did"
             : status == 404 || status == 405
                 ? ": nothing answers OPTIONS at this URL"
                 : "",
             has_allow_origin(ex)
                 ? ""
                 : " (Chromium's console names the missing "
                   "Access-Control-Allow-Origin of that response first; "
                   "the status is what to fix)");
    break;
  case CORS_CAUSE_PREFLIGHT_REDIRECT:
    snprintf(out, cap,
             "the preflight was redirected (%d to '%s'): browsers never "
             "follow a redirect on a preflight",
             status, d);
    break;
  case CORS_CAUSE_REDIRECT_BLOCKED:
    if (rep->message[0] != '\0') {
      snprintf(out, cap, "%s", rep->message);
    } else {
      char inner[600];
      cause_check_text(rep, ex, inner, sizeof inner);
      snprintf(out, cap, "the %d redirect from %.300s fails the CORS check: %s",
               status, ex->url.href, inner);
    }
    break;
  case CORS_CAUSE_NETWORK_ERROR:
    snprintf(out, cap, "%s", rep->message);
    break;
  default:
    if (ex != NULL)
      cause_check_text(rep, ex, out, cap);
    else
      snprintf(out, cap, "%s", rep->message);
    break;
  }
}

static void fix_check_text(const probe_report *rep, const probe_exchange *ex,
                           char *out, size_t cap) {
  const cors_browser_verdict *v = &ex->verdict;
  char d[400];
  escape_into(d, sizeof d, v->detail);
  int status = status_of(ex);
  const char *origin = sent_value(ex, "Origin");
  bool tainted = origin != NULL && strcmp(origin, "null") == 0 &&
                 strcmp(rep->opts->origin, "null") != 0;
  switch (v->check_cause) {
  case CORS_CAUSE_MISSING_ALLOW_ORIGIN:
    if (status >= 400)
      snprintf(out, cap,
               "make the CORS layer the outermost, so that every response, "
               "%d included, carries Access-Control-Allow-Origin",
               status);
    else
      snprintf(out, cap,
               "allow the origin %s in the server's CORS configuration",
               origin != NULL ? origin : "");
    break;
  case CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN:
    if (strpbrk(d, ", ") != NULL)
      snprintf(out, cap,
               "echo the request's Origin when it is in the allowed list, "
               "instead of sending the list");
    else
      snprintf(out, cap,
               "let either the proxy or the application add "
               "Access-Control-Allow-Origin, not both");
    break;
  case CORS_CAUSE_ORIGIN_MISMATCH:
    if (tainted)
      snprintf(out, cap,
               "call the final URL directly, or have it answer "
               "Access-Control-Allow-Origin: * (without credentials), since "
               "the redirect made the Origin null");
    else
      snprintf(out, cap,
               "add %s to the server's allowed origins: it must echo the "
               "request's Origin exactly",
               origin != NULL ? origin : "the page's origin");
    break;
  case CORS_CAUSE_WILDCARD_WITH_CREDENTIALS:
    snprintf(out, cap,
             "echo the request's Origin instead of * and send "
             "Access-Control-Allow-Credentials: true, or call fetch() "
             "without credentials");
    break;
  case CORS_CAUSE_CREDENTIALS_NOT_TRUE:
    snprintf(out, cap,
             "send Access-Control-Allow-Credentials: true (exactly once, "
             "lower case), or call fetch() without credentials");
    break;
  case CORS_CAUSE_METHOD_NOT_ALLOWED:
    if (v->malformed_list)
      snprintf(out, cap,
               "make Access-Control-Allow-Methods a comma-separated list of "
               "method names");
    else
      snprintf(out, cap,
               "add %s to Access-Control-Allow-Methods, spelled as the page "
               "sends it",
               d);
    break;
  case CORS_CAUSE_HEADER_NOT_ALLOWED:
    if (v->malformed_list)
      snprintf(out, cap,
               "make Access-Control-Allow-Headers a comma-separated list of "
               "header names");
    else
      snprintf(out, cap, "add %s to Access-Control-Allow-Headers", d);
    break;
  default:
    snprintf(out, cap, "-");
    break;
  }
}

static void fix_text(const probe_report *rep, char *out, size_t cap) {
  const probe_exchange *ex = failed_exchange(rep);
  int status = status_of(ex);
  switch (rep->cause) {
  case CORS_CAUSE_PREFLIGHT_STATUS:
    if (status == 401 || status == 403)
      snprintf(out, cap,
               "let the CORS layer answer OPTIONS preflights before "
               "authentication runs: a browser never sends cookies or "
               "Authorization on a preflight");
    else if (status == 404 || status == 405)
      snprintf(out, cap,
               "answer OPTIONS preflights in the CORS layer on every path, "
               "before routing");
    else
      snprintf(out, cap,
               "answer the preflight with 204 and the CORS headers before "
               "anything that can fail runs");
    break;
  case CORS_CAUSE_PREFLIGHT_REDIRECT:
    snprintf(out, cap,
             "call the final URL directly (a missing trailing slash or an "
             "http-to-https redirect is the usual cause)");
    break;
  case CORS_CAUSE_REDIRECT_BLOCKED:
    if (rep->message[0] != '\0')
      snprintf(out, cap,
               "fix the redirect chain, or call the final URL "
               "directly");
    else
      snprintf(out, cap,
               "make the redirect response carry the CORS headers too, or "
               "call the final URL directly");
    break;
  case CORS_CAUSE_NETWORK_ERROR:
    if (strstr(rep->message, "ERR_RESPONSE_HEADERS_MULTIPLE_") != NULL)
      snprintf(out, cap,
               "send that header once, with one value (a proxy and the "
               "application may both add it; quote a file name that holds "
               "a comma)");
    else
      snprintf(out, cap,
               "check that the server runs and is reachable from here%s",
               strstr(rep->message, "TLS") != NULL
                   ? " (--insecure accepts a self-signed certificate)"
                   : "");
    break;
  default:
    if (ex != NULL)
      fix_check_text(rep, ex, out, cap);
    else
      snprintf(out, cap, "-");
    break;
  }
}

/* ---- warnings ------------------------------------------------------------ */

static const cors_response_warning all_warnings[] = {
    CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN, CORS_RESPONSE_WARN_MAX_AGE_CAPPED,
    CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL,
    CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD,
    CORS_RESPONSE_WARN_PRIVATE_NETWORK};

static unsigned report_warnings(const probe_report *rep) {
  unsigned w = 0;
  for (size_t i = 0; i < rep->count; i++)
    w |= rep->exchanges[i].verdict.warnings;
  return w;
}

static const char *warning_text(cors_response_warning w) {
  switch (w) {
  case CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN:
    return "Access-Control-Allow-Origin echoes the origin on a cacheable "
           "response without Vary: Origin: a shared or browser cache can "
           "serve this answer to another origin (the 'works after a hard "
           "refresh' bug); add Vary: Origin";
  case CORS_RESPONSE_WARN_MAX_AGE_CAPPED:
    return "Access-Control-Max-Age is above 7200 seconds: Chromium caps it "
           "at 7200";
  case CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL:
    return "Access-Control-Allow-Origin: null lets every sandboxed document "
           "and data: page in; answer null only on purpose";
  case CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD:
    return "only * in Access-Control-Allow-Headers covers Authorization: "
           "browsers allow it today, the Fetch Standard does not and Chromium "
           "warns it will stop; list Authorization by name";
  case CORS_RESPONSE_WARN_PRIVATE_NETWORK:
    return "the preflight asked for private-network access and the answer "
           "lacks Access-Control-Allow-Private-Network: true; Chromium has "
           "put these preflights on hold in favour of a permission prompt, "
           "so this is advice, not a verdict";
  }
  return "";
}

static const char *verdict_word(const probe_report *rep) {
  switch (rep->outcome) {
  case PROBE_ALLOWED:
  case PROBE_SAME_ORIGIN:
    return "allowed";
  case PROBE_STOPPED_AT_REDIRECT:
    return "redirect";
  default:
    return "blocked";
  }
}

static int exit_status(const probe_report *rep) {
  switch (rep->outcome) {
  case PROBE_ALLOWED:
  case PROBE_SAME_ORIGIN:
    return PROBE_EXIT_ALLOWED;
  case PROBE_STOPPED_AT_REDIRECT:
    return PROBE_EXIT_REDIRECT;
  case PROBE_NETWORK_ERROR:
    return PROBE_EXIT_NETWORK;
  default:
    return PROBE_EXIT_BLOCKED;
  }
}

/* A URL for a report line: anything outside printable ASCII as \xHH
 * (a resolved URL holds none; this only makes sure). */
static void url_into(char *out, size_t cap, const char *url) {
  cli_escape_into(out, cap, url, strlen(url), SIZE_MAX);
}

/* Where a redirect points: the URL followed, or the Location resolved
 * against the redirect's URL as the probe would follow it (the raw
 * value, escaped, when it does not resolve). */
static void redirect_target(const probe_exchange *ex, char *out, size_t cap) {
  if (ex->has_next) {
    url_into(out, cap, ex->next.href);
    return;
  }
  char raw[PROBE_MAX_URL];
  cors_slice loc = ex->verdict.location;
  size_t n = loc.ptr != NULL ? loc.len : 0;
  if (n >= sizeof raw)
    n = sizeof raw - 1;
  if (n > 0)
    memcpy(raw, loc.ptr, n);
  raw[n] = '\0';
  probe_url u;
  char why[64];
  if (probe_url_parse(ex->url.href, raw, &u, why, sizeof why)) {
    url_into(out, cap, u.href);
    probe_url_free(&u);
  } else {
    escape_into(out, cap, loc);
  }
}

/* ---- human text ---------------------------------------------------------- */

static void print_sent(const probe_exchange *ex) {
  static const char *const preflight_lines[] = {
      "Origin", "Access-Control-Request-Method",
      "Access-Control-Request-Headers",
      "Access-Control-Request-Private-Network"};
  size_t n = ex->kind == PROBE_PREFLIGHT ? 4 : 1;
  for (size_t k = 0; k < n; k++) {
    const char *v = sent_value(ex, preflight_lines[k]);
    if (v == NULL)
      continue;
    printf("  > %s: ", preflight_lines[k]);
    check_print_escaped(stdout, v, strlen(v));
    putchar('\n');
  }
}

static void print_received(const probe_exchange *ex) {
  cors_slice line = status_line(ex);
  fputs("  < ", stdout);
  check_print_escaped(stdout, line.ptr, line.len);
  putchar('\n');
  size_t n = 0;
  const cors_resphead *h = &ex->response.parsed;
  for (size_t i = 0; i < h->header_count; i++) {
    if (!shown(&h->headers[i]))
      continue;
    fputs("  < ", stdout);
    check_print_escaped(stdout, h->headers[i].name, h->headers[i].name_len);
    fputs(": ", stdout);
    check_print_escaped(stdout, h->headers[i].value, h->headers[i].value_len);
    putchar('\n');
    n++;
  }
  if (n == 0)
    puts("  < (no Access-Control-*, Vary or Location header)");
}

static void print_check(const probe_exchange *ex) {
  const cors_browser_verdict *v = &ex->verdict;
  if (ex->no_response) {
    puts("  = no response (network error)");
  } else if (!v->allowed) {
    printf("  = failed: %s\n", cors_cause_string(v->check_cause));
  } else if (ex->kind == PROBE_REDIRECT) {
    char target[PROBE_MAX_URL];
    redirect_target(ex, target, sizeof target);
    printf("  = passed; %s %s\n", ex->has_next ? "follows to" : "points to",
           target);
  } else {
    puts("  = passed");
  }
}

static void print_exchange(const probe_exchange *ex) {
  const char *label = ex->kind == PROBE_PREFLIGHT  ? " (preflight)"
                      : ex->kind == PROBE_REDIRECT ? " (redirect)"
                                                   : "";
  printf("\n%s %s%s\n", ex->method, ex->url.href, label);
  print_sent(ex);
  if (!ex->no_response)
    print_received(ex);
  print_check(ex);
}

static void print_human(const probe_report *rep) {
  const probe_options *o = rep->opts;
  printf("request:   %s %s\n", o->method, o->url);
  printf("origin:    %s (credentials: %s)\n", o->origin,
         o->credentials ? "include" : "same-origin");
  if (rep->outcome == PROBE_SAME_ORIGIN) {
    puts("verdict:   allowed");
    puts("note:      the origin is the URL's own: no CORS request at all, "
         "the page reads the response whatever its headers");
    return;
  }
  if (rep->preflight_reason[0] != '\0')
    printf("preflight: needed: %s\n", rep->preflight_reason);
  else if (rep->count > 0)
    puts("preflight: not needed (CORS-safelisted method and headers)");
  for (size_t i = 0; i < rep->count; i++)
    print_exchange(&rep->exchanges[i]);
  printf("\nverdict:   %s\n", verdict_word(rep));
  char text[1200];
  if (rep->outcome == PROBE_STOPPED_AT_REDIRECT) {
    redirect_target(failed_exchange(rep), text, sizeof text);
    printf("location:  %s (not followed: --no-follow)\n", text);
  } else if (rep->outcome != PROBE_ALLOWED) {
    cause_text(rep, text, sizeof text);
    printf("cause:     %s: %s\n", cors_cause_string(rep->cause), text);
    fix_text(rep, text, sizeof text);
    printf("fix:       %s\n", text);
  }
  unsigned w = report_warnings(rep);
  for (size_t i = 0; i < sizeof all_warnings / sizeof all_warnings[0]; i++)
    if (w & (unsigned)all_warnings[i])
      printf("warning:   %s: %s\n",
             cors_response_warning_string(all_warnings[i]),
             warning_text(all_warnings[i]));
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_cstr(const char *s) {
  if (s == NULL)
    fputs("null", stdout);
  else
    check_json_string(stdout, s, strlen(s));
}

static void json_headers(const probe_exchange *ex) {
  const cors_resphead *h = &ex->response.parsed;
  fputs("\"headers\":[", stdout);
  bool first = true;
  for (size_t i = 0; i < h->header_count; i++) {
    if (!shown(&h->headers[i]))
      continue;
    fputs(first ? "[" : ",[", stdout);
    check_json_string(stdout, h->headers[i].name, h->headers[i].name_len);
    fputc(',', stdout);
    check_json_string(stdout, h->headers[i].value, h->headers[i].value_len);
    fputc(']', stdout);
    first = false;
  }
  fputc(']', stdout);
}

/* {"url"?, "status", "headers", "ok", "cause"}: the fields every exchange
 * shares; the caller closes the object. */
static void json_exchange_fields(const probe_exchange *ex, bool with_url) {
  if (with_url) {
    fputs("\"url\":", stdout);
    json_cstr(ex->url.href);
    fputc(',', stdout);
  }
  printf("\"status\":%d,", ex->response.parsed.status);
  json_headers(ex);
  printf(",\"ok\":%s,\"cause\":", ex->verdict.allowed ? "true" : "false");
  json_cstr(ex->verdict.allowed ? NULL
                                : cors_cause_string(ex->verdict.check_cause));
}

static void json_preflight(const probe_exchange *ex) {
  if (ex == NULL) {
    fputs("null", stdout);
    return;
  }
  fputc('{', stdout);
  json_exchange_fields(ex, false);
  fputc('}', stdout);
}

/* The exchanges in the shape of the JSON: the first hop's preflight, the
 * redirects (each with the preflight sent before following it), the final
 * response. Exchanges without a response are left out. */
static void json_exchanges(const probe_report *rep) {
  const probe_exchange *actual = NULL;
  fputs("\"preflight\":", stdout);
  size_t i = 0;
  if (rep->count > 0 && rep->exchanges[0].kind == PROBE_PREFLIGHT &&
      !rep->exchanges[0].no_response) {
    json_preflight(&rep->exchanges[0]);
    i = 1;
  } else {
    fputs("null", stdout);
  }
  fputs(",\"redirects\":[", stdout);
  bool first = true;
  for (; i < rep->count; i++) {
    const probe_exchange *ex = &rep->exchanges[i];
    if (ex->no_response)
      continue;
    if (ex->kind == PROBE_ACTUAL) {
      actual = ex;
      continue;
    }
    if (ex->kind == PROBE_PREFLIGHT)
      continue; /* placed with the redirect before it */
    if (!first)
      fputs("},", stdout);
    fputc('{', stdout);
    json_exchange_fields(ex, true);
    first = false;
    /* The preflight of the next hop belongs to this redirect. */
    const probe_exchange *next =
        i + 1 < rep->count ? &rep->exchanges[i + 1] : NULL;
    fputs(",\"preflight\":", stdout);
    json_preflight(next != NULL && next->kind == PROBE_PREFLIGHT &&
                           !next->no_response
                       ? next
                       : NULL);
  }
  if (!first)
    fputc('}', stdout);
  fputs("],\"actual\":", stdout);
  if (actual == NULL) {
    fputs("null", stdout);
  } else {
    fputc('{', stdout);
    json_exchange_fields(actual, true);
    fputc('}', stdout);
  }
}

static void print_json(const probe_report *rep) {
  const probe_options *o = rep->opts;
  fputs("{\"url\":", stdout);
  json_cstr(o->url);
  fputs(",\"origin\":", stdout);
  json_cstr(o->origin);
  fputc(',', stdout);
  json_exchanges(rep);
  bool blocked =
      rep->outcome == PROBE_BLOCKED || rep->outcome == PROBE_NETWORK_ERROR;
  printf(",\"verdict\":\"%s\",\"allowed\":%s,\"cause\":", verdict_word(rep),
         rep->outcome == PROBE_ALLOWED || rep->outcome == PROBE_SAME_ORIGIN
             ? "true"
             : "false");
  json_cstr(blocked ? cors_cause_string(rep->cause) : NULL);
  char text[1200];
  fputs(",\"fix\":", stdout);
  if (blocked) {
    fix_text(rep, text, sizeof text);
    json_cstr(text);
  } else {
    fputs("null", stdout);
  }
  fputs(",\"why\":", stdout);
  if (blocked) {
    cause_text(rep, text, sizeof text);
    json_cstr(text);
  } else {
    fputs("null", stdout);
  }
  printf(",\"same_origin\":%s,\"warnings\":[",
         rep->outcome == PROBE_SAME_ORIGIN ? "true" : "false");
  unsigned w = report_warnings(rep);
  bool first = true;
  for (size_t i = 0; i < sizeof all_warnings / sizeof all_warnings[0]; i++) {
    if (!(w & (unsigned)all_warnings[i]))
      continue;
    if (!first)
      fputc(',', stdout);
    json_cstr(cors_response_warning_string(all_warnings[i]));
    first = false;
  }
  fputs("]}\n", stdout);
}

int probe_print(const probe_report *rep) {
  if (rep->opts->json)
    print_json(rep);
  else
    print_human(rep);
  if (rep->outcome == PROBE_NETWORK_ERROR)
    fprintf(stderr, "cors-check probe: network error: %s\n", rep->message);
  return exit_status(rep);
}
