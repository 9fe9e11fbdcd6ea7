/* Text shared by cors-check and cors-check probe: bytes from a server or a
 * user made safe for one line of a report or an error message. */
#ifndef CORS_TOOLS_CLI_TEXT_H
#define CORS_TOOLS_CLI_TEXT_H

#include <stddef.h>

/* Writes s[0..len) into out as printable ASCII: every byte outside
 * 0x20-0x7e becomes \xHH, as check_print_escaped() prints it, so no line
 * can drive a terminal. After max_in input bytes, "..." marks the cut; a
 * buffer too small for the next escape ends the text there. Always
 * NUL-terminated; cap must be at least 1. Returns the bytes written. */
size_t cli_escape_into(char *out, size_t cap, const char *s, size_t len,
                       size_t max_in);

#endif
