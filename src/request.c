/* Building a cors_request from the raw header lines a server hands out. */
#include "internal.h"

#include <string.h>

void cors_request_init(cors_request *req) {
  memset(req, 0, sizeof *req);
}

static bool name_is(const char *name, size_t len, const char *lower,
                    size_t lower_len) {
  return len == lower_len && cors__eq_nocase(name, len, lower, lower_len);
}

static void take_request_headers(cors_request *req, cors_slice v) {
  if (req->request_headers_count < CORS_MAX_REQUEST_HEADER_LINES)
    req->request_headers[req->request_headers_count] = v;
  /* Counted beyond the array too: evaluation treats the excess as a
   * malformed request instead of silently dropping lines. */
  if (req->request_headers_count < UINT32_MAX)
    req->request_headers_count++;
}

void cors_request_add_header(cors_request *req, const char *name,
                             size_t name_len, const char *value,
                             size_t value_len) {
  /* Every name that matters is at least "origin" long. */
  if (req == NULL || name == NULL || name_len < 6)
    return;
  cors_slice v =
      cors__trim_ows(value != NULL ? value : "", value != NULL ? value_len : 0);
  if (name_is(name, name_len, "origin", 6)) {
    if (req->origin_count == 0)
      req->origin = v;
    req->origin_count++;
  } else if (name_is(name, name_len, "access-control-request-method", 29)) {
    if (req->request_method_count == 0)
      req->request_method = v;
    req->request_method_count++;
  } else if (name_is(name, name_len, "access-control-request-headers", 30)) {
    take_request_headers(req, v);
  } else if (name_is(name, name_len, "access-control-request-private-network",
                     38)) {
    req->request_private_network = v;
  }
}

void cors_request_from_headers(cors_request *req, const char *method,
                               size_t method_len,
                               const cors_raw_header *headers, size_t count) {
  cors_request_init(req);
  req->method = (cors_slice){method, method != NULL ? method_len : 0};
  for (size_t i = 0; i < count; i++)
    cors_request_add_header(req, headers[i].name, headers[i].name_len,
                            headers[i].value, headers[i].value_len);
}
