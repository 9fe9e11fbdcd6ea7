/*
 * Start-up shared by the example servers: the policy from the environment,
 * the port, the ready line.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example_contract.h"

static void print_warning(const cors_warning *w, void *ud) {
  const example_server *srv = ud;
  fprintf(stderr, "%s: warning: %s (%s): %s\n", srv->name,
          cors_warning_code_string(w->code),
          w->field != NULL ? w->field : "policy", w->message);
}

/* The loader's messages name the variable and the entry; the field is
 * added only when the message does not already say it. */
static void print_config_error(const example_server *srv,
                               const cors_error *err) {
  bool names_field =
      err->field[0] == '\0' || strstr(err->message, err->field) != NULL;
  fprintf(stderr, "%s: configuration error: %s%s%s\n", srv->name,
          names_field ? "" : err->field, names_field ? "" : ": ",
          err->message[0] != '\0' ? err->message : cors_strerror(err->code));
}

/* The compiled policy, one setting per line, so that whoever starts the
 * server sees what it will allow. */
static void print_policy(const example_server *srv) {
  char text[4096];
  size_t len = cors_policy_dump(srv->policy, text, sizeof text);
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

bool example_load_policy(example_server *srv) {
  cors_error err = {0};
  cors_config *cfg = cors_config_new(NULL);
  if (cfg == NULL) {
    fprintf(stderr, "%s: out of memory\n", srv->name);
    return false;
  }
  cors_config_set_warning_handler(cfg, print_warning, srv);
  srv->policy = NULL;
  cors_status st = cors_config_load_env(cfg, NULL, NULL, NULL, &err);
  if (st == CORS_OK) {
    st = cors_policy_compile(cfg, &srv->policy, &err);
  }
  cors_config_free(cfg);
  if (st != CORS_OK) {
    print_config_error(srv, &err);
    return false;
  }
  print_policy(srv);
  return true;
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
