/* Internal helpers shared by every libcors source file. Not installed. */
#ifndef CORS_INTERNAL_H
#define CORS_INTERNAL_H

#include <cors/cors.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define CORS__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CORS__LIKELY(x) __builtin_expect(!!(x), 1)
/* Keeps a rare path out of its caller, whose registers it would crowd. */
#define CORS__NOINLINE __attribute__((noinline))
/* A small hot-path helper used twice, which the compiler would call. */
#define CORS__ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CORS__PRINTF(f, a)
#define CORS__LIKELY(x) (x)
#define CORS__NOINLINE
#define CORS__ALWAYS_INLINE inline
#endif

#define CORS__STR2(x) #x
#define CORS__STR(x) CORS__STR2(x) /* a macro's value as a string literal */

/* ---- allocation (alloc.c) ------------------------------------------- */

/* A resolved allocator: never has NULL malloc/free. */
typedef struct cors__alloc {
  cors_allocator hooks;
} cors__alloc;

void cors__alloc_init(cors__alloc *a, const cors_allocator *user);
void *cors__malloc(const cors__alloc *a, size_t size);
void *cors__calloc(const cors__alloc *a, size_t n, size_t size);
void *cors__realloc(const cors__alloc *a, void *ptr, size_t old_size,
                    size_t new_size);
void cors__free(const cors__alloc *a, void *ptr);
/* NUL-terminated copy of len bytes, or NULL when out of memory. */
char *cors__strndup(const cors__alloc *a, const char *s, size_t len);

/* ---- sorting (sort.c) ------------------------------------------------- */

/* Compares two elements of a pointer array (the pointers themselves). */
typedef int (*cors__compare_fn)(const void *a, const void *b);

/* Sorts n pointers by cmp, stably, in O(n log n); the scratch array comes
 * from `a`. Returns CORS_ERR_NOMEM (items unchanged as a set, order
 * unspecified) when it cannot get it. */
cors_status cors__sort_pointers(const cors__alloc *a, const void **items,
                                size_t n, cors__compare_fn cmp);

/* ---- character classes (chars.c) ------------------------------------ */

/* Bit flags of cors__char_class[]. */
enum {
  CORS__C_TCHAR = 1,    /* RFC 9110 token character */
  CORS__C_ALPHA = 2,
  CORS__C_DIGIT = 4,
  CORS__C_SCHEME = 8,   /* ALPHA / DIGIT / + - . */
  CORS__C_HOST = 16,    /* ALPHA / DIGIT / - . _ ~ (reg-name subset) */
  CORS__C_OWS = 32,     /* space or tab */
  CORS__C_CTL = 64,     /* 0x00-0x1f, 0x7f (and never >= 0x80: see below) */
  CORS__C_HIGH = 128    /* >= 0x80 */
};
extern const uint8_t cors__char_class[256];
extern const uint8_t cors__lower[256];

static inline bool cors__is(unsigned char c, unsigned cls) {
  return (cors__char_class[c] & cls) != 0;
}
bool cors__is_token(const char *s, size_t len);

static inline uint64_t cors__load64(const char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* Equality of two byte strings of the same length, a word at a time: for
 * the short names and origins compared on the hot path, a call to memcmp
 * costs more than the comparison itself. */
static inline bool cors__same_bytes(const char *a, const char *b,
                                    size_t len) {
  if (len < 8)
    return memcmp(a, b, len) == 0;
  for (size_t i = 0; len - i > 8; i += 8) {
    if (cors__load64(a + i) != cors__load64(b + i))
      return false;
  }
  return cors__load64(a + len - 8) == cors__load64(b + len - 8);
}
bool cors__eq_nocase(const char *a, size_t alen, const char *b, size_t blen);
/* Byte order, shorter first on a common prefix (a memcmp for slices). */
int cors__compare_bytes(const char *a, size_t alen, const char *b,
                        size_t blen);
/* The bytes trimmed of spaces and tabs at both ends. */
cors_slice cors__trim_ows(const char *s, size_t len);
/* How many times byte c occurs in s. */
size_t cors__count_byte(const char *s, size_t len, char c);

/* ---- requests ----------------------------------------------------------- */

/* The Access-Control-Request-Headers lines a request holds: its count, or
 * one when a host set request_headers[0] without counting it (a silent
 * zero would skip the header check). May exceed the array: malformed. */
static inline size_t cors__request_header_lines(const cors_request *req) {
  if (req->request_headers_count == 0 && req->request_headers[0].ptr != NULL)
    return 1;
  return req->request_headers_count;
}

/* ---- errors and warnings (status.c) --------------------------------- */

/* Fills err (if non-NULL) and returns code. Never allocates. */
cors_status cors__error_set(cors_error *err, cors_status code,
                            const char *field, long index, long offset,
                            const char *fmt, ...) CORS__PRINTF(6, 7);
/* Writes `len` bytes of s into out as a printable quoted excerpt:
 * control and high bytes as \xHH, cut with "..." when longer than fits. */
void cors__quote(char *out, size_t cap, const char *s, size_t len);

/* ---- bounded output (out.c) ------------------------------------------ */

/* A writer that counts every byte and stores what fits, keeping one byte
 * for the NUL: a call learns the size it needs even from a buffer that is
 * too small (or NULL with cap 0). */
typedef struct cors__out {
  char *buf;
  size_t cap;
  size_t len;
} cors__out;

void cors__out_put(cors__out *o, const char *s, size_t n);
void cors__out_str(cors__out *o, const char *s);
/* Bytes from 0x20 to 0x7e as they are, except those in `also`; every
 * other byte as \xHH, so the text stays one printable line. */
void cors__out_escaped(cors__out *o, const char *s, size_t n,
                       const char *also);
/* NUL-terminates what was stored and returns the length of everything
 * written, as snprintf does. */
size_t cors__out_end(cors__out *o);
/* The formatters' status: *written (if non-NULL) is the length; CORS_OK
 * with the whole text NUL-terminated, or CORS_ERR_BUFFER_TOO_SMALL with
 * the buffer emptied. */
cors_status cors__out_status(cors__out *o, size_t *written);

/* ---- CSV (csv.c) ----------------------------------------------------- */

/* Iterates a comma-separated list: entries trimmed of spaces and tabs,
 * empty entries skipped (but counted in `index`), quotes not special. */
typedef struct cors__csv_iter {
  const char *p;
  const char *end;
  long next_index;
  bool done;
} cors__csv_iter;

void cors__csv_init(cors__csv_iter *it, const char *s, size_t len);
/* Next non-empty entry; false at the end. *index is its 0-based position
 * counting empty entries. */
bool cors__csv_next(cors__csv_iter *it, cors_slice *entry, long *index);

#endif
