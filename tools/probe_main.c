/* cors-check probe: arguments, the run, the report. */
#include "probe.h"

int probe_main(int argc, char **argv) {
  probe_options opts;
  int rc = probe_parse_args(argc, argv, &opts);
  if (rc == PROBE_EXIT_ALLOWED && opts.help) {
    probe_print_help(stdout);
  } else if (rc == PROBE_EXIT_ALLOWED) {
    probe_http_global_init();
    static probe_report report; /* large: not on the stack */
    probe_run(&opts, &report);
    rc = probe_print(&report);
    probe_report_free(&report);
    probe_http_global_cleanup();
  }
  probe_options_free(&opts);
  return rc;
}
