
/*
 * ngx_http_cors_module: directive values checked as they are read, and
 * each block's policy compiled once at configuration time, from the
 * directives, the master's environment (cors_env) or a .env file
 * (cors_env_file).
 * SPDX-License-Identifier: MIT
 */


#include "ngx_http_cors_module.h"


typedef struct {
    ngx_conf_t                 *cf;
    ngx_http_cors_main_conf_t  *mcf;
    void                       *envtext;    /* NULL: the environment */

    /* directives written in the block win over their variables */
    const char                 *origins_name;
    const char                 *origins;
    const char                 *regex_name;
    const char                 *regex;
} ngx_http_cors_lookup_t;


static const struct {
    const char  *field;
    const char  *directive;
} ngx_http_cors_fields[] = {
    { "origins", "cors_origins" },
    { "origin_regex", "cors_origin_regex" },
    { "credentials", "cors_credentials" },
    { "methods", "cors_methods" },
    { "allowed_headers", "cors_allow_headers" },
    { "exposed_headers", "cors_expose_headers" },
    { "max_age", "cors_max_age" },
    { "preflight_status", "cors_preflight_status" },
    { "failure_status", "cors_failure_status" }
};


/* The directive behind a libcors field name; a variable name (from
 * cors_env or cors_env_file) is returned as it is. */
static const char *
ngx_http_cors_field_directive(const char *field)
{
    ngx_uint_t  i;

    for (i = 0; i < sizeof(ngx_http_cors_fields)
                    / sizeof(ngx_http_cors_fields[0]); i++)
    {
        if (ngx_strcmp(field, ngx_http_cors_fields[i].field) == 0) {
            return ngx_http_cors_fields[i].directive;
        }
    }

    return field;
}


static char *
ngx_http_cors_entry_error(ngx_conf_t *cf, ngx_str_t *value,
    cors_error *err)
{
    ngx_str_t  *args;

    args = cf->args->elts;

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%V \"%V\": %s",
                       &args[0], value,
                       err->message[0] ? err->message
                                       : cors_strerror(err->code));
    return NGX_CONF_ERROR;
}


/* One directive value checked by the setter that will take it at compile
 * time, so that a bad one is refused at its own line. */
char *
ngx_http_cors_check_value(ngx_conf_t *cf, ngx_uint_t kind, ngx_str_t *value)
{
    char         *rv;
    const char   *data;
    cors_error    err;
    cors_status   st;
    cors_config  *cfg;

    cfg = cors_config_new(NULL);
    if (cfg == NULL) {
        return NGX_CONF_ERROR;
    }

    data = (const char *) value->data;

    switch (kind) {
    case NGX_HTTP_CORS_ORIGIN:
        st = cors_config_add_origin(cfg, data, value->len, &err);
        break;
    case NGX_HTTP_CORS_ORIGIN_REGEX:
        st = cors_config_set_origin_regex(cfg, data, value->len, &err);
        break;
    case NGX_HTTP_CORS_METHOD:
        st = cors_config_add_method(cfg, data, value->len, &err);
        break;
    case NGX_HTTP_CORS_ALLOW_HEADER:
        st = cors_config_add_allowed_header(cfg, data, value->len, &err);
        break;
    default: /* NGX_HTTP_CORS_EXPOSE_HEADER */
        st = cors_config_add_exposed_header(cfg, data, value->len, &err);
        break;
    }

    rv = NGX_CONF_OK;

    if (st != CORS_OK) {
        rv = ngx_http_cors_entry_error(cf, value, &err);
    }

    cors_config_free(cfg);

    return rv;
}


char *
ngx_http_cors_check_status(ngx_conf_t *cf, ngx_uint_t failure,
    ngx_int_t status)
{
    char         *rv;
    cors_error    err;
    cors_status   st;
    cors_config  *cfg;
    ngx_str_t    *value;

    cfg = cors_config_new(NULL);
    if (cfg == NULL) {
        return NGX_CONF_ERROR;
    }

    if (status > 1000) {
        /* out of range either way; fits an int, and libcors's message
         * names a status above 999, not 0 */
        status = 1000;
    }

    st = failure
         ? cors_config_set_preflight_failure_status(cfg, (int) status, &err)
         : cors_config_set_preflight_status(cfg, (int) status, &err);

    rv = NGX_CONF_OK;

    if (st != CORS_OK) {
        value = cf->args->elts;
        rv = ngx_http_cors_entry_error(cf, &value[1], &err);
    }

    cors_config_free(cfg);

    return rv;
}


/* " in <file>:<line>" of the block's first policy directive, or "" for a
 * block that has none: where a message found at compile time points. */
static u_char *
ngx_http_cors_where(ngx_http_cors_loc_conf_t *conf, u_char *buf, size_t size)
{
    u_char  *p;

    p = buf;

    if (conf->file.len) {
        p = ngx_snprintf(buf, size - 1, " in %V:%ui", &conf->file,
                         conf->line);
    }

    *p = '\0';

    return buf;
}


/* libcors's warnings become nginx warnings, at the block they come from. */
static void
ngx_http_cors_warning(const cors_warning *w, void *ud)
{
    u_char                     where[NGX_MAX_PATH + 32];
    ngx_conf_t                *cf;
    ngx_http_cors_loc_conf_t  *conf;

    cf = ((void **) ud)[0];
    conf = ((void **) ud)[1];

    ngx_log_error(NGX_LOG_WARN, cf->log, 0, "cors: %s (%s)%s", w->message,
                  cors_warning_code_string(w->code),
                  ngx_http_cors_where(conf, where, sizeof(where)));
}


/* Logs a cors_env_file error, naming the file and where the directive
 * is. */
static void
ngx_http_cors_env_file_error(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf,
    ngx_err_t errnum, const char *what)
{
    u_char  where[NGX_MAX_PATH + 32];

    ngx_log_error(NGX_LOG_EMERG, cf->log, errnum, "cors_env_file \"%V\": %s%s",
                  &conf->env_file, what,
                  ngx_http_cors_where(conf, where, sizeof(where)));
}


static void
ngx_http_cors_policy_error(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf,
    cors_error *err)
{
    u_char       where[NGX_MAX_PATH + 32];
    const char  *message, *field;

    message = err->message[0] ? err->message : cors_strerror(err->code);
    field = err->field[0] ? ngx_http_cors_field_directive(err->field)
                          : "cors";

    if (conf->env_file.data && field == err->field) {
        /* a variable of the .env file */
        ngx_http_cors_env_file_error(cf, conf, 0, message);
        return;
    }

    ngx_log_error(NGX_LOG_EMERG, cf->log, 0, "%s: %s%s", field, message,
                  ngx_http_cors_where(conf, where, sizeof(where)));
}


/* The list as one comma-separated, NUL-terminated string in cf->pool, for
 * libcors's _csv setters and for variables overridden by directives. */
static const char *
ngx_http_cors_join(ngx_conf_t *cf, ngx_array_t *list)
{
    u_char      *buf, *p;
    size_t       len;
    ngx_str_t   *s;
    ngx_uint_t   i;

    s = list->elts;
    len = 1;

    for (i = 0; i < list->nelts; i++) {
        len += s[i].len + 1;
    }

    buf = ngx_pnalloc(cf->pool, len);
    if (buf == NULL) {
        return NULL;
    }

    p = buf;

    for (i = 0; i < list->nelts; i++) {
        if (i) {
            *p++ = ',';
        }

        p = ngx_cpymem(p, s[i].data, s[i].len);
    }

    *p = '\0';

    return (const char *) buf;
}


static void
ngx_http_cors_record_name(ngx_http_cors_lookup_t *lk, ngx_array_t *names,
    const char *name)
{
    size_t      len;
    ngx_str_t  *s;
    ngx_uint_t  i;

    len = ngx_strlen(name);
    s = names->elts;

    for (i = 0; i < names->nelts; i++) {
        if (s[i].len == len && ngx_strncmp(s[i].data, name, len) == 0) {
            return;
        }
    }

    s = ngx_array_push(names);
    if (s == NULL) {
        return;
    }

    s->data = ngx_pstrdup(lk->cf->pool, &(ngx_str_t) { len, (u_char *) name });
    s->len = s->data ? len : 0;
}


static const char *
ngx_http_cors_lookup(const char *name, void *data)
{
    ngx_http_cors_lookup_t *lk = data;

    const char  *value;

    if (lk->origins && ngx_strcmp(name, lk->origins_name) == 0) {
        return lk->origins;
    }

    if (lk->regex && ngx_strcmp(name, lk->regex_name) == 0) {
        return lk->regex;
    }

    if (lk->envtext) {
        return cors_envtext_lookup(name, lk->envtext);
    }

    /* the master's environment: never read in the signaller process */
    value = getenv(name);

    ngx_http_cors_record_name(lk, lk->mcf->env_looked, name);

    if (value) {
        ngx_http_cors_record_name(lk, lk->mcf->env_read, name);
    }

    return value;
}


/* prefix + the default name of a variable, NUL-terminated, in cf->pool */
static const char *
ngx_http_cors_env_name(ngx_conf_t *cf, ngx_str_t *prefix, cors_env_var var)
{
    u_char      *p, *name;
    size_t       len;
    const char  *base;

    base = cors_env_default_name(var);
    len = ngx_strlen(base);

    name = ngx_pnalloc(cf->pool, prefix->len + len + 1);
    if (name == NULL) {
        return NULL;
    }

    p = ngx_cpymem(name, prefix->data, prefix->len);
    p = ngx_cpymem(p, base, len);
    *p = '\0';

    return (const char *) name;
}


/* A .env file is meant to hold a handful of variables: anything larger
 * is most likely the wrong file. */
#define NGX_HTTP_CORS_ENV_FILE_MAX  (1024 * 1024)


/* Reads and parses the block's .env file: at every configuration load,
 * so "nginx -s reload" picks up an edited file. The text is read into
 * the configuration's temporary pool; the parsed variables are the
 * caller's to free with cors_envtext_free(). */
static ngx_int_t
ngx_http_cors_read_env_file(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf,
    cors_envtext **out)
{
    u_char           *text;
    off_t             size, n;
    ssize_t           rd;
    ngx_fd_t          fd;
    ngx_err_t         errnum;
    cors_error        err;
    cors_status       st;
    ngx_file_info_t   fi;
    const char       *what;

    *out = NULL;
    text = NULL;
    n = 0;
    what = NULL;
    errnum = 0;

    fd = ngx_open_file(conf->env_file.data, NGX_FILE_RDONLY, NGX_FILE_OPEN,
                       0);
    if (fd == NGX_INVALID_FILE) {
        ngx_http_cors_env_file_error(cf, conf, ngx_errno,
                                     ngx_open_file_n " failed");
        return NGX_ERROR;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        errnum = ngx_errno;
        what = ngx_fd_info_n " failed";
        goto close;
    }

    if (!ngx_is_file(&fi)) {
        what = "not a regular file";
        goto close;
    }

    size = ngx_file_size(&fi);

    if (size > NGX_HTTP_CORS_ENV_FILE_MAX) {
        what = "larger than 1 MiB: not a .env file";
        goto close;
    }

    if (size > 0) {
        text = ngx_pnalloc(cf->temp_pool, (size_t) size);
        if (text == NULL) {
            what = "out of memory";
            goto close;
        }
    }

    while (n < size) {
        rd = ngx_read_fd(fd, text + n, (size_t) (size - n));

        if (rd == -1) {
            errnum = ngx_errno;
            what = ngx_read_fd_n " failed";
            goto close;
        }

        if (rd == 0) {
            break;      /* the file shrank since it was measured */
        }

        n += rd;
    }

close:

    if (ngx_close_file(fd) == NGX_FILE_ERROR) {
        ngx_log_error(NGX_LOG_ALERT, cf->log, ngx_errno,
                      ngx_close_file_n " \"%V\" failed", &conf->env_file);
    }

    if (what) {
        ngx_http_cors_env_file_error(cf, conf, errnum, what);
        return NGX_ERROR;
    }

    ngx_memzero(&err, sizeof(cors_error));

    st = cors_envtext_parse((const char *) text, (size_t) n, NULL, out, &err);

    if (st != CORS_OK) {
        /* libcors names the line and the variable, never its value:
         * .env files hold secrets */
        ngx_http_cors_env_file_error(cf, conf, 0,
                                     err.message[0] ? err.message
                                                    : cors_strerror(st));
        return NGX_ERROR;
    }

    return NGX_OK;
}


static cors_status
ngx_http_cors_load_env(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf,
    void *envtext, cors_config *cfg, cors_error *err)
{
    ngx_str_t                *prefix;
    cors_env_options          opts;
    ngx_http_cors_lookup_t    lk;

    ngx_memzero(&lk, sizeof(ngx_http_cors_lookup_t));

    lk.cf = cf;
    lk.mcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_cors_module);
    lk.envtext = envtext;

    prefix = envtext ? &conf->env_file_prefix : &conf->env_prefix;

    cors_env_options_init(&opts);

    if (prefix->len) {
        /* directive arguments are NUL-terminated */
        opts.prefix = (const char *) prefix->data;
    }

    lk.origins_name = ngx_http_cors_env_name(cf, prefix,
                                             CORS_ENV_FRONTEND_ORIGINS);
    lk.regex_name = ngx_http_cors_env_name(cf, prefix,
                                           CORS_ENV_ALLOW_ORIGINS_REGEX);

    if (lk.origins_name == NULL || lk.regex_name == NULL) {
        return CORS_ERR_NOMEM;
    }

    if (conf->origins) {
        lk.origins = ngx_http_cors_join(cf, conf->origins);
        if (lk.origins == NULL) {
            return CORS_ERR_NOMEM;
        }
    }

    if (conf->origin_regex.data) {
        lk.regex = (const char *) conf->origin_regex.data;
    }

    return cors_config_load_env(cfg, ngx_http_cors_lookup, &lk, &opts, err);
}


static cors_status
ngx_http_cors_set_list(ngx_conf_t *cf, ngx_array_t *list, cors_config *cfg,
    cors_status (*set)(cors_config *, const char *, size_t, cors_error *),
    cors_error *err)
{
    const char  *csv;

    if (list == NULL) {
        return CORS_OK;
    }

    csv = ngx_http_cors_join(cf, list);
    if (csv == NULL) {
        return CORS_ERR_NOMEM;
    }

    return set(cfg, csv, ngx_strlen(csv), err);
}


/* The block's directives; with cors_env they override single settings. */
static cors_status
ngx_http_cors_apply_directives(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf,
    cors_config *cfg, cors_error *err)
{
    cors_status  st;

    if (conf->env == NGX_CONF_UNSET && conf->env_file.data == NULL) {
        /* with cors_env, these went in as the variables they replace */

        st = ngx_http_cors_set_list(cf, conf->origins, cfg,
                                    cors_config_add_origins_csv, err);
        if (st != CORS_OK) {
            return st;
        }

        if (conf->origin_regex.data) {
            st = cors_config_set_origin_regex(cfg,
                                     (const char *) conf->origin_regex.data,
                                     conf->origin_regex.len, err);
            if (st != CORS_OK) {
                return st;
            }
        }
    }

    if (conf->credentials != NGX_CONF_UNSET) {
        cors_config_set_credentials(cfg, conf->credentials);
    }

    st = ngx_http_cors_set_list(cf, conf->methods, cfg,
                                cors_config_set_methods_csv, err);
    if (st != CORS_OK) {
        return st;
    }

    st = ngx_http_cors_set_list(cf, conf->allow_headers, cfg,
                                cors_config_set_allowed_headers_csv, err);
    if (st != CORS_OK) {
        return st;
    }

    st = ngx_http_cors_set_list(cf, conf->expose_headers, cfg,
                                cors_config_set_exposed_headers_csv, err);
    if (st != CORS_OK) {
        return st;
    }

    if (conf->max_age != NGX_CONF_UNSET) {
        st = cors_config_set_max_age(cfg, (long) conf->max_age, err);
        if (st != CORS_OK) {
            return st;
        }
    }

    if (conf->private_network != NGX_CONF_UNSET) {
        cors_config_set_private_network(cfg, conf->private_network);
    }

    if (conf->preflight_status != NGX_CONF_UNSET) {
        st = cors_config_set_preflight_status(cfg,
                                              (int) conf->preflight_status,
                                              err);
        if (st != CORS_OK) {
            return st;
        }
    }

    if (conf->failure_status != NGX_CONF_UNSET) {
        st = cors_config_set_preflight_failure_status(cfg,
                                                  (int) conf->failure_status,
                                                  err);
        if (st != CORS_OK) {
            return st;
        }
    }

    /* without cors_mode, CORS_REPORT_ONLY (cors_env) decides */
    if (conf->mode != NGX_CONF_UNSET_UINT) {
        cors_config_set_report_only(cfg,
                                    conf->mode == NGX_HTTP_CORS_REPORT_ONLY);
    }

    return CORS_OK;
}


static void
ngx_http_cors_policy_cleanup(void *data)
{
    cors_policy_free(data);
}


char *
ngx_http_cors_compile(ngx_conf_t *cf, ngx_http_cors_loc_conf_t *conf)
{
    void                *ud[2];
    cors_error           err;
    cors_envtext        *envtext;
    cors_status          st;
    cors_config         *cfg;
    ngx_pool_cleanup_t  *cln;

    /*
     * "nginx -s reload" parses the configuration in the caller's
     * environment, which may lack the variables: the signaller never
     * serves, so it evaluates nothing.
     */
    if (ngx_process == NGX_PROCESS_SIGNALLER) {
        return NGX_CONF_OK;
    }

    /* the http block's own values are never merged: unset lists are
     * still marked so */

    if (conf->origins == NGX_CONF_UNSET_PTR) {
        conf->origins = NULL;
    }

    if (conf->methods == NGX_CONF_UNSET_PTR) {
        conf->methods = NULL;
    }

    if (conf->allow_headers == NGX_CONF_UNSET_PTR) {
        conf->allow_headers = NULL;
    }

    if (conf->expose_headers == NGX_CONF_UNSET_PTR) {
        conf->expose_headers = NULL;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }

    cfg = cors_config_new(NULL);
    if (cfg == NULL) {
        return NGX_CONF_ERROR;
    }

    ud[0] = cf;
    ud[1] = conf;
    cors_config_set_warning_handler(cfg, ngx_http_cors_warning, ud);

    ngx_memzero(&err, sizeof(cors_error));
    st = CORS_OK;
    envtext = NULL;

    if (conf->env_file.data
        && ngx_http_cors_read_env_file(cf, conf, &envtext) != NGX_OK)
    {
        cors_config_free(cfg);
        return NGX_CONF_ERROR;
    }

    if (conf->env != NGX_CONF_UNSET || envtext) {
        st = ngx_http_cors_load_env(cf, conf, envtext, cfg, &err);
    }

    /* the config holds copies of every value it took */
    cors_envtext_free(envtext);

    if (st == CORS_OK) {
        st = ngx_http_cors_apply_directives(cf, conf, cfg, &err);
    }

    if (st == CORS_OK) {
        st = cors_policy_compile(cfg, &conf->policy, &err);
    }

    cors_config_free(cfg);

    if (st != CORS_OK) {
        ngx_http_cors_policy_error(cf, conf, &err);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_cors_policy_cleanup;
    cln->data = conf->policy;

    return NGX_CONF_OK;
}


/* "env NAME=value;" sets NAME in the workers' environment only: warn
 * when cors_env looked NAME up, since the master compiled the policy
 * from its own environment. */
static void
ngx_http_cors_check_env_values(ngx_cycle_t *cycle,
    ngx_http_cors_main_conf_t *mcf, ngx_core_conf_t *ccf)
{
    ngx_str_t   *looked, *declared;
    ngx_uint_t   i, j;

    looked = mcf->env_looked->elts;
    declared = ccf->env.elts;

    for (j = 0; j < ccf->env.nelts; j++) {
        /* the core module keeps the name in len, "=value" right after */
        if (declared[j].data[declared[j].len] != '=') {
            continue;
        }

        for (i = 0; i < mcf->env_looked->nelts; i++) {
            if (declared[j].len == looked[i].len
                && ngx_strncmp(declared[j].data, looked[i].data,
                               looked[i].len)
                   == 0)
            {
                ngx_log_error(NGX_LOG_WARN, cycle->log, 0,
                              "\"env %s;\" sets %V for nginx's workers "
                              "only: cors_env read the master's own "
                              "environment; export the variable before "
                              "nginx starts, or use cors_env_file",
                              declared[j].data, &looked[i]);
                break;
            }
        }
    }
}


/* nginx keeps only the variables named by "env" across a binary upgrade:
 * warn about each one cors_env read that is not declared. */
ngx_int_t
ngx_http_cors_check_env_declared(ngx_cycle_t *cycle)
{
    u_char                     *eq;
    size_t                      len;
    ngx_str_t                  *read, *declared;
    ngx_uint_t                  i, j;
    ngx_core_conf_t            *ccf;
    ngx_http_cors_main_conf_t  *mcf;

    mcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_cors_module);
    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);

    if (mcf == NULL || ccf == NULL) {
        return NGX_OK;
    }

    ngx_http_cors_check_env_values(cycle, mcf, ccf);

    read = mcf->env_read->elts;
    declared = ccf->env.elts;

    for (i = 0; i < mcf->env_read->nelts; i++) {

        for (j = 0; j < ccf->env.nelts; j++) {
            eq = ngx_strlchr(declared[j].data,
                             declared[j].data + declared[j].len, '=');
            len = eq ? (size_t) (eq - declared[j].data) : declared[j].len;

            if (len == read[i].len
                && ngx_strncmp(declared[j].data, read[i].data, len) == 0)
            {
                break;
            }
        }

        if (j == ccf->env.nelts) {
            ngx_log_error(NGX_LOG_WARN, cycle->log, 0,
                          "cors_env read %V from the environment, but it is "
                          "not declared with \"env %V;\": nginx drops it "
                          "across a binary upgrade", &read[i], &read[i]);
        }
    }

    return NGX_OK;
}
