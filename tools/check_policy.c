/* cors-check: the policy, from the environment and the policy flags, with
 * every warning kept for the report. */
#include "cors_check.h"

#include <errno.h>
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

/* The loader prefixes every name, flags' too ("PUBLIC_--max-age"); the
 * user typed the flag alone, so messages say it that way. */
static void unprefix_flags(char *text, const char *prefix) {
  size_t plen = prefix != NULL ? strlen(prefix) : 0;
  if (plen == 0)
    return;
  char *hit = text;
  for (;;) {
    hit = strstr(hit, prefix);
    if (hit == NULL)
      return;
    if (hit[plen] == '-' && hit[plen + 1] == '-')
      memmove(hit, hit + plen, strlen(hit + plen) + 1);
    else
      hit += plen;
  }
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
  unprefix_flags(line, w->prefix);
  w->lines[w->count++] = line;
}

/* Where the loader's lookups go: flags first, then the .env file or the
 * process environment. */
typedef struct lookup_ctx {
  const check_options *opts;
  cors_envtext *file; /* --env-file, parsed; NULL without one */
} lookup_ctx;

/* The loader asks for each variable by name (prefix included); a flag's
 * value is found under the flag's name, everything else in the file or
 * the process environment (unless --no-env). */
static const char *lookup(const char *name, void *ctx) {
  const lookup_ctx *lc = ctx;
  const check_options *opts = lc->opts;
  const char *prefix = opts->env_prefix != NULL ? opts->env_prefix : "";
  size_t plen = strlen(prefix);
  const char *bare = strncmp(name, prefix, plen) == 0 ? name + plen : name;
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++)
    if (opts->env_flag[i] != NULL && strcmp(opts->env_flag[i], bare) == 0)
      return opts->env_value[i];
  if (bare[0] == '-')
    return NULL;
  if (lc->file != NULL)
    return cors_envtext_lookup(name, lc->file);
  if (opts->no_env)
    return NULL;
  return getenv(name);
}

static int config_error(const check_options *opts, cors_error *err) {
  unprefix_flags(err->field, opts->env_prefix);
  unprefix_flags(err->message, opts->env_prefix);
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
    return config_error(opts, err);
  if (opts->has_failure_status &&
      cors_config_set_preflight_failure_status(cfg, opts->failure_status,
                                               err) != CORS_OK)
    return config_error(opts, err);
  return CHECK_EXIT_ALLOWED;
}

/* The name each variable is read under, for the "why" line: the flag,
 * or the (prefixed) variable. */
static void record_names(const check_options *opts, check_policy *out) {
  const char *prefix = opts->env_prefix != NULL ? opts->env_prefix : "";
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++) {
    if (opts->env_flag[i] != NULL) {
      out->names[i] = opts->env_flag[i];
      continue;
    }
    snprintf(out->prefixed[i], sizeof out->prefixed[i], "%s%s", prefix,
             cors_env_default_name((cors_env_var)i));
    out->names[i] = out->prefixed[i];
  }
}

/* Report-only: compile the same config enforcing too, so the report can
 * show what the server would send once report-only is off. */
static int compile_enforcing(const check_options *opts, cors_config *cfg,
                             check_policy *out) {
  cors_error err;
  if (!cors_policy_report_only(out->policy))
    return CHECK_EXIT_ALLOWED;
  cors_config_set_report_only(cfg, false);
  cors_config_set_warning_handler(cfg, NULL, NULL); /* reported once */
  if (cors_policy_compile(cfg, &out->enforcing, &err) != CORS_OK)
    return config_error(opts, &err);
  return CHECK_EXIT_ALLOWED;
}

static int load_and_compile(const check_options *opts, cors_config *cfg,
                            cors_envtext *file, check_policy *out) {
  cors_env_options env;
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_env_options_init(&env);
  env.prefix = opts->env_prefix;
  for (size_t i = 0; i < CORS_ENV_VAR_COUNT; i++)
    env.names[i] = opts->env_flag[i];
  record_names(opts, out);
  lookup_ctx ctx = {opts, file};
  if (cors_config_load_env(cfg, lookup, &ctx, &env, &err) != CORS_OK)
    return config_error(opts, &err);
  int rc = apply_statuses(opts, cfg, &err);
  if (rc != CHECK_EXIT_ALLOWED)
    return rc;
  if (opts->strict)
    cors_config_set_strict_lint(cfg, true);
  if (cors_policy_compile(cfg, &out->policy, &err) != CORS_OK)
    return config_error(opts, &err);
  return compile_enforcing(opts, cfg, out);
}

/* A .env file is configuration: larger than this, it is a mistake (or
 * not a .env file at all), not something to read to the end. */
#define ENV_FILE_MAX (1024 * 1024)

static int read_env_file(const char *path, char **text, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cors-check: configuration error: cannot read %s: %s\n",
            path, strerror(errno));
    return CHECK_EXIT_CONFIG;
  }
  *text = malloc(ENV_FILE_MAX + 1);
  *len = *text != NULL ? fread(*text, 1, ENV_FILE_MAX + 1, f) : 0;
  int failed = *text == NULL || ferror(f);
  fclose(f);
  if (failed) {
    fprintf(stderr, "cors-check: configuration error: cannot read %s\n",
            path);
    return CHECK_EXIT_CONFIG;
  }
  if (*len > ENV_FILE_MAX) {
    fprintf(stderr, "cors-check: configuration error: %s is larger than "
            "1 MiB; is it a .env file?\n", path);
    return CHECK_EXIT_CONFIG;
  }
  return CHECK_EXIT_ALLOWED;
}

/* --env-file: read and parsed here, at the tool's edge. */
static int load_env_file(const check_options *opts, cors_envtext **out) {
  *out = NULL;
  if (opts->env_file == NULL)
    return CHECK_EXIT_ALLOWED;
  char *text = NULL;
  size_t len = 0;
  int rc = read_env_file(opts->env_file, &text, &len);
  cors_error err;
  if (rc == CHECK_EXIT_ALLOWED &&
      cors_envtext_parse(text, len, NULL, out, &err) != CORS_OK) {
    fprintf(stderr, "cors-check: configuration error (%s): %s: %s\n",
            cors_strerror(err.code), opts->env_file, err.message);
    rc = CHECK_EXIT_CONFIG;
  }
  free(text);
  return rc;
}

int check_build_policy(const check_options *opts, check_policy *out) {
  memset(out, 0, sizeof *out);
  cors_envtext *file = NULL;
  int rc = load_env_file(opts, &file);
  if (rc != CHECK_EXIT_ALLOWED)
    return rc;
  cors_config *cfg = cors_config_new(NULL);
  if (cfg == NULL) {
    fputs("cors-check: out of memory\n", stderr);
    cors_envtext_free(file);
    return CHECK_EXIT_CONFIG;
  }
  out->warnings.prefix = opts->env_prefix;
  cors_config_set_warning_handler(cfg, collect_warning, &out->warnings);
  rc = load_and_compile(opts, cfg, file, out);
  cors_config_free(cfg);
  cors_envtext_free(file);
  return rc;
}

void check_policy_free(check_policy *p) {
  cors_policy_free(p->policy);
  cors_policy_free(p->enforcing);
  p->policy = NULL;
  p->enforcing = NULL;
  check_warnings_free(&p->warnings);
}
