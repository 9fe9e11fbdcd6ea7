
/*
 * ngx_http_cors_module: the per-request decision, the preflight answer
 * and the $cors_* variables.
 * SPDX-License-Identifier: MIT
 */


#include "ngx_http_cors_module.h"


static ngx_int_t ngx_http_cors_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


#define NGX_HTTP_CORS_VAR_KIND     0
#define NGX_HTTP_CORS_VAR_ALLOWED  1
#define NGX_HTTP_CORS_VAR_REASON   2


static ngx_http_variable_t  ngx_http_cors_vars[] = {

    { ngx_string("cors_kind"), NULL, ngx_http_cors_variable,
      NGX_HTTP_CORS_VAR_KIND, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("cors_allowed"), NULL, ngx_http_cors_variable,
      NGX_HTTP_CORS_VAR_ALLOWED, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("cors_reason"), NULL, ngx_http_cors_variable,
      NGX_HTTP_CORS_VAR_REASON, NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


/* The handler of the request-pool cleanup record that holds the context:
 * it does nothing, and its address is how the record is found again. */
static void
ngx_http_cors_ctx_anchor(void *data)
{
}


ngx_http_cors_ctx_t *
ngx_http_cors_find_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t  *cln;

    for (cln = r->main->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_cors_ctx_anchor) {
            return cln->data;
        }
    }

    return NULL;
}


static ngx_inline ngx_uint_t
ngx_http_cors_is_relevant(ngx_table_elt_t *h)
{
    /* Origin and Access-Control-Request-*: all libcors reads */

    if (h->key.len == sizeof("origin") - 1) {
        return ngx_strncmp(h->lowcase_key, "origin", h->key.len) == 0;
    }

    return h->key.len > sizeof("access-control-request-") - 1
           && ngx_strncmp(h->lowcase_key, "access-control-request-",
                          sizeof("access-control-request-") - 1) == 0;
}


/*
 * TODO(libcors 1.1): cors_request_add_header() for each relevant line, as
 * nginx's list hands them out, instead of collecting them in an array.
 */
static ngx_int_t
ngx_http_cors_build_request(ngx_http_request_t *r, cors_request *req)
{
    ngx_uint_t        i, n;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;
    cors_raw_header  *raw;

    n = 0;

    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            n += ngx_http_cors_is_relevant(&h[i]);
        }
    }

    raw = NULL;

    if (n) {
        raw = ngx_palloc(r->pool, n * sizeof(cors_raw_header));
        if (raw == NULL) {
            return NGX_ERROR;
        }
    }

    n = 0;

    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            if (!ngx_http_cors_is_relevant(&h[i])) {
                continue;
            }

            raw[n].name = (const char *) h[i].key.data;
            raw[n].name_len = h[i].key.len;
            raw[n].value = (const char *) h[i].value.data;
            raw[n].value_len = h[i].value.len;
            n++;
        }
    }

    cors_request_from_headers(req, (const char *) r->method_name.data,
                              r->method_name.len, raw, n);

    return NGX_OK;
}


static void
ngx_http_cors_log_denial(ngx_http_request_t *r, ngx_http_cors_ctx_t *ctx)
{
    ngx_uint_t  level;

    level = ctx->conf->log_denied;

    if (level == NGX_HTTP_CORS_LOG_OFF || ctx->result.allowed) {
        return;
    }

    /*
     * TODO(libcors 1.1): log cors_result_explain()'s sentence (what was
     * refused and which setting would allow it, request bytes escaped).
     * Until then only the kind and the reason: the refused item itself
     * comes from the request and is not written to the log unescaped.
     */
    ngx_log_error(level, r->connection->log, 0,
                  "cors: denied %s request: %s%s",
                  cors_kind_string(ctx->result.kind),
                  cors_reason_string(ctx->result.reason),
                  cors_policy_report_only(ctx->conf->policy)
                  ? " (report only: nothing enforced)" : "");
}


/* The request's context, created and decided at the first call, under
 * the configuration of the location the request is in at that moment. */
ngx_http_cors_ctx_t *
ngx_http_cors_get_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t        *cln;
    ngx_http_cors_ctx_t       *ctx;
    ngx_http_cors_loc_conf_t  *conf;

    ctx = ngx_http_cors_find_ctx(r);
    if (ctx) {
        return ctx;
    }

    r = r->main;

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_cors_ctx_t));
    if (cln == NULL) {
        return NULL;
    }

    ctx = cln->data;
    ngx_memzero(ctx, sizeof(ngx_http_cors_ctx_t));

    conf = ngx_http_get_module_loc_conf(r, ngx_http_cors_module);
    ctx->conf = conf;

    if (!conf->enable || conf->policy == NULL) {
        cln->handler = ngx_http_cors_ctx_anchor;
        return ctx;
    }

    if (ngx_http_cors_build_request(r, &ctx->request) != NGX_OK) {
        return NULL;
    }

    /* the record becomes findable only once it is complete */
    cln->handler = ngx_http_cors_ctx_anchor;

    cors_evaluate(conf->policy, &ctx->request, &ctx->result);
    ctx->active = 1;

    ngx_http_cors_log_denial(r, ctx);

    return ctx;
}


ngx_int_t
ngx_http_cors_preflight_handler(ngx_http_request_t *r)
{
    ngx_int_t             rc;
    ngx_http_cors_ctx_t  *ctx;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_cors_find_ctx(r);

    if (ctx == NULL) {
        if (r->internal) {
            /* error_page or an internal redirect taken before this
             * module saw the request: its response is decorated by the
             * header filter, never answered as a preflight here */
            return NGX_DECLINED;
        }

        ctx = ngx_http_cors_get_ctx(r);
        if (ctx == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (!ctx->active
        || ctx->answered
        || cors_policy_report_only(ctx->conf->policy)
        || ctx->result.action != CORS_ACTION_RESPOND)
    {
        return NGX_DECLINED;
    }

    ctx->answered = 1;

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    /* the header filter adds the result's headers, as to any response */

    r->headers_out.status = ctx->result.status;
    r->headers_out.content_length_n = 0;
    r->header_only = 1;

    return ngx_http_send_header(r);
}


ngx_int_t
ngx_http_cors_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_cors_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_cors_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    const char           *s;
    ngx_http_cors_ctx_t  *ctx;

    ctx = ngx_http_cors_get_ctx(r);

    if (ctx == NULL || !ctx->active) {
        v->not_found = 1;
        return NGX_OK;
    }

    switch (data) {
    case NGX_HTTP_CORS_VAR_KIND:
        s = cors_kind_string(ctx->result.kind);
        break;
    case NGX_HTTP_CORS_VAR_ALLOWED:
        s = ctx->result.allowed ? "true" : "false";
        break;
    default: /* NGX_HTTP_CORS_VAR_REASON */
        s = cors_reason_string(ctx->result.reason);
        break;
    }

    v->data = (u_char *) s;
    v->len = ngx_strlen(s);
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}
