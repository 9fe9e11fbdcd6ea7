/* Command-line pieces shared by cors-check and its probe (cli_args.h). */
#include "cli_args.h"

#include <string.h>

const char *cli_split_attached(const char *arg, char *flag, size_t cap) {
  const char *eq = arg[0] == '-' && arg[1] == '-' ? strchr(arg, '=') : NULL;
  size_t n = strlen(arg);
  const char *value = NULL;
  if (arg[0] == '-' && (arg[1] == 'X' || arg[1] == 'H') && arg[2] != '\0') {
    n = 2;
    value = arg + 2;
  } else if (eq != NULL) {
    n = (size_t)(eq - arg);
    value = eq + 1;
  }
  if (n >= cap)
    n = cap - 1; /* too long for any flag: stays unknown */
  memcpy(flag, arg, n);
  flag[n] = '\0';
  return value;
}

bool cli_flag_in(const char *flag, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(flag, names[i]) == 0)
      return true;
  return false;
}
