/* cors-check: the report, as text for people or JSON for programs. */
#include "cors_check.h"

#include <stdlib.h>
#include <string.h>

void check_json_string(FILE *out, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  fputc('"', out);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      fputc('\\', out);
      fputc(c, out);
    } else if (c == '\n') {
      fputs("\\n", out);
    } else if (c == '\r') {
      fputs("\\r", out);
    } else if (c == '\t') {
      fputs("\\t", out);
    } else if (c < 0x20 || c >= 0x7f) {
      /* Bytes above ASCII as U+0080..U+00FF: the output stays valid
       * UTF-8 JSON whatever the input held. */
      fprintf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
}

static void json_cstr(FILE *out, const char *s) {
  check_json_string(out, s, strlen(s));
}

unsigned long long check_fnv1a64(const char *s, size_t len) {
  unsigned long long h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
    h &= 0xffffffffffffffffULL;
  }
  return h;
}

static void json_warnings(FILE *out, const check_warnings *w) {
  fputs("\"warnings\":[", out);
  for (size_t i = 0; i < w->count; i++) {
    if (i > 0)
      fputc(',', out);
    json_cstr(out, w->lines[i]);
  }
  fputc(']', out);
}

static void print_json(const check_policy *p, const cors_result *res) {
  FILE *out = stdout;
  fputs("{\"kind\":", out);
  json_cstr(out, cors_kind_string(res->kind));
  fprintf(out, ",\"allowed\":%s,\"reason\":", res->allowed ? "true" : "false");
  json_cstr(out, cors_reason_string(res->reason));
  fputs(",\"action\":", out);
  json_cstr(out, cors_action_string(res->action));
  if (res->action == CORS_ACTION_RESPOND)
    fprintf(out, ",\"status\":%d", res->status);
  else
    fputs(",\"status\":null", out);
  fputs(",\"headers\":[", out);
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    fputs(i > 0 ? ",[" : "[", out);
    check_json_string(out, h->name, h->name_len);
    fputc(',', out);
    check_json_string(out, h->value, h->value_len);
    fputc(']', out);
  }
  fputs("],", out);
  json_warnings(out, &p->warnings);
  fputs("}\n", out);
}

/* Request bytes on a terminal: control and high bytes as \\xHH. */
static void print_escaped(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f)
      putchar(c);
    else
      printf("\\x%02x", c);
  }
}

/* The reason detail as printable text, cut with "..." when long. */
static void escape_detail(const cors_result *res, char *out, size_t cap) {
  size_t o = 0;
  const char *s = res->reason_detail.ptr;
  size_t len = s != NULL ? res->reason_detail.len : 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (o + 8 >= cap) {
      memcpy(out + o, "...", 3);
      o += 3;
      break;
    }
    if (c >= 0x20 && c < 0x7f)
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
  }
  out[o] = '\0';
}

static bool detail_is(const cors_result *res, const char *word) {
  size_t n = strlen(word);
  if (res->reason_detail.ptr == NULL || res->reason_detail.len != n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = res->reason_detail.ptr[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != word[i])
      return false;
  }
  return true;
}

/* One sentence on why, naming what to change (by the variable or flag the
 * setting was read from). */
static void print_why(const check_policy *p, const cors_result *res) {
  const char *const *n = p->names;
  char d[256];
  escape_detail(res, d, sizeof d);
  fputs("why:     ", stdout);
  switch (res->reason) {
  case CORS_REASON_NOT_CORS:
    puts("no Origin header: not a CORS request; the application answers "
         "as usual");
    break;
  case CORS_REASON_ORIGIN_NOT_ALLOWED:
    printf("the origin '%s' is not allowed; add it to %s or match it "
           "with %s\n",
           d, n[CORS_ENV_FRONTEND_ORIGINS], n[CORS_ENV_ALLOW_ORIGINS_REGEX]);
    break;
  case CORS_REASON_ORIGIN_INVALID:
    printf("'%s' is not a serialized origin (scheme://host[:port], no "
           "path, no trailing slash)\n",
           d);
    break;
  case CORS_REASON_MULTIPLE_ORIGINS:
    puts("the request carries more than one Origin header");
    break;
  case CORS_REASON_METHOD_NOT_ALLOWED:
    printf("the method '%s' is not allowed; add it to %s (methods are "
           "case-sensitive)\n",
           d, n[CORS_ENV_ALLOW_METHODS]);
    break;
  case CORS_REASON_METHOD_INVALID:
    printf("'%s' is not a valid method token\n", d);
    break;
  case CORS_REASON_HEADER_NOT_ALLOWED:
    printf("the request header '%s' is not allowed; add it to %s%s\n", d,
           n[CORS_ENV_ALLOW_HEADERS],
           detail_is(res, "authorization")
               ? " by name (a * never covers Authorization)"
               : "");
    break;
  case CORS_REASON_HEADER_INVALID:
    printf("'%s' in Access-Control-Request-Headers is not a header name\n", d);
    break;
  case CORS_REASON_HEADERS_MALFORMED:
    puts("Access-Control-Request-Headers is malformed (too many empty "
         "elements or lines)");
    break;
  case CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED:
    printf("the preflight asks for private network access; set %s=true to "
           "allow it\n",
           n[CORS_ENV_ALLOW_PRIVATE_NETWORK]);
    break;
  case CORS_REASON_MALFORMED_REQUEST:
    puts("the request is malformed (a CORS request header is repeated)");
    break;
  case CORS_REASON_NONE:
  default:
    puts("-");
    break;
  }
}

static void print_warnings_text(const check_warnings *w, FILE *out) {
  for (size_t i = 0; i < w->count; i++)
    fprintf(out, "warning: %s\n", w->lines[i]);
  if (w->dropped > 0)
    fprintf(out, "warning: %zu more warnings not shown\n", w->dropped);
}

static void print_human(const check_policy *p, const cors_result *res) {
  printf("kind:    %s\n", cors_kind_string(res->kind));
  printf("verdict: %s\n", res->allowed ? "allowed" : "denied");
  printf("reason:  %s", cors_reason_string(res->reason));
  if (res->reason_detail.ptr != NULL) {
    fputs(" (", stdout);
    print_escaped(res->reason_detail.ptr, res->reason_detail.len);
    putchar(')');
  }
  putchar('\n');
  if (!res->allowed || res->reason == CORS_REASON_NOT_CORS)
    print_why(p, res);
  if (res->action == CORS_ACTION_RESPOND) {
    puts("action:  respond (answer now with an empty body)");
    printf("status:  %d\n", res->status);
  } else {
    puts("action:  continue (run the application, then add these headers "
         "to its response)");
    puts("status:  - (whatever the application answers)");
  }
  printf("headers:%s\n", res->header_count == 0 ? " (none)" : "");
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    printf("  %.*s: %.*s\n", (int)h->name_len, h->name, (int)h->value_len,
           h->value);
  }
  print_warnings_text(&p->warnings, stdout);
}

int check_print_result(const check_options *opts, const check_policy *p,
                       const cors_request *req, const cors_result *res) {
  (void)req;
  if (opts->json)
    print_json(p, res);
  else
    print_human(p, res);
  return res->allowed ? CHECK_EXIT_ALLOWED : CHECK_EXIT_DENIED;
}

/* Silence must not pass for safety: a library built without libpsl
 * cannot report registrable-domain, so the report says so. */
int check_print_lint(const check_options *opts, const check_policy *p) {
  bool psl = cors_lint_has_public_suffix_list();
  if (opts->json) {
    fputs("{\"valid\":true,", stdout);
    json_warnings(stdout, &p->warnings);
    printf(",\"public_suffixes_checked\":%s}\n", psl ? "true" : "false");
  } else {
    print_warnings_text(&p->warnings, stdout);
    if (!psl)
      puts("note: public suffixes not checked (libcors was built without "
           "libpsl): patterns and regexes admitting hosts anyone can "
           "register are not reported");
    printf("policy is valid (%zu warning%s)\n",
           p->warnings.count + p->warnings.dropped,
           p->warnings.count + p->warnings.dropped == 1 ? "" : "s");
  }
  return CHECK_EXIT_ALLOWED;
}

/* The dump is for diffing across servers: warnings go to stderr so that
 * standard output is only the canonical text and its hash. */
int check_print_dump(const check_policy *p) {
  size_t need = cors_policy_dump(p->policy, NULL, 0);
  char *text = malloc(need + 1);
  if (text == NULL) {
    fputs("cors-check: out of memory\n", stderr);
    return CHECK_EXIT_CONFIG;
  }
  cors_policy_dump(p->policy, text, need + 1);
  fwrite(text, 1, need, stdout);
  printf("policy-hash: %016llx\n", check_fnv1a64(text, need));
  free(text);
  print_warnings_text(&p->warnings, stderr);
  return CHECK_EXIT_ALLOWED;
}
