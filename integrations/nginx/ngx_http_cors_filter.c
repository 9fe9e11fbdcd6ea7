
/*
 * ngx_http_cors_module: the header filter. Every response of a request
 * decided under "cors on" gets libcors's headers exactly once: content
 * handlers, static files, return, proxied responses of any status, and
 * nginx's own error responses, after error_page too.
 * SPDX-License-Identifier: MIT
 */


#include "ngx_http_cors_module.h"


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;


#define NGX_HTTP_CORS_PREFIX  "access-control-"


static ngx_inline ngx_uint_t
ngx_http_cors_is_cors_header(ngx_table_elt_t *h)
{
    return h->key.len >= sizeof(NGX_HTTP_CORS_PREFIX) - 1
           && ngx_strncasecmp(h->key.data, (u_char *) NGX_HTTP_CORS_PREFIX,
                              sizeof(NGX_HTTP_CORS_PREFIX) - 1) == 0;
}


static ngx_inline ngx_uint_t
ngx_http_cors_is_named(ngx_table_elt_t *h, const char *name, size_t len)
{
    return h->key.len == len
           && ngx_strncasecmp(h->key.data, (u_char *) name, len) == 0;
}


/* keep mode: a response that already answers CORS is left as it is */
static ngx_uint_t
ngx_http_cors_has_acao(ngx_http_request_t *r)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    for (part = &r->headers_out.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            if (h[i].hash
                && ngx_http_cors_is_named(&h[i], "Access-Control-Allow-Origin",
                               sizeof("Access-Control-Allow-Origin") - 1))
            {
                return 1;
            }
        }
    }

    return 0;
}


/* Every Access-Control-* header already there (from an upstream or an
 * add_header) goes: a hash of 0 takes a header out of the response. */
static void
ngx_http_cors_remove_cors_headers(ngx_http_request_t *r)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    for (part = &r->headers_out.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            if (ngx_http_cors_is_cors_header(&h[i])) {
                h[i].hash = 0;
            }
        }
    }
}


static ngx_int_t
ngx_http_cors_push_header(ngx_http_request_t *r, const cors_header *ch)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    /* names point into the policy, values into the policy or the request:
     * both outlive the response */

    h->hash = 1;
    h->key.len = ch->name_len;
    h->key.data = (u_char *) ch->name;
    h->value.len = ch->value_len;
    h->value.data = (u_char *) ch->value;
    h->lowcase_key = NULL;

    return NGX_OK;
}


/*
 * TODO(libcors 1.1): merge Vary with cors_vary_merge(): join the values of
 * every Vary line already on the response with ", ", merge the result's
 * tokens into them, take those lines out (hash 0) and add the merged
 * value as the one Vary line. Until then the result's Vary goes out as a
 * line of its own, which HTTP reads as one list with the others.
 */
static ngx_int_t
ngx_http_cors_add_headers(ngx_http_request_t *r, ngx_http_cors_ctx_t *ctx)
{
    size_t             i;
    const cors_result *res;

    res = &ctx->result;

    for (i = 0; i < res->header_count; i++) {
        if (ngx_http_cors_push_header(r, &res->headers[i]) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_cors_header_filter(ngx_http_request_t *r)
{
    ngx_http_cors_ctx_t  *ctx;

    if (r != r->main) {
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_http_cors_get_ctx(r);

    if (ctx == NULL) {
        return NGX_ERROR;
    }

    /* report_only: decided and logged, the response is not touched */

    if (!ctx->active || cors_policy_report_only(ctx->conf->policy)) {
        return ngx_http_next_header_filter(r);
    }

    if (ctx->conf->upstream_headers == NGX_HTTP_CORS_UPSTREAM_KEEP) {
        if (ngx_http_cors_has_acao(r)) {
            return ngx_http_next_header_filter(r);
        }

    } else {
        ngx_http_cors_remove_cors_headers(r);
    }

    if (ngx_http_cors_add_headers(r, ctx) != NGX_OK) {
        return NGX_ERROR;
    }

    return ngx_http_next_header_filter(r);
}


ngx_int_t
ngx_http_cors_filter_init(ngx_conf_t *cf)
{
    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_cors_header_filter;

    return NGX_OK;
}
