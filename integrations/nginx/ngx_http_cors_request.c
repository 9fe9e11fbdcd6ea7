
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


/* The request's Origin and Access-Control-Request-* lines, handed to
 * libcors one at a time as nginx's list holds them: libcors keeps only
 * pointers into the request's header buffers, so building the request
 * allocates nothing. */
static void
ngx_http_cors_build_request(ngx_http_request_t *r, cors_request *req)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    cors_request_init(req);

    req->method.ptr = (const char *) r->method_name.data;
    req->method.len = r->method_name.len;

    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;

        for (i = 0; i < part->nelts; i++) {
            cors_request_add_header(req, (const char *) h[i].key.data,
                                    h[i].key.len,
                                    (const char *) h[i].value.data,
                                    h[i].value.len);
        }
    }
}


/* What nginx calls the setting that would allow a denied request: the
 * directive, or under cors_env / cors_env_file the variable the policy
 * came from (libcors's sentence names the setting generically). */
static u_char *
ngx_http_cors_setting(u_char *p, u_char *last, ngx_http_cors_loc_conf_t *conf,
    ngx_uint_t from_directive, const char *directive, cors_env_var var)
{
    ngx_str_t  *prefix;

    if (from_directive || (conf->env != 1 && conf->env_file.data == NULL)) {
        return ngx_slprintf(p, last, "%s", directive);
    }

    if (conf->env_file.data) {
        prefix = &conf->env_file_prefix;
        return ngx_slprintf(p, last, "%V%s in %V", prefix,
                            cors_env_default_name(var), &conf->env_file);
    }

    prefix = &conf->env_prefix;
    return ngx_slprintf(p, last, "%V%s", prefix, cors_env_default_name(var));
}


static ngx_inline ngx_uint_t
ngx_http_cors_list_set(ngx_array_t *list)
{
    return list != NULL && list != NGX_CONF_UNSET_PTR;
}


static u_char *
ngx_http_cors_settings(u_char *p, u_char *last, ngx_http_cors_loc_conf_t *conf,
    cors_reason reason)
{
    switch (reason) {

    case CORS_REASON_ORIGIN_NOT_ALLOWED:
        p = ngx_slprintf(p, last, " (here: ");
        p = ngx_http_cors_setting(p, last, conf,
                                  ngx_http_cors_list_set(conf->origins),
                                  "cors_origins", CORS_ENV_FRONTEND_ORIGINS);
        p = ngx_slprintf(p, last, " or ");
        p = ngx_http_cors_setting(p, last, conf,
                                  conf->origin_regex.data != NULL,
                                  "cors_origin_regex",
                                  CORS_ENV_ALLOW_ORIGINS_REGEX);
        break;

    case CORS_REASON_METHOD_NOT_ALLOWED:
        p = ngx_slprintf(p, last, " (here: ");
        p = ngx_http_cors_setting(p, last, conf,
                                  ngx_http_cors_list_set(conf->methods),
                                  "cors_methods", CORS_ENV_ALLOW_METHODS);
        break;

    case CORS_REASON_HEADER_NOT_ALLOWED:
        p = ngx_slprintf(p, last, " (here: ");
        p = ngx_http_cors_setting(p, last, conf,
                                  ngx_http_cors_list_set(conf->allow_headers),
                                  "cors_allow_headers",
                                  CORS_ENV_ALLOW_HEADERS);
        break;

    case CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED:
        p = ngx_slprintf(p, last, " (here: ");
        p = ngx_http_cors_setting(p, last, conf,
                                  conf->private_network != NGX_CONF_UNSET,
                                  "cors_private_network",
                                  CORS_ENV_ALLOW_PRIVATE_NETWORK);
        break;

    default:
        /* the request itself is at fault: no setting would allow it */
        return p;
    }

    return ngx_slprintf(p, last, ")");
}


/* One error-log line per denial: libcors's sentence, which quotes the
 * refused request item with every byte outside printable ASCII escaped,
 * so a hostile Origin cannot forge log lines. Both buffers are on the
 * stack: logging allocates nothing. */
static void
ngx_http_cors_log_denial(ngx_http_request_t *r, ngx_http_cors_ctx_t *ctx)
{
    char        why[CORS_EXPLAIN_BOUND];
    u_char      where[512], *p;
    ngx_uint_t  level;

    level = ctx->conf->log_denied;

    if (level == NGX_HTTP_CORS_LOG_OFF || ctx->result.allowed) {
        return;
    }

    if (r->connection->log->log_level < level) {
        return;
    }

    (void) cors_result_explain(&ctx->result, why, sizeof(why));

    p = ngx_http_cors_settings(where, where + sizeof(where) - 1, ctx->conf,
                               ctx->result.reason);
    *p = '\0';

    ngx_log_error(level, r->connection->log, 0,
                  "cors: denied %s request (%s): %s%s%s",
                  cors_kind_string(ctx->result.kind),
                  cors_reason_string(ctx->result.reason), why, where,
                  cors_policy_report_only(ctx->conf->policy)
                  ? "; report only: nothing enforced" : "");
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

    cln->handler = ngx_http_cors_ctx_anchor;
    ctx = cln->data;
    ngx_memzero(ctx, sizeof(ngx_http_cors_ctx_t));

    conf = ngx_http_get_module_loc_conf(r, ngx_http_cors_module);
    ctx->conf = conf;

    if (!conf->enable || conf->policy == NULL) {
        return ctx;
    }

    ngx_http_cors_build_request(r, &ctx->request);

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
    const char                *s;
    cors_result                early;
    cors_request               req;
    const cors_result         *res;
    ngx_http_cors_ctx_t       *ctx;
    ngx_http_cors_loc_conf_t  *conf;

    ctx = ngx_http_cors_find_ctx(r);

    if (ctx != NULL) {
        if (!ctx->active) {
            v->not_found = 1;
            return NGX_OK;
        }

        res = &ctx->result;

    } else {
        /*
         * Read before the module's handler or filter decided (a "set" or
         * "if" at server level runs before the location is chosen): the
         * answer under the configuration of this moment, not kept, so the
         * location that receives the request still decides the response.
         * The strings below are static: nothing outlives this call.
         */

        conf = ngx_http_get_module_loc_conf(r->main, ngx_http_cors_module);

        if (!conf->enable || conf->policy == NULL) {
            v->not_found = 1;
            return NGX_OK;
        }

        ngx_http_cors_build_request(r->main, &req);
        cors_evaluate(conf->policy, &req, &early);
        res = &early;
    }

    switch (data) {
    case NGX_HTTP_CORS_VAR_KIND:
        s = cors_kind_string(res->kind);
        break;
    case NGX_HTTP_CORS_VAR_ALLOWED:
        s = res->allowed ? "true" : "false";
        break;
    default: /* NGX_HTTP_CORS_VAR_REASON */
        s = cors_reason_string(res->reason);
        break;
    }

    v->data = (u_char *) s;
    v->len = ngx_strlen(s);
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}
