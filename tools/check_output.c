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

/* Verdict from `res`; action, status and headers from `enforced` (the
 * same result unless report-only, where they say what enforcing sends). */
static void print_json(const check_policy *p, const cors_result *res,
                       const cors_result *enforced) {
  FILE *out = stdout;
  char why[CHECK_WHY_MAX];
  fputs("{\"kind\":", out);
  json_cstr(out, cors_kind_string(res->kind));
  fprintf(out, ",\"allowed\":%s,\"reason\":", res->allowed ? "true" : "false");
  json_cstr(out, cors_reason_string(res->reason));
  fputs(",\"reason_detail\":", out);
  if (res->reason_detail.ptr != NULL)
    check_json_string(out, res->reason_detail.ptr, res->reason_detail.len);
  else
    fputs("null", out);
  fputs(",\"why\":", out);
  if (check_why(p, res, why, sizeof why))
    json_cstr(out, why);
  else
    fputs("null", out);
  if (p->enforcing != NULL)
    fputs(",\"report_only\":true", out);
  fputs(",\"action\":", out);
  json_cstr(out, cors_action_string(enforced->action));
  if (enforced->action == CORS_ACTION_RESPOND)
    fprintf(out, ",\"status\":%d", enforced->status);
  else
    fputs(",\"status\":null", out);
  fputs(",\"headers\":[", out);
  for (size_t i = 0; i < enforced->header_count; i++) {
    const cors_header *h = &enforced->headers[i];
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

void check_print_escaped(FILE *out, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f)
      fputc(c, out);
    else
      fprintf(out, "\\x%02x", c);
  }
}

/* The variables (or flags) whose setting decides a reason, for the "why"
 * line: the library's sentence names the setting generically, and the
 * tool, which knows where each setting came from, adds the names. */
static void setting_names(const check_policy *p, cors_reason reason,
                          char *out, size_t cap) {
  const char *const *n = p->names;
  out[0] = '\0';
  switch (reason) {
  case CORS_REASON_ORIGIN_NOT_ALLOWED:
    snprintf(out, cap, "; settings: %s, %s", n[CORS_ENV_FRONTEND_ORIGINS],
             n[CORS_ENV_ALLOW_ORIGINS_REGEX]);
    break;
  case CORS_REASON_METHOD_NOT_ALLOWED:
    snprintf(out, cap, "; setting: %s", n[CORS_ENV_ALLOW_METHODS]);
    break;
  case CORS_REASON_HEADER_NOT_ALLOWED:
    snprintf(out, cap, "; setting: %s", n[CORS_ENV_ALLOW_HEADERS]);
    break;
  case CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED:
    snprintf(out, cap, "; setting: %s=true",
             n[CORS_ENV_ALLOW_PRIVATE_NETWORK]);
    break;
  default:
    break;
  }
}

bool check_why(const check_policy *p, const cors_result *res, char *out,
               size_t cap) {
  out[0] = '\0';
  if (res->allowed && res->reason != CORS_REASON_NOT_CORS)
    return false;
  char names[160];
  setting_names(p, res->reason, names, sizeof names);
  size_t n = cors_result_explain(res, out, cap);
  if (n + 1 < cap)
    snprintf(out + n, cap - n, "%s", names);
  return true;
}

static void print_warnings_text(const check_warnings *w, FILE *out) {
  for (size_t i = 0; i < w->count; i++)
    fprintf(out, "warning: %s\n", w->lines[i]);
  if (w->dropped > 0)
    fprintf(out, "warning: %zu more warnings not shown\n", w->dropped);
}

static void print_human(const check_policy *p, const cors_result *res,
                        const cors_result *enforced) {
  if (p->enforcing != NULL)
    puts("mode:    report-only: the server only logs and counts this "
         "verdict; the action and headers below are what it sends once "
         "enforcing");
  printf("kind:    %s\n", cors_kind_string(res->kind));
  printf("verdict: %s\n", res->allowed ? "allowed" : "denied");
  printf("reason:  %s", cors_reason_string(res->reason));
  if (res->reason_detail.ptr != NULL) {
    fputs(" (", stdout);
    check_print_escaped(stdout, res->reason_detail.ptr, res->reason_detail.len);
    putchar(')');
  }
  putchar('\n');
  char why[CHECK_WHY_MAX];
  if (check_why(p, res, why, sizeof why))
    printf("why:     %s\n", why);
  if (enforced->action == CORS_ACTION_RESPOND) {
    puts("action:  respond (answer now with an empty body)");
    printf("status:  %d\n", enforced->status);
  } else {
    puts("action:  continue (run the application, then add these headers "
         "to its response)");
    puts("status:  - (whatever the application answers)");
  }
  printf("headers:%s\n", enforced->header_count == 0 ? " (none)" : "");
  for (size_t i = 0; i < enforced->header_count; i++) {
    const cors_header *h = &enforced->headers[i];
    printf("  %.*s: %.*s\n", (int)h->name_len, h->name, (int)h->value_len,
           h->value);
  }
  print_warnings_text(&p->warnings, stdout);
}

int check_print_result(const check_options *opts, const check_policy *p,
                       const cors_result *res, const cors_result *enforced) {
  if (opts->json)
    print_json(p, res, enforced);
  else
    print_human(p, res, enforced);
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
