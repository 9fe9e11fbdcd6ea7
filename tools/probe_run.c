/* cors-check probe: the fetch() a page would run, as Chromium runs it.
 * Per hop: the preflight when the method or a header calls for one, then
 * the request; redirects followed hop by hop with Fetch's rules (method
 * rewrite, Authorization dropped across origins, the Origin tainted to
 * `null` after a hop from a foreign origin to yet another). Every
 * response goes through cors_browser_check_response(); this file only
 * decides what to send next. */
#define _POSIX_C_SOURCE 200809L /* strdup, strndup */
#include "cli_text.h"
#include "probe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Sec-Fetch-Site, weakest over the chain so far (as Chromium reports it). */
enum { SITE_SAME_ORIGIN, SITE_SAME_SITE, SITE_CROSS_SITE };
static const char *const site_names[] = {"same-origin", "same-site",
                                         "cross-site"};

typedef struct chain {
  const probe_options *o;
  probe_report *rep;
  probe_url url; /* the URL this hop requests */
  char *method;  /* after any redirect rewrite */
  bool dropped[PROBE_MAX_PAGE_HEADERS];
  const char *origin_value; /* ORIGIN, or "null" once tainted */
  char *first_host;         /* where --cookie belongs */
  int site;
  int redirects;
} chain;

/* ---- helpers ------------------------------------------------------------ */

static cors_raw_header raw(const char *name, const char *value) {
  cors_raw_header h = {name, strlen(name), value, strlen(value)};
  return h;
}

static bool copy_url(const probe_url *from, probe_url *to) {
  memset(to, 0, sizeof *to);
  to->href = strdup(from->href);
  to->origin = strdup(from->origin);
  to->scheme = strdup(from->scheme);
  to->host = strdup(from->host);
  to->has_credentials = from->has_credentials;
  if (to->href && to->origin && to->scheme && to->host)
    return true;
  probe_url_free(to);
  return false;
}

/* The message may quote a server's bytes (a Location): anything outside
 * printable ASCII is kept as \xHH, so that no report line can drive the
 * terminal. */
static void fail(chain *c, probe_outcome outcome, cors_cause cause,
                 const char *message) {
  c->rep->outcome = outcome;
  c->rep->cause = cause;
  c->rep->cause_at = c->rep->count > 0 ? c->rep->count - 1 : 0;
  cli_escape_into(c->rep->message, sizeof c->rep->message, message,
                  strlen(message), SIZE_MAX);
}

/* ---- sites ------------------------------------------------------------- */

/* The last two labels of a DNS name, or the whole host for an IP literal:
 * an approximation of the registrable domain without the Public Suffix
 * List (Sec-Fetch-Site only informs servers; CORS does not read it). */
static const char *site_key(const char *host) {
  if (host[0] == '[' || strspn(host, "0123456789.") == strlen(host))
    return host;
  const char *last = strrchr(host, '.');
  if (last == NULL)
    return host;
  const char *p = last;
  while (p > host && p[-1] != '.')
    p--;
  return p;
}

static int site_relation(const char *origin, const probe_url *url) {
  if (strcmp(origin, url->origin) == 0)
    return SITE_SAME_ORIGIN;
  const char *sep = strstr(origin, "://");
  if (sep == NULL)
    return SITE_CROSS_SITE; /* null */
  size_t scheme_len = (size_t)(sep - origin);
  if (strlen(url->scheme) != scheme_len ||
      memcmp(origin, url->scheme, scheme_len) != 0)
    return SITE_CROSS_SITE;
  char host[PROBE_MAX_ORIGIN];
  snprintf(host, sizeof host, "%s", sep + 3);
  char *colon = host[0] == '[' ? strstr(host, "]:") : strrchr(host, ':');
  if (colon != NULL)
    colon[host[0] == '[' ? 1 : 0] = '\0';
  return strcmp(site_key(host), site_key(url->host)) == 0 ? SITE_SAME_SITE
                                                          : SITE_CROSS_SITE;
}

/* ---- what a hop sends -----------------------------------------------------
 */

/* The page's headers still in force on this hop. */
static size_t page_headers(const chain *c, cors_raw_header *out) {
  size_t n = 0;
  for (size_t i = 0; i < c->o->header_count; i++)
    if (!c->dropped[i])
      out[n++] = raw(c->o->headers[i].name, c->o->headers[i].value);
  return n;
}

static bool page_sets(const chain *c, const char *name) {
  for (size_t i = 0; i < c->o->header_count; i++)
    if (!c->dropped[i] && probe_same_name(c->o->headers[i].name, name))
      return true;
  return false;
}

/* The Access-Control-Request-Headers value of this hop (owned, "" when no
 * header calls for a preflight). */
static char *unsafe_headers(const chain *c) {
  cors_raw_header hs[PROBE_MAX_PAGE_HEADERS];
  size_t n = page_headers(c, hs);
  size_t need = 0;
  cors_browser_request_headers(hs, n, NULL, 0, &need);
  char *out = malloc(need + 1);
  if (out != NULL &&
      cors_browser_request_headers(hs, n, out, need + 1, NULL) != CORS_OK) {
    free(out);
    out = NULL;
  }
  return out;
}

static void add_sent(probe_exchange *ex, cors_raw_header h) {
  if (ex->sent_count < PROBE_MAX_SENT)
    ex->sent[ex->sent_count++] = h;
}

static void add_fetch_metadata(const chain *c, probe_exchange *ex) {
  add_sent(ex, raw("Sec-Fetch-Mode", "cors"));
  add_sent(ex, raw("Sec-Fetch-Site", site_names[c->site]));
  add_sent(ex, raw("Sec-Fetch-Dest", "empty"));
  add_sent(ex, raw("User-Agent", c->rep->user_agent));
}

static probe_exchange *new_exchange(chain *c, probe_kind kind,
                                    const char *method) {
  probe_report *rep = c->rep;
  if (rep->count == PROBE_MAX_EXCHANGES)
    return NULL;
  probe_exchange *ex = &rep->exchanges[rep->count];
  memset(ex, 0, sizeof *ex);
  ex->kind = kind;
  ex->method = strdup(method);
  if (ex->method == NULL || !copy_url(&c->url, &ex->url)) {
    free(ex->method);
    return NULL;
  }
  rep->count++;
  return ex;
}

/* Sends the exchange and checks its response; false on a network error
 * (recorded in the report). */
static bool send_and_check(chain *c, probe_exchange *ex) {
  probe_http_request rq = {ex->url.href,   ex->method,       ex->sent,
                           ex->sent_count, c->o->timeout_ms, c->o->insecure};
  char why[400];
  if (!probe_http_send(&rq, &ex->response, why, sizeof why)) {
    ex->no_response = true;
    char message[512];
    snprintf(message, sizeof message, "%.40s %.200s: %.250s", ex->method,
             ex->url.href, why);
    fail(c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, message);
    return false;
  }
  cors_request_from_headers(&ex->request, ex->method, strlen(ex->method),
                            ex->sent, ex->sent_count);
  const cors_resphead *head = &ex->response.parsed;
  cors_browser_check_response(&ex->request, c->o->credentials, head->status,
                              head->headers, head->header_count, &ex->verdict);
  return true;
}

/* ---- one hop ----------------------------------------------------------------
 */

/* Why the first request needs a preflight, in the report's words. */
static void note_preflight_reason(chain *c, const char *acrh) {
  char *r = c->rep->preflight_reason;
  size_t cap = sizeof c->rep->preflight_reason;
  size_t n = 0;
  if (!cors_browser_method_is_safelisted(c->method, strlen(c->method)))
    n += (size_t)snprintf(r + n, cap - n,
                          "%.40s is not a CORS-safelisted method", c->method);
  bool several = strchr(acrh, ',') != NULL;
  if (acrh[0] != '\0' && n < cap)
    n += (size_t)snprintf(r + n, cap - n,
                          "%s%.120s %s CORS-safelisted request header%s",
                          n > 0 ? "; " : "", acrh,
                          several ? "are not" : "is not a", several ? "s" : "");
  if (c->o->private_network && n < cap)
    snprintf(r + n, cap - n,
             "%s--private-network asks for private-network "
             "access",
             n > 0 ? "; " : "");
}

/* The preflight of this hop, when one is needed. False when the chain
 * stops here (network error or a failed preflight). */
static bool preflight(chain *c) {
  char *acrh = unsafe_headers(c);
  if (acrh == NULL) {
    fail(c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, "out of memory");
    return false;
  }
  bool needed =
      !cors_browser_method_is_safelisted(c->method, strlen(c->method)) ||
      acrh[0] != '\0' || c->o->private_network;
  if (c->rep->count == 0 && needed)
    note_preflight_reason(c, acrh);
  if (!needed) {
    free(acrh);
    return true;
  }
  probe_exchange *ex = new_exchange(c, PROBE_PREFLIGHT, "OPTIONS");
  if (ex == NULL) {
    free(acrh);
    fail(c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, "out of memory");
    return false;
  }
  ex->storage = acrh;
  ex->request_method = strdup(c->method);
  if (ex->request_method == NULL) {
    fail(c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, "out of memory");
    return false;
  }
  add_sent(ex, raw("Origin", c->origin_value));
  add_sent(ex, raw("Access-Control-Request-Method", ex->request_method));
  if (acrh[0] != '\0')
    add_sent(ex, raw("Access-Control-Request-Headers", acrh));
  if (c->o->private_network)
    add_sent(ex, raw("Access-Control-Request-Private-Network", "true"));
  add_sent(ex, raw("Accept", "*/*"));
  add_fetch_metadata(c, ex);
  if (!send_and_check(c, ex))
    return false;
  if (!ex->verdict.allowed) {
    fail(c, PROBE_BLOCKED, ex->verdict.cause, "");
    return false;
  }
  return true;
}

static bool method_has_body(const char *m) {
  return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 ||
         strcmp(m, "PATCH") == 0;
}

static probe_exchange *actual(chain *c) {
  probe_exchange *ex = new_exchange(c, PROBE_ACTUAL, c->method);
  if (ex == NULL) {
    fail(c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, "out of memory");
    return NULL;
  }
  cors_raw_header hs[PROBE_MAX_PAGE_HEADERS];
  size_t n = page_headers(c, hs);
  for (size_t i = 0; i < n; i++)
    add_sent(ex, hs[i]);
  add_sent(ex, raw("Origin", c->origin_value));
  if (!page_sets(c, "Accept"))
    add_sent(ex, raw("Accept", "*/*"));
  add_fetch_metadata(c, ex);
  /* The browser's cookie jar: the cookies belong to the first URL's host
   * and go with credentialed requests only. */
  if (c->o->credentials && c->o->cookie != NULL &&
      strcmp(c->url.host, c->first_host) == 0)
    add_sent(ex, raw("Cookie", c->o->cookie));
  if (method_has_body(c->method))
    add_sent(ex, raw("Content-Length", "0"));
  if (!send_and_check(c, ex))
    return NULL;
  return ex;
}

/* ---- redirects ----------------------------------------------------------- */

static void drop_header(chain *c, const char *name) {
  for (size_t i = 0; i < c->o->header_count; i++)
    if (probe_same_name(c->o->headers[i].name, name))
      c->dropped[i] = true;
}

/* Fetch: 303 turns any method but GET and HEAD into GET, 301 and 302 turn
 * POST into GET; the body and its headers go. */
static void rewrite_method(chain *c, int status) {
  bool to_get =
      (status == 303 && strcmp(c->method, "GET") != 0 &&
       strcmp(c->method, "HEAD") != 0) ||
      ((status == 301 || status == 302) && strcmp(c->method, "POST") == 0);
  if (!to_get)
    return;
  char *get = strdup("GET");
  if (get == NULL)
    return;
  free(c->method);
  c->method = get;
  static const char *const body_headers[] = {
      "Content-Encoding", "Content-Language", "Content-Location",
      "Content-Type"};
  for (size_t i = 0; i < sizeof body_headers / sizeof body_headers[0]; i++)
    drop_header(c, body_headers[i]);
}

/* Moves the chain to the redirect's target; false when Fetch would stop
 * with a network error (reported as a blocked redirect). */
static bool follow(chain *c, probe_exchange *ex) {
  char message[512];
  if (c->redirects == PROBE_MAX_REDIRECTS) {
    fail(c, PROBE_BLOCKED, CORS_CAUSE_REDIRECT_BLOCKED,
         "more than 20 redirects: a browser gives up");
    return false;
  }
  cors_slice loc = ex->verdict.location;
  char *location = strndup(loc.ptr, loc.len);
  probe_url next;
  char why[256] = "out of memory";
  bool ok = location != NULL &&
            probe_url_parse(c->url.href, location, &next, why, sizeof why);
  if (!ok) {
    snprintf(message, sizeof message,
             "Location '%.200s' cannot be followed: %s",
             location != NULL ? location : "", why);
    free(location);
    fail(c, PROBE_BLOCKED, CORS_CAUSE_REDIRECT_BLOCKED, message);
    return false;
  }
  free(location);
  if (next.has_credentials) {
    probe_url_free(&next);
    fail(c, PROBE_BLOCKED, CORS_CAUSE_REDIRECT_BLOCKED,
         "the redirect points to a URL with a user name or password, which "
         "a CORS request never follows");
    return false;
  }
  c->redirects++;
  rewrite_method(c, ex->response.parsed.status);
  if (strcmp(next.origin, c->url.origin) != 0) {
    drop_header(c, "Authorization");
    if (strcmp(c->o->origin, c->url.origin) != 0)
      c->origin_value = "null";
  }
  if (!copy_url(&next, &ex->next)) {
    probe_url_free(&next);
    fail(c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, "out of memory");
    return false;
  }
  ex->has_next = true;
  probe_url_free(&c->url);
  c->url = next;
  return true;
}

/* One hop: preflight, request, and the verdict or the next hop. */
static bool hop(chain *c) {
  int rel = site_relation(c->o->origin, &c->url);
  if (rel > c->site)
    c->site = rel;
  if (!preflight(c))
    return false;
  probe_exchange *ex = actual(c);
  if (ex == NULL)
    return false;
  const cors_browser_verdict *v = &ex->verdict;
  if (v->redirect)
    ex->kind = PROBE_REDIRECT;
  if (v->redirect && c->o->no_follow) {
    fail(c, PROBE_STOPPED_AT_REDIRECT, v->cause, "");
    return false;
  }
  if (!v->allowed) {
    fail(c, PROBE_BLOCKED, v->cause, "");
    return false;
  }
  if (!v->redirect) {
    c->rep->outcome = PROBE_ALLOWED;
    c->rep->cause = CORS_CAUSE_NONE;
    return false;
  }
  return follow(c, ex);
}

void probe_run(const probe_options *o, probe_report *rep) {
  memset(rep, 0, sizeof *rep);
  rep->opts = o;
  chain c;
  memset(&c, 0, sizeof c);
  c.o = o;
  c.rep = rep;
  c.origin_value = o->origin;
  const char *version = NULL;
  cors_version(&version);
  snprintf(rep->user_agent, sizeof rep->user_agent,
           "cors-check/%s (libcors probe)", version != NULL ? version : "?");
  char why[256];
  if (!probe_url_parse(NULL, o->url, &c.url, why, sizeof why)) {
    fail(&c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, why);
    return;
  }
  if (strcmp(c.url.origin, o->origin) == 0) {
    rep->outcome = PROBE_SAME_ORIGIN;
    probe_url_free(&c.url);
    return;
  }
  c.method = strdup(o->method);
  c.first_host = strdup(c.url.host);
  if (c.method == NULL || c.first_host == NULL)
    fail(&c, PROBE_NETWORK_ERROR, CORS_CAUSE_NETWORK_ERROR, "out of memory");
  else
    while (hop(&c)) {
    }
  free(c.method);
  free(c.first_host);
  probe_url_free(&c.url);
}

void probe_report_free(probe_report *rep) {
  for (size_t i = 0; i < rep->count; i++) {
    probe_exchange *ex = &rep->exchanges[i];
    probe_url_free(&ex->url);
    probe_url_free(&ex->next);
    free(ex->method);
    free(ex->storage);
    free(ex->request_method);
    probe_http_response_free(&ex->response);
  }
  rep->count = 0;
}
