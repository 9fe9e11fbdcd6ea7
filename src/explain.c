/* One log line per result: why a request was denied, and which setting
 * would allow it, named generically (the result cannot know whether the
 * setting came from a variable, a prefix or a server directive; a host
 * that knows adds the name). cors-check prints the same sentence as its
 * "why", so the wording lives here only.
 *
 * Request bytes reach a log through this function, so only printable
 * ASCII ever leaves it: an item is quoted, cut at EXPLAIN_ITEM_MAX bytes,
 * and every byte outside 0x20-0x7e, the quote and the backslash are
 * written as \xHH. */
#include "internal.h"

#define EXPLAIN_ITEM_MAX 128

static void put_item(cors__out *o, cors_slice item) {
  size_t len = item.ptr != NULL ? item.len : 0;
  size_t shown = len < EXPLAIN_ITEM_MAX ? len : EXPLAIN_ITEM_MAX;
  cors__out_put(o, "'", 1);
  cors__out_escaped(o, item.ptr, shown, "'\\");
  if (shown < len)
    cors__out_put(o, "...", 3);
  cors__out_put(o, "'", 1);
}

/* A denial: text before the item, whether there is an item, text after. */
typedef struct denial_text {
  const char *before;
  bool item;
  const char *after;
} denial_text;

static denial_text denial(cors_reason reason) {
  switch (reason) {
  case CORS_REASON_ORIGIN_NOT_ALLOWED:
    return (denial_text){"origin ", true,
                         " is not allowed: add it to the allowed origins, or "
                         "match it with a pattern or the origin regex"};
  case CORS_REASON_ORIGIN_INVALID:
    return (denial_text){"origin ", true,
                         " is not a valid serialized origin "
                         "(scheme://host[:port] in ASCII, no path, no "
                         "trailing slash)"};
  case CORS_REASON_MULTIPLE_ORIGINS:
    return (denial_text){"the request carries more than one Origin header",
                         false, ""};
  case CORS_REASON_METHOD_NOT_ALLOWED:
    return (denial_text){"method ", true,
                         " is not allowed: add it to the allowed methods "
                         "(methods are case-sensitive)"};
  case CORS_REASON_METHOD_INVALID:
    return (denial_text){"requested method ", true,
                         " is not a valid method token"};
  case CORS_REASON_HEADER_NOT_ALLOWED:
    return (denial_text){"request header ", true,
                         " is not allowed: add it to the allowed request "
                         "headers"};
  case CORS_REASON_HEADER_INVALID:
    return (denial_text){"", true,
                         " in Access-Control-Request-Headers is not a header "
                         "name"};
  case CORS_REASON_HEADERS_MALFORMED:
    return (denial_text){"Access-Control-Request-Headers is malformed (too "
                         "many empty elements or lines)",
                         false, ""};
  case CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED:
    return (denial_text){"the preflight asks for private network access: "
                         "allow private network access to grant it",
                         false, ""};
  case CORS_REASON_MALFORMED_REQUEST:
    return (denial_text){"the request is malformed (a CORS request header "
                         "is repeated)",
                         false, ""};
  case CORS_REASON_NONE:
  case CORS_REASON_NOT_CORS:
    break;
  }
  return (denial_text){"denied for an unknown reason", false, ""};
}

static bool detail_is_authorization(cors_slice d) {
  return d.ptr != NULL && cors__eq_nocase(d.ptr, d.len, "authorization", 13);
}

static void explain_denial(cors__out *o, const cors_result *res) {
  denial_text t = denial(res->reason);
  cors__out_str(o, t.before);
  if (t.item)
    put_item(o, res->reason_detail);
  cors__out_str(o, t.after);
  if (res->reason == CORS_REASON_HEADER_NOT_ALLOWED &&
      detail_is_authorization(res->reason_detail))
    cors__out_str(o, " by name (a * never covers Authorization)");
}

/* The origin an allowed result answers to: ACAO's value, when sent. */
static const cors_header *allow_origin(const cors_result *res) {
  size_t n = res->header_count < CORS_MAX_RESULT_HEADERS
                 ? res->header_count
                 : CORS_MAX_RESULT_HEADERS;
  for (size_t i = 0; i < n; i++)
    if (cors__eq_nocase(res->headers[i].name, res->headers[i].name_len,
                        "access-control-allow-origin", 27))
      return &res->headers[i];
  return NULL;
}

static void explain_allowed(cors__out *o, const cors_result *res) {
  if (res->reason == CORS_REASON_NOT_CORS || res->kind == CORS_KIND_NONE) {
    cors__out_str(o, "allowed: not a CORS request (no Origin header); the "
                     "application answers as usual");
    return;
  }
  cors__out_str(o, res->kind == CORS_KIND_PREFLIGHT
                       ? "allowed: preflight"
                       : "allowed: actual request");
  const cors_header *acao = allow_origin(res);
  if (acao == NULL)
    return; /* report-only: the result holds no header */
  if (acao->value_len == 1 && acao->value[0] == '*') {
    cors__out_str(o, " (any origin)");
    return;
  }
  cors__out_str(o, " from ");
  put_item(o, (cors_slice){acao->value, acao->value_len});
}

size_t cors_result_explain(const cors_result *res, char *buf, size_t cap) {
  cors__out o = {buf, buf != NULL ? cap : 0, 0};
  if (res == NULL)
    cors__out_str(&o, "no result");
  else if (res->allowed)
    explain_allowed(&o, res);
  else
    explain_denial(&o, res);
  return cors__out_end(&o);
}
