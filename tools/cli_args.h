/* Command-line pieces shared by cors-check and cors-check probe: both take
 * `--flag VALUE`, `--flag=VALUE`, `-X VALUE` and `-XVALUE` (-X and -H),
 * as curl does. */
#ifndef CORS_TOOLS_CLI_ARGS_H
#define CORS_TOOLS_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* Splits `--flag=value` and `-Xvalue` (-X and -H only): copies the flag
 * part of arg into flag (NUL-terminated; cut to cap - 1 bytes, which keeps
 * an overlong flag unknown) and returns the attached value, or NULL when
 * there is none. */
const char *cli_split_attached(const char *arg, char *flag, size_t cap);

/* True when flag is one of the n names. */
bool cli_flag_in(const char *flag, const char *const *names, size_t n);

#endif
