/* Reading an origin regex for lint (see regexscan.h). The reader follows
 * PCRE2's syntax far enough to tell literal text from everything else; it
 * never decides a match. Whatever it does not understand becomes a
 * wildcard, which only ever makes lint build fewer probes. */
#include "regexscan.h"

#include <string.h>

/* Group nesting followed; deeper groups become wildcards. Each level
 * costs a few kilobytes of stack (three text sets). */
#define SCAN_MAX_DEPTH 4
/* Strings one group may expand to. */
#define SET_MAX 8
/* Stands for a port element (a group of ":" and digits) until the end of
 * an alternative is known; then it is dropped there, a wildcard
 * elsewhere. */
#define SCAN_PORT '\x02'

typedef struct text {
  size_t len;
  char s[CORS__SCAN_MAX_LEN];
} text;

typedef struct text_set {
  size_t count;
  text item[SET_MAX];
} text_set;

typedef struct scanner {
  const char *p;
  size_t n;
  size_t i;
  bool complete;
} scanner;

static bool at(const scanner *s, size_t k, char c) {
  return s->i + k < s->n && s->p[s->i + k] == c;
}

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

static bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hex_value(char c) {
  if (is_digit(c))
    return (unsigned)(c - '0');
  return (unsigned)((c | 0x20) - 'a' + 10);
}

/* ---- skipping ------------------------------------------------------------ */

/* From just after "\Q" to just after the closing "\E" (or the end). */
static size_t skip_quoted(const char *p, size_t n, size_t i) {
  for (; i < n; i++) {
    if (p[i] == '\\' && i + 1 < n && p[i + 1] == 'E')
      return i + 2;
  }
  return n;
}

/* From the backslash at p[i] to just after its escape: a "\Q...\E" quote
 * whole, any other escape as its two bytes. */
static size_t skip_escape(const char *p, size_t n, size_t i) {
  if (i + 1 < n && p[i + 1] == 'Q')
    return skip_quoted(p, n, i + 2);
  return i + 2;
}

/* From '[' to just after its closing ']'. A ']' first in the class (after
 * an optional '^') is literal; "[:alpha:]" nests. */
static size_t skip_class(const char *p, size_t n, size_t i) {
  i++;
  if (i < n && p[i] == '^')
    i++;
  if (i < n && p[i] == ']')
    i++;
  while (i < n && p[i] != ']') {
    if (p[i] == '\\') {
      i = skip_escape(p, n, i);
      continue;
    }
    if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
      const char *end = NULL;
      for (size_t j = i + 2; j + 1 < n && end == NULL; j++) {
        if (p[j] == ':' && p[j + 1] == ']')
          end = p + j;
      }
      if (end != NULL) {
        i = (size_t)(end - p) + 2;
        continue;
      }
    }
    i++;
  }
  return i < n ? i + 1 : n;
}

/* From '(' to just after its matching ')', without reading inside. */
static size_t skip_group(const char *p, size_t n, size_t i) {
  size_t depth = 0;
  while (i < n) {
    char c = p[i];
    if (c == '\\') {
      i = skip_escape(p, n, i);
    } else if (c == '[') {
      i = skip_class(p, n, i);
    } else if (c == ')' && depth == 1) {
      return i + 1;
    } else {
      depth += c == '(';
      depth -= c == ')';
      i++;
    }
  }
  return n;
}

/* A "(?#...)" comment ends at the first ')'. */
static size_t skip_comment(const char *p, size_t n, size_t i) {
  while (i < n && p[i] != ')')
    i++;
  return i < n ? i + 1 : n;
}

/* Length of a quantifier at p[i] ('*', '+', '?', "{2}", "{2,}", "{2,5}",
 * with a lazy '?' or possessive '+' after it), or 0. */
static size_t quantifier_len(const char *p, size_t n, size_t i) {
  size_t j = i;
  if (j < n && (p[j] == '*' || p[j] == '+' || p[j] == '?')) {
    j++;
  } else if (j < n && p[j] == '{') {
    j++;
    size_t digits = 0;
    while (j < n && is_digit(p[j])) {
      j++;
      digits++;
    }
    if (digits == 0)
      return 0;
    if (j < n && p[j] == ',') {
      j++;
      while (j < n && is_digit(p[j]))
        j++;
    }
    if (j >= n || p[j] != '}')
      return 0;
    j++;
  } else {
    return 0;
  }
  if (j < n && (p[j] == '?' || p[j] == '+'))
    j++;
  return j - i;
}

long cors__regex_bare_dot(const char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    char c = p[i];
    if (c == '\\') {
      i = skip_escape(p, n, i);
    } else if (c == '[') {
      i = skip_class(p, n, i);
    } else if (c == '(' && i + 2 < n && p[i + 1] == '?' && p[i + 2] == '#') {
      i = skip_comment(p, n, i);
    } else if (c == '.') {
      char next = i + 1 < n ? p[i + 1] : '\0';
      if (next != '*' && next != '+' && next != '?' && next != '{')
        return (long)i;
      i++;
    } else {
      i++;
    }
  }
  return -1;
}

/* ---- text sets ----------------------------------------------------------- */

static void set_one(text_set *set, const char *s, size_t len) {
  set->count = 1;
  set->item[0].len = len;
  memcpy(set->item[0].s, s, len);
}

static void set_wild(text_set *set) {
  char w = CORS__SCAN_WILD;
  set_one(set, &w, 1);
}

/* Every string is a port: ':' then digits and open text only. */
static bool set_is_port(const text_set *set) {
  for (size_t k = 0; k < set->count; k++) {
    const text *t = &set->item[k];
    if (t->len < 2 || t->s[0] != ':')
      return false;
    for (size_t j = 1; j < t->len; j++) {
      char c = t->s[j];
      if (!is_digit(c) && c != CORS__SCAN_WILD && c != SCAN_PORT)
        return false;
    }
  }
  return set->count > 0;
}

/* out = out x tail. A product too large turns `tail` into one wildcard;
 * a string too long marks the reading incomplete. */
static void set_append(scanner *s, text_set *out, text_set *tail) {
  if (out->count * tail->count > SET_MAX)
    set_wild(tail);
  text_set joined;
  joined.count = 0;
  for (size_t a = 0; a < out->count; a++) {
    for (size_t b = 0; b < tail->count; b++) {
      text *t = &joined.item[joined.count++];
      *t = out->item[a];
      size_t add = tail->item[b].len;
      if (t->len + add > CORS__SCAN_MAX_LEN) {
        s->complete = false;
        add = CORS__SCAN_MAX_LEN - t->len;
      }
      memcpy(t->s + t->len, tail->item[b].s, add);
      t->len += add;
    }
  }
  *out = joined;
}

/* out = out | more; false (out unchanged) when that is too many. */
static bool set_union(text_set *out, const text_set *more) {
  if (out->count + more->count > SET_MAX)
    return false;
  for (size_t k = 0; k < more->count; k++)
    out->item[out->count++] = more->item[k];
  return true;
}

/* ---- atoms --------------------------------------------------------------- */

static void parse_alternation(scanner *s, int depth, text_set *out);

/* What an escape stands for: a literal byte (true, *lit set), a
 * zero-width assertion (true, *lit = 0), or open text (false). Advances
 * past it. */
static bool read_escape(scanner *s, char *lit) {
  const char *p = s->p;
  size_t n = s->n;
  size_t i = s->i + 1;
  char c = i < n ? p[i] : '\\';
  s->i = i < n ? i + 1 : n;
  *lit = 0;
  if (c != '\0' && strchr("bBAzZGKE", c) != NULL)
    return true; /* assertions, and a stray \E */
  if (c == 'x') {
    unsigned v = 0;
    size_t j = i + 1, digits = 0;
    bool braced = j < n && p[j] == '{';
    j += braced;
    while (j < n && is_hex(p[j]) && (braced || digits < 2)) {
      v = v * 16 + hex_value(p[j]);
      j++;
      digits++;
    }
    if (braced)
      j = j < n && p[j] == '}' ? j + 1 : j;
    s->i = j;
    *lit = (char)v;
    return digits > 0 && v > 0x20 && v < 0x7f;
  }
  if (c == 'p' || c == 'P' || c == 'g' || c == 'k' || c == 'N' || c == 'o') {
    size_t j = i + 1;
    if (j < n && (p[j] == '{' || p[j] == '<' || p[j] == '\'')) {
      char close = p[j] == '{' ? '}' : p[j] == '<' ? '>' : '\'';
      while (j < n && p[j] != close)
        j++;
      s->i = j < n ? j + 1 : n;
    } else if (c == 'p' || c == 'P') {
      s->i = j < n ? j + 1 : n; /* \pL */
    } else if (c == 'g') {
      j += j < n && (p[j] == '-' || p[j] == '+');
      while (j < n && is_digit(p[j]))
        j++;
      s->i = j;
    }
    return false;
  }
  if (c == 'c') {
    s->i = i + 2 <= n ? i + 2 : n;
    return false;
  }
  if (is_digit(c)) {
    while (s->i < n && is_digit(p[s->i]))
      s->i++;
    return false; /* back-reference or octal */
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    return false; /* \d \w \s \h \v \R \X, control characters... */
  if ((unsigned char)c <= 0x20 || (unsigned char)c >= 0x7f)
    return false; /* no origin holds it: as good as open */
  *lit = c;
  return true;
}

/* A group at '('. Returns false for a zero-width one (lookaround, option
 * setting, comment, verb); otherwise fills out. */
static bool read_group(scanner *s, int depth, text_set *out) {
  const char *p = s->p;
  size_t n = s->n;
  size_t i = s->i + 1;
  if (i < n && p[i] == '*') {
    s->i = skip_group(p, n, s->i);
    return false;
  }
  if (i < n && p[i] == '?') {
    char c = i + 1 < n ? p[i + 1] : '\0';
    char c2 = i + 2 < n ? p[i + 2] : '\0';
    if (c == '#') {
      s->i = skip_comment(p, n, s->i);
      return false;
    }
    if (c == '=' || c == '!' || (c == '<' && (c2 == '=' || c2 == '!'))) {
      s->i = skip_group(p, n, s->i);
      return false;
    }
    size_t j = i + 1;
    while (j < n && (strchr("imnsxJU-^", p[j]) != NULL && p[j] != '\0'))
      j++;
    if (j < n && p[j] == ')') {
      s->i = j + 1; /* (?i) */
      return false;
    }
    if (j < n && p[j] == ':') {
      i = j + 1; /* (?:...), (?i:...) */
    } else if (c == '|' || c == '>') {
      i += 2;
    } else if (c == '<' || c == '\'' || (c == 'P' && c2 == '<')) {
      char close = c == '\'' ? '\'' : '>';
      i += 2; /* the name, then its closing bracket */
      while (i < n && p[i] != close)
        i++;
      i++;
    } else {
      /* Recursion, conditionals, callouts, (?P=name): open text. */
      s->i = skip_group(p, n, s->i);
      set_wild(out);
      return true;
    }
  }
  if (depth >= SCAN_MAX_DEPTH) {
    s->i = skip_group(p, n, s->i);
    set_wild(out);
    return true;
  }
  s->i = i;
  parse_alternation(s, depth + 1, out);
  if (s->i < n && p[s->i] == ')')
    s->i++;
  else
    s->complete = false;
  return true;
}

/* One atom at s->i. Returns false for a zero-width one. */
static bool read_atom(scanner *s, int depth, text_set *out) {
  const char *p = s->p;
  char c = p[s->i];
  char lit;
  switch (c) {
  case '(':
    return read_group(s, depth, out);
  case '[':
    s->i = skip_class(p, s->n, s->i);
    set_wild(out);
    return true;
  case '.':
    s->i++;
    set_wild(out);
    return true;
  case '^':
  case '$':
    s->i++;
    return false;
  case '\\':
    if (at(s, 1, 'Q')) {
      size_t start = s->i + 2;
      s->i = skip_quoted(p, s->n, start);
      size_t end =
          s->i - (s->i >= start + 2 && p[s->i - 2] == '\\' && p[s->i - 1] == 'E'
                      ? 2
                      : 0);
      size_t len = end - start;
      if (len > CORS__SCAN_MAX_LEN) {
        s->complete = false;
        len = CORS__SCAN_MAX_LEN;
      }
      set_one(out, p + start, len);
      return len > 0;
    }
    if (!read_escape(s, &lit)) {
      set_wild(out);
      return true;
    }
    if (lit == 0)
      return false;
    set_one(out, &lit, 1);
    return true;
  default:
    s->i++;
    set_one(out, &c, 1);
    return true;
  }
}

/* ---- sequences and alternations ------------------------------------------ */

static void parse_sequence(scanner *s, int depth, text_set *out) {
  out->count = 1;
  out->item[0].len = 0;
  while (s->i < s->n && s->p[s->i] != '|' && s->p[s->i] != ')') {
    text_set atom;
    bool width = read_atom(s, depth, &atom);
    size_t q = quantifier_len(s->p, s->n, s->i);
    s->i += q;
    if (!width)
      continue;
    if (q > 0) {
      char mark = set_is_port(&atom) ? SCAN_PORT : CORS__SCAN_WILD;
      set_one(&atom, &mark, 1);
    }
    set_append(s, out, &atom);
  }
}

static void parse_alternation(scanner *s, int depth, text_set *out) {
  parse_sequence(s, depth, out);
  bool fits = true;
  while (s->i < s->n && s->p[s->i] == '|') {
    s->i++;
    text_set branch;
    parse_sequence(s, depth, &branch);
    fits = fits && set_union(out, &branch);
  }
  if (!fits)
    set_wild(out);
}

/* ---- alternatives -------------------------------------------------------- */

/* Drops a trailing port element: port marks, or ':' followed by digits
 * and open text (at least one open). A fixed ":8443" stays. */
static bool drop_port(text *t) {
  bool dropped = false;
  while (t->len > 0 && t->s[t->len - 1] == SCAN_PORT) {
    t->len--;
    dropped = true;
  }
  size_t k = t->len;
  bool open = false;
  while (k > 0 && (is_digit(t->s[k - 1]) || t->s[k - 1] == CORS__SCAN_WILD)) {
    open = open || t->s[k - 1] == CORS__SCAN_WILD;
    k--;
  }
  if (open && k > 0 && t->s[k - 1] == ':' && k < t->len) {
    t->len = k - 1;
    dropped = true;
  }
  return dropped;
}

static void add_alternative(cors__regex_scan *out, text *t) {
  if (out->alt_count == CORS__SCAN_MAX_ALTS) {
    out->complete = false;
    return;
  }
  cors__scan_alt *alt = &out->alts[out->alt_count++];
  alt->port_dropped = drop_port(t);
  for (size_t k = 0; k < t->len; k++)
    alt->text[k] = t->s[k] == SCAN_PORT ? CORS__SCAN_WILD : t->s[k];
  alt->len = t->len;
  alt->text[t->len] = '\0';
}

void cors__regex_scan_read(const char *pattern, size_t len,
                           cors__regex_scan *out) {
  memset(out, 0, sizeof *out);
  out->complete = true;
  scanner s = {pattern, len, 0, true};
  while (s.i <= len) {
    text_set branch;
    parse_sequence(&s, 0, &branch);
    for (size_t k = 0; k < branch.count; k++)
      add_alternative(out, &branch.item[k]);
    if (s.i < len && pattern[s.i] == ')') {
      s.complete = false; /* unbalanced: PCRE2 would have refused it */
      break;
    }
    if (s.i >= len)
      break;
    s.i++; /* the top-level '|' */
  }
  if (!s.complete)
    out->complete = false;
}
