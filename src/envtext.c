/* .env text: the KEY=VALUE dialect teams keep their variables in, parsed
 * from a string the host read (the library still does no I/O).
 *
 * One allocation holds everything: the handle, an entry per line at most,
 * and the decoded bytes, which are never longer than the raw ones (plus a
 * NUL for each key and value). Entries stay in file order and a lookup
 * scans from the end, so the last assignment wins without the parser ever
 * searching: parsing stays linear whatever the text holds. */
#include "internal.h"

#include <stdio.h>

typedef struct envtext_entry {
  const char *key;
  const char *value;
} envtext_entry;

struct cors_envtext {
  cors__alloc alloc;
  size_t count;
  envtext_entry *entries;
};

/* Parser state: the current line and where decoded bytes go. */
typedef struct envtext_parser {
  const char *line; /* its first byte */
  const char *p;    /* cursor */
  const char *end;  /* end of the line (a final CR excluded) */
  long number;      /* 1-based */
  char *out;        /* next free decoded byte */
  const char *key;  /* the line's key, once read (for errors) */
  cors_error *err;
} envtext_parser;

static bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

static bool is_key_start(char c) {
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_key_char(char c) {
  return is_key_start(c) || (c >= '0' && c <= '9');
}

static void skip_blanks(envtext_parser *ps) {
  while (ps->p < ps->end && is_blank(*ps->p))
    ps->p++;
}

/* Names the line and its key, never its value: a .env file often holds
 * secrets beside the CORS variables, and this message goes to logs. */
static cors_status syntax_error(envtext_parser *ps, const char *why) {
  long column = (long)(ps->p - ps->line);
  if (ps->key != NULL)
    return cors__error_set(ps->err, CORS_ERR_ENVTEXT_SYNTAX, ps->key,
                           ps->number, column, "line %ld (%s): %s", ps->number,
                           ps->key, why);
  return cors__error_set(ps->err, CORS_ERR_ENVTEXT_SYNTAX, "", ps->number,
                         column, "line %ld, column %ld: %s", ps->number,
                         column + 1, why);
}

/* NUL, a CR inside the line and other control bytes (tab aside) have no
 * business in a variable; refusing them here names the line. */
static cors_status check_bytes(envtext_parser *ps) {
  for (const char *q = ps->line; q < ps->end; q++) {
    unsigned char c = (unsigned char)*q;
    if (c != '\t' && cors__is(c, CORS__C_CTL)) {
      ps->p = q;
      char why[64];
      snprintf(why, sizeof why,
               "control byte 0x%02x (only a tab may appear in a line)", c);
      return syntax_error(ps, why);
    }
  }
  return CORS_OK;
}

static bool starts_with_export(const envtext_parser *ps) {
  return ps->end - ps->p > 6 && memcmp(ps->p, "export", 6) == 0 &&
         is_blank(ps->p[6]);
}

/* KEY: letters, digits and '_', not starting with a digit. Copied out. */
static cors_status read_key(envtext_parser *ps) {
  const char *start = ps->p;
  if (ps->p == ps->end || !is_key_start(*ps->p))
    return syntax_error(ps, "expected NAME=value (a name is letters, digits "
                            "and '_', not starting with a digit)");
  while (ps->p < ps->end && is_key_char(*ps->p))
    ps->p++;
  size_t len = (size_t)(ps->p - start);
  memcpy(ps->out, start, len);
  ps->out[len] = '\0';
  ps->key = ps->out;
  ps->out += len + 1;
  skip_blanks(ps);
  if (ps->p == ps->end || *ps->p != '=')
    return syntax_error(ps, "expected '=' after the name");
  ps->p++;
  skip_blanks(ps);
  return CORS_OK;
}

/* After a closing quote: blanks, then nothing or a comment. */
static cors_status after_quote(envtext_parser *ps) {
  skip_blanks(ps);
  if (ps->p < ps->end && *ps->p != '#')
    return syntax_error(ps, "text after the closing quote (quote the whole "
                            "value)");
  return CORS_OK;
}

static cors_status read_single_quoted(envtext_parser *ps) {
  const char *start = ++ps->p;
  const char *close = memchr(start, '\'', (size_t)(ps->end - start));
  if (close == NULL)
    return syntax_error(ps, "unterminated single quote");
  size_t len = (size_t)(close - start);
  memcpy(ps->out, start, len);
  ps->out += len;
  ps->p = close + 1;
  return after_quote(ps);
}

/* \n, \" and \\ are escapes; any other backslash stays as written, so a
 * regex such as "^https://.*\.example\.com$" means what it shows. */
static cors_status read_double_quoted(envtext_parser *ps) {
  ps->p++;
  while (ps->p < ps->end && *ps->p != '"') {
    char c = *ps->p++;
    if (c == '\\' && ps->p < ps->end) {
      char next = *ps->p;
      if (next == 'n' || next == '"' || next == '\\') {
        c = next == 'n' ? '\n' : next;
        ps->p++;
      }
    }
    *ps->out++ = c;
  }
  if (ps->p == ps->end)
    return syntax_error(ps, "unterminated double quote");
  ps->p++;
  return after_quote(ps);
}

/* Up to an unquoted " #" comment, trailing blanks trimmed. The blank
 * may be the one after '=' ("A= #c" assigns ""; "A=#c" assigns "#c"). */
static void read_unquoted(envtext_parser *ps) {
  const char *start = ps->p;
  const char *stop = ps->end;
  for (const char *q = start; q < ps->end; q++) {
    if (*q == '#' && is_blank(q[-1])) {
      stop = q;
      break;
    }
  }
  while (stop > start && is_blank(stop[-1]))
    stop--;
  size_t len = (size_t)(stop - start);
  memcpy(ps->out, start, len);
  ps->out += len;
  ps->p = ps->end;
}

static bool holds_expansion(const char *s, size_t len) {
  for (size_t i = 0; i + 1 < len; i++)
    if (s[i] == '$' && s[i + 1] == '{')
      return true;
  return false;
}

static cors_status read_value(envtext_parser *ps, const char **value) {
  char *start = ps->out;
  cors_status st = CORS_OK;
  if (ps->p < ps->end && *ps->p == '\'')
    st = read_single_quoted(ps);
  else if (ps->p < ps->end && *ps->p == '"')
    st = read_double_quoted(ps);
  else
    read_unquoted(ps);
  if (st != CORS_OK)
    return st;
  if (holds_expansion(start, (size_t)(ps->out - start)))
    return syntax_error(ps, "the value holds '${': values are never "
                            "expanded here (other .env readers would "
                            "substitute a variable); write the value out");
  *ps->out++ = '\0';
  *value = start;
  return CORS_OK;
}

/* One line: blank, comment, or [export ]KEY=VALUE (appended to t). */
static cors_status parse_line(envtext_parser *ps, cors_envtext *t) {
  cors_status st = check_bytes(ps);
  if (st != CORS_OK)
    return st;
  skip_blanks(ps);
  if (ps->p == ps->end || *ps->p == '#')
    return CORS_OK;
  if (starts_with_export(ps)) {
    ps->p += 6;
    skip_blanks(ps);
  }
  const char *value = NULL;
  st = read_key(ps);
  if (st == CORS_OK)
    st = read_value(ps, &value);
  if (st != CORS_OK)
    return st;
  t->entries[t->count].key = ps->key;
  t->entries[t->count].value = value;
  t->count++;
  return CORS_OK;
}

static cors_envtext *alloc_envtext(const cors_allocator *alloc, size_t len,
                                   size_t lines, char **bytes) {
  cors__alloc a;
  cors__alloc_init(&a, alloc);
  size_t head = sizeof(cors_envtext);
  size_t table = lines * sizeof(envtext_entry);
  /* Decoded text never outgrows the raw text; add a NUL per key and
   * value. Overflow is impossible below SIZE_MAX / 4. */
  if (len > SIZE_MAX / 4 || lines > SIZE_MAX / (4 * sizeof(envtext_entry)))
    return NULL;
  cors_envtext *t = cors__malloc(&a, head + table + len + 2 * lines);
  if (t == NULL)
    return NULL;
  t->alloc = a;
  t->count = 0;
  t->entries = (envtext_entry *)(void *)((char *)t + head);
  *bytes = (char *)t + head + table;
  return t;
}

static cors_status parse_all(cors_envtext *t, const char *text, size_t len,
                             char *bytes, cors_error *err) {
  envtext_parser ps = {.out = bytes, .err = err};
  const char *p = text, *end = text + len;
  /* A UTF-8 byte order mark, as some editors write. */
  if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  for (long number = 1;; number++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl != NULL ? nl : end;
    ps.line = ps.p = p;
    ps.end = line_end > p && line_end[-1] == '\r' ? line_end - 1 : line_end;
    ps.number = number;
    ps.key = NULL;
    cors_status st = parse_line(&ps, t);
    if (st != CORS_OK)
      return st;
    if (nl == NULL)
      return CORS_OK;
    p = nl + 1;
  }
}

cors_status cors_envtext_parse(const char *text, size_t len,
                               const cors_allocator *alloc, cors_envtext **out,
                               cors_error *err) {
  if (out != NULL)
    *out = NULL;
  if (out == NULL || (text == NULL && len > 0))
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "", -1, -1,
                           "NULL text or output pointer");
  if (text == NULL)
    text = "";
  char *bytes = NULL;
  size_t lines = cors__count_byte(text, len, '\n') + 1;
  cors_envtext *t = alloc_envtext(alloc, len, lines, &bytes);
  if (t == NULL)
    return cors__error_set(err, CORS_ERR_NOMEM, "", -1, -1,
                           "out of memory parsing the .env text");
  cors_status st = parse_all(t, text, len, bytes, err);
  if (st != CORS_OK) {
    cors_envtext_free(t);
    return st;
  }
  *out = t;
  return CORS_OK;
}

const char *cors_envtext_lookup(const char *name, void *envtext) {
  const cors_envtext *t = envtext;
  if (t == NULL || name == NULL)
    return NULL;
  for (size_t i = t->count; i > 0; i--)
    if (strcmp(t->entries[i - 1].key, name) == 0)
      return t->entries[i - 1].value;
  return NULL;
}

void cors_envtext_free(cors_envtext *t) {
  if (t == NULL)
    return;
  cors__alloc a = t->alloc;
  cors__free(&a, t);
}
