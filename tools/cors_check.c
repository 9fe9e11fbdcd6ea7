/* cors-check: would this request be allowed by the CORS policy a libcors
 * server builds from the same environment, and why not?
 * (docs/cors-check.md) */
#include "cors_check.h"
#include "probe.h"

#include <stdlib.h>
#include <string.h>

static int evaluate(const check_options *opts, const check_policy *policy) {
  check_request request;
  int rc = check_build_request(opts, &request);
  if (rc == CHECK_EXIT_ALLOWED) {
    cors_result result, enforced;
    cors_evaluate(policy->policy, &request.req, &result);
    if (policy->enforcing != NULL)
      cors_evaluate(policy->enforcing, &request.req, &enforced);
    rc = check_print_result(opts, policy, &result,
                            policy->enforcing != NULL ? &enforced : &result);
  }
  check_request_free(&request);
  return rc;
}

static int run(const check_options *opts) {
  if (opts->help) {
    check_print_help(stdout);
    return CHECK_EXIT_ALLOWED;
  }
  if (opts->version) {
    const char *version = NULL;
    cors_version(&version);
    printf("cors-check (libcors) %s\n", version != NULL ? version : "?");
    return CHECK_EXIT_ALLOWED;
  }
  check_policy policy;
  int rc = check_build_policy(opts, &policy);
  if (rc == CHECK_EXIT_ALLOWED) {
    if (opts->lint || opts->dump) {
      if (opts->lint)
        rc = check_print_lint(opts, &policy);
      if (opts->dump && rc == CHECK_EXIT_ALLOWED)
        rc = check_print_dump(&policy);
    } else {
      rc = evaluate(opts, &policy);
    }
  }
  check_policy_free(&policy);
  return rc;
}

int main(int argc, char **argv) {
  check_options opts;
  int rc = CHECK_EXIT_ALLOWED;
  if (argc > 1 && strcmp(argv[1], "probe") == 0) {
    /* The live-server check: tools/probe_*.c. */
    rc = probe_main(argc - 1, argv + 1);
  } else {
    rc = check_parse_args(argc, argv, &opts);
    if (rc == CHECK_EXIT_ALLOWED)
      rc = run(&opts);
    check_options_free(&opts);
  }
  cors_thread_cleanup();
  if (fflush(stdout) != 0 && rc == CHECK_EXIT_ALLOWED) {
    fputs("cors-check: cannot write to standard output\n", stderr);
    rc = CHECK_EXIT_USAGE;
  }
  return rc;
}
