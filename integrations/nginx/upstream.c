/*
 * The upstream: the contract's routes without the CORS layer, plus one
 * route that answers with CORS headers of its own, as an application
 * that already does CORS would (for replace/keep/report_only tests).
 * SPDX-License-Identifier: MIT
 */
#include "upstream.h"

#include <string.h>

#include "example_internal.h"
#include "mhd_adapter.h"

#define OWN_CORS_PATH "/own-cors"
#define CONNECTION_MEMORY_LIMIT (64u * 1024u)

/* What an application with its own CORS sends: the module must replace
 * it (default), leave it (keep) or leave everything (report_only). */
static bool own_cors(example_response *resp) {
  resp->status = 200;
  return example_response_add_cstr(resp, "Access-Control-Allow-Origin",
                                   "*") &&
         example_response_add_cstr(resp, "Access-Control-Expose-Headers",
                                   "X-Upstream") &&
         example_response_add_cstr(resp, "Vary", "Accept-Encoding") &&
         example_response_add_cstr(resp, "Content-Type",
                                   "application/json") &&
         example_response_set_body(resp, "{\"own\":\"cors\"}");
}

static bool answer(void *cls, const example_request *req,
                   example_response *resp) {
  (void)cls;
  return strcmp(req->path, OWN_CORS_PATH) == 0 ? own_cors(resp)
                                               : example_route(req, resp);
}

struct MHD_Daemon *cors_nginx_upstream_start(unsigned port, unsigned *bound) {
  static const example_mhd_handler handler = {answer, NULL};
  return example_mhd_start(port, CONNECTION_MEMORY_LIMIT, &handler, bound);
}
