/* cors-check: command-line arguments. */
#include "cli_args.h"
#include "cors_check.h"

#include <stdlib.h>
#include <string.h>

void check_print_help(FILE *out) {
  fputs(
      "usage: cors-check [policy flags] [-X METHOD] [-H 'Name: value']...\n"
      "       cors-check [policy flags] < request-head.txt\n"
      "       cors-check [policy flags] --lint | --dump\n"
      "       cors-check probe URL --origin ORIGIN [...]  (a live server; "
      "see\n"
      "                                                 cors-check probe "
      "--help)\n"
      "\n"
      "Answers offline whether a request would be allowed by the CORS policy\n"
      "a libcors server builds from the same environment, and why not.\n"
      "\n"
      "The policy comes from the environment variables FRONTEND_ORIGINS,\n"
      "ALLOW_ORIGINS_REGEX, CORS_ALLOW_CREDENTIALS, CORS_ALLOW_METHODS,\n"
      "CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE,\n"
      "CORS_ALLOW_PRIVATE_NETWORK, CORS_DEV_DEFAULTS, CORS_REPORT_ONLY and\n"
      "CORS_STRICT_LINT; a flag replaces its variable:\n"
      "  --origin ORIGIN          an allowed origin (repeatable; together "
      "with\n"
      "                           --origins replaces FRONTEND_ORIGINS). The\n"
      "                           request's own Origin goes in -H 'Origin: "
      "...'\n"
      "  --origins CSV            allowed origins (FRONTEND_ORIGINS)\n"
      "  --regex REGEX            origin regex, full match "
      "(ALLOW_ORIGINS_REGEX)\n"
      "  --credentials BOOL       (CORS_ALLOW_CREDENTIALS)\n"
      "  --methods CSV            (CORS_ALLOW_METHODS)\n"
      "  --headers CSV            allowed request headers "
      "(CORS_ALLOW_HEADERS)\n"
      "  --expose CSV             exposed headers (CORS_EXPOSE_HEADERS)\n"
      "  --max-age SECONDS        (CORS_MAX_AGE)\n"
      "  --private-network BOOL   (CORS_ALLOW_PRIVATE_NETWORK)\n"
      "  --dev-defaults BOOL      (CORS_DEV_DEFAULTS)\n"
      "  --preflight-status N     status of an allowed preflight (204)\n"
      "  --failure-status N       status of a denied preflight (403)\n"
      "  --no-env                 ignore the environment: as if no variable\n"
      "                           were set\n"
      "  --env-file FILE          read the variables from this .env file\n"
      "                           (KEY=VALUE lines, as the servers' "
      "CORS_ENV_FILE);\n"
      "                           the environment is then ignored\n"
      "  --env-prefix PREFIX      read PREFIX + each name (PUBLIC_ reads\n"
      "                           PUBLIC_FRONTEND_ORIGINS...), from the\n"
      "                           environment or the file\n"
      "  --strict                 strict lint (as CORS_STRICT_LINT=true): a\n"
      "                           pattern or regex admitting hosts anyone can\n"
      "                           register is a configuration error (exit 2)\n"
      "BOOL is true/false, 1/0 or yes/no. Write --flag VALUE or "
      "--flag=VALUE.\n"
      "\n"
      "The request comes from curl-like flags, or, when neither is given,\n"
      "from standard input: a raw HTTP/1.1 request head, or the output of\n"
      "curl -v (its '> ' lines are the request; '< ' and '* ' lines are\n"
      "ignored):\n"
      "  -X, --request METHOD     request method (default GET)\n"
      "  -H, --header 'N: V'      request header (repeatable)\n"
      "\n"
      "Output:\n"
      "  (default)                classification, verdict, reason, action,\n"
      "                           status, response headers, warnings\n"
      "  --json                   one JSON object on standard output (with\n"
      "                           --lint: {\"valid\":true,\"warnings\":[...],\n"
      "                           \"public_suffixes_checked\":BOOL})\n"
      "  --lint                   compile the policy only and print its "
      "warnings\n"
      "  --dump                   print the compiled policy in canonical "
      "form\n"
      "                           and its policy-hash\n"
      "  -h, --help               this text\n"
      "  --version                the libcors version\n"
      "\n"
      "Exit status: 0 allowed (--lint, --dump: valid), 1 denied,\n"
      "2 configuration error, 3 malformed request input, 4 usage error.\n",
      out);
}

static int usage_error(const char *what, const char *arg) {
  fprintf(stderr, "cors-check: %s%s%s\n", what, arg != NULL ? ": " : "",
          arg != NULL ? arg : "");
  fputs("Try 'cors-check --help'.\n", stderr);
  return CHECK_EXIT_USAGE;
}

/* A policy flag that stands in for one variable. */
typedef struct env_flag {
  const char *name;
  cors_env_var var;
} env_flag;

static const env_flag env_flags[] = {
    {"--regex", CORS_ENV_ALLOW_ORIGINS_REGEX},
    {"--credentials", CORS_ENV_ALLOW_CREDENTIALS},
    {"--methods", CORS_ENV_ALLOW_METHODS},
    {"--headers", CORS_ENV_ALLOW_HEADERS},
    {"--expose", CORS_ENV_EXPOSE_HEADERS},
    {"--max-age", CORS_ENV_MAX_AGE},
    {"--private-network", CORS_ENV_ALLOW_PRIVATE_NETWORK},
    {"--dev-defaults", CORS_ENV_DEV_DEFAULTS},
};

/* Appends one list to the origins CSV, so --origin and --origins add up. */
static int append_origins(check_options *opts, const char *flag,
                          const char *value) {
  size_t old = opts->origins_csv != NULL ? strlen(opts->origins_csv) : 0;
  size_t add = strlen(value);
  char *grown = realloc(opts->origins_csv, old + add + 2);
  if (grown == NULL)
    return usage_error("out of memory", NULL);
  if (old > 0)
    grown[old++] = ',';
  memcpy(grown + old, value, add + 1);
  opts->origins_csv = grown;
  const char *prev = opts->env_flag[CORS_ENV_FRONTEND_ORIGINS];
  if (prev == NULL || strcmp(flag, "--origins") == 0)
    opts->env_flag[CORS_ENV_FRONTEND_ORIGINS] = flag;
  opts->env_value[CORS_ENV_FRONTEND_ORIGINS] = opts->origins_csv;
  return CHECK_EXIT_ALLOWED;
}

/* A status code: 1 to 3 digits. */
static bool parse_status(const char *s, int *out) {
  size_t n = strlen(s);
  if (n == 0 || n > 3)
    return false;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

static int set_status(const char *flag, const char *value, bool *has,
                      int *status) {
  if (*has)
    return usage_error("given twice", flag);
  if (!parse_status(value, status))
    return usage_error("expects an HTTP status code such as 204", flag);
  *has = true;
  return CHECK_EXIT_ALLOWED;
}

static int set_once(const char *flag, const char *value, const char **slot) {
  if (*slot != NULL)
    return usage_error("given twice", flag);
  *slot = value;
  return CHECK_EXIT_ALLOWED;
}

static int take_env_flag(check_options *opts, const char *flag,
                         const char *value) {
  for (size_t i = 0; i < sizeof env_flags / sizeof env_flags[0]; i++) {
    if (strcmp(flag, env_flags[i].name) != 0)
      continue;
    cors_env_var var = env_flags[i].var;
    if (opts->env_value[var] != NULL)
      return usage_error("given twice", flag);
    opts->env_value[var] = value;
    opts->env_flag[var] = env_flags[i].name;
    return CHECK_EXIT_ALLOWED;
  }
  return usage_error("unknown option", flag);
}

/* Flags that take a value. */
static int take_valued(check_options *opts, const char *flag,
                       const char *value) {
  if (strcmp(flag, "-X") == 0 || strcmp(flag, "--request") == 0) {
    if (opts->method != NULL)
      return usage_error("the method is given twice", flag);
    opts->method = value;
    return CHECK_EXIT_ALLOWED;
  }
  if (strcmp(flag, "-H") == 0 || strcmp(flag, "--header") == 0) {
    if (opts->header_count == CHECK_MAX_FLAG_HEADERS)
      return usage_error("too many -H flags (at most 100)", NULL);
    opts->headers[opts->header_count++] = value;
    return CHECK_EXIT_ALLOWED;
  }
  if (strcmp(flag, "--origin") == 0 || strcmp(flag, "--origins") == 0)
    return append_origins(
        opts, strcmp(flag, "--origin") == 0 ? "--origin" : "--origins", value);
  if (strcmp(flag, "--env-file") == 0)
    return set_once(flag, value, &opts->env_file);
  if (strcmp(flag, "--env-prefix") == 0)
    return set_once(flag, value, &opts->env_prefix);
  if (strcmp(flag, "--preflight-status") == 0)
    return set_status(flag, value, &opts->has_preflight_status,
                      &opts->preflight_status);
  if (strcmp(flag, "--failure-status") == 0)
    return set_status(flag, value, &opts->has_failure_status,
                      &opts->failure_status);
  return take_env_flag(opts, flag, value);
}

/* Flags without a value; false when `flag` is not one. */
static bool take_switch(check_options *opts, const char *flag) {
  bool *target = NULL;
  if (strcmp(flag, "--json") == 0)
    target = &opts->json;
  else if (strcmp(flag, "--lint") == 0)
    target = &opts->lint;
  else if (strcmp(flag, "--dump") == 0)
    target = &opts->dump;
  else if (strcmp(flag, "--no-env") == 0)
    target = &opts->no_env;
  else if (strcmp(flag, "--strict") == 0)
    target = &opts->strict;
  else if (strcmp(flag, "-h") == 0 || strcmp(flag, "--help") == 0)
    target = &opts->help;
  else if (strcmp(flag, "--version") == 0)
    target = &opts->version;
  if (target != NULL)
    *target = true;
  return target != NULL;
}

static bool takes_value(const char *flag) {
  static const char *const valued[] = {"-X",
                                       "--request",
                                       "-H",
                                       "--header",
                                       "--origin",
                                       "--origins",
                                       "--preflight-status",
                                       "--failure-status",
                                       "--env-file",
                                       "--env-prefix"};
  if (cli_flag_in(flag, valued, sizeof valued / sizeof valued[0]))
    return true;
  for (size_t i = 0; i < sizeof env_flags / sizeof env_flags[0]; i++)
    if (strcmp(flag, env_flags[i].name) == 0)
      return true;
  return false;
}

/* One argument (and maybe the next): `--flag value`, `--flag=value`,
 * `-X value`, `-Xvalue`. *used says how many argv entries it consumed. */
static int take_arg(check_options *opts, int argc, char **argv, int i,
                    int *used) {
  const char *arg = argv[i];
  char flag[32];
  *used = 1;
  if (take_switch(opts, arg))
    return CHECK_EXIT_ALLOWED;
  if (arg[0] != '-')
    return usage_error("unexpected argument", arg);
  const char *value = cli_split_attached(arg, flag, sizeof flag);
  if (!takes_value(flag))
    return usage_error("unknown option", arg);
  if (value == NULL) {
    if (i + 1 >= argc)
      return usage_error("option needs a value", flag);
    value = argv[i + 1];
    *used = 2;
  }
  return take_valued(opts, flag, value);
}

static int check_combination(const check_options *opts) {
  bool request = opts->method != NULL || opts->header_count > 0;
  if ((opts->lint || opts->dump) && request)
    return usage_error("--lint and --dump take no request (-X, -H)", NULL);
  if (opts->dump && opts->json)
    return usage_error("--dump prints text; drop --json", NULL);
  if (opts->no_env && opts->env_file != NULL)
    return usage_error("--env-file already ignores the environment; drop "
                       "--no-env",
                       NULL);
  return CHECK_EXIT_ALLOWED;
}

int check_parse_args(int argc, char **argv, check_options *opts) {
  memset(opts, 0, sizeof *opts);
  for (int i = 1; i < argc;) {
    int used = 1;
    int rc = take_arg(opts, argc, argv, i, &used);
    if (rc != CHECK_EXIT_ALLOWED)
      return rc;
    i += used;
  }
  if (opts->help || opts->version)
    return CHECK_EXIT_ALLOWED;
  return check_combination(opts);
}

void check_options_free(check_options *opts) {
  free(opts->origins_csv);
  opts->origins_csv = NULL;
}
