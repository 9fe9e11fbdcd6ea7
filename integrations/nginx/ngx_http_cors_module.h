
/*
 * ngx_http_cors_module: libcors in front of everything nginx serves.
 * Types and functions shared by the module's files.
 * SPDX-License-Identifier: MIT
 */


#ifndef _NGX_HTTP_CORS_MODULE_H_INCLUDED_
#define _NGX_HTTP_CORS_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <cors/cors.h>


#define NGX_HTTP_CORS_ENFORCE           0
#define NGX_HTTP_CORS_REPORT_ONLY       1

#define NGX_HTTP_CORS_UPSTREAM_REPLACE  0
#define NGX_HTTP_CORS_UPSTREAM_KEEP     1

/* cors_log_denied off */
#define NGX_HTTP_CORS_LOG_OFF           0


typedef struct {
    /* Variables that cors_env found set in the environment (ngx_str_t),
     * checked against the core module's "env" list once the whole file
     * has been read. */
    ngx_array_t                *env_read;

    /* Every name cors_env looked up, set or not: "env NAME=value;" for
     * one of them sets NAME for the workers only, never for cors_env,
     * also checked once the whole file has been read. */
    ngx_array_t                *env_looked;
} ngx_http_cors_main_conf_t;


typedef struct {
    ngx_flag_t                  enable;

    /* the policy directives: unset ones are inherited */
    ngx_array_t                *origins;          /* ngx_str_t */
    ngx_str_t                   origin_regex;     /* .data NULL: unset */
    ngx_flag_t                  credentials;
    ngx_array_t                *methods;          /* ngx_str_t */
    ngx_array_t                *allow_headers;    /* ngx_str_t */
    ngx_array_t                *expose_headers;   /* ngx_str_t */
    ngx_int_t                   max_age;
    ngx_flag_t                  private_network;
    ngx_int_t                   preflight_status;
    ngx_int_t                   failure_status;
    ngx_flag_t                  env;
    ngx_str_t                   env_prefix;
    ngx_str_t                   env_file;         /* .data NULL: unset */
    ngx_str_t                   env_file_prefix;
    ngx_uint_t                  mode;

    /* how the response is decorated; not part of the policy */
    ngx_uint_t                  upstream_headers;
    ngx_uint_t                  log_denied;       /* 0 off, else a level */

    /* the compiled policy, shared with every block that sets no policy
     * directive of its own; freed with the configuration's pool */
    cors_policy                *policy;
    ngx_flag_t                  sets_policy;

    /* where the block's first policy directive is, for errors found only
     * when the block is compiled */
    ngx_str_t                   file;
    ngx_uint_t                  line;
} ngx_http_cors_loc_conf_t;


/* Per request, kept in a request-pool cleanup record so that it survives
 * internal redirects and named locations (which zero module contexts and
 * replace r->loc_conf): the location that received the request decides. */
typedef struct {
    ngx_http_cors_loc_conf_t   *conf;
    cors_request                request;
    cors_result                 result;
    unsigned                    active:1;     /* cors on, policy evaluated */
    unsigned                    answered:1;   /* preflight sent */
} ngx_http_cors_ctx_t;


extern ngx_module_t  ngx_http_cors_module;


/* ngx_http_cors_policy.c */
char *ngx_http_cors_compile(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf);
char *ngx_http_cors_check_value(ngx_conf_t *cf, ngx_uint_t kind,
    ngx_str_t *value);
char *ngx_http_cors_check_status(ngx_conf_t *cf, ngx_uint_t failure,
    ngx_int_t status);
ngx_int_t ngx_http_cors_check_env_declared(ngx_cycle_t *cycle);

/* the kinds of value ngx_http_cors_check_value() checks */
#define NGX_HTTP_CORS_METHOD         0
#define NGX_HTTP_CORS_ALLOW_HEADER   1
#define NGX_HTTP_CORS_EXPOSE_HEADER  2
#define NGX_HTTP_CORS_ORIGIN         3
#define NGX_HTTP_CORS_ORIGIN_REGEX   4

/* ngx_http_cors_request.c */
ngx_http_cors_ctx_t *ngx_http_cors_get_ctx(ngx_http_request_t *r);
ngx_http_cors_ctx_t *ngx_http_cors_find_ctx(ngx_http_request_t *r);
ngx_int_t ngx_http_cors_preflight_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_cors_add_variables(ngx_conf_t *cf);

/* ngx_http_cors_filter.c */
ngx_int_t ngx_http_cors_filter_init(ngx_conf_t *cf);


#endif /* _NGX_HTTP_CORS_MODULE_H_INCLUDED_ */
