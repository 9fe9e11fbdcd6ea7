/* The mutable configuration builder: typed setters that validate and
 * normalize each entry as it arrives, so errors name the entry at once. */
#include "config.h"
#include "origin.h"
#include "regex.h"

#include <stdio.h>
#include <string.h>

static const char *const default_labels[] = {
    "origins", "methods", "allowed_headers", "exposed_headers",
    "origin_regex", "credentials", "max_age"};
enum {
  LABEL_REGEX = CORS__LIST_KINDS,
  LABEL_CREDENTIALS,
  LABEL_MAX_AGE,
  DEFAULT_LABELS
};

cors_config *cors_config_new(const cors_allocator *alloc) {
  cors__alloc a;
  cors__alloc_init(&a, alloc);
  cors_config *cfg = cors__calloc(&a, 1, sizeof *cfg);
  if (cfg == NULL)
    return NULL;
  cfg->alloc = a;
  for (size_t i = 0; i < DEFAULT_LABELS; i++)
    cors__config_label(cfg, default_labels[i]);
  cfg->regex_label = LABEL_REGEX;
  cfg->credentials_label = LABEL_CREDENTIALS;
  cfg->max_age_label = LABEL_MAX_AGE;
  cfg->preflight_status = 204;
  cfg->failure_status = 403;
  return cfg;
}

static void free_entries(const cors__alloc *a, cors__entry *items,
                         size_t count) {
  for (size_t i = 0; i < count; i++)
    cors__free(a, items[i].text);
}

static void free_list(const cors__alloc *a, cors__list *l) {
  free_entries(a, l->items, l->count);
  cors__free(a, l->items);
  l->items = NULL;
  l->count = l->cap = 0;
}

void cors_config_free(cors_config *cfg) {
  if (cfg == NULL)
    return;
  for (size_t k = 0; k < CORS__LIST_KINDS; k++)
    free_list(&cfg->alloc, &cfg->lists[k]);
  cors__free(&cfg->alloc, cfg->regex);
  cors__alloc a = cfg->alloc;
  cors__free(&a, cfg);
}

void cors_config_set_warning_handler(cors_config *cfg, cors_warning_fn fn,
                                     void *ud) {
  if (cfg == NULL)
    return;
  cfg->warn = fn;
  cfg->warn_ud = ud;
}

cors__label cors__config_label(cors_config *cfg, const char *field) {
  for (size_t i = 0; i < cfg->label_count; i++) {
    if (strcmp(cfg->labels[i], field) == 0)
      return (cors__label)i;
  }
  if (cfg->label_count == CORS__MAX_LABELS)
    return CORS__LABEL_NONE;
  size_t n = strlen(field);
  if (n >= CORS_ERROR_FIELD_MAX)
    n = CORS_ERROR_FIELD_MAX - 1;
  memcpy(cfg->labels[cfg->label_count], field, n);
  cfg->labels[cfg->label_count][n] = '\0';
  return (cors__label)cfg->label_count++;
}

const char *cors__config_label_name(const cors_config *cfg, cors__label l) {
  return l < cfg->label_count ? cfg->labels[l] : "";
}

void cors__config_warn(const cors_config *cfg, cors_warning_code code,
                       cors__label label, long index, const char *fmt, ...) {
  if (cfg->warn == NULL)
    return;
  char msg[CORS_ERROR_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  cors_warning w = {code, cors__config_label_name(cfg, label), index, msg};
  cfg->warn(&w, cfg->warn_ud);
}

/* ---- entry validation -------------------------------------------------- */

typedef struct normalized {
  char text[CORS_MAX_ENTRY_LEN + 8];
  size_t len;
} normalized;

static cors_status entry_error(cors_config *cfg, cors_status code,
                               cors__label label, long index, long offset,
                               const char *s, size_t len, const char *why,
                               cors_error *err) {
  char quoted[160];
  cors__quote(quoted, sizeof quoted, s, len);
  return cors__error_set(err, code, cors__config_label_name(cfg, label),
                         index, offset, "%s entry %ld %s: %s",
                         cors__config_label_name(cfg, label), index + 1,
                         quoted, why);
}

static cors_status normalize_origin(cors_config *cfg, const char *s,
                                    size_t len, cors__label label, long index,
                                    normalized *out, cors_error *err) {
  char why[256];
  long offset = -1;
  cors__origin_entry entry;
  if (cors__origin_parse_config(s, len, &entry, why, sizeof why, &offset) !=
      CORS_OK)
    return entry_error(cfg, CORS_ERR_INVALID_ORIGIN, label, index, offset, s,
                       len, why, err);
  memcpy(out->text, entry.buf, entry.len + 1);
  out->len = entry.len;
  return CORS_OK;
}

static bool is_forbidden_method(const char *s, size_t len) {
  return cors__eq_nocase(s, len, "CONNECT", 7) ||
         cors__eq_nocase(s, len, "TRACE", 5) ||
         cors__eq_nocase(s, len, "TRACK", 5);
}

/* The Fetch Standard normalizes these six by upper-casing; any other
 * method is case-sensitive and sent by browsers as written. */
static bool is_normalized_method(const char *s, size_t len) {
  static const char *const names[] = {"DELETE", "GET",  "HEAD",
                                      "OPTIONS", "POST", "PUT"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (cors__eq_nocase(s, len, names[i], strlen(names[i])))
      return true;
  }
  return false;
}

static cors_status normalize_method(cors_config *cfg, const char *s,
                                    size_t len, cors__label label, long index,
                                    normalized *out, cors_error *err) {
  bool star = len == 1 && s[0] == '*';
  if (!star && !cors__is_token(s, len))
    return entry_error(cfg, CORS_ERR_INVALID_METHOD, label, index, -1, s, len,
                       "a method must be an HTTP token (letters, digits, "
                       "!#$%&'*+-.^_`|~), or '*' for any",
                       err);
  if (is_forbidden_method(s, len))
    return entry_error(cfg, CORS_ERR_FORBIDDEN_METHOD, label, index, -1, s,
                       len,
                       "CONNECT, TRACE and TRACK are forbidden methods that "
                       "browsers never send cross-origin: remove it",
                       err);
  bool upper = is_normalized_method(s, len);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    out->text[i] = (char)(upper && c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  out->text[len] = '\0';
  out->len = len;
  return CORS_OK;
}

static cors_status normalize_header(cors_config *cfg, const char *s,
                                    size_t len, cors__label label, long index,
                                    normalized *out, cors_error *err) {
  bool star = len == 1 && s[0] == '*';
  if (!star && !cors__is_token(s, len))
    return entry_error(cfg, CORS_ERR_INVALID_HEADER, label, index, -1, s, len,
                       "a header name must be an HTTP token (letters, "
                       "digits, !#$%&'*+-.^_`|~), or '*'",
                       err);
  memcpy(out->text, s, len);
  out->text[len] = '\0';
  out->len = len;
  return CORS_OK;
}

static cors_status normalize_entry(cors_config *cfg, cors__list_kind kind,
                                   const char *s, size_t len,
                                   cors__label label, long index,
                                   normalized *out, cors_error *err) {
  if (len > CORS_MAX_ENTRY_LEN)
    return entry_error(cfg,
                       kind == CORS__LIST_ORIGINS   ? CORS_ERR_INVALID_ORIGIN
                       : kind == CORS__LIST_METHODS ? CORS_ERR_INVALID_METHOD
                                                    : CORS_ERR_INVALID_HEADER,
                       label, index, CORS_MAX_ENTRY_LEN, s, len,
                       "longer than " CORS__STR(CORS_MAX_ENTRY_LEN) " bytes",
                       err);
  switch (kind) {
  case CORS__LIST_ORIGINS:
    return normalize_origin(cfg, s, len, label, index, out, err);
  case CORS__LIST_METHODS:
    return normalize_method(cfg, s, len, label, index, out, err);
  case CORS__LIST_ALLOWED_HEADERS:
  case CORS__LIST_EXPOSED_HEADERS:
    return normalize_header(cfg, s, len, label, index, out, err);
  }
  return CORS_ERR_INVALID_ARGUMENT;
}

/* ---- lists ------------------------------------------------------------- */

static size_t list_limit(cors__list_kind kind) {
  return kind == CORS__LIST_ORIGINS ? CORS_MAX_ORIGINS : CORS_MAX_LIST_ENTRIES;
}

static cors_status list_reserve(const cors__alloc *a, cors__list *l,
                                size_t extra) {
  if (l->count + extra <= l->cap)
    return CORS_OK;
  size_t cap = l->cap ? l->cap : 8;
  while (cap < l->count + extra)
    cap *= 2;
  cors__entry *items = cors__realloc(a, l->items, l->cap * sizeof *items,
                                     cap * sizeof *items);
  if (items == NULL)
    return CORS_ERR_NOMEM;
  l->items = items;
  l->cap = cap;
  return CORS_OK;
}

static cors_status list_push(cors_config *cfg, cors__list *l,
                             cors__list_kind kind, const char *s, size_t len,
                             cors__label label, long index, cors_error *err) {
  normalized n;
  cors_status st = normalize_entry(cfg, kind, s, len, label, index, &n, err);
  if (st != CORS_OK)
    return st;
  if (l->count >= list_limit(kind))
    return cors__error_set(err, CORS_ERR_TOO_MANY_ENTRIES,
                           cors__config_label_name(cfg, label), index, -1,
                           "%s: more than %zu entries",
                           cors__config_label_name(cfg, label),
                           list_limit(kind));
  if (list_reserve(&cfg->alloc, l, 1) != CORS_OK)
    goto nomem;
  char *text = cors__strndup(&cfg->alloc, n.text, n.len);
  if (text == NULL)
    goto nomem;
  l->items[l->count++] = (cors__entry){text, n.len, label, index};
  return CORS_OK;
nomem:
  return cors__error_set(err, CORS_ERR_NOMEM,
                         cors__config_label_name(cfg, label), index, -1,
                         "out of memory adding %s entry %ld",
                         cors__config_label_name(cfg, label), index + 1);
}

cors_status cors__config_add_entry(cors_config *cfg, cors__list_kind kind,
                                   const char *s, size_t len,
                                   cors__label label, long index,
                                   cors_error *err) {
  if (cfg == NULL || (s == NULL && len > 0))
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "", -1, -1,
                           "NULL config or string");
  cors__list *l = &cfg->lists[kind];
  cors_status st = list_push(cfg, l, kind, s, len, label, index, err);
  if (st == CORS_OK)
    l->set = true;
  return st;
}

/* Parses the whole CSV into a scratch list first so that a bad entry
 * leaves the config as it was. */
cors_status cors__config_add_csv(cors_config *cfg, cors__list_kind kind,
                                 const char *csv, size_t len, bool replace,
                                 cors__label label, cors_error *err) {
  if (cfg == NULL || (csv == NULL && len > 0))
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "", -1, -1,
                           "NULL config or string");
  cors__list scratch = {0};
  cors__csv_iter it;
  cors__csv_init(&it, csv, len);
  cors_slice e;
  long index;
  while (cors__csv_next(&it, &e, &index)) {
    cors_status st =
        list_push(cfg, &scratch, kind, e.ptr, e.len, label, index, err);
    if (st != CORS_OK) {
      free_list(&cfg->alloc, &scratch);
      return st;
    }
  }
  cors__list *l = &cfg->lists[kind];
  if (replace) {
    free_list(&cfg->alloc, l);
    *l = scratch;
    l->set = true;
    return CORS_OK;
  }
  cors_status code = CORS_OK;
  if (l->count + scratch.count > list_limit(kind))
    code = CORS_ERR_TOO_MANY_ENTRIES;
  else if (list_reserve(&cfg->alloc, l, scratch.count) != CORS_OK)
    code = CORS_ERR_NOMEM;
  if (code != CORS_OK) {
    free_list(&cfg->alloc, &scratch);
    return cors__error_set(err, code, cors__config_label_name(cfg, label), -1,
                           -1, "%s: %s", cors__config_label_name(cfg, label),
                           cors_strerror(code));
  }
  if (scratch.count > 0)
    memcpy(l->items + l->count, scratch.items,
           scratch.count * sizeof *scratch.items);
  l->count += scratch.count;
  l->set = true;
  cors__free(&cfg->alloc, scratch.items);
  return CORS_OK;
}

/* ---- scalar settings ----------------------------------------------------- */

cors_status cors__config_set_regex(cors_config *cfg, const char *pattern,
                                   size_t len, cors__label label,
                                   cors_error *err) {
  if (cfg == NULL || (pattern == NULL && len > 0))
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "", -1, -1,
                           "NULL config or pattern");
  const char *field = cors__config_label_name(cfg, label);
  char *copy = NULL;
  if (len > 0) {
    /* Compile now so the error names the setting that holds the regex;
     * the policy compiles its own copy later. */
    cors__regex *re = NULL;
    cors_status st =
        cors__regex_compile(&cfg->alloc, pattern, len, field, &re, err);
    if (st != CORS_OK)
      return st;
    cors__regex_free(re);
    copy = cors__strndup(&cfg->alloc, pattern, len);
    if (copy == NULL)
      return cors__error_set(err, CORS_ERR_NOMEM, field, -1, -1,
                             "out of memory storing %s", field);
  }
  cors__free(&cfg->alloc, cfg->regex);
  cfg->regex = copy;
  cfg->regex_len = len;
  cfg->regex_label = label;
  return CORS_OK;
}

void cors__config_set_credentials(cors_config *cfg, bool on,
                                  cors__label label) {
  cfg->credentials = on;
  cfg->credentials_label = label;
}

cors_status cors__config_set_max_age(cors_config *cfg, long seconds,
                                     cors__label label, cors_error *err) {
  const char *field = cors__config_label_name(cfg, label);
  if (seconds < 0)
    return cors__error_set(err, CORS_ERR_INVALID_MAX_AGE, field, -1, -1,
                           "%s %ld: max age cannot be negative; use 0 to "
                           "disable preflight caching",
                           field, seconds);
  cfg->has_max_age = true;
  cfg->max_age = seconds;
  cfg->max_age_label = label;
  return CORS_OK;
}

/* ---- public setters ------------------------------------------------------ */

#define CHECK_CFG(cfg, err)                                                    \
  do {                                                                         \
    if ((cfg) == NULL)                                                         \
      return cors__error_set((err), CORS_ERR_INVALID_ARGUMENT, "", -1, -1,     \
                             "NULL config");                                   \
  } while (0)

static cors_status add_one(cors_config *cfg, cors__list_kind kind,
                           const char *s, size_t len, cors_error *err) {
  CHECK_CFG(cfg, err);
  cors__list *l = &cfg->lists[kind];
  return cors__config_add_entry(cfg, kind, s, len, (cors__label)kind,
                                (long)l->count, err);
}

cors_status cors_config_add_origin(cors_config *cfg, const char *origin,
                                   size_t len, cors_error *err) {
  return add_one(cfg, CORS__LIST_ORIGINS, origin, len, err);
}

cors_status cors_config_add_origin_cstr(cors_config *cfg, const char *origin,
                                        cors_error *err) {
  cors_slice s = cors_slice_cstr(origin);
  if (s.ptr == NULL)
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "origins", -1, -1,
                           "NULL origin");
  return add_one(cfg, CORS__LIST_ORIGINS, s.ptr, s.len, err);
}

cors_status cors_config_add_origins_csv(cors_config *cfg, const char *csv,
                                        size_t len, cors_error *err) {
  CHECK_CFG(cfg, err);
  return cors__config_add_csv(cfg, CORS__LIST_ORIGINS, csv, len, false,
                              (cors__label)CORS__LIST_ORIGINS, err);
}

cors_status cors_config_set_origin_regex(cors_config *cfg, const char *pattern,
                                         size_t len, cors_error *err) {
  CHECK_CFG(cfg, err);
  return cors__config_set_regex(cfg, pattern, len, LABEL_REGEX, err);
}

void cors_config_set_credentials(cors_config *cfg, bool on) {
  if (cfg != NULL)
    cors__config_set_credentials(cfg, on, LABEL_CREDENTIALS);
}

void cors_config_set_dangerous_wildcard_with_credentials(cors_config *cfg,
                                                         bool on) {
  if (cfg != NULL)
    cfg->dangerous_wildcard = on;
}

cors_status cors_config_add_method(cors_config *cfg, const char *method,
                                   size_t len, cors_error *err) {
  return add_one(cfg, CORS__LIST_METHODS, method, len, err);
}

cors_status cors_config_set_methods_csv(cors_config *cfg, const char *csv,
                                        size_t len, cors_error *err) {
  CHECK_CFG(cfg, err);
  return cors__config_add_csv(cfg, CORS__LIST_METHODS, csv, len, true,
                              (cors__label)CORS__LIST_METHODS, err);
}

cors_status cors_config_add_allowed_header(cors_config *cfg, const char *name,
                                           size_t len, cors_error *err) {
  return add_one(cfg, CORS__LIST_ALLOWED_HEADERS, name, len, err);
}

cors_status cors_config_set_allowed_headers_csv(cors_config *cfg,
                                                const char *csv, size_t len,
                                                cors_error *err) {
  CHECK_CFG(cfg, err);
  return cors__config_add_csv(cfg, CORS__LIST_ALLOWED_HEADERS, csv, len, true,
                              (cors__label)CORS__LIST_ALLOWED_HEADERS, err);
}

cors_status cors_config_add_exposed_header(cors_config *cfg, const char *name,
                                           size_t len, cors_error *err) {
  return add_one(cfg, CORS__LIST_EXPOSED_HEADERS, name, len, err);
}

cors_status cors_config_set_exposed_headers_csv(cors_config *cfg,
                                                const char *csv, size_t len,
                                                cors_error *err) {
  CHECK_CFG(cfg, err);
  return cors__config_add_csv(cfg, CORS__LIST_EXPOSED_HEADERS, csv, len, true,
                              (cors__label)CORS__LIST_EXPOSED_HEADERS, err);
}

cors_status cors_config_set_max_age(cors_config *cfg, long seconds,
                                    cors_error *err) {
  CHECK_CFG(cfg, err);
  return cors__config_set_max_age(cfg, seconds, LABEL_MAX_AGE, err);
}

void cors_config_clear_max_age(cors_config *cfg) {
  if (cfg != NULL)
    cfg->has_max_age = false;
}

void cors_config_set_report_only(cors_config *cfg, bool on) {
  if (cfg != NULL)
    cfg->report_only = on;
}

void cors_config_set_strict_lint(cors_config *cfg, bool on) {
  if (cfg != NULL)
    cfg->strict_lint = on;
}

void cors_config_set_origin_callback(cors_config *cfg, cors_origin_fn fn,
                                     void *ud) {
  if (cfg == NULL)
    return;
  cfg->origin_callback = fn;
  cfg->origin_callback_ud = fn != NULL ? ud : NULL;
}

void cors_config_set_private_network(cors_config *cfg, bool on) {
  if (cfg != NULL)
    cfg->private_network = on;
}

cors_status cors_config_set_preflight_status(cors_config *cfg, int status,
                                             cors_error *err) {
  CHECK_CFG(cfg, err);
  if (status < 200 || status > 299)
    return cors__error_set(err, CORS_ERR_INVALID_STATUS, "preflight_status",
                           -1, -1,
                           "preflight_status %d: a successful preflight must "
                           "answer 200-299 (browsers require an ok status)",
                           status);
  cfg->preflight_status = status;
  return CORS_OK;
}

cors_status cors_config_set_preflight_failure_status(cors_config *cfg,
                                                     int status,
                                                     cors_error *err) {
  CHECK_CFG(cfg, err);
  if (status < 200 || status > 599)
    return cors__error_set(err, CORS_ERR_INVALID_STATUS,
                           "preflight_failure_status", -1, -1,
                           "preflight_failure_status %d: use an HTTP status "
                           "from 200 to 599 (403 by default)",
                           status);
  cfg->failure_status = status;
  return CORS_OK;
}
