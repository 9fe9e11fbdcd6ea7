/* Lint users can trust: regex-unescaped-dot only for a dot that matches
 * any single character, no regex-unanchored, and registrable-domain /
 * regex-too-broad found by probing the compiled regex (and, for patterns,
 * the Public Suffix List). Every table row is a real-world pattern or
 * regex with its findings in both builds: with libpsl and without it
 * (CI builds this suite both ways). */
#include "common.h"

#include "lint.h"
#include "regexscan.h"

#include <stdio.h>
#include <string.h>

/* Set by tests/unit/CMakeLists.txt from the build's choice, so a build
 * that silently lost (or kept) libpsl fails instead of choosing the other
 * column of the table. */
#ifndef CORS_TEST_HAVE_LIBPSL
#error "CORS_TEST_HAVE_LIBPSL must be defined by the build"
#endif

/* Findings as bits, so a row states exactly what is reported. */
enum {
  DOT = 1 << 0,   /* regex-unescaped-dot */
  REG = 1 << 1,   /* registrable-domain */
  BROAD = 1 << 2, /* regex-too-broad */
  UNANCHORED = 1 << 3
};

typedef struct lint_case {
  const char *name;
  const char *origins; /* CSV, or NULL */
  const char *regex;   /* or NULL */
  unsigned with_psl;   /* findings with libpsl */
  unsigned without;    /* findings without it */
  /* With libpsl: text the finding's message must hold (the suffix or the
   * look-alike it names), or NULL. */
  const char *says;
} lint_case;

/* One alternative that spends probes without a finding (its hosts are
 * under .example, which nobody can register). */
#define PREVIEW_ALT(name)                                                      \
  "^https?://" name "-[0-9]+\\.x\\.example(:[0-9]+)?$|"

static const lint_case lint_cases[] = {
    /* The seed backend and FastAPI's documented example: quiet. */
    {"seed_regex", NULL, "^https://.*\\.moviesnow\\.com$", 0, 0, NULL},
    {"seed_regex_nested_labels", NULL,
     "^https://([a-z0-9-]+\\.)*moviesnow\\.com$", 0, 0, NULL},
    {"seed_origins", "https://moviesnow.com, https://www.moviesnow.com", NULL,
     0, 0, NULL},
    {"fastapi_doc_example", NULL, "https://.*\\.example\\.org", 0, 0, NULL},
    /* The benchmark's W6 regex. */
    {"bench_w6", NULL, "^https://[a-z0-9-]+\\.example\\.com$", 0, 0, NULL},
    /* Company domains with the usual prefixes: quiet. */
    {"company_dotplus", NULL, "^https://.+\\.example\\.com$", 0, 0, NULL},
    {"company_optional_subdomain", NULL, "^https://(.*\\.)?example\\.com$", 0,
     0, NULL},
    {"company_case_insensitive", NULL, "(?i)^https://.*\\.Example\\.COM$", 0,
     0, NULL},
    {"company_preview_numbers", NULL,
     "^https://pr-[0-9]+\\.preview\\.example\\.com$", 0, 0, NULL},
    {"company_http_or_https_port", NULL,
     "^https?://[a-z0-9-]+\\.example\\.com(:[0-9]+)?$", 0, 0, NULL},
    {"company_alternation", NULL,
     "^https://(app|admin)\\.example\\.com$", 0, 0, NULL},
    {"company_pattern", "https://*.example.com", NULL, 0, 0, NULL},
    /* Vercel. */
    {"vercel_regex", NULL, "^https://.*\\.vercel\\.app$", REG, 0,
     "vercel.app is a public suffix"},
    {"vercel_pattern", "https://*.vercel.app", NULL, REG, 0,
     "vercel.app is a public suffix: anyone can deploy zzprobe.vercel.app"},
    {"vercel_team_suffix", NULL, ".*-myteam\\.vercel\\.app$", REG, 0,
     "zzprobe-myteam.vercel.app"},
    {"vercel_team_suffix_dotplus", NULL, "^https://.+-myteam\\.vercel\\.app$",
     REG, 0, "vercel.app"},
    {"vercel_project_team_preview", NULL,
     "^https://myapp-[a-z0-9]+-myteam\\.vercel\\.app$", REG, 0,
     "myapp-zzprobe-myteam.vercel.app"},
    {"vercel_own_project_subdomain", "https://*.myapp.vercel.app", NULL, 0, 0,
     NULL},
    {"vercel_with_port", NULL, "^https://.*\\.vercel\\.app(:[0-9]+)?$", REG, 0,
     "vercel.app"},
    {"vercel_case_insensitive", NULL, "(?i)^https://.*\\.VERCEL\\.APP$",
     REG, 0, "https://zzprobe.vercel.app"},
    /* The dangerous alternative comes last, after 15 that spend probes:
     * probing goes round the alternatives, so it is still reached. */
    {"vercel_after_many_alternatives", NULL,
     PREVIEW_ALT("a1") PREVIEW_ALT("a2") PREVIEW_ALT("a3") PREVIEW_ALT("a4")
     PREVIEW_ALT("a5") PREVIEW_ALT("a6") PREVIEW_ALT("a7") PREVIEW_ALT("a8")
     PREVIEW_ALT("a9") PREVIEW_ALT("b1") PREVIEW_ALT("b2") PREVIEW_ALT("b3")
     PREVIEW_ALT("b4") PREVIEW_ALT("b5") PREVIEW_ALT("b6")
     "^https://.*\\.vercel\\.app$",
     REG, 0, "vercel.app"},
    {"vercel_beside_company", NULL,
     "^https://(app|admin)\\.example\\.com$|^https://.*\\.vercel\\.app$", REG,
     0, "zzprobe.vercel.app"},
    /* Netlify. The deploy-preview form is safe only while Netlify refuses
     * site names holding "--": lint cannot see a platform's naming rules,
     * and says that each such host is a separate registrable domain. */
    {"netlify_regex", NULL, "^https://.*\\.netlify\\.app$", REG, 0,
     "netlify.app is a public suffix"},
    {"netlify_deploy_preview", NULL,
     "^https://deploy-preview-[0-9]+--mysite\\.netlify\\.app$", REG, 0,
     "deploy-preview-0--mysite.netlify.app"},
    {"netlify_pattern", "https://*.netlify.app", NULL, REG, 0, "netlify.app"},
    /* GitHub Pages. */
    {"github_pages_pattern", "https://*.github.io", NULL, REG, 0,
     "github.io is a public suffix"},
    {"github_pages_regex", NULL, "^https://[a-z0-9-]+\\.github\\.io$", REG, 0,
     "github.io"},
    /* Heroku review apps. */
    {"heroku_review_apps", NULL, "^https://myapp-pr-[0-9]+\\.herokuapp\\.com$",
     REG, 0, "myapp-pr-0.herokuapp.com"},
    {"heroku_pattern", "https://*.herokuapp.com", NULL, REG, 0,
     "herokuapp.com"},
    /* Cloudflare Pages: every project's previews vs one project's. */
    {"cloudflare_pages_pattern", "https://*.pages.dev", NULL, REG, 0,
     "pages.dev is a public suffix"},
    {"cloudflare_pages_own_project", NULL,
     "^https://[a-z0-9]+\\.myproject\\.pages\\.dev$", 0, 0, NULL},
    /* ngrok. */
    {"ngrok_regex", NULL, "^https://[a-z0-9-]+\\.ngrok\\.io$", REG, 0,
     "ngrok.io"},
    {"ngrok_pattern", "https://*.ngrok.io", NULL, REG, 0, "ngrok.io"},
    /* Country-code second levels. */
    {"co_uk_pattern", "https://*.co.uk", NULL, REG, 0,
     "co.uk is a public suffix: anyone can register zzprobe.co.uk"},
    {"co_uk_company_pattern", "https://*.example.co.uk", NULL, 0, 0, NULL},
    /* A country whose list entry is a wildcard rule ("*.ck"): its names
     * are a registry's, so one registers there, not deploys. */
    {"wildcard_cctld_pattern", "https://*.ck", NULL, REG, 0,
     "ck is a public suffix: anyone can register zzprobe.ck"},
    {"com_au_regex", NULL, "^https://.*\\.com\\.au$", REG, 0, "com.au"},
    {"com_au_company_regex", NULL,
     "^https://([a-z0-9-]+\\.)*example\\.com\\.au$", 0, 0, NULL},
    /* Look-alikes: no dot before the domain. */
    {"lookalike_dotstar", NULL, "^https://.*example\\.com$", REG, 0,
     "zzprobeexample.com, a look-alike of example.com"},
    {"lookalike_bare_dot", NULL, "^https://[a-z]+.example\\.com$", DOT | REG,
     DOT, "look-alike of example.com"},
    /* Hosts that may go on after the domain. */
    {"host_continues_after_label", NULL, "^https://example\\..*$", REG, 0,
     "zzprobe.com"},
    {"host_continues_after_domain", NULL, "^https://.*\\.example\\.com.*$", REG,
     0, "zzprobe.com"},
    /* A host that ends in open text: a made-up top-level label proves
     * nothing, a real one shows the name under any top-level domain. */
    {"open_top_level_label", NULL, "^https://[a-z0-9-]+\\.example\\.[a-z]+$",
     REG, 0, "anyone can register example.xyz"},
    {"open_top_level_label_bounded", NULL, "^https://example\\.[a-z]{2,3}$",
     REG, 0, "example.xyz"},
    {"open_label_after_domain", NULL, "^https://example\\.com(\\.[a-z]+)?$",
     REG, 0, "anyone can register com.xyz"},
    {"open_top_level_label_optional_www", NULL,
     "^https?://(www\\.)?example\\.[a-z]+(:\\d+)?$", REG, 0, "example.xyz"},
    {"optional_letter_at_end", NULL, "^https://app\\.example\\.co(m)?$", 0, 0,
     NULL},
    /* A bare dot in an otherwise exact origin. */
    {"bare_dot_exact", NULL, "^https://app.example.com$", DOT, DOT, NULL},
    /* Too broad: probes under unrelated domains match. */
    {"too_broad_dotstar", NULL, "^https://.*$", BROAD, BROAD, NULL},
    {"too_broad_anything", NULL, ".*", BROAD, BROAD, NULL},
    {"too_broad_any_dot_com", NULL, "^https://[a-z]+\\.com$", BROAD, BROAD,
     NULL},
    {"too_broad_two_tlds", NULL, "^https://.*\\.(com|net)$", BROAD, BROAD,
     NULL},
    /* Local development: loopback names and IP literals with any port. */
    {"localhost_port_regex", NULL, "^http://localhost(:[0-9]+)?$", 0, 0, NULL},
    {"loopback_names_regex", NULL,
     "^https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?$", 0, 0, NULL},
    {"lan_ip_regex", NULL, "^http://192\\.168\\.1\\.[0-9]{1,3}:[0-9]+$", 0, 0,
     NULL},
    {"localhost_port_pattern", "http://localhost:*, http://127.0.0.1:*", NULL,
     0, 0, NULL},
    {"localhost_subdomain_pattern", "http://*.localhost:*", NULL, 0, 0, NULL},
    /* Names under the list's default rule only: nobody registers there. */
    {"internal_regex", NULL, "^https://.*\\.internal$", 0, 0, NULL},
    {"internal_pattern", "https://*.internal, https://*.corp.lan", NULL, 0, 0,
     NULL},
};

static unsigned bit_of(cors_warning_code code) {
  switch (code) {
  case CORS_WARN_REGEX_UNESCAPED_DOT:
    return DOT;
  case CORS_WARN_REGISTRABLE_DOMAIN:
    return REG;
  case CORS_WARN_REGEX_TOO_BROAD:
    return BROAD;
  case CORS_WARN_REGEX_UNANCHORED:
    return UNANCHORED;
  default:
    return 0; /* other rules: not this suite's business */
  }
}

static void compile_case(const lint_case *c, bool credentials, bool strict,
                         warning_log *log, cors_status *st, cors_error *err) {
  memset(log, 0, sizeof *log);
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_ptr_nonnull(cfg);
  cors_config_set_warning_handler(cfg, warning_log_handler, log);
  cors_config_set_credentials(cfg, credentials);
  cors_config_set_strict_lint(cfg, strict);
  if (c->origins != NULL)
    ck_assert_int_eq(cors_config_add_origins_csv(cfg, c->origins,
                                                 strlen(c->origins), err),
                     CORS_OK);
  if (c->regex != NULL)
    ck_assert_int_eq(cors_config_set_origin_regex(cfg, c->regex,
                                                  strlen(c->regex), err),
                     CORS_OK);
  cors_policy *pol = NULL;
  *st = cors_policy_compile(cfg, &pol, err);
  ck_assert((*st == CORS_OK) == (pol != NULL));
  cors_policy_free(pol);
  cors_config_free(cfg);
}

static unsigned expected(const lint_case *c) {
  return cors_lint_has_public_suffix_list() ? c->with_psl : c->without;
}

START_TEST(build_variant_is_the_one_configured) {
  ck_assert_msg(cors_lint_has_public_suffix_list() == (CORS_TEST_HAVE_LIBPSL),
                "the library %s public suffixes, the build said it would%s",
                cors_lint_has_public_suffix_list() ? "checks" : "cannot check",
                CORS_TEST_HAVE_LIBPSL ? "" : " not");
}
END_TEST

START_TEST(findings_of_real_world_configurations) {
  const lint_case *c = &lint_cases[_i];
  warning_log log;
  cors_status st;
  cors_error err;
  compile_case(c, true, false, &log, &st, &err);
  ck_assert_msg(st == CORS_OK, "%s: lint must never refuse by default: %s",
                c->name, err.message);
  unsigned got = 0;
  for (size_t i = 0; i < log.count; i++)
    got |= bit_of(log.code[i]);
  ck_assert_msg(got == expected(c),
                "%s (%s): findings 0x%x, expected 0x%x (DOT 1, REG 2, "
                "BROAD 4, UNANCHORED 8); %zu warnings, first: %s",
                c->name, c->regex != NULL ? c->regex : c->origins, got,
                expected(c), log.count, log.count ? log.message[0] : "-");
  for (unsigned bit = DOT; bit <= UNANCHORED; bit <<= 1) {
    size_t n = 0;
    for (size_t i = 0; i < log.count; i++)
      n += bit_of(log.code[i]) == bit;
    ck_assert_msg(n <= 1, "%s: finding 0x%x reported %zu times", c->name, bit,
                  n);
  }
  if (c->says != NULL && (expected(c) & (REG | BROAD))) {
    long at = warning_log_find(&log, (expected(c) & REG)
                                         ? CORS_WARN_REGISTRABLE_DOMAIN
                                         : CORS_WARN_REGEX_TOO_BROAD);
    ck_assert_msg(strstr(log.message[at], c->says) != NULL,
                  "%s: message does not say '%s': %s", c->name, c->says,
                  log.message[at]);
  }
}
END_TEST

/* Strict lint turns exactly the dangerous findings into an error naming
 * the entry; everything else still compiles. */
START_TEST(strict_lint_refuses_only_dangerous_findings) {
  const lint_case *c = &lint_cases[_i];
  warning_log log;
  cors_status st;
  cors_error err;
  compile_case(c, true, true, &log, &st, &err);
  bool dangerous = (expected(c) & (REG | BROAD)) != 0;
  if (!dangerous) {
    ck_assert_msg(st == CORS_OK, "%s: strict lint refused: %s", c->name,
                  err.message);
    return;
  }
  ck_assert_msg(st == CORS_ERR_PUBLIC_SUFFIX, "%s: strict lint gave %s",
                c->name, cors_strerror(st));
  ck_assert_int_eq(err.code, CORS_ERR_PUBLIC_SUFFIX);
  const char *want_field = c->regex != NULL && c->origins == NULL
                               ? "origin_regex"
                               : "origins";
  ck_assert_msg(strcmp(err.field, want_field) == 0, "%s: field '%s'",
                c->name, err.field);
  ck_assert_msg(strstr(err.message, "strict lint") != NULL, "%s: %s",
                c->name, err.message);
  if (c->says != NULL)
    ck_assert_msg(strstr(err.message, c->says) != NULL, "%s: %s", c->name,
                  err.message);
  ck_assert_msg(warning_log_count(&log, CORS_WARN_REGISTRABLE_DOMAIN) +
                        warning_log_count(&log, CORS_WARN_REGEX_TOO_BROAD) ==
                    0,
                "%s: reported as a warning as well as an error", c->name);
}
END_TEST

/* Lint's probes are bounded whatever the regex. */
START_TEST(probes_stay_within_their_budget) {
  const lint_case *c = &lint_cases[_i];
  if (c->regex == NULL)
    return;
  cors__alloc a;
  cors__alloc_init(&a, NULL);
  cors__regex *re = NULL;
  cors_error err;
  ck_assert_int_eq(cors__regex_compile(&a, c->regex, strlen(c->regex), "re",
                                       &re, &err),
                   CORS_OK);
  cors__regex_lint r;
  ck_assert(cors__lint_regex_analyze(re, c->regex, strlen(c->regex), &r));
  ck_assert_msg(r.matches > 0 && r.matches <= CORS__LINT_MAX_MATCHES,
                "%s: %u matches", c->name, r.matches);
  ck_assert_int_eq(r.psl_checked, cors_lint_has_public_suffix_list());
  cors__regex_free(re);
}
END_TEST

/* A regex whose probes never match spends the whole budget and no more:
 * 16 alternatives, each with four label probes that fail, after the
 * too-broad probes would take 84 matches without the bound. */
START_TEST(budget_caps_probing) {
  char regex[2048];
  size_t o = 0;
  for (int i = 0; i < CORS__SCAN_MAX_ALTS; i++)
    o += (size_t)snprintf(regex + o, sizeof regex - o,
                          "%s^https://k%02d[0-9]{3}q\\.example\\.com"
                          "(:[0-9]+)?$",
                          i ? "|" : "", i);
  ck_assert_uint_lt(o, sizeof regex);
  cors__alloc a;
  cors__alloc_init(&a, NULL);
  cors__regex *re = NULL;
  cors_error err;
  ck_assert_int_eq(cors__regex_compile(&a, regex, o, "re", &re, &err),
                   CORS_OK);
  cors__regex_lint r;
  ck_assert(cors__lint_regex_analyze(re, regex, o, &r));
  ck_assert_uint_eq(r.matches, cors_lint_has_public_suffix_list()
                                   ? CORS__LINT_MAX_MATCHES
                                   : 20); /* the too-broad probes only */
  ck_assert(!r.registrable && !r.too_broad);
  cors__regex_free(re);
}
END_TEST

/* ---- messages ---------------------------------------------------------- */

START_TEST(credentials_make_it_as_dangerous_as_star) {
  static const lint_case broad = {"broad", NULL, "^https://.*$", 0, 0, NULL};
  static const lint_case vercel = {"vercel", "https://*.vercel.app", NULL, 0,
                                   0, NULL};
  const lint_case *cases[] = {&broad, &vercel};
  for (size_t i = 0; i < COUNT_OF(cases); i++) {
    if (cases[i] == &vercel && !cors_lint_has_public_suffix_list())
      continue;
    for (int cred = 0; cred < 2; cred++) {
      warning_log log;
      cors_status st;
      cors_error err;
      compile_case(cases[i], cred == 1, false, &log, &st, &err);
      ck_assert_int_eq(st, CORS_OK);
      ck_assert_uint_eq(log.count, 1);
      bool says = strstr(log.message[0], "as dangerous as '*' with "
                                         "credentials") != NULL;
      ck_assert_msg(says == (cred == 1), "%s, credentials %d: %s",
                    cases[i]->name, cred, log.message[0]);
    }
  }
}
END_TEST

START_TEST(pattern_finding_names_the_entry) {
  if (!cors_lint_has_public_suffix_list())
    return;
  static const lint_case c = {
      "third", "https://app.example.com, https://a.example.com, "
               "https://*.github.io",
      NULL, 0, 0, NULL};
  warning_log log;
  cors_status st;
  cors_error err;
  compile_case(&c, false, false, &log, &st, &err);
  long at = warning_log_find(&log, CORS_WARN_REGISTRABLE_DOMAIN);
  ck_assert_int_ge(at, 0);
  ck_assert_int_eq(log.index[at], 2);
  ck_assert_str_eq(log.field[at], "origins");
  ck_assert_msg(strstr(log.message[at], "entry 3 'https://*.github.io'"),
                "%s", log.message[at]);
  compile_case(&c, false, true, &log, &st, &err);
  ck_assert_int_eq(st, CORS_ERR_PUBLIC_SUFFIX);
  ck_assert_int_eq(err.index, 2);
}
END_TEST

START_TEST(bare_dot_message_points_at_it) {
  static const lint_case c = {"dot", NULL, "^https://app.example\\.com$", 0,
                              0, NULL};
  warning_log log;
  cors_status st;
  cors_error err;
  compile_case(&c, true, false, &log, &st, &err);
  long at = warning_log_find(&log, CORS_WARN_REGEX_UNESCAPED_DOT);
  ck_assert_int_ge(at, 0);
  ck_assert_msg(strstr(log.message[at], "offset 12") != NULL &&
                    strstr(log.message[at], "write '\\.'") != NULL,
                "%s", log.message[at]);
}
END_TEST

/* A hostile regex costs lint at most its bounded matches, each bounded by
 * the regex's limits like any request, whatever the pattern (no timing:
 * the count is what bounds the cost), and a dangerous alternative behind
 * a catastrophic one is still found. */
START_TEST(catastrophic_regex_lints_within_its_budget) {
  static const struct {
    const char *regex;
    unsigned with_psl;
  } hostile[] = {
      {"^(https?://)?(([a-z]+)+)+\\.example\\.com$", 0},
      {"^https://(.*a){20}$", 0},
      {"^(a|aa)+$|^https://.*\\.vercel\\.app$", REG},
  };
  for (size_t i = 0; i < COUNT_OF(hostile); i++) {
    const char *regex = hostile[i].regex;
    cors__alloc a;
    cors__alloc_init(&a, NULL);
    cors__regex *re = NULL;
    cors_error err;
    ck_assert_int_eq(
        cors__regex_compile(&a, regex, strlen(regex), "re", &re, &err),
        CORS_OK);
    cors__regex_lint r;
    ck_assert(cors__lint_regex_analyze(re, regex, strlen(regex), &r));
    ck_assert_msg(r.matches > 0 && r.matches <= CORS__LINT_MAX_MATCHES,
                  "%s: %u matches", regex, r.matches);
    cors__regex_free(re);

    lint_case c = {"hostile", NULL, regex, hostile[i].with_psl, 0, NULL};
    warning_log log;
    cors_status st;
    compile_case(&c, true, false, &log, &st, &err);
    ck_assert_int_eq(st, CORS_OK);
    ck_assert_msg(
        (warning_log_count(&log, CORS_WARN_REGISTRABLE_DOMAIN) > 0) ==
            ((expected(&c) & REG) != 0),
        "%s: %zu warnings, first: %s", regex, log.count,
        log.count ? log.message[0] : "-");
  }
}
END_TEST

/* ---- the regex reader ---------------------------------------------------- */

typedef struct dot_case {
  const char *pattern;
  long offset;
} dot_case;

static const dot_case dot_cases[] = {
    {"^https://app.example\\.com$", 12},
    {"^https://app\\.example\\.com$", -1},
    {"^https://.*\\.x\\.com$", -1},
    {"^https://.+\\.x\\.com$", -1},
    {"^https://.?\\.x\\.com$", -1},
    {"^https://.{1,9}\\.x\\.com$", -1},
    {"^https://[.a-z]+\\.x\\.com$", -1},
    {"^https://[^].]+\\.x\\.com$", -1},
    {"^https://[[:alpha:].]+\\.x\\.com$", -1},
    {"^https://\\Qapp.example.com\\E$", -1},
    {"^https://a\\Q.\\E.b$", 15},
    {"(?#any.comment)^https://x\\.com$", -1},
    {"^https://x\\.com(.)$", 16},
    {"a.", 1},
};

START_TEST(bare_dot_offsets) {
  const dot_case *c = &dot_cases[_i];
  ck_assert_msg(cors__regex_bare_dot(c->pattern, strlen(c->pattern)) ==
                    c->offset,
                "%s: got %ld, expected %ld", c->pattern,
                cors__regex_bare_dot(c->pattern, strlen(c->pattern)),
                c->offset);
}
END_TEST

/* What the reader makes of a pattern: its alternatives, with '~' standing
 * for open text here, and '+' after one whose port element was dropped. */
typedef struct scan_case {
  const char *pattern;
  const char *alts; /* "|"-separated */
} scan_case;

static const scan_case scan_cases[] = {
    {"^https://.*\\.moviesnow\\.com$", "https://~.moviesnow.com"},
    {"^https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?$",
     "http~://localhost+|http~://127.0.0.1+"},
    {"^http://localhost:[0-9]+$", "http://localhost+"},
    {"^http://localhost:3000$", "http://localhost:3000"},
    {"a|(?:b|c)d|\\x41", "a|bd|cd|A"},
    {"(?i)^x(?=y)(?<n>z)\\b$", "xz"},
    /* An escaped space or control byte is no origin text: open. */
    {"a\\ b|c\\\001d", "a~b|c~d"},
    {"^https://([a-z]+\\.)*a\\.com$", "https://~a.com"},
    /* 16 would be too many: the fourth group becomes open text. */
    {"^https://(?:a|b)(?:c|d)(?:e|f)(?:g|h)\\.com$",
     "https://ace~.com|https://acf~.com|https://ade~.com|https://adf~.com|"
     "https://bce~.com|https://bcf~.com|https://bde~.com|https://bdf~.com"},
};

static void render(const cors__regex_scan *scan, char *out, size_t cap) {
  size_t o = 0;
  for (size_t a = 0; a < scan->alt_count; a++) {
    const cors__scan_alt *alt = &scan->alts[a];
    if (a > 0 && o + 1 < cap)
      out[o++] = '|';
    for (size_t k = 0; k < alt->len && o + 1 < cap; k++)
      out[o++] = alt->text[k] == CORS__SCAN_WILD ? '~' : alt->text[k];
    if (alt->port_dropped && o + 1 < cap)
      out[o++] = '+';
  }
  out[o] = '\0';
}

START_TEST(reader_alternatives) {
  const scan_case *c = &scan_cases[_i];
  cors__regex_scan scan;
  cors__regex_scan_read(c->pattern, strlen(c->pattern), &scan);
  char got[1024];
  render(&scan, got, sizeof got);
  ck_assert_msg(strcmp(got, c->alts) == 0, "%s: read as '%s', expected '%s'",
                c->pattern, got, c->alts);
  ck_assert(scan.complete);
}
END_TEST

START_TEST(reader_bounds_hold_on_huge_patterns) {
  /* 40 alternatives, each a nest of groups: the reader keeps within its
   * bounds and says it did not read everything. */
  char pattern[4096];
  size_t o = 0;
  for (int i = 0; i < 40; i++)
    o += (size_t)snprintf(pattern + o, sizeof pattern - o,
                          "%s((((((a%d|b))))))\\.x\\.com", i ? "|" : "", i);
  cors__regex_scan scan;
  cors__regex_scan_read(pattern, o, &scan);
  ck_assert_uint_le(scan.alt_count, CORS__SCAN_MAX_ALTS);
  ck_assert(!scan.complete);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("lint");
  TCase *tc = tcase_create("table");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, build_variant_is_the_one_configured);
  tcase_add_loop_test(tc, findings_of_real_world_configurations, 0,
                      (int)COUNT_OF(lint_cases));
  tcase_add_loop_test(tc, strict_lint_refuses_only_dangerous_findings, 0,
                      (int)COUNT_OF(lint_cases));
  tcase_add_loop_test(tc, probes_stay_within_their_budget, 0,
                      (int)COUNT_OF(lint_cases));
  tcase_add_test(tc, budget_caps_probing);
  suite_add_tcase(s, tc);
  tc = tcase_create("messages");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, credentials_make_it_as_dangerous_as_star);
  tcase_add_test(tc, pattern_finding_names_the_entry);
  tcase_add_test(tc, bare_dot_message_points_at_it);
  tcase_add_test(tc, catastrophic_regex_lints_within_its_budget);
  suite_add_tcase(s, tc);
  tc = tcase_create("reader");
  tcase_add_loop_test(tc, bare_dot_offsets, 0, (int)COUNT_OF(dot_cases));
  tcase_add_loop_test(tc, reader_alternatives, 0, (int)COUNT_OF(scan_cases));
  tcase_add_test(tc, reader_bounds_hold_on_huge_patterns);
  suite_add_tcase(s, tc);
  return s;
}
