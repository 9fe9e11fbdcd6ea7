/* cors-check: the policy, from the environment and the policy flags, with
 * every warning kept for the report. */
#include "cors_check.h"

#include <stdlib.h>
#include <string.h>

void check_warnings_free(check_warnings *w) {
  for (size_t i = 0; i < w->count; i++)
    free(w->lines[i]);
  w->count = 0;
}

/* True when the library's message already begins with the field name
 * (its messages do: "FRONTEND_ORIGINS entry 1 'x': ..."). */
static bool names_field(const char *message, const char *field) {
  size_t n = strlen(field);
  return n == 0 || (strncmp(message, field, n) == 0 &&
                    (message[n] == ' ' || message[n] == ':'));
}

/* "<code>: [<field>: ]<message>"; the pointers of `warning` live only
 * during the callback, so the line is copied. */
static void collect_warning(const cors_warning *warning, void *ud) {
  check_warnings *w = ud;
  if (w->count == CHECK_MAX_WARNINGS) {
    w->dropped++;
    return;
  }
  const char *code = cors_warning_code_string(warning->code);
  const char *field = warning->field != NULL ? warning->field : "";
  const char *msg = warning->message != NULL ? warning->message : "";
  bool repeat_field = !names_field(msg, field);
  size_t need = strlen(code) + strlen(field) + strlen(msg) + 8;
  char *line = malloc(need);
  if (line == NULL) {
    w->dropped++;
    return;
  }
  snprintf(line, need, "%s: %s%s%s", code, repeat_field ? field : "",
           repeat_field ? ": " : "", msg);
  w->lines[w->count++] = line;
}

/* The loader asks for each variable by name; a flag's value is found
 * under the flag's name, everything else in the process environment
 * (unless --no-env). */
static const char *lookup(const char *name, void *ctx) {
  const check_options *opts = ctx;
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++)
    if (opts->env_flag[i] != NULL && strcmp(opts->env_flag[i], name) == 0)
      return opts->env_value[i];
  if (opts->no_env || name[0] == '-')
    return NULL;
  return getenv(name);
}

static int config_error(const cors_error *err) {
  fprintf(stderr,
          "cors-check: configuration error (%s): ", cors_strerror(err->code));
  if (!names_field(err->message, err->field))
    fprintf(stderr, "%s: ", err->field);
  fprintf(stderr, "%s\n", err->message);
  return CHECK_EXIT_CONFIG;
}

static int apply_statuses(const check_options *opts, cors_config *cfg,
                          cors_error *err) {
  if (opts->has_preflight_status &&
      cors_config_set_preflight_status(cfg, opts->preflight_status, err) !=
          CORS_OK)
    return config_error(err);
  if (opts->has_failure_status &&
      cors_config_set_preflight_failure_status(cfg, opts->failure_status,
                                               err) != CORS_OK)
    return config_error(err);
  return CHECK_EXIT_ALLOWED;
}

static int load_and_compile(const check_options *opts, cors_config *cfg,
                            check_policy *out) {
  cors_env_options env;
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_env_options_init(&env);
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++) {
    env.names[i] = opts->env_flag[i];
    out->names[i] = opts->env_flag[i] != NULL
                        ? opts->env_flag[i]
                        : cors_env_default_name((cors_env_var)i);
  }
  if (cors_config_load_env(cfg, lookup, (void *)opts, &env, &err) != CORS_OK)
    return config_error(&err);
  int rc = apply_statuses(opts, cfg, &err);
  if (rc != CHECK_EXIT_ALLOWED)
    return rc;
  if (opts->strict)
    cors_config_set_strict_lint(cfg, true);
  if (cors_policy_compile(cfg, &out->policy, &err) != CORS_OK)
    return config_error(&err);
  return CHECK_EXIT_ALLOWED;
}

int check_build_policy(const check_options *opts, check_policy *out) {
  memset(out, 0, sizeof *out);
  cors_config *cfg = cors_config_new(NULL);
  if (cfg == NULL) {
    fputs("cors-check: out of memory\n", stderr);
    return CHECK_EXIT_CONFIG;
  }
  cors_config_set_warning_handler(cfg, collect_warning, &out->warnings);
  int rc = load_and_compile(opts, cfg, out);
  cors_config_free(cfg);
  return rc;
}

void check_policy_free(check_policy *p) {
  cors_policy_free(p->policy);
  p->policy = NULL;
  check_warnings_free(&p->warnings);
}
