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

/* Two kinds of pattern run on PCRE2's interpreter, whose match, depth and
 * heap limits hold; every other pattern keeps the JIT.
 * - Backtracking-control verbs: PCRE2 10.42's JIT ignores
 *   PCRE2_ENDANCHORED in some of them ("https://a\\.com|.(*SKIP)" and
 *   ".(*ACCEPT)" matched every origin). Verbs and start options are all
 *   spelled "(*".
 * - Recursion and subroutine calls ((?R), (?1), (?+1), (?-1), (?&name),
 *   (?P>name), \g<...>, \g'...'): the JIT does not count them against
 *   the match limit, so "|" repeated 2,000 times then "(?R)" spent four
 *   seconds on every origin before failing on its stack (both found by
 *   tests/fuzz/fuzz_regex.c). No origin pattern needs them.
 * Read as text: a false alarm (inside a class, say) only costs speed. */
static bool starts_subroutine(const char *p, size_t n) {
  if (n >= 2 && p[0] == '(' && p[1] == '?') {
    const char *q = p + 2;
    size_t left = n - 2;
    if (left >= 1 && (q[0] == 'R' || q[0] == '&'))
      return true;
    if (left >= 2 && q[0] == 'P' && q[1] == '>')
      return true;
    if (left >= 2 && (q[0] == '+' || q[0] == '-')) {
      q++;
      left--;
    }
    return left >= 1 && q[0] >= '0' && q[0] <= '9';
  }
  return n >= 3 && p[0] == '\\' && p[1] == 'g' &&
         (p[2] == '<' || p[2] == '\'');
}

static bool needs_interpreter(const char *pattern, size_t len) {
  for (size_t i = 0; i + 1 < len; i++) {
    if (pattern[i] == '(' && pattern[i + 1] == '*')
      return true;
    if (starts_subroutine(pattern + i, len - i))
      return true;
  }
  return false;
}

bool cors__regex_uses_jit(const cors__regex *re) { return re->jit; }

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
  re->jit = !needs_interpreter(pattern, len) &&
            pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
  if (re->mem.failed)
    return regex_nomem(re, field, err);
  *out = re;
  return CORS_OK;
}

/* ---- per-thread match data ---------------------------------------------- */

/* Match data is the only mutable matching state; keeping one block per
 * thread leaves the policy immutable and the hot path allocation-free
 * after a thread's first match. The thread-local pointer is the cache;
 * the key exists only so that its destructor frees the block at thread
 * exit. Two rules keep that safe:
 * - The destructor clears the thread-local pointer along with the block.
 *   A host destructor that runs later in the same thread exit (its key
 *   created after ours) and evaluates then starts afresh: a new block,
 *   registered again, which the next destructor round frees.
 * - Without a key of our own (the process used up PTHREAD_KEYS_MAX, or
 *   pthread_setspecific failed) nothing is cached: each match creates and
 *   frees its own block, so nothing outlives the thread and no key that
 *   belongs to someone else is ever written. */
static _Thread_local pcre2_match_data *thread_match_data;
static pthread_key_t match_data_key;
static bool match_data_key_created; /* written once, under match_data_once */
static pthread_once_t match_data_once = PTHREAD_ONCE_INIT;

static void destroy_match_data(void *md) {
  if (md == thread_match_data)
    thread_match_data = NULL;
  pcre2_match_data_free(md);
}

static void create_match_data_key(void) {
  match_data_key_created =
      pthread_key_create(&match_data_key, destroy_match_data) == 0;
}

/* The thread's cached block, or NULL when it cannot be cached (see above;
 * the caller then uses a block of its own for one match). */
static pcre2_match_data *match_data_for_thread(void) {
  if (CORS__LIKELY(thread_match_data != NULL))
    return thread_match_data;
  (void)pthread_once(&match_data_once, create_match_data_key);
  if (!match_data_key_created)
    return NULL;
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  if (md == NULL)
    return NULL;
  if (pthread_setspecific(match_data_key, md) != 0) {
    pcre2_match_data_free(md);
    return NULL;
  }
  thread_match_data = md;
  return md;
}

void cors_thread_cleanup(void) {
  pcre2_match_data *md = thread_match_data;
  if (md == NULL)
    return;
  thread_match_data = NULL;
  (void)pthread_setspecific(match_data_key, NULL);
  pcre2_match_data_free(md);
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
  if (CORS__LIKELY(md != NULL))
    return full_match(re, md, s, len);
  /* The degraded path: a block for this one match. */
  md = pcre2_match_data_create(1, NULL);
  if (md == NULL)
    return false;
  bool matched = full_match(re, md, s, len);
  pcre2_match_data_free(md);
  return matched;
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
