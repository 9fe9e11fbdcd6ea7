/*
 * cors_example_microhttpd: the example server contract on GNU
 * libmicrohttpd, with libcors as the outermost layer.
 *
 *   PORT=8000 FRONTEND_ORIGINS=http://localhost:3000 ./cors_example_microhttpd
 *
 * This file only starts libmicrohttpd through mhd_adapter.c, which
 * collects the request's header lines, hands them to example_handle() and
 * writes back the response it built. SIGINT or SIGTERM stops the server
 * cleanly; SIGHUP reloads the CORS policy from CORS_ENV_FILE without a
 * restart.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <microhttpd.h>

#include "example_contract.h"
#include "mhd_adapter.h"

#define SERVER_NAME "cors_example_microhttpd"
/* Caps the request head (and so every reflected CORS value) well below
 * the response arena. */
#define CONNECTION_MEMORY_LIMIT (32u * 1024u)

static bool answer(void *cls, const example_request *req,
                   example_response *resp) {
  example_handle(cls, req, resp);
  return true;
}

/* Waits for signals on the main thread: SIGHUP reloads the policy (here,
 * while libmicrohttpd's thread keeps serving), SIGINT or SIGTERM stops. */
static int wait_for_stop(example_server *srv, const sigset_t *signals) {
  for (;;) {
    int sig = 0;
    if (sigwait(signals, &sig) != 0) {
      return SIGTERM;
    }
    if (sig != SIGHUP) {
      return sig;
    }
    example_reload_policy(srv);
  }
}

int main(void) {
  example_server srv = {SERVER_NAME, NULL, NULL, NULL};
  unsigned port = 0;
  if (!example_port_from_env(&srv, &port)) {
    return EXAMPLE_EXIT_START;
  }
  int loaded = example_load_policy(&srv);
  if (loaded != 0) {
    return loaded;
  }
  /* Block the signals before libmicrohttpd starts its thread, so the
   * thread inherits the mask and only sigwait() below sees them. */
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, NULL);

  example_mhd_handler handler = {answer, &srv};
  unsigned bound = 0;
  struct MHD_Daemon *daemon =
      example_mhd_start(port, CONNECTION_MEMORY_LIMIT, &handler, &bound);
  if (daemon == NULL) {
    fprintf(stderr, "%s: cannot listen on 127.0.0.1:%u\n", SERVER_NAME, port);
    example_server_free(&srv);
    return EXAMPLE_EXIT_START;
  }
  char library[64];
  snprintf(library, sizeof library, "libmicrohttpd %s", MHD_get_version());
  example_print_listening(&srv, bound, library);

  int sig = wait_for_stop(&srv, &signals);
  fprintf(stderr, "%s: stopping on signal %d\n", SERVER_NAME, sig);
  MHD_stop_daemon(daemon);
  example_server_free(&srv);
  return EXIT_SUCCESS;
}
