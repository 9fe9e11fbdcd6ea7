/* docs/semantics.md#the-environment: configuration from the environment,
 * through the lookup callback (each variable unset, blank, valid and
 * invalid), the development defaults, name overrides, old-size options, and
 * the error fields, indexes and messages operators rely on. */
#define _POSIX_C_SOURCE 200809L /* setenv for the getenv default */

#include <check.h>

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a fake environment ------------------------------------------------ */

#define MAX_VARS 16
#define MAX_SEEN 64

typedef struct fake_env {
  const char *names[MAX_VARS];
  const char *values[MAX_VARS];
  size_t count;
  const char *seen[MAX_SEEN]; /* every name the loader asked for */
  size_t seen_count;
} fake_env;

static const char *fake_lookup(const char *name, void *ctx) {
  fake_env *env = ctx;
  if (env->seen_count < MAX_SEEN)
    env->seen[env->seen_count++] = name;
  for (size_t i = 0; i < env->count; i++)
    if (strcmp(env->names[i], name) == 0)
      return env->values[i];
  return NULL;
}

static void env_set(fake_env *env, const char *name, const char *value) {
  ck_assert_uint_lt(env->count, MAX_VARS);
  env->names[env->count] = name;
  env->values[env->count] = value;
  env->count++;
}

static size_t times_seen(const fake_env *env, const char *name) {
  size_t n = 0;
  for (size_t i = 0; i < env->seen_count; i++)
    n += strcmp(env->seen[i], name) == 0;
  return n;
}

/* Warnings the loader reported. */
typedef struct warnings {
  cors_warning_code codes[16];
  char fields[16][CORS_ERROR_FIELD_MAX];
  char messages[16][CORS_ERROR_MESSAGE_MAX];
  size_t count;
} warnings;

static void record_warning(const cors_warning *w, void *ud) {
  warnings *ws = ud;
  if (ws->count == 16)
    return;
  ws->codes[ws->count] = w->code;
  snprintf(ws->fields[ws->count], CORS_ERROR_FIELD_MAX, "%s", w->field);
  snprintf(ws->messages[ws->count], CORS_ERROR_MESSAGE_MAX, "%s", w->message);
  ws->count++;
}

static size_t count_code(const warnings *ws, cors_warning_code code) {
  size_t n = 0;
  for (size_t i = 0; i < ws->count; i++)
    n += ws->codes[i] == code;
  return n;
}

/* One load: a fresh config with a warning recorder. */
typedef struct load {
  cors_config *cfg;
  warnings ws;
  cors_error err;
  cors_status st;
} load;

static void load_begin(load *l) {
  memset(l, 0, sizeof *l);
  l->cfg = cors_config_new(NULL);
  ck_assert_ptr_nonnull(l->cfg);
  cors_config_set_warning_handler(l->cfg, record_warning, &l->ws);
}

static void load_run(load *l, fake_env *env, const cors_env_options *opts) {
  l->st = cors_config_load_env(l->cfg, fake_lookup, env, opts, &l->err);
}

static void load_env(load *l, fake_env *env) {
  load_begin(l);
  load_run(l, env, NULL);
}

static void load_end(load *l) {
  cors_config_free(l->cfg);
}

static const cors__list *list_of(const load *l, cors__list_kind kind) {
  return &l->cfg->lists[kind];
}

static const char *entry_label(const load *l, const cors__entry *e) {
  return cors__config_label_name(l->cfg, e->label);
}

/* The list holds exactly these entries, in this order. */
static void assert_list(const load *l, cors__list_kind kind,
                        const char *const *want, size_t n) {
  const cors__list *list = list_of(l, kind);
  ck_assert_uint_eq(list->count, n);
  for (size_t i = 0; i < n; i++)
    ck_assert_str_eq(list->items[i].text, want[i]);
}

static const char *const dev_origins[] = {
    "http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:5173",
    "http://127.0.0.1:5173"};
static const char *const seed_methods[] = {"GET", "HEAD",  "OPTIONS", "POST",
                                           "PUT", "PATCH", "DELETE"};
static const char *const seed_allowed[] = {
    "Authorization", "Content-Type", "X-Request-ID",    "X-CSRF-Token",
    "If-None-Match", "If-Match",     "Idempotency-Key", "X-Client",
    "Cache-Control", "Pragma",       "X-Session-Id",    "X-Requested-With",
    "X-Reauth"};
static const char *const seed_exposed[] = {"ETag",
                                           "Location",
                                           "Retry-After",
                                           "X-Request-ID",
                                           "X-RateLimit-Limit",
                                           "X-RateLimit-Remaining",
                                           "X-RateLimit-Reset"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void assert_error(const load *l, cors_status code, const char *field,
                         long index) {
  ck_assert_msg(l->st == code, "status %s, wanted %s (%s)",
                cors_strerror(l->st), cors_strerror(code), l->err.message);
  ck_assert_int_eq(l->err.code, code);
  ck_assert_str_eq(l->err.field, field);
  ck_assert_int_eq(l->err.index, index);
}

static void assert_message_has(const load *l, const char *text) {
  ck_assert_msg(strstr(l->err.message, text) != NULL,
                "message \"%s\" lacks \"%s\"", l->err.message, text);
}

static void assert_ok(const load *l) {
  ck_assert_msg(l->st == CORS_OK, "load failed: %s", l->err.message);
}

/* ---- defaults ------------------------------------------------------------ */

START_TEST(unset_gives_the_seed_backend_defaults) {
  fake_env env = {0};
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  assert_list(&l, CORS__LIST_METHODS, seed_methods, N(seed_methods));
  assert_list(&l, CORS__LIST_ALLOWED_HEADERS, seed_allowed, N(seed_allowed));
  assert_list(&l, CORS__LIST_EXPOSED_HEADERS, seed_exposed, N(seed_exposed));
  assert_list(&l, CORS__LIST_ORIGINS, dev_origins, N(dev_origins));
  ck_assert(l.cfg->credentials);
  ck_assert(l.cfg->has_max_age);
  ck_assert_int_eq(l.cfg->max_age, 3600);
  ck_assert(!l.cfg->private_network);
  ck_assert_ptr_null(l.cfg->regex);
  ck_assert(cors_config_used_dev_defaults(l.cfg));
  load_end(&l);
}
END_TEST

START_TEST(every_variable_is_read_once) {
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://app.example.com");
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  for (int v = 0; v < CORS_ENV_VAR_COUNT; v++) {
    const char *name = cors_env_default_name((cors_env_var)v);
    ck_assert_ptr_nonnull(name);
    ck_assert_msg(times_seen(&env, name) == 1, "%s read %zu times", name,
                  times_seen(&env, name));
  }
  /* The two 1.1 variables, which have no cors_env_var index. */
  ck_assert_uint_eq(times_seen(&env, "CORS_REPORT_ONLY"), 1);
  ck_assert_uint_eq(times_seen(&env, "CORS_STRICT_LINT"), 1);
  ck_assert_uint_eq(env.seen_count, CORS_ENV_VAR_COUNT + 2);
  load_end(&l);
}
END_TEST

START_TEST(default_names) {
  static const char *const want[CORS_ENV_VAR_COUNT] = {
      "FRONTEND_ORIGINS",       "ALLOW_ORIGINS_REGEX",
      "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_METHODS",
      "CORS_ALLOW_HEADERS",     "CORS_EXPOSE_HEADERS",
      "CORS_MAX_AGE",           "CORS_ALLOW_PRIVATE_NETWORK",
      "CORS_DEV_DEFAULTS"};
  for (int v = 0; v < CORS_ENV_VAR_COUNT; v++)
    ck_assert_str_eq(cors_env_default_name((cors_env_var)v), want[v]);
  ck_assert_ptr_null(cors_env_default_name((cors_env_var)CORS_ENV_VAR_COUNT));
  ck_assert_ptr_null(cors_env_default_name((cors_env_var)-1));
}
END_TEST

/* ---- origins and the development defaults -------------------------------- */

typedef struct origin_case {
  const char *frontend; /* NULL: unset */
  const char *regex;    /* NULL: unset */
  const char *dev;      /* CORS_DEV_DEFAULTS, NULL: unset */
  size_t origins;       /* entries after loading */
  bool has_regex;
  bool used_dev;
  cors_warning_code warning; /* 0: none of dev-defaults/no-origins */
} origin_case;

static const origin_case origin_cases[] = {
    {NULL, NULL, NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {"", NULL, NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {" \t ", NULL, NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {" , ,, ", NULL, NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {NULL, "", NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {NULL, "  ", NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {"", " , ", NULL, 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
    {"https://a.com", NULL, NULL, 1, false, false, 0},
    {" https://a.com ,, https://b.com,", NULL, NULL, 2, false, false, 0},
    {NULL, "^https://[a-z]+\\.example\\.com$", NULL, 0, true, false, 0},
    {"", "^https://[a-z]+\\.example\\.com$", NULL, 0, true, false, 0},
    {NULL, NULL, "false", 0, false, false, CORS_WARN_NO_ORIGINS},
    {"  ", NULL, "no", 0, false, false, CORS_WARN_NO_ORIGINS},
    {"https://a.com", NULL, "false", 1, false, false, 0},
    {NULL, NULL, "true", 4, false, true, CORS_WARN_DEV_DEFAULTS_USED},
};

START_TEST(origin_matrix) {
  const origin_case *c = &origin_cases[_i];
  fake_env env = {0};
  if (c->frontend)
    env_set(&env, "FRONTEND_ORIGINS", c->frontend);
  if (c->regex)
    env_set(&env, "ALLOW_ORIGINS_REGEX", c->regex);
  if (c->dev)
    env_set(&env, "CORS_DEV_DEFAULTS", c->dev);
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_ORIGINS)->count, c->origins);
  ck_assert_int_eq(l.cfg->regex != NULL, c->has_regex);
  ck_assert_int_eq(cors_config_used_dev_defaults(l.cfg), c->used_dev);
  size_t dev = count_code(&l.ws, CORS_WARN_DEV_DEFAULTS_USED);
  size_t none = count_code(&l.ws, CORS_WARN_NO_ORIGINS);
  ck_assert_uint_eq(dev, c->warning == CORS_WARN_DEV_DEFAULTS_USED);
  ck_assert_uint_eq(none, c->warning == CORS_WARN_NO_ORIGINS);
  load_end(&l);
}
END_TEST

START_TEST(dev_defaults_are_labelled_and_reported) {
  fake_env env = {0};
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  const cors__list *o = list_of(&l, CORS__LIST_ORIGINS);
  for (size_t i = 0; i < o->count; i++)
    ck_assert_str_eq(entry_label(&l, &o->items[i]), "FRONTEND_ORIGINS");
  ck_assert_uint_eq(count_code(&l.ws, CORS_WARN_DEV_DEFAULTS_USED), 1);
  for (size_t i = 0; i < l.ws.count; i++) {
    if (l.ws.codes[i] != CORS_WARN_DEV_DEFAULTS_USED)
      continue;
    ck_assert_str_eq(l.ws.fields[i], "FRONTEND_ORIGINS");
    ck_assert_ptr_nonnull(strstr(l.ws.messages[i], "http://localhost:3000"));
    ck_assert_ptr_nonnull(strstr(l.ws.messages[i], "CORS_DEV_DEFAULTS"));
  }
  load_end(&l);
}
END_TEST

START_TEST(no_origins_warning_names_the_variables) {
  fake_env env = {0};
  env_set(&env, "CORS_DEV_DEFAULTS", "FALSE");
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  ck_assert_uint_eq(count_code(&l.ws, CORS_WARN_NO_ORIGINS), 1);
  for (size_t i = 0; i < l.ws.count; i++) {
    if (l.ws.codes[i] != CORS_WARN_NO_ORIGINS)
      continue;
    ck_assert_str_eq(l.ws.fields[i], "FRONTEND_ORIGINS");
    ck_assert_ptr_nonnull(strstr(l.ws.messages[i], "no origin is allowed"));
  }
  load_end(&l);
}
END_TEST

START_TEST(env_origins_add_to_host_origins) {
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://b.com");
  load l;
  load_begin(&l);
  ck_assert_int_eq(cors_config_add_origin_cstr(l.cfg, "https://a.com", NULL),
                   CORS_OK);
  load_run(&l, &env, NULL);
  assert_ok(&l);
  static const char *const want[] = {"https://a.com", "https://b.com"};
  assert_list(&l, CORS__LIST_ORIGINS, want, 2);
  ck_assert_str_eq(entry_label(&l, &list_of(&l, CORS__LIST_ORIGINS)->items[1]),
                   "FRONTEND_ORIGINS");
  load_end(&l);
}
END_TEST

START_TEST(host_origin_suppresses_dev_defaults) {
  fake_env env = {0};
  load l;
  load_begin(&l);
  ck_assert_int_eq(cors_config_add_origin_cstr(l.cfg, "https://a.com", NULL),
                   CORS_OK);
  load_run(&l, &env, NULL);
  assert_ok(&l);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_ORIGINS)->count, 1);
  ck_assert(!cors_config_used_dev_defaults(l.cfg));
  ck_assert_uint_eq(count_code(&l.ws, CORS_WARN_DEV_DEFAULTS_USED), 0);
  load_end(&l);
}
END_TEST

START_TEST(blank_regex_keeps_host_regex) {
  fake_env env = {0};
  env_set(&env, "ALLOW_ORIGINS_REGEX", "   ");
  load l;
  load_begin(&l);
  const char *re = "^https://host\\.com$";
  ck_assert_int_eq(cors_config_set_origin_regex(l.cfg, re, strlen(re), NULL),
                   CORS_OK);
  load_run(&l, &env, NULL);
  assert_ok(&l);
  ck_assert_str_eq(l.cfg->regex, re);
  ck_assert(!cors_config_used_dev_defaults(l.cfg));
  load_end(&l);
}
END_TEST

START_TEST(regex_is_trimmed_and_labelled) {
  fake_env env = {0};
  env_set(&env, "ALLOW_ORIGINS_REGEX", "  ^https://a\\.com$ ");
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  ck_assert_str_eq(l.cfg->regex, "^https://a\\.com$");
  ck_assert_str_eq(cors__config_label_name(l.cfg, l.cfg->regex_label),
                   "ALLOW_ORIGINS_REGEX");
  load_end(&l);
}
END_TEST

START_TEST(dev_defaults_flag_resets_between_loads) {
  fake_env empty = {0};
  fake_env set = {0};
  env_set(&set, "FRONTEND_ORIGINS", "https://a.com");
  load l;
  load_env(&l, &empty);
  ck_assert(cors_config_used_dev_defaults(l.cfg));
  load_run(&l, &set, NULL);
  assert_ok(&l);
  ck_assert(!cors_config_used_dev_defaults(l.cfg));
  load_end(&l);
  ck_assert(!cors_config_used_dev_defaults(NULL));
}
END_TEST

/* ---- invalid list entries: field, index and message -----------------------
 */

typedef struct bad_entry_case {
  const char *var;
  const char *value;
  cors_status code;
  long index;
  const char *in_message[3]; /* each must appear in the message */
} bad_entry_case;

static const bad_entry_case bad_entries[] = {
    {"FRONTEND_ORIGINS",
     "https://a.com/",
     CORS_ERR_INVALID_ORIGIN,
     0,
     {"FRONTEND_ORIGINS", "'https://a.com/'", "trailing slash"}},
    {"FRONTEND_ORIGINS",
     "https://ok.com,, https://x.com/path",
     CORS_ERR_INVALID_ORIGIN,
     2,
     {"FRONTEND_ORIGINS", "https://x.com/path"}},
    {"FRONTEND_ORIGINS",
     "https://user@a.com",
     CORS_ERR_INVALID_ORIGIN,
     0,
     {"FRONTEND_ORIGINS", "https://user@a.com"}},
    {"FRONTEND_ORIGINS",
     "https://a.com:99999",
     CORS_ERR_INVALID_ORIGIN,
     0,
     {"FRONTEND_ORIGINS"}},
    {"CORS_ALLOW_METHODS",
     "GET, TRACE",
     CORS_ERR_FORBIDDEN_METHOD,
     1,
     {"CORS_ALLOW_METHODS", "TRACE"}},
    {"CORS_ALLOW_METHODS",
     "GET,,GE T",
     CORS_ERR_INVALID_METHOD,
     2,
     {"CORS_ALLOW_METHODS", "'GE T'"}},
    {"CORS_ALLOW_HEADERS",
     "X-Ok, bad header",
     CORS_ERR_INVALID_HEADER,
     1,
     {"CORS_ALLOW_HEADERS", "'bad header'"}},
    {"CORS_EXPOSE_HEADERS",
     "ETag, X(y)",
     CORS_ERR_INVALID_HEADER,
     1,
     {"CORS_EXPOSE_HEADERS", "X(y)"}},
    {"ALLOW_ORIGINS_REGEX",
     "^https://(a|b\\.com$",
     CORS_ERR_INVALID_REGEX,
     -1,
     {"ALLOW_ORIGINS_REGEX"}},
};

START_TEST(bad_list_entry) {
  const bad_entry_case *c = &bad_entries[_i];
  fake_env env = {0};
  env_set(&env, c->var, c->value);
  load l;
  load_env(&l, &env);
  assert_error(&l, c->code, c->var, c->index);
  for (size_t k = 0; k < 3 && c->in_message[k] != NULL; k++)
    assert_message_has(&l, c->in_message[k]);
  load_end(&l);
}
END_TEST

START_TEST(regex_error_carries_the_offset) {
  fake_env env = {0};
  env_set(&env, "ALLOW_ORIGINS_REGEX", "^https://(a|b$");
  load l;
  load_env(&l, &env);
  assert_error(&l, CORS_ERR_INVALID_REGEX, "ALLOW_ORIGINS_REGEX", -1);
  ck_assert_int_ge(l.err.offset, 0);
  load_end(&l);
}
END_TEST

/* ---- lists: set, empty, replaced ------------------------------------------
 */

START_TEST(empty_list_variables_mean_empty_lists) {
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://a.com");
  env_set(&env, "CORS_ALLOW_METHODS", "");
  env_set(&env, "CORS_ALLOW_HEADERS", "");
  env_set(&env, "CORS_EXPOSE_HEADERS", " , ");
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_METHODS)->count, 0);
  ck_assert(list_of(&l, CORS__LIST_METHODS)->set);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_ALLOWED_HEADERS)->count, 0);
  ck_assert(list_of(&l, CORS__LIST_ALLOWED_HEADERS)->set);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_EXPOSED_HEADERS)->count, 0);
  ck_assert(list_of(&l, CORS__LIST_EXPOSED_HEADERS)->set);
  load_end(&l);
}
END_TEST

START_TEST(list_variables_replace_and_keep_order) {
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://a.com");
  env_set(&env, "CORS_ALLOW_METHODS", " get , patch,,PUT ");
  env_set(&env, "CORS_ALLOW_HEADERS", "*, Authorization");
  env_set(&env, "CORS_EXPOSE_HEADERS", "X-Total-Count");
  load l;
  load_begin(&l);
  ck_assert_int_eq(cors_config_add_method(l.cfg, "POST", 4, NULL), CORS_OK);
  load_run(&l, &env, NULL);
  assert_ok(&l);
  static const char *const methods[] = {"GET", "patch", "PUT"};
  static const char *const headers[] = {"*", "Authorization"};
  static const char *const exposed[] = {"X-Total-Count"};
  assert_list(&l, CORS__LIST_METHODS, methods, 3);
  assert_list(&l, CORS__LIST_ALLOWED_HEADERS, headers, 2);
  assert_list(&l, CORS__LIST_EXPOSED_HEADERS, exposed, 1);
  const cors__list *m = list_of(&l, CORS__LIST_METHODS);
  ck_assert_int_eq(m->items[2].index, 3); /* positions count empty entries */
  ck_assert_str_eq(entry_label(&l, &m->items[0]), "CORS_ALLOW_METHODS");
  load_end(&l);
}
END_TEST

/* ---- booleans ---------------------------------------------------------------
 */

static const cors_env_var bool_vars[] = {CORS_ENV_ALLOW_CREDENTIALS,
                                         CORS_ENV_ALLOW_PRIVATE_NETWORK,
                                         CORS_ENV_DEV_DEFAULTS};

typedef struct bool_case {
  const char *value;
  int want; /* 1 true, 0 false, -1 CORS_ERR_INVALID_BOOLEAN */
} bool_case;

static const bool_case bool_cases[] = {
    {"true", 1}, {"TRUE", 1},  {"True", 1},   {"1", 1},      {"yes", 1},
    {"YES", 1},  {"false", 0}, {"False", 0},  {"0", 0},      {"no", 0},
    {"No", 0},   {"", -1},     {" ", -1},     {"maybe", -1}, {"2", -1},
    {"on", -1},  {"off", -1},  {" true", -1}, {"yes!", -1},  {"truex", -1},
};

static bool bool_setting(const load *l, cors_env_var var) {
  switch (var) {
  case CORS_ENV_ALLOW_CREDENTIALS:
    return l->cfg->credentials;
  case CORS_ENV_ALLOW_PRIVATE_NETWORK:
    return l->cfg->private_network;
  default:
    return cors_config_used_dev_defaults(l->cfg);
  }
}

START_TEST(boolean_matrix) {
  for (size_t v = 0; v < N(bool_vars); v++) {
    const bool_case *c = &bool_cases[_i];
    const char *name = cors_env_default_name(bool_vars[v]);
    fake_env env = {0};
    env_set(&env, name, c->value);
    load l;
    load_env(&l, &env);
    if (c->want < 0) {
      assert_error(&l, CORS_ERR_INVALID_BOOLEAN, name, -1);
      assert_message_has(&l, name);
      char quoted[64];
      snprintf(quoted, sizeof quoted, "'%s'", c->value);
      assert_message_has(&l, quoted);
      assert_message_has(&l, "true or false");
    } else {
      assert_ok(&l);
      ck_assert_msg(bool_setting(&l, bool_vars[v]) == (c->want == 1), "%s=%s",
                    name, c->value);
    }
    load_end(&l);
  }
}
END_TEST

START_TEST(boolean_defaults) {
  fake_env env = {0};
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  ck_assert(l.cfg->credentials);
  ck_assert(!l.cfg->private_network);
  ck_assert(cors_config_used_dev_defaults(l.cfg));
  ck_assert_str_eq(cors__config_label_name(l.cfg, l.cfg->credentials_label),
                   "CORS_ALLOW_CREDENTIALS");
  load_end(&l);
}
END_TEST

/* A bad value is an error even where it would change nothing. */
START_TEST(bad_value_is_an_error_even_when_irrelevant) {
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://a.com");
  env_set(&env, "CORS_DEV_DEFAULTS", "sometimes");
  load l;
  load_env(&l, &env);
  assert_error(&l, CORS_ERR_INVALID_BOOLEAN, "CORS_DEV_DEFAULTS", -1);
  load_end(&l);
}
END_TEST

/* ---- CORS_MAX_AGE
 * ------------------------------------------------------------ */

typedef struct max_age_case {
  const char *value;
  long want; /* -1: CORS_ERR_INVALID_MAX_AGE */
  const char *in_message;
} max_age_case;

static const max_age_case max_age_cases[] = {
    {"0", 0, NULL},
    {"600", 600, NULL},
    {" 7200\t", 7200, NULL},
    {"86400", 86400, NULL},
    {"007", 7, NULL},
    {"abc", -1, "'abc'"},
    {"", -1, "''"},
    {"   ", -1, "CORS_MAX_AGE"},
    {"1e3", -1, "'1e3'"},
    {"12 34", -1, "CORS_MAX_AGE"},
    {"+5", -1, "'+5'"},
    {"-5", -1, "negative"},
    {" -1 ", -1, "negative"},
    {"3600s", -1, "CORS_MAX_AGE"},
    {"99999999999999999999999999", -1, "CORS_MAX_AGE"},
};

START_TEST(max_age_matrix) {
  const max_age_case *c = &max_age_cases[_i];
  fake_env env = {0};
  env_set(&env, "CORS_MAX_AGE", c->value);
  load l;
  load_env(&l, &env);
  if (c->want < 0) {
    assert_error(&l, CORS_ERR_INVALID_MAX_AGE, "CORS_MAX_AGE", -1);
    assert_message_has(&l, "CORS_MAX_AGE");
    assert_message_has(&l, c->in_message);
  } else {
    assert_ok(&l);
    ck_assert(l.cfg->has_max_age);
    ck_assert_int_eq(l.cfg->max_age, c->want);
    ck_assert_str_eq(cors__config_label_name(l.cfg, l.cfg->max_age_label),
                     "CORS_MAX_AGE");
  }
  load_end(&l);
}
END_TEST

/* ---- options: names and struct size
 * ------------------------------------------- */

START_TEST(names_can_be_overridden) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  ck_assert_uint_eq(opts.size, sizeof opts);
  for (int v = 0; v < CORS_ENV_VAR_COUNT; v++)
    ck_assert_ptr_null(opts.names[v]);
  opts.names[CORS_ENV_FRONTEND_ORIGINS] = "APP_ORIGINS";
  opts.names[CORS_ENV_MAX_AGE] = "APP_MAX_AGE";
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://ignored.com");
  env_set(&env, "APP_MAX_AGE", "60");
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_ok(&l);
  ck_assert_uint_eq(times_seen(&env, "FRONTEND_ORIGINS"), 0);
  ck_assert_uint_eq(times_seen(&env, "APP_ORIGINS"), 1);
  ck_assert_uint_eq(times_seen(&env, "CORS_ALLOW_METHODS"), 1);
  ck_assert_int_eq(l.cfg->max_age, 60);
  /* FRONTEND_ORIGINS was not looked up, so the dev defaults apply and the
   * warning names the variable actually read. */
  ck_assert(cors_config_used_dev_defaults(l.cfg));
  ck_assert_str_eq(l.ws.fields[0], "APP_ORIGINS");
  ck_assert_ptr_nonnull(strstr(l.ws.messages[0], "APP_ORIGINS"));
  load_end(&l);
}
END_TEST

START_TEST(errors_name_the_overridden_variable) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.names[CORS_ENV_FRONTEND_ORIGINS] = "APP_ORIGINS";
  opts.names[CORS_ENV_ALLOW_CREDENTIALS] = "APP_CREDENTIALS";
  fake_env env = {0};
  env_set(&env, "APP_ORIGINS", "https://a.com, https://b.com/");
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_error(&l, CORS_ERR_INVALID_ORIGIN, "APP_ORIGINS", 1);
  assert_message_has(&l, "APP_ORIGINS");
  load_end(&l);

  fake_env env2 = {0};
  env_set(&env2, "APP_CREDENTIALS", "maybe");
  load_begin(&l);
  load_run(&l, &env2, &opts);
  assert_error(&l, CORS_ERR_INVALID_BOOLEAN, "APP_CREDENTIALS", -1);
  load_end(&l);
}
END_TEST

/* A caller compiled against an older, shorter cors_env_options passes a
 * smaller size: names past it must not be read. */
START_TEST(older_smaller_options_are_accepted) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  for (int v = 0; v < CORS_ENV_VAR_COUNT; v++)
    opts.names[v] = "NOT_PART_OF_THE_OLD_STRUCT";
  opts.names[CORS_ENV_FRONTEND_ORIGINS] = "OLD_ORIGINS";
  opts.names[CORS_ENV_ALLOW_ORIGINS_REGEX] = "OLD_REGEX";
  opts.size = offsetof(cors_env_options, names) + 2 * sizeof(const char *);
  fake_env env = {0};
  env_set(&env, "OLD_ORIGINS", "https://a.com");
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_ok(&l);
  ck_assert_uint_eq(times_seen(&env, "OLD_ORIGINS"), 1);
  ck_assert_uint_eq(times_seen(&env, "OLD_REGEX"), 1);
  ck_assert_uint_eq(times_seen(&env, "NOT_PART_OF_THE_OLD_STRUCT"), 0);
  ck_assert_uint_eq(times_seen(&env, "CORS_ALLOW_CREDENTIALS"), 1);
  ck_assert_uint_eq(times_seen(&env, "CORS_DEV_DEFAULTS"), 1);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_ORIGINS)->count, 1);
  load_end(&l);
}
END_TEST

START_TEST(options_with_no_names_use_defaults) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  for (int v = 0; v < CORS_ENV_VAR_COUNT; v++)
    opts.names[v] = "NOT_READ";
  opts.size = sizeof opts.size;
  fake_env env = {0};
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_ok(&l);
  ck_assert_uint_eq(times_seen(&env, "NOT_READ"), 0);
  ck_assert_uint_eq(times_seen(&env, "FRONTEND_ORIGINS"), 1);
  load_end(&l);
  cors_env_options_init(NULL); /* no crash */
}
END_TEST

START_TEST(empty_name_is_refused) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.names[CORS_ENV_MAX_AGE] = "";
  fake_env env = {0};
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  ck_assert_int_eq(l.st, CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(l.err.index, CORS_ENV_MAX_AGE);
  assert_message_has(&l, "CORS_MAX_AGE");
  load_end(&l);
}
END_TEST

START_TEST(null_config_is_refused) {
  cors_error err;
  ck_assert_int_eq(cors_config_load_env(NULL, NULL, NULL, NULL, &err),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(err.code, CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_config_load_env(NULL, NULL, NULL, NULL, NULL),
                   CORS_ERR_INVALID_ARGUMENT);
}
END_TEST

/* lookup NULL reads the process environment. */
START_TEST(null_lookup_reads_getenv) {
  ck_assert_int_eq(setenv("CORS_MAX_AGE", "77", 1), 0);
  ck_assert_int_eq(setenv("FRONTEND_ORIGINS", "https://env.example", 1), 0);
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_status st = cors_config_load_env(cfg, NULL, NULL, NULL, &err);
  unsetenv("CORS_MAX_AGE");
  unsetenv("FRONTEND_ORIGINS");
  ck_assert_msg(st == CORS_OK, "%s", err.message);
  ck_assert_int_eq(cfg->max_age, 77);
  ck_assert_uint_eq(cfg->lists[CORS__LIST_ORIGINS].count, 1);
  ck_assert_str_eq(cfg->lists[CORS__LIST_ORIGINS].items[0].text,
                   "https://env.example");
  cors_config_free(cfg);
}
END_TEST


/* ---- 1.1: prefix, report-only, strict lint, options layout ---------------- */

/* The lookup may keep the name only during the call; copy what was asked. */
typedef struct name_log {
  char names[32][CORS_ERROR_FIELD_MAX];
  size_t count;
  fake_env *env;
} name_log;

static const char *logging_lookup(const char *name, void *ctx) {
  name_log *log = ctx;
  if (log->count < 32)
    snprintf(log->names[log->count++], CORS_ERROR_FIELD_MAX, "%s", name);
  return fake_lookup(name, log->env);
}

static bool log_has(const name_log *log, const char *name) {
  for (size_t i = 0; i < log->count; i++)
    if (strcmp(log->names[i], name) == 0)
      return true;
  return false;
}

START_TEST(prefix_is_prepended_to_every_name) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = "PUBLIC_";
  opts.names[CORS_ENV_MAX_AGE] = "APP_MAX_AGE";
  fake_env env = {0};
  env_set(&env, "PUBLIC_FRONTEND_ORIGINS", "*");
  env_set(&env, "PUBLIC_CORS_ALLOW_CREDENTIALS", "false");
  env_set(&env, "PUBLIC_APP_MAX_AGE", "60");
  env_set(&env, "FRONTEND_ORIGINS", "https://unprefixed.example");
  name_log log = {.env = &env};
  load l;
  load_begin(&l);
  l.st = cors_config_load_env(l.cfg, logging_lookup, &log, &opts, &l.err);
  assert_ok(&l);
  ck_assert_uint_eq(log.count, CORS_ENV_VAR_COUNT + 2);
  ck_assert(log_has(&log, "PUBLIC_CORS_REPORT_ONLY"));
  ck_assert(log_has(&log, "PUBLIC_CORS_STRICT_LINT"));
  ck_assert(!log_has(&log, "FRONTEND_ORIGINS"));
  static const char *const star[] = {"*"};
  assert_list(&l, CORS__LIST_ORIGINS, star, 1);
  ck_assert(!l.cfg->credentials);
  ck_assert_int_eq(l.cfg->max_age, 60);
  /* Entries remember the prefixed variable they came from. */
  ck_assert_str_eq(entry_label(&l, &list_of(&l, CORS__LIST_ORIGINS)->items[0]),
                   "PUBLIC_FRONTEND_ORIGINS");
  load_end(&l);
}
END_TEST

START_TEST(prefixed_errors_name_the_prefixed_variable) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = "ADMIN_";
  fake_env env = {0};
  env_set(&env, "ADMIN_CORS_MAX_AGE", "soon");
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_error(&l, CORS_ERR_INVALID_MAX_AGE, "ADMIN_CORS_MAX_AGE", -1);
  assert_message_has(&l, "ADMIN_CORS_MAX_AGE");
  load_end(&l);
}
END_TEST

START_TEST(prefix_making_a_name_too_long_is_refused) {
  char prefix[CORS_ERROR_FIELD_MAX];
  memset(prefix, 'P', sizeof prefix - 1);
  prefix[sizeof prefix - 1] = '\0';
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = prefix + 23; /* 40 bytes: fits names of 22, not of 26 */
  fake_env env = {0};
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  ck_assert_int_eq(l.st, CORS_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(l.err.field, "prefix");
  assert_message_has(&l, "CORS_ALLOW_PRIVATE_NETWORK");
  ck_assert_uint_eq(env.seen_count, 0); /* nothing read */
  ck_assert_uint_eq(list_of(&l, CORS__LIST_ORIGINS)->count, 0);
  load_end(&l);
}
END_TEST

/* One config loaded under many prefixes: every error names its own
 * variable, and past the eighth set of names the loader refuses instead of
 * naming a field wrongly. */
START_TEST(many_prefixes_into_one_config_keep_their_names) {
  load l;
  load_begin(&l);
  char prefix[16];
  char name[64];
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = prefix;
  for (int i = 0; i < 8; i++) {
    snprintf(prefix, sizeof prefix, "P%d_", i);
    fake_env env = {0};
    snprintf(name, sizeof name, "P%d_CORS_MAX_AGE", i);
    env_set(&env, name, "soon");
    load_run(&l, &env, &opts);
    assert_error(&l, CORS_ERR_INVALID_MAX_AGE, name, -1);
  }
  snprintf(prefix, sizeof prefix, "P8_");
  fake_env env = {0};
  env_set(&env, "P8_CORS_MAX_AGE", "soon");
  load_run(&l, &env, &opts);
  ck_assert_int_eq(l.st, CORS_ERR_TOO_MANY_ENTRIES);
  ck_assert_str_eq(l.err.field, "names");
  assert_message_has(&l, "own config");
  ck_assert_uint_eq(env.seen_count, 0); /* nothing read */
  /* Names already known still load. */
  snprintf(prefix, sizeof prefix, "P3_");
  fake_env again = {0};
  env_set(&again, "P3_FRONTEND_ORIGINS", "https:/bad.example");
  load_run(&l, &again, &opts);
  assert_error(&l, CORS_ERR_INVALID_ORIGIN, "P3_FRONTEND_ORIGINS", 0);
  load_end(&l);
}
END_TEST

START_TEST(prefix_with_equals_is_refused) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = "A=B_";
  fake_env env = {0};
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  ck_assert_int_eq(l.st, CORS_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(l.err.field, "prefix");
  ck_assert_uint_eq(env.seen_count, 0);
  load_end(&l);
}
END_TEST

START_TEST(empty_prefix_means_none) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = "";
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://a.example");
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_ok(&l);
  ck_assert_uint_eq(list_of(&l, CORS__LIST_ORIGINS)->count, 1);
  load_end(&l);
}
END_TEST

static cors_result evaluate_actual_from(cors_policy *pol, const char *origin) {
  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr("GET");
  req.origin = cors_slice_cstr(origin);
  req.origin_count = 1;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  return res;
}

START_TEST(report_only_variable_turns_headers_off) {
  fake_env env = {0};
  env_set(&env, "FRONTEND_ORIGINS", "https://app.example.com");
  env_set(&env, "CORS_REPORT_ONLY", "true");
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(l.cfg, &pol, &l.err), CORS_OK);
  ck_assert(cors_policy_report_only(pol));
  cors_result res = evaluate_actual_from(pol, "https://app.example.com");
  ck_assert(res.allowed);
  ck_assert_uint_eq(res.header_count, 0);
  res = evaluate_actual_from(pol, "https://evil.example");
  ck_assert(!res.allowed);
  ck_assert_int_eq(res.reason, CORS_REASON_ORIGIN_NOT_ALLOWED);
  ck_assert_uint_eq(res.header_count, 0);
  cors_policy_free(pol);
  load_end(&l);
}
END_TEST

/* Unset, the two 1.1 booleans keep what the host set in code. */
START_TEST(unset_report_only_and_strict_lint_keep_the_host_choice) {
  fake_env env = {0};
  load l;
  load_begin(&l);
  cors_config_set_report_only(l.cfg, true);
  cors_config_set_strict_lint(l.cfg, true);
  load_run(&l, &env, NULL);
  assert_ok(&l);
  ck_assert(l.cfg->report_only);
  ck_assert(l.cfg->strict_lint);
  env_set(&env, "CORS_REPORT_ONLY", "no");
  env_set(&env, "CORS_STRICT_LINT", "0");
  load_run(&l, &env, NULL);
  assert_ok(&l);
  ck_assert(!l.cfg->report_only);
  ck_assert(!l.cfg->strict_lint);
  load_end(&l);
}
END_TEST

START_TEST(bad_report_only_and_strict_lint_values_are_errors) {
  static const char *const names[] = {"CORS_REPORT_ONLY", "CORS_STRICT_LINT"};
  for (size_t i = 0; i < 2; i++) {
    fake_env env = {0};
    env_set(&env, names[i], "maybe");
    load l;
    load_env(&l, &env);
    assert_error(&l, CORS_ERR_INVALID_BOOLEAN, names[i], -1);
    assert_message_has(&l, "maybe");
    load_end(&l);
  }
}
END_TEST

START_TEST(report_only_and_strict_lint_names_can_be_overridden) {
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.report_only_name = "SHADOW";
  opts.strict_lint_name = "LINT_HARD";
  fake_env env = {0};
  env_set(&env, "SHADOW", "yes");
  env_set(&env, "LINT_HARD", "yes");
  env_set(&env, "CORS_REPORT_ONLY", "no");
  load l;
  load_begin(&l);
  load_run(&l, &env, &opts);
  assert_ok(&l);
  ck_assert(l.cfg->report_only);
  ck_assert(l.cfg->strict_lint);
  ck_assert_uint_eq(times_seen(&env, "CORS_REPORT_ONLY"), 0);
  load_end(&l);
}
END_TEST

/* A program built against 1.0 passes the 1.0 struct: the exported 1.0
 * initialiser must not write past it, and the loader must not read the
 * 1.1 fields from it. */
START_TEST(options_1_0_layout_is_kept) {
  struct {
    cors_env_options opts;
    unsigned char guard[64];
  } s;
  memset(&s, 0xAB, sizeof s);
  (cors_env_options_init)(&s.opts); /* the exported 1.0 function */
  size_t size_1_0 = offsetof(cors_env_options, prefix);
  ck_assert_uint_eq(s.opts.size, size_1_0);
  const unsigned char *bytes = (const unsigned char *)&s;
  for (size_t i = size_1_0; i < sizeof s; i++)
    ck_assert_msg(bytes[i] == 0xAB, "byte %zu past the 1.0 struct written", i);
  /* Garbage in the 1.1 fields: never read. */
  fake_env env = {0};
  load l;
  load_begin(&l);
  load_run(&l, &env, &s.opts);
  assert_ok(&l);
  ck_assert_uint_eq(times_seen(&env, "FRONTEND_ORIGINS"), 1);
  ck_assert_uint_eq(times_seen(&env, "CORS_REPORT_ONLY"), 1);
  load_end(&l);
  /* The sized form fills exactly what it is told. */
  memset(&s, 0xAB, sizeof s);
  cors_env_options_init(&s.opts);
  ck_assert_uint_eq(s.opts.size, sizeof(cors_env_options));
  ck_assert_ptr_null(s.opts.prefix);
  ck_assert_ptr_null(s.opts.strict_lint_name);
  ck_assert_uint_eq(s.guard[0], 0xAB);
}
END_TEST

/* ---- end to end: the seed scenario from an empty environment
 * ------------------ */

static const char *header_value(const cors_result *res, const char *name) {
  static char buf[512];
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (h->name_len == strlen(name) &&
        strncmp(h->name, name, h->name_len) == 0) {
      snprintf(buf, sizeof buf, "%.*s", (int)h->value_len, h->value);
      return buf;
    }
  }
  return NULL;
}

START_TEST(empty_environment_allows_the_seed_preflight) {
  fake_env env = {0};
  load l;
  load_env(&l, &env);
  assert_ok(&l);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(l.cfg, &pol, &l.err), CORS_OK);
  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr("OPTIONS");
  req.origin = cors_slice_cstr("http://localhost:3000");
  req.origin_count = 1;
  req.request_method = cors_slice_cstr("GET");
  req.request_method_count = 1;
  req.request_headers[0] = cors_slice_cstr("authorization");
  req.request_headers_count = 1;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_int_eq(res.kind, CORS_KIND_PREFLIGHT);
  ck_assert(res.allowed);
  ck_assert_int_eq(res.status, 204);
  ck_assert_str_eq(header_value(&res, "Access-Control-Allow-Origin"),
                   "http://localhost:3000");
  ck_assert_str_eq(header_value(&res, "Access-Control-Allow-Credentials"),
                   "true");
  ck_assert_str_eq(header_value(&res, "Access-Control-Max-Age"), "3600");
  cors_policy_free(pol);
  load_end(&l);
}
END_TEST

static Suite *env_suite(void) {
  Suite *s = suite_create("env");
  TCase *tc = tcase_create("defaults");
  tcase_add_test(tc, unset_gives_the_seed_backend_defaults);
  tcase_add_test(tc, every_variable_is_read_once);
  tcase_add_test(tc, default_names);
  tcase_add_test(tc, boolean_defaults);
  suite_add_tcase(s, tc);

  tc = tcase_create("origins");
  tcase_add_loop_test(tc, origin_matrix, 0, (int)N(origin_cases));
  tcase_add_test(tc, dev_defaults_are_labelled_and_reported);
  tcase_add_test(tc, no_origins_warning_names_the_variables);
  tcase_add_test(tc, env_origins_add_to_host_origins);
  tcase_add_test(tc, host_origin_suppresses_dev_defaults);
  tcase_add_test(tc, blank_regex_keeps_host_regex);
  tcase_add_test(tc, regex_is_trimmed_and_labelled);
  tcase_add_test(tc, dev_defaults_flag_resets_between_loads);
  suite_add_tcase(s, tc);

  tc = tcase_create("errors");
  tcase_add_loop_test(tc, bad_list_entry, 0, (int)N(bad_entries));
  tcase_add_test(tc, regex_error_carries_the_offset);
  tcase_add_test(tc, bad_value_is_an_error_even_when_irrelevant);
  suite_add_tcase(s, tc);

  tc = tcase_create("values");
  tcase_add_test(tc, empty_list_variables_mean_empty_lists);
  tcase_add_test(tc, list_variables_replace_and_keep_order);
  tcase_add_loop_test(tc, boolean_matrix, 0, (int)N(bool_cases));
  tcase_add_loop_test(tc, max_age_matrix, 0, (int)N(max_age_cases));
  suite_add_tcase(s, tc);

  tc = tcase_create("options");
  tcase_add_test(tc, names_can_be_overridden);
  tcase_add_test(tc, errors_name_the_overridden_variable);
  tcase_add_test(tc, older_smaller_options_are_accepted);
  tcase_add_test(tc, options_with_no_names_use_defaults);
  tcase_add_test(tc, empty_name_is_refused);
  tcase_add_test(tc, null_config_is_refused);
  tcase_add_test(tc, null_lookup_reads_getenv);
  suite_add_tcase(s, tc);

  tc = tcase_create("since_1_1");
  tcase_add_test(tc, prefix_is_prepended_to_every_name);
  tcase_add_test(tc, prefixed_errors_name_the_prefixed_variable);
  tcase_add_test(tc, prefix_making_a_name_too_long_is_refused);
  tcase_add_test(tc, prefix_with_equals_is_refused);
  tcase_add_test(tc, many_prefixes_into_one_config_keep_their_names);
  tcase_add_test(tc, empty_prefix_means_none);
  tcase_add_test(tc, report_only_variable_turns_headers_off);
  tcase_add_test(tc, unset_report_only_and_strict_lint_keep_the_host_choice);
  tcase_add_test(tc, bad_report_only_and_strict_lint_values_are_errors);
  tcase_add_test(tc, report_only_and_strict_lint_names_can_be_overridden);
  tcase_add_test(tc, options_1_0_layout_is_kept);
  suite_add_tcase(s, tc);

  tc = tcase_create("seed");
  tcase_add_test(tc, empty_environment_allows_the_seed_preflight);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(env_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
