
/*
 * ngx_http_cors_module: the directives, their inheritance, and the
 * module's registration (preflight handler, header filter, variables).
 * SPDX-License-Identifier: MIT
 */


#include "ngx_http_cors_module.h"


static void *ngx_http_cors_create_main_conf(ngx_conf_t *cf);
static void *ngx_http_cors_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_cors_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_cors_preconfiguration(ngx_conf_t *cf);
static ngx_int_t ngx_http_cors_postconfiguration(ngx_conf_t *cf);
static ngx_int_t ngx_http_cors_init_module(ngx_cycle_t *cycle);

static char *ngx_http_cors_policy_flag(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_list(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_origin_regex(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_max_age(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_status(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_env(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_env_file(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_enum(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_mode(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_cors_log_denied(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


static ngx_conf_enum_t  ngx_http_cors_modes[] = {
    { ngx_string("enforce"), NGX_HTTP_CORS_ENFORCE },
    { ngx_string("report_only"), NGX_HTTP_CORS_REPORT_ONLY },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  ngx_http_cors_upstream_modes[] = {
    { ngx_string("replace"), NGX_HTTP_CORS_UPSTREAM_REPLACE },
    { ngx_string("keep"), NGX_HTTP_CORS_UPSTREAM_KEEP },
    { ngx_null_string, 0 }
};


#define NGX_HTTP_CORS_CONF                                                    \
    (NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF)


static ngx_command_t  ngx_http_cors_commands[] = {

    { ngx_string("cors"),
      NGX_HTTP_CORS_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_cors_loc_conf_t, enable),
      NULL },

    { ngx_string("cors_origins"),
      NGX_HTTP_CORS_CONF|NGX_CONF_1MORE,
      ngx_http_cors_list,
      NGX_HTTP_LOC_CONF_OFFSET,
      NGX_HTTP_CORS_ORIGIN,
      NULL },

    { ngx_string("cors_origin_regex"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE1,
      ngx_http_cors_origin_regex,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("cors_credentials"),
      NGX_HTTP_CORS_CONF|NGX_CONF_FLAG,
      ngx_http_cors_policy_flag,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_cors_loc_conf_t, credentials),
      NULL },

    { ngx_string("cors_methods"),
      NGX_HTTP_CORS_CONF|NGX_CONF_1MORE,
      ngx_http_cors_list,
      NGX_HTTP_LOC_CONF_OFFSET,
      NGX_HTTP_CORS_METHOD,
      NULL },

    { ngx_string("cors_allow_headers"),
      NGX_HTTP_CORS_CONF|NGX_CONF_1MORE,
      ngx_http_cors_list,
      NGX_HTTP_LOC_CONF_OFFSET,
      NGX_HTTP_CORS_ALLOW_HEADER,
      NULL },

    { ngx_string("cors_expose_headers"),
      NGX_HTTP_CORS_CONF|NGX_CONF_1MORE,
      ngx_http_cors_list,
      NGX_HTTP_LOC_CONF_OFFSET,
      NGX_HTTP_CORS_EXPOSE_HEADER,
      NULL },

    { ngx_string("cors_max_age"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE1,
      ngx_http_cors_max_age,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("cors_private_network"),
      NGX_HTTP_CORS_CONF|NGX_CONF_FLAG,
      ngx_http_cors_policy_flag,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_cors_loc_conf_t, private_network),
      NULL },

    { ngx_string("cors_preflight_status"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE1,
      ngx_http_cors_status,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("cors_failure_status"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE1,
      ngx_http_cors_status,
      NGX_HTTP_LOC_CONF_OFFSET,
      1,
      NULL },

    { ngx_string("cors_env"),
      NGX_HTTP_CORS_CONF|NGX_CONF_NOARGS|NGX_CONF_TAKE1,
      ngx_http_cors_env,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("cors_env_file"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE12,
      ngx_http_cors_env_file,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("cors_mode"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE1,
      ngx_http_cors_mode,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_cors_loc_conf_t, mode),
      &ngx_http_cors_modes },

    { ngx_string("cors_upstream_headers"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE1,
      ngx_http_cors_enum,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_cors_loc_conf_t, upstream_headers),
      &ngx_http_cors_upstream_modes },

    { ngx_string("cors_log_denied"),
      NGX_HTTP_CORS_CONF|NGX_CONF_TAKE12,
      ngx_http_cors_log_denied,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_cors_module_ctx = {
    ngx_http_cors_preconfiguration,        /* preconfiguration */
    ngx_http_cors_postconfiguration,       /* postconfiguration */

    ngx_http_cors_create_main_conf,        /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_cors_create_loc_conf,         /* create location configuration */
    ngx_http_cors_merge_loc_conf           /* merge location configuration */
};


ngx_module_t  ngx_http_cors_module = {
    NGX_MODULE_V1,
    &ngx_http_cors_module_ctx,             /* module context */
    ngx_http_cors_commands,                /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    ngx_http_cors_init_module,             /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static void *
ngx_http_cors_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_cors_main_conf_t  *mcf;

    mcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_cors_main_conf_t));
    if (mcf == NULL) {
        return NULL;
    }

    mcf->env_read = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
    if (mcf->env_read == NULL) {
        return NULL;
    }

    mcf->env_looked = ngx_array_create(cf->pool, 16, sizeof(ngx_str_t));
    if (mcf->env_looked == NULL) {
        return NULL;
    }

    return mcf;
}


static void *
ngx_http_cors_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_cors_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_cors_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->origin_regex = { 0, NULL };
     *     conf->env_prefix = { 0, NULL };
     *     conf->env_file = { 0, NULL };
     *     conf->env_file_prefix = { 0, NULL };
     *     conf->policy = NULL;
     *     conf->sets_policy = 0;
     */

    conf->enable = NGX_CONF_UNSET;
    conf->origins = NGX_CONF_UNSET_PTR;
    conf->credentials = NGX_CONF_UNSET;
    conf->methods = NGX_CONF_UNSET_PTR;
    conf->allow_headers = NGX_CONF_UNSET_PTR;
    conf->expose_headers = NGX_CONF_UNSET_PTR;
    conf->max_age = NGX_CONF_UNSET;
    conf->private_network = NGX_CONF_UNSET;
    conf->preflight_status = NGX_CONF_UNSET;
    conf->failure_status = NGX_CONF_UNSET;
    conf->env = NGX_CONF_UNSET;
    conf->mode = NGX_CONF_UNSET_UINT;
    conf->upstream_headers = NGX_CONF_UNSET_UINT;
    conf->log_denied = NGX_CONF_UNSET_UINT;

    return conf;
}


static char *
ngx_http_cors_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_cors_loc_conf_t  *prev = parent;
    ngx_http_cors_loc_conf_t  *conf = child;

    ngx_conf_merge_value(conf->enable, prev->enable, 0);
    ngx_conf_merge_uint_value(conf->upstream_headers, prev->upstream_headers,
                              NGX_HTTP_CORS_UPSTREAM_REPLACE);
    ngx_conf_merge_uint_value(conf->log_denied, prev->log_denied,
                              NGX_HTTP_CORS_LOG_OFF);

    if (!conf->sets_policy) {
        /* the parent's policy, compiled once for all such children */

        if (prev->policy == NULL && conf->enable) {
            if (ngx_http_cors_compile(cf, prev) != NGX_CONF_OK) {
                return NGX_CONF_ERROR;
            }
        }

        conf->origins = prev->origins;
        conf->origin_regex = prev->origin_regex;
        conf->credentials = prev->credentials;
        conf->methods = prev->methods;
        conf->allow_headers = prev->allow_headers;
        conf->expose_headers = prev->expose_headers;
        conf->max_age = prev->max_age;
        conf->private_network = prev->private_network;
        conf->preflight_status = prev->preflight_status;
        conf->failure_status = prev->failure_status;
        conf->env = prev->env;
        conf->env_prefix = prev->env_prefix;
        conf->env_file = prev->env_file;
        conf->env_file_prefix = prev->env_file_prefix;
        conf->mode = prev->mode;
        conf->file = prev->file;
        conf->line = prev->line;
        conf->sets_policy = prev->sets_policy;
        conf->policy = prev->policy;

        return NGX_CONF_OK;
    }

    ngx_conf_merge_ptr_value(conf->origins, prev->origins, NULL);

    if (conf->origin_regex.data == NULL) {
        conf->origin_regex = prev->origin_regex;
    }

    ngx_conf_merge_value(conf->credentials, prev->credentials,
                         NGX_CONF_UNSET);
    ngx_conf_merge_ptr_value(conf->methods, prev->methods, NULL);
    ngx_conf_merge_ptr_value(conf->allow_headers, prev->allow_headers, NULL);
    ngx_conf_merge_ptr_value(conf->expose_headers, prev->expose_headers,
                             NULL);
    ngx_conf_merge_value(conf->max_age, prev->max_age, NGX_CONF_UNSET);
    ngx_conf_merge_value(conf->private_network, prev->private_network,
                         NGX_CONF_UNSET);
    ngx_conf_merge_value(conf->preflight_status, prev->preflight_status,
                         NGX_CONF_UNSET);
    ngx_conf_merge_value(conf->failure_status, prev->failure_status,
                         NGX_CONF_UNSET);

    if (conf->env == NGX_CONF_UNSET) {
        conf->env = prev->env;
        conf->env_prefix = prev->env_prefix;
    }

    if (conf->env_file.data == NULL) {
        conf->env_file = prev->env_file;
        conf->env_file_prefix = prev->env_file_prefix;
    }

    ngx_conf_merge_uint_value(conf->mode, prev->mode, NGX_CONF_UNSET_UINT);

    /* compiled even where cors is off: a bad value fails nginx -t
     * wherever it is written */
    return ngx_http_cors_compile(cf, conf);
}


static ngx_int_t
ngx_http_cors_preconfiguration(ngx_conf_t *cf)
{
    return ngx_http_cors_add_variables(cf);
}


static ngx_int_t
ngx_http_cors_postconfiguration(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_cors_loc_conf_t   *lcf;
    ngx_http_core_main_conf_t  *cmcf;

    /*
     * The http block's own policy is compiled by the merge of a block
     * below only when that block turns cors on: compile it here when none
     * did, so that a bad combination written at http level ("*" with
     * credentials) fails now, not the day someone writes "cors on".
     */

    lcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_cors_module);

    if (lcf->sets_policy && lcf->policy == NULL
        && ngx_http_cors_compile(cf, lcf) != NGX_CONF_OK)
    {
        return NGX_ERROR;
    }

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    /*
     * A phase runs its handlers in reverse order of registration: this
     * module comes after the rewrite module, so the preflight is answered
     * before the location's rewrite, return and if, and before the
     * preaccess and access phases (limit_req, auth_basic, allow/deny).
     */

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_REWRITE_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_cors_preflight_handler;

    return ngx_http_cors_filter_init(cf);
}


static ngx_int_t
ngx_http_cors_init_module(ngx_cycle_t *cycle)
{
    return ngx_http_cors_check_env_declared(cycle);
}


/* Records that the block sets a policy directive of its own, and where
 * the first one is, for errors found when the block is compiled. */
static void
ngx_http_cors_sets_policy(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *lcf)
{
    if (lcf->sets_policy) {
        return;
    }

    lcf->sets_policy = 1;
    lcf->file = cf->conf_file->file.name;
    lcf->line = cf->conf_file->line;
}


static char *
ngx_http_cors_policy_flag(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_sets_policy(cf, conf);

    return ngx_conf_set_flag_slot(cf, cmd, conf);
}


static char *
ngx_http_cors_origin_regex(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_str_t  *value;

    if (lcf->origin_regex.data != NULL) {
        return "is duplicate";
    }

    ngx_http_cors_sets_policy(cf, lcf);

    value = cf->args->elts;

    if (ngx_http_cors_check_value(cf, NGX_HTTP_CORS_ORIGIN_REGEX, &value[1])
        != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    lcf->origin_regex = value[1];

    return NGX_CONF_OK;
}


/* cors_origins, cors_methods, cors_allow_headers, cors_expose_headers:
 * each value checked where it is written */
static char *
ngx_http_cors_list(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_str_t     *value, *s;
    ngx_uint_t     i;
    ngx_array_t  **list;

    switch (cmd->offset) {
    case NGX_HTTP_CORS_ORIGIN:
        list = &lcf->origins;
        break;
    case NGX_HTTP_CORS_METHOD:
        list = &lcf->methods;
        break;
    case NGX_HTTP_CORS_ALLOW_HEADER:
        list = &lcf->allow_headers;
        break;
    default: /* NGX_HTTP_CORS_EXPOSE_HEADER */
        list = &lcf->expose_headers;
        break;
    }

    ngx_http_cors_sets_policy(cf, lcf);

    /* several directives in one block add up; the first one in a block
     * replaces what the block inherited */

    if (*list == NGX_CONF_UNSET_PTR) {
        *list = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
        if (*list == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {
        if (ngx_http_cors_check_value(cf, cmd->offset, &value[i])
            != NGX_CONF_OK)
        {
            return NGX_CONF_ERROR;
        }

        s = ngx_array_push(*list);
        if (s == NULL) {
            return NGX_CONF_ERROR;
        }

        *s = value[i];
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_cors_max_age(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_str_t  *value;

    if (lcf->max_age != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    ngx_http_cors_sets_policy(cf, lcf);

    value = cf->args->elts;

    lcf->max_age = ngx_atoi(value[1].data, value[1].len);

    if (lcf->max_age == NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "cors_max_age \"%V\": not a number of seconds "
                           "(a non-negative integer such as 3600)",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_cors_status(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_int_t  *field;
    ngx_str_t  *value;

    field = cmd->offset ? &lcf->failure_status : &lcf->preflight_status;

    if (*field != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    ngx_http_cors_sets_policy(cf, lcf);

    value = cf->args->elts;

    *field = ngx_atoi(value[1].data, value[1].len);

    if (*field == NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V \"%V\": not an HTTP status code",
                           &cmd->name, &value[1]);
        return NGX_CONF_ERROR;
    }

    return ngx_http_cors_check_status(cf, cmd->offset, *field);
}


static char *
ngx_http_cors_env(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_str_t  *value;

    if (lcf->env != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    ngx_http_cors_sets_policy(cf, lcf);

    value = cf->args->elts;

    lcf->env = 1;

    if (cf->args->nelts == 2) {
        lcf->env_prefix = value[1];
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_cors_env_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_str_t  *value;

    if (lcf->env_file.data != NULL) {
        return "is duplicate";
    }

    ngx_http_cors_sets_policy(cf, lcf);

    value = cf->args->elts;

    lcf->env_file = value[1];

    if (ngx_conf_full_name(cf->cycle, &lcf->env_file, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (cf->args->nelts == 3) {
        lcf->env_file_prefix = value[2];
    }

    return NGX_CONF_OK;
}


/* ngx_conf_set_enum_slot(), with a message that names the directive and
 * the choices */
static char *
ngx_http_cors_enum(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_str_t        *value;
    ngx_uint_t       *field;
    ngx_conf_enum_t  *e;

    field = (ngx_uint_t *) ((char *) conf + cmd->offset);

    if (*field != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    for (e = cmd->post; e->name.len; e++) {
        if (e->name.len == value[1].len
            && ngx_strcmp(e->name.data, value[1].data) == 0)
        {
            *field = e->value;
            return NGX_CONF_OK;
        }
    }

    e = cmd->post;

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "%V \"%V\": expected \"%V\" or \"%V\"",
                       &cmd->name, &value[1], &e[0].name, &e[1].name);
    return NGX_CONF_ERROR;
}


static char *
ngx_http_cors_mode(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_sets_policy(cf, conf);

    return ngx_http_cors_enum(cf, cmd, conf);
}


static char *
ngx_http_cors_log_denied(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_cors_loc_conf_t *lcf = conf;

    ngx_str_t   *value;
    ngx_uint_t   level;

    static ngx_str_t  levels[] = {
        ngx_null_string,             /* NGX_LOG_STDERR: not a choice */
        ngx_string("emerg"),
        ngx_string("alert"),
        ngx_string("crit"),
        ngx_string("error"),
        ngx_string("warn"),
        ngx_string("notice"),
        ngx_string("info"),
        ngx_string("debug")
    };

    if (lcf->log_denied != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts == 3) {
            return "takes no level after \"off\"";
        }

        lcf->log_denied = NGX_HTTP_CORS_LOG_OFF;
        return NGX_CONF_OK;
    }

    if (ngx_strcmp(value[1].data, "on") != 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "cors_log_denied \"%V\": expected \"on\" or "
                           "\"off\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    lcf->log_denied = NGX_LOG_INFO;

    if (cf->args->nelts == 2) {
        return NGX_CONF_OK;
    }

    for (level = NGX_LOG_EMERG; level <= NGX_LOG_DEBUG; level++) {
        if (value[2].len == levels[level].len
            && ngx_strncmp(value[2].data, levels[level].data, value[2].len)
               == 0)
        {
            lcf->log_denied = level;
            return NGX_CONF_OK;
        }
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "cors_log_denied: unknown log level \"%V\" (one of "
                       "debug, info, notice, warn, error, crit, alert, "
                       "emerg)", &value[2]);
    return NGX_CONF_ERROR;
}
