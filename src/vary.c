/* Merging the result's Vary into the application's: the application's
 * tokens first, in its order, then the CORS ones it lacks; compared
 * case-insensitively, each once; `*` absorbs everything. Only valid
 * tokens are copied, so whatever the application's value held, the
 * output is a clean list (no control byte can pass).
 *
 * The tokens of both sides form one sequence, and a token is written
 * when no earlier one equals it. The application's value may be long (in
 * nginx it is whatever the upstream sent), so comparing each token with
 * all before it would be quadratic; nothing may be allocated either, and
 * the output buffer cannot serve as memory, since a caller may only ask
 * for the size. So the sequence is read in windows of up to
 * CORS__VARY_WINDOW distinct tokens, held in a hash table on the stack:
 * a repeat inside the window is found in the table, and a repeat of an
 * earlier token by one pass over the tokens before the window, each
 * looked up in the same table. Any real Vary fits in one window and is
 * read once; n distinct tokens cost about n + n * n / (2 *
 * CORS__VARY_WINDOW) lookups, and bytes are compared only on a hash match
 * (240 tokens per window: 8 KB of distinct tokens costs 5 lookups per
 * token instead of 900 comparisons). */
#include "vary.h"

#include "internal.h"

#define VARY_SEPARATOR ", "
/* Slots of the table's index: a power of two, under half full. */
#define VARY_INDEX_SLOTS 512

/* The index holds entry numbers + 1 in bytes. */
_Static_assert(CORS__VARY_WINDOW < 256 &&
                   2 * CORS__VARY_WINDOW < VARY_INDEX_SLOTS,
               "the Vary window must fit the table's index");

/* ---- tokens of a list --------------------------------------------------- */

/* FNV-1a over the lower-cased bytes, so that equal tokens in any case
 * hash alike; the hash is taken while the token is validated. */
#define TOKEN_HASH_SEED 2166136261u
#define TOKEN_HASH_PRIME 16777619u

/* Whether t is a token, and its hash when it is. */
static bool hash_token(cors_slice t, uint32_t *hash) {
  uint32_t h = TOKEN_HASH_SEED;
  for (size_t i = 0; i < t.len; i++) {
    unsigned char c = (unsigned char)t.ptr[i];
    if (!cors__is(c, CORS__C_TCHAR))
      return false;
    h = (h ^ cors__lower[c]) * TOKEN_HASH_PRIME;
  }
  *hash = h;
  return t.len > 0;
}

/* The next valid token of a comma-separated list, trimmed of blanks, with
 * its hash; empty and invalid elements are skipped. */
static bool next_token(const char **p, const char *end, cors_slice *tok,
                       uint32_t *hash) {
  while (*p < end) {
    const char *comma = memchr(*p, ',', (size_t)(end - *p));
    const char *stop = comma != NULL ? comma : end;
    cors_slice t = cors__trim_ows(*p, (size_t)(stop - *p));
    *p = comma != NULL ? comma + 1 : end;
    if (hash_token(t, hash)) {
      *tok = t;
      return true;
    }
  }
  return false;
}

static bool is_star(cors_slice t) {
  return t.len == 1 && t.ptr[0] == '*';
}

/* ---- the result's Vary ------------------------------------------------ */

static bool is_vary(const cors_header *h) {
  return cors__eq_nocase(h->name, h->name_len, "vary", 4);
}

static size_t header_count(const cors_result *res) {
  return res->header_count < CORS_MAX_RESULT_HEADERS ? res->header_count
                                                     : CORS_MAX_RESULT_HEADERS;
}

/* ---- the sequence: the application's tokens, then the result's ---------- */

/* The result has at most one Vary header; several are read as one list,
 * in header order, as HTTP reads several lines. */
typedef struct vary_cursor {
  const cors_result *res;
  size_t next_header;  /* the result header to read after this value */
  const char *p, *end; /* the rest of the value being read */
} vary_cursor;

static vary_cursor cursor_start(const char *app, size_t app_len,
                                const cors_result *res) {
  vary_cursor c = {res, 0, app, app + app_len};
  return c;
}

/* Moves to the value of the result's next Vary header. */
static bool next_value(vary_cursor *c) {
  while (c->next_header < header_count(c->res)) {
    const cors_header *h = &c->res->headers[c->next_header++];
    if (is_vary(h)) {
      c->p = h->value;
      c->end = h->value + h->value_len;
      return true;
    }
  }
  return false;
}

static bool cursor_next(vary_cursor *c, cors_slice *tok, uint32_t *hash) {
  while (!next_token(&c->p, c->end, tok, hash))
    if (!next_value(c))
      return false;
  return true;
}

static bool rest_has_star(vary_cursor c) {
  cors_slice t;
  uint32_t hash;
  while (cursor_next(&c, &t, &hash))
    if (is_star(t))
      return true;
  return false;
}

/* ---- the window's table ------------------------------------------------- */

/* A distinct token of the window, in the order of first occurrence, which
 * is the order of the output. */
typedef struct vary_entry {
  cors_slice tok; /* its first occurrence */
  uint32_t hash;
  bool earlier; /* it also occurs before the window */
} vary_entry;

typedef struct vary_table {
  vary_entry entries[CORS__VARY_WINDOW];
  size_t count;
  uint8_t index[VARY_INDEX_SLOTS]; /* entry number + 1; 0: free */
  bool star;                       /* the window holds `*` */
  bool ended;                      /* the window ends the sequence */
  cors__vary_work *work;
} vary_table;

static bool same_token(vary_table *t, cors_slice a, cors_slice b) {
  if (a.ptr == b.ptr && a.len == b.len)
    return true;
  t->work->comparisons++;
  return cors__eq_nocase(a.ptr, a.len, b.ptr, b.len);
}

/* The index slot of `tok`: the slot of its entry, or the free slot where
 * it belongs. The index is never full, so the probe ends. */
static uint8_t *table_find(vary_table *t, cors_slice tok, uint32_t hash) {
  size_t i = (hash ^ (hash >> 15)) & (VARY_INDEX_SLOTS - 1);
  t->work->lookups++;
  while (t->index[i] != 0) {
    const vary_entry *e = &t->entries[t->index[i] - 1];
    if (e->hash == hash && same_token(t, e->tok, tok))
      break;
    i = (i + 1) & (VARY_INDEX_SLOTS - 1);
  }
  return &t->index[i];
}

/* ---- merge -------------------------------------------------------------- */

/* Reads the window that starts at *c into the table: tokens until the
 * sequence ends or the table holds CORS__VARY_WINDOW of them and the next
 * is new. Leaves *c after the window; returns its length in tokens. */
static size_t fill_window(vary_table *t, vary_cursor *c) {
  memset(t->index, 0, sizeof t->index);
  t->count = 0;
  t->star = false;
  t->ended = false;
  vary_cursor at = *c;
  cors_slice tok;
  uint32_t hash;
  size_t n = 0;
  while (cursor_next(&at, &tok, &hash)) {
    uint8_t *slot = table_find(t, tok, hash);
    if (*slot == 0) {
      if (t->count == CORS__VARY_WINDOW)
        return n;
      t->entries[t->count] = (vary_entry){tok, hash, false};
      *slot = (uint8_t)++t->count;
    }
    t->star = t->star || is_star(tok);
    n++;
    *c = at;
  }
  t->ended = true;
  return n;
}

/* Flags the window's tokens that occur among the `before` tokens of the
 * sequence before it; stops early once all of them are flagged. */
static void mark_earlier(vary_table *t, vary_cursor c, size_t before) {
  size_t unflagged = t->count;
  cors_slice tok;
  uint32_t hash;
  for (size_t i = 0;
       i < before && unflagged > 0 && cursor_next(&c, &tok, &hash); i++) {
    const uint8_t *slot = table_find(t, tok, hash);
    if (*slot != 0 && !t->entries[*slot - 1].earlier) {
      t->entries[*slot - 1].earlier = true;
      unflagged--;
    }
  }
}

static void put_token(cors__out *o, cors_slice t, bool *first) {
  if (!*first)
    cors__out_put(o, VARY_SEPARATOR, sizeof VARY_SEPARATOR - 1);
  cors__out_put(o, t.ptr, t.len);
  *first = false;
}

/* The window's tokens that do not occur before it, in order. */
static void write_window(cors__out *o, const vary_table *t, bool *first) {
  for (size_t i = 0; i < t->count; i++)
    if (!t->entries[i].earlier)
      put_token(o, t->entries[i].tok, first);
}

static void merge_into(cors__out *o, const char *app, size_t app_len,
                       const cors_result *res, cors__vary_work *work) {
  vary_table t;
  t.work = work;
  vary_cursor start = cursor_start(app, app_len, res);
  vary_cursor c = start;
  size_t n = fill_window(&t, &c);
  if (t.star || (!t.ended && rest_has_star(c))) {
    cors__out_put(o, "*", 1);
    return;
  }
  bool first = true;
  size_t done = 0;
  while (n > 0) {
    if (done > 0)
      mark_earlier(&t, start, done);
    write_window(o, &t, &first);
    done += n;
    n = t.ended ? 0 : fill_window(&t, &c);
  }
}

static bool bad_arguments(const cors_result *res, const char *app_vary,
                          size_t app_len, const char *buf, size_t cap) {
  return res == NULL || (app_vary == NULL && app_len > 0) ||
         (buf == NULL && cap > 0);
}

cors_status cors__vary_merge_counted(const char *app_vary, size_t app_len,
                                     const cors_result *res, char *buf,
                                     size_t cap, size_t *written,
                                     cors__vary_work *work) {
  if (bad_arguments(res, app_vary, app_len, buf, cap))
    return CORS_ERR_INVALID_ARGUMENT;
  *work = (cors__vary_work){0, 0};
  cors__out o = {buf, cap, 0};
  merge_into(&o, app_vary != NULL ? app_vary : "", app_len, res, work);
  return cors__out_status(&o, written);
}

cors_status cors_vary_merge(const char *app_vary, size_t app_len,
                            const cors_result *res, char *buf, size_t cap,
                            size_t *written) {
  cors__vary_work ignored;
  return cors__vary_merge_counted(app_vary, app_len, res, buf, cap, written,
                                  &ignored);
}

/* ---- header lines with the merged Vary ---------------------------------- */

static void emit_line(cors__out *o, const char *name, size_t name_len,
                      const char *value, size_t value_len) {
  cors__out_put(o, name, name_len);
  cors__out_put(o, ": ", 2);
  cors__out_put(o, value, value_len);
  cors__out_put(o, "\r\n", 2);
}

/* "Vary: <merged>\r\n", or nothing when the merge is empty, which it is
 * exactly when neither side holds a token. */
static void emit_vary_line(cors__out *o, const char *app, size_t app_len,
                           const cors_result *res) {
  vary_cursor c = cursor_start(app, app_len, res);
  cors_slice tok;
  uint32_t hash;
  if (!cursor_next(&c, &tok, &hash))
    return;
  cors__vary_work ignored;
  cors__out_put(o, "Vary: ", 6);
  merge_into(o, app, app_len, res, &ignored);
  cors__out_put(o, "\r\n", 2);
}

cors_status cors_result_format_vary(const cors_result *res,
                                    const char *app_vary, size_t app_len,
                                    char *buf, size_t cap, size_t *written) {
  if (bad_arguments(res, app_vary, app_len, buf, cap))
    return CORS_ERR_INVALID_ARGUMENT;
  const char *app = app_vary != NULL ? app_vary : "";
  cors__out o = {buf, cap, 0};
  bool vary_done = false;
  for (size_t i = 0; i < header_count(res); i++) {
    const cors_header *h = &res->headers[i];
    if (!is_vary(h)) {
      emit_line(&o, h->name, h->name_len, h->value, h->value_len);
    } else if (!vary_done) {
      emit_vary_line(&o, app, app_len, res); /* where the result had it */
      vary_done = true;
    }
  }
  if (!vary_done)
    emit_vary_line(&o, app, app_len, res);
  return cors__out_status(&o, written);
}
