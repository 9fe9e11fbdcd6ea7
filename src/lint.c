/* Lint findings as users read them: which rule, which entry, what it
 * admits and how to fix it. Two findings are dangerous (registrable-domain,
 * regex-too-broad: hosts anyone can register get in); they warn by
 * default, so that whether a configuration is accepted never depends on
 * the build or on a list update, and fail compile under strict lint. */
#include "lint.h"

#include <stdio.h>
#include <string.h>

/* Messages are cut at the buffer's size, as every cors_warning message
 * is (CORS_ERROR_MESSAGE_MAX); a long entry only shortens its excerpt. */
static void format_message(char *buf, size_t cap, const char *fmt, ...)
    CORS__PRINTF(3, 4);

static void format_message(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
}

/* Appended to a dangerous finding's message when credentials are on. */
static void credentials_clause(const cors_config *cfg, char *buf, size_t cap) {
  buf[0] = '\0';
  if (cfg->credentials)
    format_message(
        buf, cap,
        "; with credentials on (%s) this is as dangerous as '*' with "
        "credentials",
        cors__config_label_name(cfg, cfg->credentials_label));
}

/* A dangerous finding: an error under strict lint, a warning otherwise. */
static cors_status report_dangerous(const cors_config *cfg,
                                    cors_warning_code code, cors__label label,
                                    long index, const char *message,
                                    cors_error *err) {
  if (cfg->strict_lint)
    return cors__error_set(err, CORS_ERR_PUBLIC_SUFFIX,
                           cors__config_label_name(cfg, label), index, -1,
                           "%s (strict lint)", message);
  cors__config_warn(cfg, code, label, index, "%s", message);
  return CORS_OK;
}

static const char *verb(bool icann) {
  return icann ? "register" : "deploy";
}

/* ---- origin entries ------------------------------------------------------ */

cors_status cors__lint_origin(const cors_config *cfg, const cors__entry *e,
                              const cors__origin_entry *o, cors_error *err) {
  if (o->type != CORS__ORIGIN_PATTERN || !o->any_subdomain)
    return CORS_OK;
  cors__host_info info;
  cors__psl_classify(o->buf + o->host_off, o->host_len, &info);
  if (info.kind != CORS__HOST_PUBLIC_SUFFIX)
    return CORS_OK;
  /* A name one label under the suffix is registrable; ask whose. Under a
   * wildcard rule ("*.ck") it is a suffix itself: the base's section
   * answers. */
  char probe[CORS__PSL_MAX_HOST + 16];
  format_message(probe, sizeof probe, "zzprobe.%s", info.host);
  cors__host_info under;
  cors__psl_classify(probe, strlen(probe), &under);
  bool icann = under.kind == CORS__HOST_REGISTRABLE ? under.icann : info.icann;
  char cred[160], msg[CORS_ERROR_MESSAGE_MAX];
  credentials_clause(cfg, cred, sizeof cred);
  format_message(msg, sizeof msg,
                 "%s entry %ld '%s': %s is a public suffix: anyone can %s %s, "
                 "so every site there is allowed; list your own origins "
                 "instead%s",
                 cors__config_label_name(cfg, e->label), e->index + 1, e->text,
                 info.host, verb(icann), probe, cred);
  return report_dangerous(cfg, CORS_WARN_REGISTRABLE_DOMAIN, e->label, e->index,
                          msg, err);
}

/* ---- the regex ----------------------------------------------------------- */

static void warn_bare_dot(const cors_config *cfg, const char *field, long at) {
  const char *p = cfg->regex;
  size_t from = at > 12 ? (size_t)at - 12 : 0;
  size_t to =
      (size_t)at + 12 < cfg->regex_len ? (size_t)at + 12 : cfg->regex_len;
  char excerpt[80];
  cors__quote(excerpt, sizeof excerpt, p + from, to - from);
  cors__config_warn(cfg, CORS_WARN_REGEX_UNESCAPED_DOT, cfg->regex_label, -1,
                    "%s has an unescaped '.' at offset %ld (in %s), which "
                    "matches any character: 'app.example.com' also admits "
                    "'appXexample.com'; write '\\.'",
                    field, at, excerpt);
}

static void too_broad_message(const cors_config *cfg, const char *field,
                              const cors__regex_lint *r, char *msg,
                              size_t cap) {
  char cred[160];
  credentials_clause(cfg, cred, sizeof cred);
  format_message(
      msg, cap,
      "%s admits origins under unrelated domains anyone can register "
      "(%s and %s both match); allow only your own domain, e.g. "
      "'^https://([a-z0-9-]+\\.)*example\\.com$'%s",
      field, r->broad[0], r->broad[1], cred);
}

static void registrable_message(const cors_config *cfg, const char *field,
                                const cors__regex_lint *r, char *msg,
                                size_t cap) {
  char cred[160];
  credentials_clause(cfg, cred, sizeof cred);
  /* "-team.vercel.app" is no domain anyone owns: only a name that starts
   * like one ("example.com") has look-alikes. */
  bool lookalike =
      cors__is((unsigned char)r->named[0], CORS__C_ALPHA | CORS__C_DIGIT) &&
      strcmp(r->named, r->suffix) != 0;
  if (lookalike)
    format_message(
        msg, cap,
        "%s admits %s, a look-alike of %s: anyone can %s %s under the "
        "public suffix %s; match a '\\.' before your domain%s",
        field, r->probe, r->named, verb(r->icann), r->domain, r->suffix, cred);
  else
    format_message(msg, cap,
                   "%s admits %s: %s is a public suffix, so anyone can %s %s; "
                   "end the regex with a domain you own%s",
                   field, r->probe, r->suffix, verb(r->icann), r->domain, cred);
}

cors_status cors__lint_regex(const cors_config *cfg, const cors__regex *re,
                             cors_error *err) {
  const char *field = cors__config_label_name(cfg, cfg->regex_label);
  cors__regex_lint r;
  if (!cors__lint_regex_analyze(re, cfg->regex, cfg->regex_len, &r))
    return cors__error_set(err, CORS_ERR_NOMEM, field, -1, -1,
                           "out of memory linting %s", field);
  if (r.bare_dot >= 0)
    warn_bare_dot(cfg, field, r.bare_dot);
  char msg[CORS_ERROR_MESSAGE_MAX];
  if (r.too_broad) {
    too_broad_message(cfg, field, &r, msg, sizeof msg);
    return report_dangerous(cfg, CORS_WARN_REGEX_TOO_BROAD, cfg->regex_label,
                            -1, msg, err);
  }
  if (r.registrable) {
    registrable_message(cfg, field, &r, msg, sizeof msg);
    return report_dangerous(cfg, CORS_WARN_REGISTRABLE_DOMAIN, cfg->regex_label,
                            -1, msg, err);
  }
  return CORS_OK;
}
