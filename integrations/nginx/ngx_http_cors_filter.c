
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


/* Takes every header for which match() holds out of the response: a hash
 * of 0 does that. */
static void
ngx_http_cors_hide(ngx_http_request_t *r,
    ngx_uint_t (*match)(ngx_table_elt_t *h))
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    for (part = &r->headers_out.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            if (match(&h[i])) {
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
#if (nginx_version >= 1023000)
    /* 1.23 links headers of the same name; ours stand alone */
    h->next = NULL;
#endif

    return NGX_OK;
}


static ngx_inline ngx_uint_t
ngx_http_cors_is_vary(const char *name, size_t len)
{
    return len == sizeof("Vary") - 1
           && ngx_strncasecmp((u_char *) name, (u_char *) "Vary", len) == 0;
}


/* The values of every Vary line already on the response as one list
 * (HTTP reads several lines so): the value itself when there is one line,
 * else the values joined with ", " in the request's pool. */
static ngx_int_t
ngx_http_cors_response_vary(ngx_http_request_t *r, ngx_str_t *vary)
{
    size_t            len;
    u_char           *p;
    ngx_uint_t        i, n;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    ngx_str_null(vary);
    len = 0;
    n = 0;

    for (part = &r->headers_out.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            if (h[i].hash
                && ngx_http_cors_is_vary((char *) h[i].key.data,
                                         h[i].key.len))
            {
                *vary = h[i].value;
                len += h[i].value.len + 2;
                n++;
            }
        }
    }

    if (n < 2) {
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    vary->data = p;

    for (part = &r->headers_out.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            if (h[i].hash
                && ngx_http_cors_is_vary((char *) h[i].key.data,
                                         h[i].key.len))
            {
                if (p != vary->data) {
                    *p++ = ',';
                    *p++ = ' ';
                }

                p = ngx_cpymem(p, h[i].value.data, h[i].value.len);
            }
        }
    }

    vary->len = p - vary->data;

    return NGX_OK;
}


static ngx_uint_t
ngx_http_cors_is_vary_line(ngx_table_elt_t *h)
{
    return ngx_http_cors_is_vary((char *) h->key.data, h->key.len);
}


/*
 * The result's Vary joins the response's own (an upstream's Vary:
 * Authorization, an add_header) in one line: libcors keeps the
 * response's tokens first and in order, adds its own that are missing,
 * and drops anything that is not a token, so no line repeats a token or
 * carries what an upstream should not have sent. gzip_vary's line is
 * written later, when nginx serialises the head, and stays a line of its
 * own: several Vary lines are one list in HTTP.
 */
static ngx_int_t
ngx_http_cors_merge_vary(ngx_http_request_t *r, const cors_header *res_vary,
    const cors_result *res)
{
    size_t        len;
    u_char       *buf;
    ngx_str_t     app;
    cors_status   st;
    cors_header   merged;

    if (ngx_http_cors_response_vary(r, &app) != NGX_OK) {
        return NGX_ERROR;
    }

    if (app.len == 0) {
        /* empty Vary lines say nothing */
        ngx_http_cors_hide(r, ngx_http_cors_is_vary_line);
        return ngx_http_cors_push_header(r, res_vary);
    }

    len = 0;
    st = cors_vary_merge((const char *) app.data, app.len, res, NULL, 0,
                         &len);
    if (st != CORS_ERR_BUFFER_TOO_SMALL) {
        goto failed;
    }

    buf = ngx_pnalloc(r->pool, len + 1);
    if (buf == NULL) {
        return NGX_ERROR;
    }

    st = cors_vary_merge((const char *) app.data, app.len, res, (char *) buf,
                         len + 1, &len);
    if (st != CORS_OK) {
        goto failed;
    }

    ngx_http_cors_hide(r, ngx_http_cors_is_vary_line);

    merged.name = res_vary->name;
    merged.name_len = res_vary->name_len;
    merged.value = (const char *) buf;
    merged.value_len = len;

    return ngx_http_cors_push_header(r, &merged);

failed:

    ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                  "cors: cors_vary_merge() failed: %s", cors_strerror(st));
    return NGX_ERROR;
}


static ngx_int_t
ngx_http_cors_add_headers(ngx_http_request_t *r, ngx_http_cors_ctx_t *ctx)
{
    size_t              i;
    const cors_header  *h, *vary;
    const cors_result  *res;

    res = &ctx->result;
    vary = NULL;

    for (i = 0; i < res->header_count; i++) {
        h = &res->headers[i];

        if (ngx_http_cors_is_vary(h->name, h->name_len)) {
            vary = h;
            continue;
        }

        if (ngx_http_cors_push_header(r, h) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    if (vary == NULL) {
        /* the result varies on nothing: the response's Vary stays as it
         * is */
        return NGX_OK;
    }

    return ngx_http_cors_merge_vary(r, vary, res);
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
        /* every Access-Control-* header already there (from an upstream
         * or an add_header) goes */
        ngx_http_cors_hide(r, ngx_http_cors_is_cors_header);
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
