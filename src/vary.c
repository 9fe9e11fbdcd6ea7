/* Merging the result's Vary into the application's: the application's
 * tokens first, in its order, then the CORS ones it lacks; compared
 * case-insensitively, each once; `*` absorbs everything. Only valid
 * tokens are copied, so whatever the application's value held, the
 * output is a clean list (no control byte can pass).
 *
 * Nothing is allocated: duplicates are found by looking back over the
 * input rather than by remembering what was written, which would need
 * the output buffer even when the caller only asks for the size. */
#include "internal.h"

#define VARY_SEPARATOR ", "

/* ---- tokens of a list --------------------------------------------------- */

/* The next valid token of a comma-separated list, trimmed of blanks;
 * empty and invalid elements are skipped. */
static bool next_token(const char **p, const char *end, cors_slice *tok) {
  while (*p < end) {
    const char *comma = memchr(*p, ',', (size_t)(end - *p));
    const char *stop = comma != NULL ? comma : end;
    cors_slice t = cors__trim_ows(*p, (size_t)(stop - *p));
    *p = comma != NULL ? comma + 1 : end;
    if (cors__is_token(t.ptr, t.len)) {
      *tok = t;
      return true;
    }
  }
  return false;
}

static bool same_token(cors_slice a, cors_slice b) {
  return cors__eq_nocase(a.ptr, a.len, b.ptr, b.len);
}

/* Whether the list holds `tok` among its tokens that start before
 * `before` (the end of the list: anywhere). */
static bool list_has(const char *list, size_t len, cors_slice tok,
                     const char *before) {
  const char *p = list, *end = list + len;
  cors_slice t;
  while (next_token(&p, end, &t) && t.ptr < before)
    if (same_token(t, tok))
      return true;
  return false;
}

static bool is_star(cors_slice t) {
  return t.len == 1 && t.ptr[0] == '*';
}

static bool list_has_star(const char *list, size_t len) {
  const char *p = list, *end = list + len;
  cors_slice t;
  while (next_token(&p, end, &t))
    if (is_star(t))
      return true;
  return false;
}

/* ---- the result's Vary ------------------------------------------------ */

static bool is_vary(const cors_header *h) {
  return cors__eq_nocase(h->name, h->name_len, "vary", 4);
}

static size_t header_count(const cors_result *res) {
  return res->header_count < CORS_MAX_RESULT_HEADERS ? res->header_count
                                                     : CORS_MAX_RESULT_HEADERS;
}

/* Whether a result Vary token before `before` (in header order) equals
 * `tok`. The result has at most one Vary header; several are read as one
 * list, as HTTP reads several lines. */
static bool result_has_before(const cors_result *res, cors_slice tok,
                              const char *before) {
  for (size_t i = 0; i < header_count(res); i++) {
    const cors_header *h = &res->headers[i];
    if (!is_vary(h))
      continue;
    const char *p = h->value, *end = h->value + h->value_len;
    cors_slice t;
    while (next_token(&p, end, &t)) {
      if (t.ptr == before)
        return false;
      if (same_token(t, tok))
        return true;
    }
  }
  return false;
}

static bool result_has_star(const cors_result *res) {
  for (size_t i = 0; i < header_count(res); i++)
    if (is_vary(&res->headers[i]) &&
        list_has_star(res->headers[i].value, res->headers[i].value_len))
      return true;
  return false;
}

/* ---- merge -------------------------------------------------------------- */

static void put_token(cors__out *o, cors_slice t, bool *first) {
  if (!*first)
    cors__out_put(o, VARY_SEPARATOR, sizeof VARY_SEPARATOR - 1);
  cors__out_put(o, t.ptr, t.len);
  *first = false;
}

static void merge_into(cors__out *o, const char *app, size_t app_len,
                       const cors_result *res) {
  if (list_has_star(app, app_len) || result_has_star(res)) {
    cors__out_put(o, "*", 1);
    return;
  }
  bool first = true;
  const char *p = app, *end = app + app_len;
  cors_slice t;
  while (next_token(&p, end, &t))
    if (!list_has(app, app_len, t, t.ptr))
      put_token(o, t, &first);
  for (size_t i = 0; i < header_count(res); i++) {
    const cors_header *h = &res->headers[i];
    if (!is_vary(h))
      continue;
    p = h->value;
    end = h->value + h->value_len;
    while (next_token(&p, end, &t))
      if (!list_has(app, app_len, t, app + app_len) &&
          !result_has_before(res, t, t.ptr))
        put_token(o, t, &first);
  }
}

static bool bad_arguments(const cors_result *res, const char *app_vary,
                          size_t app_len, const char *buf, size_t cap) {
  return res == NULL || (app_vary == NULL && app_len > 0) ||
         (buf == NULL && cap > 0);
}

cors_status cors_vary_merge(const char *app_vary, size_t app_len,
                            const cors_result *res, char *buf, size_t cap,
                            size_t *written) {
  if (bad_arguments(res, app_vary, app_len, buf, cap))
    return CORS_ERR_INVALID_ARGUMENT;
  cors__out o = {buf, cap, 0};
  merge_into(&o, app_vary != NULL ? app_vary : "", app_len, res);
  return cors__out_status(&o, written);
}

/* ---- header lines with the merged Vary ---------------------------------- */

static void emit_line(cors__out *o, const char *name, size_t name_len,
                      const char *value, size_t value_len) {
  cors__out_put(o, name, name_len);
  cors__out_put(o, ": ", 2);
  cors__out_put(o, value, value_len);
  cors__out_put(o, "\r\n", 2);
}

/* "Vary: <merged>\r\n", or nothing when the merge is empty. */
static void emit_vary_line(cors__out *o, const char *app, size_t app_len,
                           const cors_result *res) {
  cors__out count = {NULL, 0, 0};
  merge_into(&count, app, app_len, res);
  if (count.len == 0)
    return;
  cors__out_put(o, "Vary: ", 6);
  merge_into(o, app, app_len, res);
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
