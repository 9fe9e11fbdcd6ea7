/* The origin regex: PCRE2, compiled once, JIT where available. */
#ifndef CORS_REGEX_H
#define CORS_REGEX_H

#include "internal.h"

typedef struct cors__regex cors__regex;

/* Compiles `pattern` fully anchored (as re.fullmatch), with match and depth
 * limits, JIT-compiled when the platform supports it. On error fills err
 * with PCRE2's message and offset under `field`. Allocates through a. */
cors_status cors__regex_compile(const cors__alloc *a, const char *pattern,
                                size_t len, const char *field,
                                cors__regex **out, cors_error *err);
void cors__regex_free(cors__regex *re);

/* Whether matching runs on PCRE2's JIT (false: the interpreter, for the
 * patterns whose limits only the interpreter enforces; see regex.c). */
bool cors__regex_uses_jit(const cors__regex *re);

/* True when the whole subject matches. A limit hit, or any matching error,
 * counts as no match. Thread-safe; uses per-thread match data created on
 * the thread's first call. */
bool cors__regex_full_match(const cors__regex *re, const char *s, size_t len);

/* Match data owned by one caller, allocated through the regex's allocator
 * (for compile-time matching: lint's probes). NULL when out of memory.
 * Not shareable between threads. */
typedef struct cors__regex_scratch cors__regex_scratch;
cors__regex_scratch *cors__regex_scratch_new(const cors__regex *re);
void cors__regex_scratch_free(cors__regex_scratch *scratch);
/* cors__regex_full_match with that match data: the same verdicts. */
bool cors__regex_full_match_in(const cors__regex *re,
                               cors__regex_scratch *scratch, const char *s,
                               size_t len);

#endif
