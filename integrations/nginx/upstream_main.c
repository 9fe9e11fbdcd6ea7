/*
 * cors_nginx_upstream: the upstream alone, for the nginx tests.
 *
 *   PORT=0 cors_nginx_upstream   prints
 *   "cors_nginx_upstream: listening on http://127.0.0.1:<port>"
 *
 * Stops on SIGTERM or SIGINT.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "example_contract.h"
#include "upstream.h"

int main(void) {
  example_server srv = {.name = "cors_nginx_upstream"};
  unsigned port = 0;
  if (!example_port_from_env(&srv, &port)) {
    return EXAMPLE_EXIT_START;
  }
  /* Blocked before the daemon's thread starts, so only sigwait sees them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);

  unsigned bound = 0;
  struct MHD_Daemon *d = cors_nginx_upstream_start(port, &bound);
  if (d == NULL) {
    fprintf(stderr, "cors_nginx_upstream: cannot listen on 127.0.0.1:%u\n",
            port);
    return EXAMPLE_EXIT_START;
  }
  printf("cors_nginx_upstream: listening on http://127.0.0.1:%u\n", bound);
  fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  MHD_stop_daemon(d);
  return EXIT_SUCCESS;
}
