/* cors-check probe: the only file that does I/O. One HTTP exchange at a
 * time through libcurl: no redirect followed (the probe checks every hop
 * itself), no cookie engine, no body read (the verdict is in the head),
 * and URLs parsed and resolved by libcurl's URL API. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "probe.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

static void set_why(char *why, size_t cap, const char *a, const char *b) {
  if (why != NULL && cap > 0)
    snprintf(why, cap, "%s%s%s", a, b != NULL && b[0] != '\0' ? ": " : "",
             b != NULL ? b : "");
}

/* ---- URLs ---------------------------------------------------------------- */

static char *get_part(CURLU *u, CURLUPart part) {
  char *raw = NULL;
  if (curl_url_get(u, part, &raw, 0) != CURLUE_OK)
    return NULL;
  char *copy = strdup(raw);
  curl_free(raw);
  return copy;
}

static void lower_ascii(char *s) {
  for (; s != NULL && *s != '\0'; s++)
    if (*s >= 'A' && *s <= 'Z')
      *s = (char)(*s - 'A' + 'a');
}

/* scheme "://" host [":" port], the port left out when it is the
 * scheme's default, as a browser serializes an origin. */
static char *serialize_origin(const char *scheme, const char *host,
                              const char *port) {
  bool https = strcmp(scheme, "https") == 0;
  if (port != NULL && strcmp(port, https ? "443" : "80") == 0)
    port = NULL;
  size_t n = strlen(scheme) + 3 + strlen(host) + 1 +
             (port != NULL ? strlen(port) : 0) + 1;
  char *out = malloc(n);
  if (out != NULL)
    snprintf(out, n, "%s://%s%s%s", scheme, host, port != NULL ? ":" : "",
             port != NULL ? port : "");
  return out;
}

static bool fill_url(CURLU *u, probe_url *out, char *why, size_t cap) {
  out->scheme = get_part(u, CURLUPART_SCHEME);
  lower_ascii(out->scheme);
  if (out->scheme == NULL ||
      (strcmp(out->scheme, "http") != 0 && strcmp(out->scheme, "https") != 0)) {
    set_why(why, cap, "not an http or https URL", NULL);
    return false;
  }
  out->host = get_part(u, CURLUPART_HOST);
  lower_ascii(out->host);
  if (out->host == NULL || out->host[0] == '\0') {
    set_why(why, cap, "the URL has no host", NULL);
    return false;
  }
  char *port = get_part(u, CURLUPART_PORT);
  out->origin = serialize_origin(out->scheme, out->host, port);
  free(port);
  char *user = get_part(u, CURLUPART_USER);
  out->has_credentials = user != NULL;
  free(user);
  out->href = get_part(u, CURLUPART_URL);
  if (out->origin == NULL || out->href == NULL) {
    set_why(why, cap, "out of memory", NULL);
    return false;
  }
  return true;
}

/* A redirect's Location as a browser reads it: tabs removed (the URL
 * parser drops them), and every other control byte, space, DEL and byte
 * above 0x7e percent-encoded as itself (Chromium follows
 * "/a\x1b b" to "/a%1B%20b"; libcurl refuses the raw bytes). Owned. */
static char *encode_reference(const char *ref) {
  size_t n = 0;
  for (const char *p = ref; *p != '\0'; p++)
    n += (unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ? 3 : 1;
  char *out = malloc(n + 1);
  if (out == NULL)
    return NULL;
  size_t o = 0;
  for (const char *p = ref; *p != '\0'; p++) {
    unsigned char b = (unsigned char)*p;
    if (b == '\t')
      continue;
    if (b <= 0x20 || b >= 0x7f)
      o += (size_t)snprintf(out + o, n + 1 - o, "%%%02X", b);
    else
      out[o++] = (char)b;
  }
  out[o] = '\0';
  return out;
}

bool probe_url_parse(const char *base, const char *ref, probe_url *out,
                     char *why, size_t why_cap) {
  memset(out, 0, sizeof *out);
  CURLU *u = curl_url();
  if (u == NULL) {
    set_why(why, why_cap, "out of memory", NULL);
    return false;
  }
  CURLUcode rc = CURLUE_OK;
  char *encoded = NULL;
  if (base != NULL) {
    rc = curl_url_set(u, CURLUPART_URL, base, 0);
    /* A Location may hold bytes a browser percent-encodes. */
    encoded = encode_reference(ref);
    if (encoded == NULL)
      rc = CURLUE_OUT_OF_MEMORY;
  }
  if (rc == CURLUE_OK)
    rc = curl_url_set(u, CURLUPART_URL, encoded != NULL ? encoded : ref,
                      base != NULL ? CURLU_URLENCODE : 0);
  free(encoded);
  bool ok = rc == CURLUE_OK;
  if (!ok)
    set_why(why, why_cap, "not a URL", curl_url_strerror(rc));
  else
    ok = fill_url(u, out, why, why_cap);
  curl_url_cleanup(u);
  if (!ok)
    probe_url_free(out);
  return ok;
}

void probe_url_free(probe_url *u) {
  free(u->href);
  free(u->origin);
  free(u->scheme);
  free(u->host);
  memset(u, 0, sizeof *u);
}

/* ---- one exchange ---------------------------------------------------------
 */

/* The response head as it arrives, one header line per callback. An
 * interim head (100 Continue, a proxy's CONNECT answer) is replaced by the
 * next one. */
typedef struct head_sink {
  char *buf;
  size_t len;
  bool done;
  bool overflow;
} head_sink;

#define SINK_CAP (CORS_RESPHEAD_MAX_BYTES + 2)

static size_t on_header(char *data, size_t size, size_t nitems, void *ud) {
  head_sink *sink = ud;
  size_t n = size * nitems;
  if (sink->done && n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
    sink->len = 0;
    sink->done = false;
  }
  if (sink->len + n > SINK_CAP) {
    sink->overflow = true;
    return 0;
  }
  memcpy(sink->buf + sink->len, data, n);
  sink->len += n;
  if ((n == 2 && data[0] == '\r' && data[1] == '\n') ||
      (n == 1 && data[0] == '\n'))
    sink->done = true;
  return n;
}

/* The verdict is in the head: stop at the first byte of the body. */
static size_t on_body(char *data, size_t size, size_t nitems, void *ud) {
  (void)data;
  (void)size;
  (void)nitems;
  (void)ud;
  return 0;
}

/* "Name: value" for curl; "Name;" sends an empty value (curl drops a
 * header written "Name:"). */
static struct curl_slist *header_list(const probe_http_request *rq, bool *oom) {
  struct curl_slist *list = NULL;
  *oom = false;
  for (size_t i = 0; i < rq->count; i++) {
    const cors_raw_header *h = &rq->headers[i];
    size_t n = h->name_len + 2 + h->value_len + 1;
    char *line = malloc(n);
    if (line == NULL) {
      *oom = true;
      break;
    }
    if (h->value_len == 0)
      snprintf(line, n, "%.*s;", (int)h->name_len, h->name);
    else
      snprintf(line, n, "%.*s: %.*s", (int)h->name_len, h->name,
               (int)h->value_len, h->value);
    struct curl_slist *grown = curl_slist_append(list, line);
    free(line);
    if (grown == NULL) {
      *oom = true;
      break;
    }
    list = grown;
  }
  return list;
}

static void configure(CURL *c, const probe_http_request *rq, head_sink *sink,
                      struct curl_slist *headers, char *errbuf) {
  curl_easy_setopt(c, CURLOPT_URL, rq->url);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(c, CURLOPT_PROTOCOLS,
                   (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, rq->timeout_ms);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, sink);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (strcmp(rq->method, "HEAD") == 0)
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  else if (strcmp(rq->method, "GET") != 0)
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
  if (rq->insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

/* A one-line reason for a failed transfer, in the user's terms. */
static void network_reason(CURLcode rc, const char *errbuf, long timeout_ms,
                           char *why, size_t cap) {
  char what[96];
  switch (rc) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    snprintf(what, sizeof what, "DNS: the host name does not resolve");
    break;
  case CURLE_COULDNT_CONNECT:
    snprintf(what, sizeof what, "connection refused or unreachable");
    break;
  case CURLE_OPERATION_TIMEDOUT:
    snprintf(what, sizeof what, "timed out after %ld ms", timeout_ms);
    break;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
    snprintf(what, sizeof what,
             "TLS: the secure connection failed (--insecure accepts any "
             "certificate)");
    break;
  case CURLE_GOT_NOTHING:
    snprintf(what, sizeof what,
             "the server closed the connection without "
             "answering");
    break;
  default:
    snprintf(what, sizeof what, "%s", curl_easy_strerror(rc));
    break;
  }
  char detail[CURL_ERROR_SIZE + 4] = "";
  if (errbuf[0] != '\0')
    snprintf(detail, sizeof detail, "(%s)", errbuf);
  snprintf(why, cap, "%s%s%s", what, detail[0] != '\0' ? " " : "", detail);
  /* curl's messages end in a newline at times: keep one line. */
  for (char *p = why; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
}

static bool finish(const head_sink *sink, probe_http_response *rs, char *why,
                   size_t cap) {
  rs->head = sink->buf;
  rs->head_len = sink->len;
  /* Browsers read a folded header value on (Chromium joins the lines). */
  cors_resphead_unfold(rs->head, rs->head_len);
  char reason[160];
  if (!cors_resphead_parse(rs->head, rs->head_len, &rs->parsed, reason,
                           sizeof reason)) {
    set_why(why, cap, "malformed response head", reason);
    return false;
  }
  char refused[700];
  if (cors_resphead_refused(&rs->parsed, refused, sizeof refused)) {
    set_why(why, cap, refused, NULL);
    return false;
  }
  return true;
}

bool probe_http_send(const probe_http_request *rq, probe_http_response *rs,
                     char *why, size_t why_cap) {
  memset(rs, 0, sizeof *rs);
  head_sink sink = {malloc(SINK_CAP), 0, false, false};
  CURL *c = curl_easy_init();
  bool oom = false;
  struct curl_slist *headers = header_list(rq, &oom);
  if (sink.buf == NULL || c == NULL || oom) {
    set_why(why, why_cap, "out of memory", NULL);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    free(sink.buf);
    return false;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  configure(c, rq, &sink, headers, errbuf);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_cleanup(c);
  curl_slist_free_all(headers);
  bool ok = false;
  if (sink.overflow)
    set_why(why, why_cap, "the response head is larger than 64 KiB", NULL);
  else if ((rc == CURLE_OK || rc == CURLE_WRITE_ERROR) && sink.done)
    ok = finish(&sink, rs, why, why_cap);
  else if (rc == CURLE_OK || rc == CURLE_WRITE_ERROR)
    set_why(why, why_cap, "the server sent no complete response head", NULL);
  else
    network_reason(rc, errbuf, rq->timeout_ms, why, why_cap);
  if (!ok && rs->head != sink.buf)
    free(sink.buf);
  if (!ok)
    probe_http_response_free(rs);
  return ok;
}

void probe_http_response_free(probe_http_response *rs) {
  free(rs->head);
  memset(rs, 0, sizeof *rs);
}

void probe_http_global_init(void) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

void probe_http_global_cleanup(void) {
  curl_global_cleanup();
}
