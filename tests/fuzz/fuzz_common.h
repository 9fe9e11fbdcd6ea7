/* Shared pieces of the libcors fuzz targets: input splitting, the plain
 * reference origin matcher the engine is checked against, and the
 * invariants every result must hold. Each target defines
 * LLVMFuzzerTestOneInput; libFuzzer (or replay_main.c, without libFuzzer)
 * calls it. An invariant violation prints what broke and aborts, which
 * libFuzzer reports as a crash and CTest as a failure. */
#ifndef CORS_FUZZ_COMMON_H
#define CORS_FUZZ_COMMON_H

#include <cors/cors.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with file, line and message when `cond` is false. */
#define FUZZ_CHECK(cond, msg)                                                  \
  do {                                                                         \
    if (!(cond))                                                               \
      fuzz_fail(__FILE__, __LINE__, #cond, (msg));                             \
  } while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *cond,
                         const char *msg);

/* ---- input -------------------------------------------------------------
 * An input is split into fields at each LF. Inside a field, the escapes
 * \n \r \0 \\ stand for LF, CR, NUL and a backslash, so hand-written seeds
 * stay readable and a field can still hold every byte. Each field lives in
 * its own exactly-sized heap block, so AddressSanitizer sees any read past
 * a slice's length. */
#define FUZZ_MAX_FIELDS 40

typedef struct fuzz_fields {
  cors_slice field[FUZZ_MAX_FIELDS];
  size_t count;
} fuzz_fields;

void fuzz_fields_split(fuzz_fields *f, const uint8_t *data, size_t size);
void fuzz_fields_free(fuzz_fields *f);
/* A NUL-terminated heap copy of a slice (for C-string APIs). */
char *fuzz_cstr(cors_slice s);

/* True when s holds a NUL within cap bytes and no CR or LF before it:
 * error and warning messages are one terminated line. */
bool fuzz_one_line(const char *s, size_t cap);

/* ---- reference origin matcher -----------------------------------------
 * Written from docs/semantics.md#origins and the URL Standard, as plainly
 * as possible, sharing no code with src/origin.c: the differential check. */
typedef enum ref_type { REF_ANY, REF_NULL, REF_EXACT, REF_PATTERN } ref_type;

typedef struct ref_entry {
  ref_type type;
  char scheme[CORS_MAX_ENTRY_LEN + 1];
  char host[CORS_MAX_ENTRY_LEN + 1]; /* the suffix, for *.host */
  bool any_subdomain;
  bool any_port;
  bool has_port;
  unsigned long port;
  char serialized[2 * CORS_MAX_ENTRY_LEN + 32]; /* exact entries */
} ref_entry;

/* ASCII lower case of one byte. */
char ref_lower(char c);
/* Equality of two byte strings, ignoring ASCII case. */
bool ref_eq_nocase(const char *a, size_t alen, const char *b, size_t blen);
/* Whether the header name name[0..len) is `want`, ignoring ASCII case. */
bool ref_name_is(const char *name, size_t len, const char *want);

/* Understands an entry the engine accepted; false if it cannot (which the
 * caller treats as a finding). */
bool ref_entry_parse(ref_entry *e, const char *s, size_t len);
/* A serialized origin by the grammar of docs/semantics.md#request-origins
 * (or "null"). */
bool ref_origin_valid(const char *s, size_t len);
/* Whether entry `e` admits the (valid) request origin s. */
bool ref_origin_matches(const ref_entry *e, const char *s, size_t len,
                        bool credentials);
/* True when any of the n entries admits s. */
bool ref_origin_matches_any(const ref_entry *e, size_t n, const char *s,
                            size_t len, bool credentials);

/* ---- result invariants ------------------------------------------------- */

/* Checks everything a result must satisfy whatever the policy: header
 * names are tokens, values hold only visible ASCII and spaces, at most one
 * ACAO, a denial carries no CORS header but Vary, kind/action/status are
 * consistent with the request, and cors_result_format() reports exact
 * sizes and never writes past its buffer. */
void fuzz_check_result(const cors_request *req, const cors_result *res);

/* Checks that cors_browser_check() agrees with the verdict: an allowed
 * request passes without credentials, and with them when the policy sends
 * credentials; a denied one fails in both modes. */
void fuzz_check_oracle(const cors_request *req, const cors_result *res,
                       bool policy_credentials);

/* Checks cors_result_format() against a plain reference formatter with
 * buffers of every interesting size. */
void fuzz_check_format(const cors_result *res);

/* The number of ACAO headers in res. */
size_t fuzz_count_header(const cors_result *res, const char *name);

/* Classifies as docs/semantics.md#classification says: NONE without
 * Origin, PREFLIGHT for OPTIONS with a non-empty ACRM, ACTUAL otherwise. */
cors_kind fuzz_expected_kind(const cors_request *req);

#endif
