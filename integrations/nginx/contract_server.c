/*
 * contract-server: the example server contract served by Debian's nginx
 * with ngx_http_cors_module in front of an upstream that has no CORS of
 * its own, so that everything a browser sees as CORS comes from the
 * module.
 *
 *   PORT=8000 FRONTEND_ORIGINS=http://localhost:3000 contract-server
 *
 * The policy comes from the environment through "cors_env" (the same
 * variables as the example servers). Listens on 127.0.0.1:$PORT (default
 * 8000; 0 picks a free port), prints the example servers' ready line,
 * stays in the foreground, logs one line per request on standard output,
 * and stops nginx and the upstream on SIGTERM or SIGINT. A configuration
 * error stops it with nginx's message and a non-zero status.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "example_contract.h"
#include "upstream.h"

#define NAME "contract-server"
#define READY_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000

static const char *const policy_variables[] = {
    "FRONTEND_ORIGINS", "ALLOW_ORIGINS_REGEX", "CORS_ALLOW_CREDENTIALS",
    "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS",
    "CORS_MAX_AGE", "CORS_ALLOW_PRIVATE_NETWORK", "CORS_DEV_DEFAULTS",
    "CORS_REPORT_ONLY", "CORS_STRICT_LINT"};

static const char *setting(const char *env, const char *fallback) {
  const char *v = getenv(env);
  return v != NULL && v[0] != '\0' ? v : fallback;
}

/* A port nothing listens on right now: bound, read back and released. */
static unsigned free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  unsigned port = 0;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
      getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

static bool write_config(const char *path, const char *dir, unsigned port,
                         unsigned upstream_port) {
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    return false;
  }
  fprintf(f, "daemon off;\nmaster_process on;\nworker_processes 2;\n");
  fprintf(f, "pid %s/nginx.pid;\nerror_log stderr notice;\n", dir);
  /* As root, nginx would run its workers as nobody, who cannot use the
   * private temporary folder. */
  if (geteuid() == 0) {
    fprintf(f, "user root;\n");
  }
  for (size_t i = 0; i < sizeof policy_variables / sizeof *policy_variables;
       i++) {
    fprintf(f, "env %s;\n", policy_variables[i]);
  }
  fprintf(f, "load_module %s;\n",
          setting("CORS_NGINX_MODULE", CORS_NGINX_MODULE_PATH));
  fprintf(f,
          "events { worker_connections 512; }\n"
          "http {\n"
          "  client_body_temp_path %s/body;\n"
          "  proxy_temp_path %s/proxy;\n"
          "  fastcgi_temp_path %s/fastcgi;\n"
          "  uwsgi_temp_path %s/uwsgi;\n"
          "  scgi_temp_path %s/scgi;\n"
          "  map $cors_allowed $cors_verdict {\n"
          "    true allowed; false denied; default -;\n"
          "  }\n"
          "  log_format cors '$request_method $uri $status "
          "cors=$cors_kind verdict=$cors_verdict reason=$cors_reason "
          "origin=$http_origin';\n"
          "  access_log /dev/stdout cors;\n"
          "  upstream app { server 127.0.0.1:%u; keepalive 8; }\n"
          "  server {\n"
          "    listen 127.0.0.1:%u;\n"
          "    cors on;\n"
          "    cors_env;\n"
          "    cors_log_denied on;\n"
          "    location / {\n"
          "      proxy_pass http://app;\n"
          "      proxy_http_version 1.1;\n"
          "      proxy_set_header Connection \"\";\n"
          "    }\n"
          "  }\n"
          "}\n",
          dir, dir, dir, dir, dir, upstream_port, port);
  return fclose(f) == 0;
}

/* nginx opens its access log, /dev/stdout, by name, which fails when
 * standard output is a socket (as under Node's child_process): nginx
 * writes into a pipe instead, copied here to standard output. */
static void *copy_log(void *arg) {
  int fd = *(int *)arg;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) {
      break;
    }
    fflush(stdout);
  }
  close(fd);
  return NULL;
}

static pid_t start_nginx(const char *dir, const char *conf, int log_fd) {
  pid_t pid = fork();
  if (pid == 0) {
    dup2(log_fd, STDOUT_FILENO);
    close(log_fd);
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    const char *nginx = setting("CORS_NGINX", CORS_NGINX_BIN);
    char prefix[4096];
    snprintf(prefix, sizeof prefix, "%s/", dir);
    execl(nginx, nginx, "-p", prefix, "-c", conf, (char *)NULL);
    fprintf(stderr, "%s: cannot run %s: %s\n", NAME, nginx, strerror(errno));
    _exit(127);
  }
  return pid;
}

static bool accepts(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return false;
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
  close(fd);
  return ok;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Waits until nginx accepts connections; false when it exited first (a
 * configuration error: nginx has printed why) or took too long. */
static bool wait_ready(pid_t nginx, unsigned port, int *status) {
  for (long waited = 0; waited < READY_TIMEOUT_MS; waited += 20) {
    if (waitpid(nginx, status, WNOHANG) == nginx) {
      return false;
    }
    if (accepts(port)) {
      return true;
    }
    sleep_ms(20);
  }
  return false;
}

/* SIGTERM is nginx's fast shutdown; SIGKILL if it does not stop. */
static int stop_nginx(pid_t nginx) {
  int status = 0;
  kill(nginx, SIGTERM);
  for (long waited = 0; waited < STOP_TIMEOUT_MS; waited += 20) {
    if (waitpid(nginx, &status, WNOHANG) == nginx) {
      return status;
    }
    sleep_ms(20);
  }
  kill(nginx, SIGKILL);
  waitpid(nginx, &status, 0);
  return status;
}

static void remove_folder(const char *dir) {
  static const char *const entries[] = {"nginx.conf", "nginx.pid", "body",
                                        "proxy", "fastcgi", "uwsgi", "scgi"};
  char path[4200];
  for (size_t i = 0; i < sizeof entries / sizeof *entries; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, entries[i]);
    if (unlink(path) != 0) {
      rmdir(path);
    }
  }
  rmdir(dir);
}

static int exit_status(int status) {
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return WEXITSTATUS(status);
  }
  return WIFEXITED(status) ? EXIT_SUCCESS : EXAMPLE_EXIT_START;
}

int main(void) {
  example_server srv = {.name = NAME};
  unsigned port = 0;
  if (!example_port_from_env(&srv, &port)) {
    return EXAMPLE_EXIT_START;
  }
  if (port == 0)
    port = free_port();
  if (port == 0) {
    fprintf(stderr, "%s: no free port on 127.0.0.1\n", NAME);
    return EXAMPLE_EXIT_START;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &signals, NULL);

  unsigned upstream_port = 0;
  struct MHD_Daemon *upstream = cors_nginx_upstream_start(0, &upstream_port);
  if (upstream == NULL) {
    fprintf(stderr, "%s: cannot start the upstream\n", NAME);
    return EXAMPLE_EXIT_START;
  }
  const char *tmp = getenv("TMPDIR");
  char dir_buf[4096];
  snprintf(dir_buf, sizeof dir_buf, "%s/cors-nginx-XXXXXX",
           tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
  char *folder = mkdtemp(dir_buf);
  char conf[4200];
  if (folder == NULL) {
    fprintf(stderr, "%s: cannot create %s: %s\n", NAME, dir_buf,
            strerror(errno));
    MHD_stop_daemon(upstream);
    return EXAMPLE_EXIT_START;
  }
  snprintf(conf, sizeof conf, "%s/nginx.conf", folder);
  if (!write_config(conf, folder, port, upstream_port)) {
    fprintf(stderr, "%s: cannot write %s\n", NAME, conf);
    MHD_stop_daemon(upstream);
    remove_folder(folder);
    return EXAMPLE_EXIT_START;
  }

  int status = 0;
  int log_pipe[2];
  pthread_t log_thread;
  if (pipe(log_pipe) != 0) {
    fprintf(stderr, "%s: pipe: %s\n", NAME, strerror(errno));
    MHD_stop_daemon(upstream);
    remove_folder(folder);
    return EXAMPLE_EXIT_START;
  }
  fflush(stdout);
  pid_t nginx = start_nginx(folder, conf, log_pipe[1]);
  close(log_pipe[1]);
  bool copying = pthread_create(&log_thread, NULL, copy_log, &log_pipe[0]) == 0;
  if (nginx < 0 || !wait_ready(nginx, port, &status)) {
    if (nginx > 0 && waitpid(nginx, &status, WNOHANG) == 0) {
      status = stop_nginx(nginx);
    }
    fprintf(stderr, "%s: nginx did not start (configuration error?)\n", NAME);
    if (copying) {
      pthread_join(log_thread, NULL);
    }
    MHD_stop_daemon(upstream);
    remove_folder(folder);
    return EXAMPLE_EXIT_CONFIG;
  }
  const char *version = NULL;
  cors_version(&version);
  printf("%s: listening on http://127.0.0.1:%u (nginx %d, "
         "ngx_http_cors_module, libcors %s)\n",
         NAME, port, (int)nginx, version != NULL ? version : "?");
  fflush(stdout);

  /* Until a stop signal, or nginx ending by itself. */
  int sig = 0;
  bool nginx_ended = false;
  while (!nginx_ended) {
    sigwait(&signals, &sig);
    if (sig != SIGCHLD) {
      break;
    }
    nginx_ended = waitpid(nginx, &status, WNOHANG) == nginx;
  }
  if (!nginx_ended) {
    fprintf(stderr, "%s: stopping on signal %d\n", NAME, sig);
    status = stop_nginx(nginx);
  } else {
    fprintf(stderr, "%s: nginx exited\n", NAME);
  }
  if (copying) {
    pthread_join(log_thread, NULL); /* ends when nginx's last copy closes */
  }
  MHD_stop_daemon(upstream);
  remove_folder(folder);
  return nginx_ended ? EXAMPLE_EXIT_START : exit_status(status);
}
