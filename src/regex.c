/* The origin regex. PCRE2 with the caller's allocator, fully anchored at
 * both ends, JIT where the platform has it, and match/depth/heap limits so
 * that no origin can make matching slow. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Bounds on one match: generous for any sane origin pattern, small enough
 * that catastrophic backtracking ends in well under a millisecond. */
#define CORS__REGEX_MATCH_LIMIT 100000u
#define CORS__REGEX_DEPTH_LIMIT 1000u
#define CORS__REGEX_HEAP_LIMIT_KIB 1024u

typedef struct regex_mem {
  const cors__alloc *alloc;
  bool failed;
} regex_mem;

struct cors__regex {
  cors__alloc alloc;
  regex_mem mem;
  pcre2_general_context *gctx;
  pcre2_compile_context *cctx;
  pcre2_match_context *mctx;
  pcre2_code *code;
  bool jit;
};

static void *regex_malloc(size_t size, void *ud) {
  regex_mem *m = ud;
  void *p = cors__malloc(m->alloc, size);
  if (p == NULL)
    m->failed = true;
  return p;
}

static void regex_free(void *ptr, void *ud) {
  regex_mem *m = ud;
  cors__free(m->alloc, ptr);
}

void cors__regex_free(cors__regex *re) {
  if (re == NULL)
    return;
  pcre2_code_free(re->code);
  pcre2_match_context_free(re->mctx);
  pcre2_compile_context_free(re->cctx);
  pcre2_general_context_free(re->gctx);
  cors__alloc a = re->alloc;
  cors__free(&a, re);
}

static cors_status regex_nomem(cors__regex *re, const char *field,
                               cors_error *err) {
  cors__regex_free(re);
  return cors__error_set(err, CORS_ERR_NOMEM, field, -1, -1,
                         "out of memory compiling %s", field);
}

static cors_status make_contexts(cors__regex *re) {
  re->gctx = pcre2_general_context_create(regex_malloc, regex_free, &re->mem);
  if (re->gctx == NULL)
    return CORS_ERR_NOMEM;
  re->cctx = pcre2_compile_context_create(re->gctx);
  re->mctx = pcre2_match_context_create(re->gctx);
  if (re->cctx == NULL || re->mctx == NULL)
    return CORS_ERR_NOMEM;
  pcre2_set_match_limit(re->mctx, CORS__REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, CORS__REGEX_DEPTH_LIMIT);
  pcre2_set_heap_limit(re->mctx, CORS__REGEX_HEAP_LIMIT_KIB);
  return CORS_OK;
}

/* PCRE2 10.42's JIT ignores PCRE2_ENDANCHORED in some patterns with a
 * backtracking-control verb: "https://a\\.com|.(*SKIP)" and ".(*ACCEPT)"
 * matched every origin (found by tests/fuzz/fuzz_regex.c). A pattern
 * holding "(*" (verbs and start options are all spelled so) runs on the
 * interpreter, which honours the anchoring; others keep the JIT. */
static bool has_control_verb(const char *pattern, size_t len) {
  for (size_t i = 0; i + 1 < len; i++) {
    if (pattern[i] == '(' && pattern[i + 1] == '*')
      return true;
  }
  return false;
}

cors_status cors__regex_compile(const cors__alloc *a, const char *pattern,
                                size_t len, const char *field,
                                cors__regex **out, cors_error *err) {
  *out = NULL;
  cors__regex *re = cors__calloc(a, 1, sizeof *re);
  if (re == NULL)
    return regex_nomem(NULL, field, err);
  re->alloc = *a;
  re->mem.alloc = &re->alloc;
  if (make_contexts(re) != CORS_OK)
    return regex_nomem(re, field, err);
  /* ANCHORED + ENDANCHORED is re.fullmatch; DOLLAR_ENDONLY keeps `$` from
   * matching before a final newline even inside alternations. */
  uint32_t options = PCRE2_ANCHORED | PCRE2_ENDANCHORED |
                     PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C;
  int code = 0;
  PCRE2_SIZE offset = 0;
  re->code = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &offset,
                           re->cctx);
  if (re->code == NULL) {
    if (re->mem.failed)
      return regex_nomem(re, field, err);
    /* PCRE2 can point one or two past the end of a malformed (*VERB). */
    if (offset > len)
      offset = len;
    PCRE2_UCHAR msg[200];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
      memcpy(msg, "unknown PCRE2 error", 20);
    char quoted[120];
    cors__quote(quoted, sizeof quoted, pattern, len);
    cors__regex_free(re);
    return cors__error_set(err, CORS_ERR_INVALID_REGEX, field, -1,
                           (long)offset, "%s %s: %s at offset %zu", field,
                           quoted, (const char *)msg, (size_t)offset);
  }
  re->jit = !has_control_verb(pattern, len) &&
            pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
  if (re->mem.failed)
    return regex_nomem(re, field, err);
  *out = re;
  return CORS_OK;
}

/* ---- per-thread match data ---------------------------------------------- */

/* Match data is the only mutable matching state; keeping one block per
 * thread leaves the policy immutable and the hot path allocation-free
 * after a thread's first match. The key's destructor frees it at thread
 * exit. */
static _Thread_local pcre2_match_data *thread_match_data;
static pthread_key_t match_data_key;
static pthread_once_t match_data_once = PTHREAD_ONCE_INIT;

static void destroy_match_data(void *md) { pcre2_match_data_free(md); }

static void create_match_data_key(void) {
  (void)pthread_key_create(&match_data_key, destroy_match_data);
}

static pcre2_match_data *match_data_for_thread(void) {
  if (CORS__LIKELY(thread_match_data != NULL))
    return thread_match_data;
  (void)pthread_once(&match_data_once, create_match_data_key);
  thread_match_data = pcre2_match_data_create(1, NULL);
  if (thread_match_data != NULL)
    (void)pthread_setspecific(match_data_key, thread_match_data);
  return thread_match_data;
}

void cors_thread_cleanup(void) {
  if (thread_match_data == NULL)
    return;
  (void)pthread_setspecific(match_data_key, NULL);
  pcre2_match_data_free(thread_match_data);
  thread_match_data = NULL;
}

/* The one matching rule, whoever owns the match data. */
static bool full_match(const cors__regex *re, pcre2_match_data *md,
                       const char *s, size_t len) {
  int rc;
  if (re->jit)
    rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, re->mctx);
  else
    rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, re->mctx);
  /* Negative: no match, or a limit hit, which counts as no match. rc == 0
   * ("ovector too small") is still a match. The end offset is checked
   * too, whatever the compile options promised: a match that stops short
   * of the end is not a full match (PCRE2 10.42's JIT once let a verb
   * end one early). */
  return rc >= 0 && pcre2_get_ovector_pointer(md)[1] == len;
}

bool cors__regex_full_match(const cors__regex *re, const char *s, size_t len) {
  pcre2_match_data *md = match_data_for_thread();
  if (md == NULL)
    return false;
  return full_match(re, md, s, len);
}

/* ---- match data of one caller (lint) ------------------------------------ */

/* Through the regex's own general context, so compile-time matching
 * allocates only through the caller's hooks and leaves no per-thread
 * state behind. */
cors__regex_scratch *cors__regex_scratch_new(const cors__regex *re) {
  return (cors__regex_scratch *)pcre2_match_data_create(1, re->gctx);
}

void cors__regex_scratch_free(cors__regex_scratch *scratch) {
  pcre2_match_data_free((pcre2_match_data *)scratch);
}

bool cors__regex_full_match_in(const cors__regex *re,
                               cors__regex_scratch *scratch, const char *s,
                               size_t len) {
  return full_match(re, (pcre2_match_data *)scratch, s, len);
}
