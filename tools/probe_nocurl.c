/* cors-check probe in a build without libcurl: the offline checks work,
 * the probe says what is missing. Exit 4, as for any request the tool
 * cannot carry out as asked (not 5: nothing was tried on the network). */
#include "probe.h"

int probe_main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("cors-check probe: this cors-check was built without libcurl; "
        "install libcurl4-openssl-dev (pkg-config libcurl) and rebuild\n",
        stderr);
  return PROBE_EXIT_USAGE;
}
