/*
 * Start-up shared by the example servers: the policy from the environment,
 * the port, the ready line.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "example_contract.h"

static void print_warning(const cors_warning *w, void *ud) {
  const example_server *srv = ud;
  fprintf(stderr, "%s: warning: %s (%s): %s\n", srv->name,
          cors_warning_code_string(w->code),
          w->field != NULL ? w->field : "policy", w->message);
}

/* What went wrong, for a log line. Running out of memory is said so
 * whatever the step: its cors_error may be empty, or hold the text of a
 * step that failed on that account (a file that "cannot be read"). */
static const char *failure_text(cors_status st, const cors_error *err) {
  if (st == CORS_ERR_NOMEM) {
    return "out of memory";
  }
  return err->message[0] != '\0' ? err->message : cors_strerror(st);
}

/* The loader's messages name the variable and the entry; the field is
 * added only when the message does not already say it. Running out of
 * memory is no configuration error: it gets its own line and exit
 * status. Returns the exit status. */
static int print_load_error(const example_server *srv, cors_status st,
                            const cors_error *err) {
  if (st == CORS_ERR_NOMEM) {
    fprintf(stderr, "%s: out of memory loading the CORS policy\n", srv->name);
    return EXAMPLE_EXIT_START;
  }
  bool names_field =
      err->field[0] == '\0' || strstr(err->message, err->field) != NULL;
  fprintf(stderr, "%s: configuration error: %s%s%s\n", srv->name,
          names_field ? "" : err->field, names_field ? "" : ": ",
          failure_text(st, err));
  return EXAMPLE_EXIT_CONFIG;
}

/* The compiled policy, one setting per line, so that whoever starts (or
 * reloads) the server sees what it will allow. */
static void print_policy(const example_server *srv) {
  char text[4096];
  cors_policy *policy = cors_live_acquire(srv->live);
  size_t len = cors_policy_dump(policy, text, sizeof text);
  cors_live_release(srv->live, policy);
  fprintf(stderr, "%s: policy:\n", srv->name);
  const char *line = text;
  while (*line != '\0') {
    const char *nl = strchr(line, '\n');
    int n = nl != NULL ? (int)(nl - line) : (int)strlen(line);
    fprintf(stderr, "  %.*s\n", n, line);
    line += n + (nl != NULL ? 1 : 0);
  }
  if (len >= sizeof text) {
    fprintf(stderr, "  ...\n");
  }
}

/* A .env file larger than this is a mistake, not configuration. */
#define ENV_FILE_MAX (1024 * 1024)

/* A failure to read the file: out of memory when errno says so. */
static cors_status read_error(cors_error *err, const char *path, int error) {
  err->code = error == ENOMEM ? CORS_ERR_NOMEM : CORS_ERR_INVALID_ARGUMENT;
  snprintf(err->message, sizeof err->message, "cannot read %s: %s", path,
           strerror(error));
  return err->code;
}

/* Reads up to cap bytes of the file with plain read(2): stdio would
 * allocate a buffer of its own, and its failure leaves errno unset.
 * Returns 0 or the errno of the failure. */
static int read_file(const char *path, char *text, size_t cap, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  int error = 0;
  *len = 0;
  while (*len < cap && error == 0) {
    ssize_t got = read(fd, text + *len, cap - *len);
    if (got == 0) {
      break;
    }
    if (got > 0) {
      *len += (size_t)got;
    } else if (errno != EINTR) {
      error = errno;
    }
  }
  close(fd);
  return error;
}

/* Reads and parses the .env file: the server does the I/O, the library
 * parses. On failure fills err with a message naming the file. */
static cors_status parse_env_file(const char *path, cors_envtext **out,
                                  cors_error *err) {
  *out = NULL;
  memset(err, 0, sizeof *err);
  char *text = malloc(ENV_FILE_MAX + 1);
  if (text == NULL) {
    return read_error(err, path, ENOMEM);
  }
  size_t len = 0;
  int error = read_file(path, text, ENV_FILE_MAX + 1, &len);
  cors_status st = CORS_OK;
  if (error != 0) {
    st = read_error(err, path, error);
  } else if (len > ENV_FILE_MAX) {
    err->code = st = CORS_ERR_INVALID_ARGUMENT;
    snprintf(err->message, sizeof err->message, "%s is larger than 1 MiB",
             path);
  } else {
    st = cors_envtext_parse(text, len, NULL, out, err);
    if (st != CORS_OK) {
      /* Prefix the message with the file; a long path cuts the tail. */
      char detail[CORS_ERROR_MESSAGE_MAX];
      memcpy(detail, err->message, sizeof detail);
      int n = snprintf(err->message, sizeof err->message, "%.120s: ", path);
      if (n > 0 && (size_t)n < sizeof err->message) {
        snprintf(err->message + n, sizeof err->message - (size_t)n, "%.*s",
                 (int)(sizeof err->message - (size_t)n - 1), detail);
      }
    }
  }
  free(text);
  return st;
}

/* The variables from CORS_ENV_FILE, or else from the environment. */
static cors_status load_config(const example_server *srv, cors_config *cfg,
                               cors_error *err) {
  if (srv->env_file == NULL) {
    return cors_config_load_env(cfg, NULL, NULL, NULL, err);
  }
  cors_envtext *vars = NULL;
  cors_status st = parse_env_file(srv->env_file, &vars, err);
  if (st == CORS_OK) {
    st = cors_config_load_env(cfg, cors_envtext_lookup, vars, NULL, err);
  }
  cors_envtext_free(vars);
  return st;
}

/* Fills a fresh config, the same way at start-up and on every reload: the
 * warning handler first, so that the loader's and the compiler's warnings
 * (dev-defaults-used, lint findings...) are printed each time, then the
 * variables from their one source. */
static cors_status configure_policy(cors_config *cfg, void *ud,
                                    cors_error *err) {
  const example_server *srv = ud;
  cors_config_set_warning_handler(cfg, print_warning, ud);
  return load_config(srv, cfg, err);
}

static cors_status compile_policy(example_server *srv, cors_policy **policy,
                                  cors_error *err) {
  cors_config *cfg = cors_config_new(NULL);
  if (cfg == NULL) {
    err->code = CORS_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return CORS_ERR_NOMEM;
  }
  cors_status st = configure_policy(cfg, srv, err);
  if (st == CORS_OK) {
    st = cors_policy_compile(cfg, policy, err);
  }
  cors_config_free(cfg);
  return st;
}

int example_load_policy(example_server *srv) {
  cors_error err = {0};
  const char *file = getenv("CORS_ENV_FILE");
  srv->env_file = file != NULL && file[0] != '\0' ? file : NULL;
  srv->live = NULL;
  srv->counters = cors_counters_new(NULL);
  cors_policy *policy = NULL;
  cors_status st = srv->counters != NULL ? compile_policy(srv, &policy, &err)
                                         : CORS_ERR_NOMEM;
  if (st == CORS_OK) {
    srv->live = cors_live_new(policy, NULL);
    if (srv->live == NULL) {
      cors_policy_free(policy);
      st = CORS_ERR_NOMEM;
    }
  }
  if (st != CORS_OK) {
    example_server_free(srv);
    return print_load_error(srv, st, &err);
  }
  if (srv->env_file != NULL) {
    fprintf(stderr, "%s: CORS variables from %s (SIGHUP reloads it)\n",
            srv->name, srv->env_file);
  }
  print_policy(srv);
  return 0;
}

void example_reload_policy(example_server *srv) {
  if (srv->env_file == NULL) {
    fprintf(stderr,
            "%s: SIGHUP: no CORS_ENV_FILE, so nothing to reload (a process "
            "cannot see its environment change); the policy is unchanged\n",
            srv->name);
    return;
  }
  cors_error err = {0};
  cors_status st = cors_live_reload(srv->live, configure_policy, srv, &err);
  if (st != CORS_OK) {
    fprintf(stderr, "%s: reload failed, keeping the running policy: %s\n",
            srv->name, failure_text(st, &err));
    return;
  }
  fprintf(stderr, "%s: reloaded the CORS policy from %s\n", srv->name,
          srv->env_file);
  print_policy(srv);
}

void example_server_free(example_server *srv) {
  cors_live_free(srv->live);
  cors_counters_free(srv->counters);
  srv->live = NULL;
  srv->counters = NULL;
}

bool example_port_from_env(const example_server *srv, unsigned *port) {
  const char *text = getenv("PORT");
  if (text == NULL || text[0] == '\0') {
    *port = EXAMPLE_DEFAULT_PORT;
    return true;
  }
  char *end = NULL;
  errno = 0;
  long value = strtol(text, &end, 10);
  bool digits_only = text[0] >= '0' && text[0] <= '9' && *end == '\0';
  if (errno != 0 || !digits_only || value < 0 || value > 65535) {
    fprintf(stderr, "%s: PORT must be a number from 0 to 65535, not '%s'\n",
            srv->name, text);
    return false;
  }
  *port = (unsigned)value;
  return true;
}

void example_print_listening(const example_server *srv, unsigned port,
                             const char *library) {
  const char *version = NULL;
  cors_version(&version);
  printf("%s: listening on http://127.0.0.1:%u (%s, libcors %s)\n", srv->name,
         port, library, version != NULL ? version : "?");
  fflush(stdout);
}
