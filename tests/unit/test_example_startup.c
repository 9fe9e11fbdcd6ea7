/* The example servers' start-up (examples/common/startup.c) when memory
 * runs out: every allocation it makes, from the first to the last, is
 * made to fail in turn (and every one after it, as when memory is really
 * exhausted). Each failure must print the one out-of-memory line, never
 * "configuration error:" with a stale or empty message, return the start
 * failure exit status and leave nothing allocated; past the last
 * allocation the policy loads. The sweep runs once with the variables in
 * the environment and once from a CORS_ENV_FILE, with a regex so that
 * PCRE2's allocations fail too; then over a SIGHUP reload, whose every
 * failure must be logged as out of memory with the running policy kept.
 *
 * This executable interposes malloc and friends (forwarding to glibc's
 * __libc_* entry points), so it reports "skipped" under sanitizers, which
 * own malloc, and CMake registers no Valgrind twin. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include "example_contract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interpose.h"

#ifdef UNIT_INTERPOSE

/* Armed around one call, on this thread only (the start-up makes no
 * thread): allocations succeed while `g_budget` lasts, then all fail. The
 * blocks allocated and freed while armed are counted, so a failed start
 * must free as many as it got. */
static volatile int g_armed;
static volatile long g_budget;
static volatile long g_blocks;

static bool allocation_allowed(void) {
  if (!g_armed)
    return true;
  if (g_budget == 0)
    return false;
  g_budget--;
  return true;
}

static void *counted(void *p) {
  if (g_armed && p != NULL)
    g_blocks++;
  return p;
}

void *malloc(size_t size) {
  return allocation_allowed() ? counted(__libc_malloc(size)) : NULL;
}

void *calloc(size_t n, size_t size) {
  return allocation_allowed() ? counted(__libc_calloc(n, size)) : NULL;
}

void *realloc(void *ptr, size_t size) {
  if (ptr == NULL)
    return malloc(size);
  return allocation_allowed() ? __libc_realloc(ptr, size) : NULL;
}

void free(void *ptr) {
  if (g_armed && ptr != NULL)
    g_blocks--;
  __libc_free(ptr);
}

void *memalign(size_t align, size_t size) {
  return allocation_allowed() ? counted(__libc_memalign(align, size)) : NULL;
}

void *aligned_alloc(size_t align, size_t size) {
  return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size) {
  void *p = memalign(align, size);
  if (p == NULL)
    return 12; /* ENOMEM */
  *out = p;
  return 0;
}

#define SERVER_NAME "startup_test"
#define OOM_LINE SERVER_NAME ": out of memory loading the CORS policy\n"
/* Far more allocations than a start-up makes: the sweep's bound. */
#define MAX_ALLOCATIONS 5000

/* Runs load (a start-up) or else a reload of srv with `budget`
 * allocations allowed (-1: any), its standard error captured into out.
 * Returns example_load_policy()'s status, or 0 for a reload. */
static int run_with_budget(example_server *srv, bool load, long budget,
                           char *out, size_t cap) {
  FILE *log = tmpfile();
  ck_assert_ptr_nonnull(log);
  fflush(stderr);
  int saved = dup(STDERR_FILENO);
  ck_assert_int_ge(saved, 0);
  ck_assert_int_ge(dup2(fileno(log), STDERR_FILENO), 0);
  if (load)
    *srv = (example_server){SERVER_NAME, NULL, NULL, NULL};
  g_blocks = 0;
  g_budget = budget;
  g_armed = budget >= 0;
  int status = 0;
  if (load)
    status = example_load_policy(srv);
  else
    example_reload_policy(srv);
  g_armed = 0;
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  rewind(log);
  size_t n = fread(out, 1, cap - 1, log);
  out[n] = '\0';
  fclose(log);
  return status;
}

static int load_with_budget(example_server *srv, long budget, char *out,
                            size_t cap) {
  return run_with_budget(srv, true, budget, out, cap);
}

/* Fails the allocations one by one until the start-up succeeds. */
static void sweep(void) {
  static char out[16384];
  example_server srv;
  /* Once without limit first: one-time allocations of the C library
   * (stdio, locale) are then behind us. */
  ck_assert_int_eq(load_with_budget(&srv, -1, out, sizeof out), 0);
  example_server_free(&srv);
  long budget = 0;
  int status = -1;
  for (; budget < MAX_ALLOCATIONS; budget++) {
    status = load_with_budget(&srv, budget, out, sizeof out);
    if (status == 0)
      break;
    ck_assert_msg(status == EXAMPLE_EXIT_START && strcmp(out, OOM_LINE) == 0,
                  "allocation %ld failed: exit %d, printed '%s'", budget + 1,
                  status, out);
    ck_assert_msg(srv.live == NULL && srv.counters == NULL && g_blocks == 0,
                  "allocation %ld failed: %ld blocks left", budget + 1,
                  (long)g_blocks);
  }
  ck_assert_int_eq(status, 0);
  ck_assert_msg(budget >= 5, "only %ld allocations: no sweep", budget);
  ck_assert_ptr_nonnull(strstr(out, SERVER_NAME ": policy:\n"));
  ck_assert_ptr_nonnull(strstr(out, "origin: https://app.example.com\n"));
  example_server_free(&srv);
}

/* The same for a SIGHUP reload (from CORS_ENV_FILE): each failure is
 * logged as out of memory, the running policy stays and nothing leaks. */
static void sweep_reloads(void) {
  static char out[16384];
  example_server srv;
  ck_assert_int_eq(load_with_budget(&srv, -1, out, sizeof out), 0);
  cors_policy *running = cors_live_acquire(srv.live);
  cors_live_release(srv.live, running);
  long budget = 0;
  for (; budget < MAX_ALLOCATIONS; budget++) {
    run_with_budget(&srv, false, budget, out, sizeof out);
    if (strstr(out, "reloaded the CORS policy") != NULL)
      break;
    ck_assert_msg(strcmp(out, SERVER_NAME ": reload failed, keeping the "
                              "running policy: out of memory\n") == 0,
                  "allocation %ld failed: printed '%s'", budget + 1, out);
    cors_policy *now = cors_live_acquire(srv.live);
    cors_live_release(srv.live, now);
    ck_assert_msg(now == running && g_blocks == 0,
                  "allocation %ld failed: policy %s, %ld blocks left",
                  budget + 1, now == running ? "kept" : "replaced",
                  (long)g_blocks);
  }
  ck_assert_msg(budget >= 5 && budget < MAX_ALLOCATIONS,
                "%ld allocations: no sweep", budget);
  example_server_free(&srv);
}

static void set_policy_variables(void) {
  unsetenv("CORS_ENV_FILE");
  setenv("FRONTEND_ORIGINS", "https://app.example.com", 1);
  setenv("ALLOW_ORIGINS_REGEX", "^https://[a-z]+\\.example\\.org$", 1);
  setenv("CORS_MAX_AGE", "600", 1);
}

START_TEST(out_of_memory_from_the_environment) {
  set_policy_variables();
  sweep();
}
END_TEST

/* The .env file, in the test's directory. An unchecked fixture writes
 * it and removes it in the runner's process, so it goes even when an
 * assertion ends the test early. */
static char g_env_path[] = "cors-startup-XXXXXX";

static void write_env_file(void) {
  static const char text[] =
      "# the policy\n"
      "FRONTEND_ORIGINS=https://app.example.com\n"
      "ALLOW_ORIGINS_REGEX='^https://[a-z]+\\.example\\.org$'\n"
      "export CORS_MAX_AGE=600\n";
  int fd = mkstemp(g_env_path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)sizeof text - 1);
  close(fd);
}

static void remove_env_file(void) {
  unlink(g_env_path);
}

START_TEST(out_of_memory_from_an_env_file) {
  unsetenv("FRONTEND_ORIGINS");
  unsetenv("ALLOW_ORIGINS_REGEX");
  unsetenv("CORS_MAX_AGE");
  setenv("CORS_ENV_FILE", g_env_path, 1);
  sweep();
  sweep_reloads();
  unsetenv("CORS_ENV_FILE");
}
END_TEST

/* Not memory: a configuration error keeps its own message and status. */
START_TEST(a_configuration_error_is_not_out_of_memory) {
  static char out[4096];
  set_policy_variables();
  setenv("CORS_MAX_AGE", "abc", 1);
  example_server srv;
  ck_assert_int_eq(load_with_budget(&srv, -1, out, sizeof out),
                   EXAMPLE_EXIT_CONFIG);
  ck_assert_msg(strncmp(out, SERVER_NAME ": configuration error: ",
                        strlen(SERVER_NAME ": configuration error: ")) == 0 &&
                    strstr(out, "CORS_MAX_AGE") != NULL,
                "printed '%s'", out);
  ck_assert_ptr_null(srv.live);
  ck_assert_ptr_null(srv.counters);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("example_startup");
  TCase *tc = tcase_create("out_of_memory");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, out_of_memory_from_the_environment);
  tcase_add_test(tc, a_configuration_error_is_not_out_of_memory);
  suite_add_tcase(s, tc);
  tc = tcase_create("env_file");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_unchecked_fixture(tc, write_env_file, remove_env_file);
  tcase_add_test(tc, out_of_memory_from_an_env_file);
  suite_add_tcase(s, tc);
  return s;
}

#else

Suite *unit_suite(void) {
  return NULL; /* malloc cannot be interposed here: skipped */
}

#endif
