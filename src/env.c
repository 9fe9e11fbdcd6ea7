/* The environment loader (docs/semantics.md#the-environment): eleven
 * variables, names optionally prefixed, read through a lookup callback and
 * applied to a config through the internal config API so that every entry
 * remembers the variable it came from. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The public cors_env_var indexes, then the variables added in 1.1, which
 * have their own name fields in cors_env_options (CORS_ENV_VAR_COUNT sizes
 * the 1.0 `names` array and stays 9). */
enum {
  ENV_REPORT_ONLY = CORS_ENV_VAR_COUNT,
  ENV_STRICT_LINT,
  ENV_VARS /* how many the loader reads */
};

static const char *const default_names[ENV_VARS] = {
    "FRONTEND_ORIGINS",       "ALLOW_ORIGINS_REGEX",
    "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_METHODS",
    "CORS_ALLOW_HEADERS",     "CORS_EXPOSE_HEADERS",
    "CORS_MAX_AGE",           "CORS_ALLOW_PRIVATE_NETWORK",
    "CORS_DEV_DEFAULTS",      "CORS_REPORT_ONLY",
    "CORS_STRICT_LINT",
};

/* The seed backend's configure_cors() values. */
static const char seed_methods[] =
    "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE";
static const char seed_allowed_headers[] =
    "Authorization, Content-Type, X-Request-ID, X-CSRF-Token, If-None-Match, "
    "If-Match, Idempotency-Key, X-Client, Cache-Control, Pragma, "
    "X-Session-Id, X-Requested-With, X-Reauth";
static const char seed_exposed_headers[] =
    "ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, "
    "X-RateLimit-Remaining, X-RateLimit-Reset";
static const char dev_origins[] =
    "http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, "
    "http://127.0.0.1:5173";
#define SEED_MAX_AGE 3600L

const char *cors_env_default_name(cors_env_var var) {
  if ((unsigned)var >= CORS_ENV_VAR_COUNT)
    return NULL;
  return default_names[var];
}

/* The 1.0 struct ends where `prefix` begins. */
#define OPTIONS_1_0_SIZE offsetof(cors_env_options, prefix)

void cors_env_options_init_sized(cors_env_options *opts, size_t size) {
  if (opts == NULL || size < OPTIONS_1_0_SIZE)
    return;
  memset(opts, 0, size);
  opts->size = size;
}

/* Parenthesized: the header maps the name to the sized form for new
 * callers; this is the exported 1.0 symbol, which must never write past
 * the 1.0 struct a 1.0 program passes. */
void(cors_env_options_init)(cors_env_options *opts) {
  cors_env_options_init_sized(opts, OPTIONS_1_0_SIZE);
}

static const char *getenv_lookup(const char *name, void *ctx) {
  (void)ctx;
  return getenv(name);
}

/* One run of the loader: the resolved names, their labels, the lookup. */
typedef struct env_run {
  cors_config *cfg;
  cors_env_lookup_fn lookup;
  void *ctx;
  const char *names[ENV_VARS];
  cors__label labels[ENV_VARS];
  /* The prefixed names, when there is a prefix (otherwise `names` points
   * at the caller's or the default strings, as in 1.0). */
  char prefixed[ENV_VARS][CORS_ERROR_FIELD_MAX];
  cors_error *err;
} env_run;

/* Whether an options struct of the caller's size holds `field`: a caller
 * built against an older header passes a smaller struct. */
#define OPTIONS_HAVE(opts, field)                                             \
  ((opts) != NULL &&                                                          \
   (opts)->size >= offsetof(cors_env_options, field) + sizeof (opts)->field)

/* The name the caller gave for variable `var`, or NULL. */
static const char *given_name(const cors_env_options *opts, size_t var) {
  if (var < CORS_ENV_VAR_COUNT) {
    size_t end = offsetof(cors_env_options, names) +
                 (var + 1) * sizeof opts->names[0];
    return opts != NULL && opts->size >= end ? opts->names[var] : NULL;
  }
  if (var == ENV_REPORT_ONLY)
    return OPTIONS_HAVE(opts, report_only_name) ? opts->report_only_name
                                                : NULL;
  return OPTIONS_HAVE(opts, strict_lint_name) ? opts->strict_lint_name : NULL;
}

static cors_status bad_prefix(env_run *run, const char *prefix,
                              const char *why) {
  char quoted[96];
  cors__quote(quoted, sizeof quoted, prefix, strlen(prefix));
  return cors__error_set(run->err, CORS_ERR_INVALID_ARGUMENT, "prefix", -1,
                         -1, "the variable name prefix %s %s", quoted, why);
}

static cors_status resolve_names(env_run *run, const cors_env_options *opts) {
  const char *prefix = OPTIONS_HAVE(opts, prefix) ? opts->prefix : NULL;
  if (prefix == NULL)
    prefix = "";
  size_t plen = strlen(prefix);
  if (strchr(prefix, '=') != NULL)
    return bad_prefix(run, prefix, "holds '=', which no variable name can");
  for (size_t i = 0; i < ENV_VARS; i++) {
    const char *name = given_name(opts, i);
    if (name == NULL)
      name = default_names[i];
    size_t len = strlen(name);
    if (len == 0 || strchr(name, '=') != NULL)
      return cors__error_set(run->err, CORS_ERR_INVALID_ARGUMENT, "names",
                             (long)i, -1,
                             "the name given for variable %s must not be "
                             "empty or hold '='",
                             default_names[i]);
    if (plen + len >= CORS_ERROR_FIELD_MAX) {
      if (plen > 0)
        return cors__error_set(
            run->err, CORS_ERR_INVALID_ARGUMENT, "prefix", (long)i, -1,
            "the prefix makes variable %s %zu bytes long (%.*s...); "
            "names are limited to %d bytes",
            default_names[i], plen + len, 24, prefix,
            CORS_ERROR_FIELD_MAX - 1);
      return cors__error_set(run->err, CORS_ERR_INVALID_ARGUMENT, "names",
                             (long)i, -1,
                             "the name given for variable %s must be 1 to %d "
                             "bytes long",
                             default_names[i], CORS_ERROR_FIELD_MAX - 1);
    }
    if (plen > 0) {
      memcpy(run->prefixed[i], prefix, plen);
      memcpy(run->prefixed[i] + plen, name, len + 1);
      name = run->prefixed[i];
    }
    run->names[i] = name;
    run->labels[i] = cors__config_label(run->cfg, name);
    if (run->labels[i] == CORS__LABEL_NONE)
      return cors__error_set(
          run->err, CORS_ERR_TOO_MANY_ENTRIES, "names", (long)i, -1,
          "this config already names %d different fields, so variable %s "
          "could not be named in its errors; load each prefix into its own "
          "config",
          CORS__MAX_LABELS, name);
  }
  return CORS_OK;
}

static const char *lookup(const env_run *run, size_t var) {
  return run->lookup(run->names[var], run->ctx);
}

/* True when the value holds no entry: empty, whitespace or only commas. */
static bool csv_is_blank(const char *s) {
  cors__csv_iter it;
  cors_slice entry;
  long index;
  cors__csv_init(&it, s, strlen(s));
  return !cors__csv_next(&it, &entry, &index);
}

static cors_status invalid_value(const env_run *run, size_t var,
                                 cors_status code, const char *value,
                                 const char *why) {
  char quoted[96];
  cors__quote(quoted, sizeof quoted, value, strlen(value));
  return cors__error_set(run->err, code, run->names[var], -1, -1, "%s %s: %s",
                         run->names[var], quoted, why);
}

static bool word_is(const char *value, const char *word) {
  return cors__eq_nocase(value, strlen(value), word, strlen(word));
}

/* true/false, 1/0, yes/no, any case, nothing around them. */
static cors_status read_bool(const env_run *run, size_t var,
                             bool fallback, bool *out) {
  const char *value = lookup(run, var);
  if (value == NULL) {
    *out = fallback;
    return CORS_OK;
  }
  if (word_is(value, "true") || word_is(value, "1") || word_is(value, "yes")) {
    *out = true;
    return CORS_OK;
  }
  if (word_is(value, "false") || word_is(value, "0") || word_is(value, "no")) {
    *out = false;
    return CORS_OK;
  }
  return invalid_value(run, var, CORS_ERR_INVALID_BOOLEAN, value,
                       "not a boolean; use true or false (also 1/0, yes/no)");
}

/* Decimal seconds, optionally surrounded by spaces or tabs. */
static cors_status read_max_age(const env_run *run, long *out) {
  const char *value = lookup(run, CORS_ENV_MAX_AGE);
  if (value == NULL) {
    *out = SEED_MAX_AGE;
    return CORS_OK;
  }
  cors_slice t = cors__trim_ows(value, strlen(value));
  if (t.len > 0 && t.ptr[0] == '-')
    return invalid_value(run, CORS_ENV_MAX_AGE, CORS_ERR_INVALID_MAX_AGE, value,
                         "a negative max age is not allowed; use 0 or more "
                         "seconds, e.g. 3600");
  long seconds = 0;
  bool ok = t.len > 0;
  for (size_t i = 0; ok && i < t.len; i++) {
    unsigned char c = (unsigned char)t.ptr[i];
    int digit = c - '0';
    if (c < '0' || c > '9' || seconds > (LONG_MAX - digit) / 10)
      ok = false;
    else
      seconds = seconds * 10 + digit;
  }
  if (!ok)
    return invalid_value(run, CORS_ENV_MAX_AGE, CORS_ERR_INVALID_MAX_AGE, value,
                         "not a whole number of seconds; use digits only, "
                         "e.g. 3600");
  *out = seconds;
  return CORS_OK;
}

/* FRONTEND_ORIGINS adds to whatever the host configured before; blank
 * counts as unset. */
static cors_status load_origins(const env_run *run) {
  const char *value = lookup(run, CORS_ENV_FRONTEND_ORIGINS);
  if (value == NULL || csv_is_blank(value))
    return CORS_OK;
  return cors__config_add_csv(run->cfg, CORS__LIST_ORIGINS, value,
                              strlen(value), false,
                              run->labels[CORS_ENV_FRONTEND_ORIGINS], run->err);
}

/* ALLOW_ORIGINS_REGEX replaces the host's regex only when it holds one. */
static cors_status load_regex(const env_run *run) {
  const char *value = lookup(run, CORS_ENV_ALLOW_ORIGINS_REGEX);
  if (value == NULL)
    return CORS_OK;
  if (csv_is_blank(value))
    return CORS_OK;
  cors_slice t = cors__trim_ows(value, strlen(value));
  return cors__config_set_regex(run->cfg, t.ptr, t.len,
                                run->labels[CORS_ENV_ALLOW_ORIGINS_REGEX],
                                run->err);
}

/* A list variable replaces the list; "" means an empty list. */
static cors_status load_list(const env_run *run, size_t var,
                             cors__list_kind kind, const char *fallback) {
  const char *value = lookup(run, var);
  if (value == NULL)
    value = fallback;
  return cors__config_add_csv(run->cfg, kind, value, strlen(value), true,
                              run->labels[var], run->err);
}

static bool has_any_origin(const cors_config *cfg) {
  return cfg->lists[CORS__LIST_ORIGINS].count > 0 || cfg->regex != NULL;
}

static cors_status apply_dev_defaults(const env_run *run, bool dev_defaults) {
  cors_config *cfg = run->cfg;
  cors__label label = run->labels[CORS_ENV_FRONTEND_ORIGINS];
  if (has_any_origin(cfg))
    return CORS_OK;
  if (!dev_defaults) {
    cors__config_warn(cfg, CORS_WARN_NO_ORIGINS, label, -1,
                      "neither %s nor %s is set and %s is false: no origin "
                      "is allowed; set %s to the origins of your front end",
                      run->names[CORS_ENV_FRONTEND_ORIGINS],
                      run->names[CORS_ENV_ALLOW_ORIGINS_REGEX],
                      run->names[CORS_ENV_DEV_DEFAULTS],
                      run->names[CORS_ENV_FRONTEND_ORIGINS]);
    return CORS_OK;
  }
  cors_status st =
      cors__config_add_csv(cfg, CORS__LIST_ORIGINS, dev_origins,
                           sizeof dev_origins - 1, false, label, run->err);
  if (st != CORS_OK)
    return st;
  cfg->used_dev_defaults = true;
  cors__config_warn(cfg, CORS_WARN_DEV_DEFAULTS_USED, label, -1,
                    "neither %s nor %s is set: allowing the development "
                    "origins %s; set %s in production, or %s=false to refuse "
                    "them",
                    run->names[CORS_ENV_FRONTEND_ORIGINS],
                    run->names[CORS_ENV_ALLOW_ORIGINS_REGEX], dev_origins,
                    run->names[CORS_ENV_FRONTEND_ORIGINS],
                    run->names[CORS_ENV_DEV_DEFAULTS]);
  return CORS_OK;
}

/* Every variable is read and checked, in the order of cors_env_var, even
 * when its value would not matter: a typo must never go unnoticed. */
static cors_status load_all(const env_run *run) {
  cors_config *cfg = run->cfg;
  cors_status st;
  bool credentials = true, private_network = false, dev_defaults = true;
  bool report_only = false, strict_lint = false;
  long max_age = SEED_MAX_AGE;

  st = load_origins(run);
  if (st == CORS_OK)
    st = load_regex(run);
  if (st == CORS_OK)
    st = read_bool(run, CORS_ENV_ALLOW_CREDENTIALS, true, &credentials);
  if (st == CORS_OK)
    st = load_list(run, CORS_ENV_ALLOW_METHODS, CORS__LIST_METHODS,
                   seed_methods);
  if (st == CORS_OK)
    st = load_list(run, CORS_ENV_ALLOW_HEADERS, CORS__LIST_ALLOWED_HEADERS,
                   seed_allowed_headers);
  if (st == CORS_OK)
    st = load_list(run, CORS_ENV_EXPOSE_HEADERS, CORS__LIST_EXPOSED_HEADERS,
                   seed_exposed_headers);
  if (st == CORS_OK)
    st = read_max_age(run, &max_age);
  if (st == CORS_OK)
    st =
        read_bool(run, CORS_ENV_ALLOW_PRIVATE_NETWORK, false, &private_network);
  if (st == CORS_OK)
    st = read_bool(run, CORS_ENV_DEV_DEFAULTS, true, &dev_defaults);
  /* Unset, these two keep what the host chose in code. */
  if (st == CORS_OK)
    st = read_bool(run, ENV_REPORT_ONLY, cfg->report_only, &report_only);
  if (st == CORS_OK)
    st = read_bool(run, ENV_STRICT_LINT, cfg->strict_lint, &strict_lint);
  if (st != CORS_OK)
    return st;

  cors__config_set_credentials(cfg, credentials,
                               run->labels[CORS_ENV_ALLOW_CREDENTIALS]);
  st = cors__config_set_max_age(cfg, max_age, run->labels[CORS_ENV_MAX_AGE],
                                run->err);
  if (st != CORS_OK)
    return st;
  cfg->private_network = private_network;
  cfg->report_only = report_only;
  cfg->strict_lint = strict_lint;
  return apply_dev_defaults(run, dev_defaults);
}

cors_status cors_config_load_env(cors_config *cfg, cors_env_lookup_fn lookup_fn,
                                 void *ctx, const cors_env_options *opts,
                                 cors_error *err) {
  if (cfg == NULL)
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "config", -1, -1,
                           "cors_config_load_env: the config is NULL");
  env_run run;
  memset(&run, 0, sizeof run);
  run.cfg = cfg;
  run.lookup = lookup_fn != NULL ? lookup_fn : getenv_lookup;
  run.ctx = ctx;
  run.err = err;
  cfg->used_dev_defaults = false;
  cors_status st = resolve_names(&run, opts);
  if (st != CORS_OK)
    return st;
  return load_all(&run);
}

bool cors_config_used_dev_defaults(const cors_config *cfg) {
  return cfg != NULL && cfg->used_dev_defaults;
}
