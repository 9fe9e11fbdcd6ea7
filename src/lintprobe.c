/* The regex rules of lint, decided by probing the compiled regex with
 * made-up origins rather than by reading its syntax: a probe that matches
 * is proof, whatever the pattern looks like. regexscan.c supplies the
 * literal text the probes are built around; the probes, the fixed
 * too-broad set and the bound on matches are here. */
#include "lint.h"
#include "regexscan.h"

#include <stdio.h>
#include <string.h>

#define WILD CORS__SCAN_WILD

typedef struct prober {
  const cors__regex *re;
  cors__regex_scratch *scratch;
  cors__regex_lint *out;
  /* Registrable domains the regex names, one per alternative at most. */
  char names[CORS__SCAN_MAX_ALTS][CORS__PSL_MAX_HOST + 1];
  size_t name_count;
} prober;

/* One probe: a valid origin the regex fully matches. Lower-cased first,
 * as browsers serialize origins (a "(?i)" regex with upper-case literals
 * then still meets the origins it will meet). Invalid ones are not run
 * (evaluation refuses them before the regex), and nothing runs once the
 * budget is spent. */
static bool probe(prober *pr, char *origin) {
  size_t len = strlen(origin);
  for (size_t i = 0; i < len; i++)
    origin[i] = (char)cors__lower[(unsigned char)origin[i]];
  cors__origin_view view;
  if (pr->out->matches >= CORS__LINT_MAX_MATCHES ||
      !cors__origin_validate_request(origin, len, &view) || view.is_null)
    return false;
  pr->out->matches++;
  return cors__regex_full_match_in(pr->re, pr->scratch, origin, len);
}

static void copy_text(char *dst, size_t cap, const char *src, size_t len) {
  if (len >= cap)
    len = cap - 1;
  memcpy(dst, src, len);
  dst[len] = '\0';
}

/* ---- regex-too-broad ----------------------------------------------------- */

/* Fixed, never built from the regex: a regex matching two of these hosts
 * admits unrelated domains. Ordered so two different ones come first. */
static const char *const broad_hosts[] = {
    "zzprobe.com", "qqprobe.net", "zzprobe.co.uk",
    "qqprobe.com", "zzprobe.net", "qqprobe.co.uk",
};
static const char *const schemes[] = {"https://", "http://"};
#define PROBE_PORT ":8443"

/* The first origin of `host` (either scheme, with or without a port) the
 * regex matches, into `origin`; false when none does. */
static bool host_matches(prober *pr, const char *host, char *origin) {
  for (size_t s = 0; s < 2; s++) {
    for (int port = 0; port < 2; port++) {
      snprintf(origin, CORS__LINT_PROBE_MAX, "%s%s%s", schemes[s], host,
               port ? PROBE_PORT : "");
      if (probe(pr, origin))
        return true;
    }
  }
  return false;
}

static void check_too_broad(prober *pr) {
  size_t found = 0, total = sizeof broad_hosts / sizeof broad_hosts[0];
  for (size_t h = 0; h < total && found < 2; h++) {
    if (found + (total - h) < 2)
      break; /* two can no longer be reached */
    if (host_matches(pr, broad_hosts[h], pr->out->broad[found]))
      found++;
  }
  pr->out->too_broad = found == 2;
}

/* ---- what an alternative names ------------------------------------------- */

static size_t last_wild(const cors__scan_alt *alt, bool *has) {
  const char *w = strrchr(alt->text, WILD);
  *has = w != NULL;
  return w != NULL ? (size_t)(w - alt->text) : 0;
}

/* The host text at the start of s: host characters only. */
static size_t host_span(const char *s) {
  size_t n = 0;
  while (s[n] != '\0' && cors__is((unsigned char)s[n], CORS__C_HOST))
    n++;
  return n;
}

/* The host named by the alternative's fixed tail (the literal text after
 * its last wildcard), leading dots dropped: "moviesnow.com" for
 * "https://W.moviesnow.com". Empty when the tail holds no host text. */
static void tail_host(const cors__scan_alt *alt, char *host, size_t cap) {
  bool has;
  size_t w = last_wild(alt, &has);
  const char *tail = has ? alt->text + w + 1 : alt->text;
  const char *sep = strstr(tail, "://");
  if (sep != NULL)
    tail = sep + 3;
  while (*tail == '.')
    tail++;
  copy_text(host, cap, tail, host_span(tail));
}

/* The registrable domain the alternative names, or "". */
static void alt_name(const cors__scan_alt *alt, char *name, size_t cap) {
  char host[CORS__PSL_MAX_HOST + 1];
  tail_host(alt, host, sizeof host);
  name[0] = '\0';
  cors__host_info info;
  cors__psl_classify(host, strlen(host), &info);
  if (info.kind == CORS__HOST_REGISTRABLE)
    copy_text(name, cap, info.registrable, strlen(info.registrable));
  else if (info.kind == CORS__HOST_EXEMPT)
    copy_text(name, cap, info.host, strlen(info.host));
}

static bool is_named(const prober *pr, const char *domain) {
  for (size_t i = 0; i < pr->name_count; i++) {
    if (strcmp(pr->names[i], domain) == 0)
      return true;
  }
  return false;
}

/* ---- registrable-domain -------------------------------------------------- */

/* After a probe matched: is it a finding? Records it if so. */
static bool judge(prober *pr, const cors__scan_alt *alt, const char *origin) {
  cors__origin_view view;
  if (!cors__origin_validate_request(origin, strlen(origin), &view))
    return false;
  cors__host_info info;
  cors__psl_classify(origin + view.host_off, view.host_len, &info);
  if (info.kind != CORS__HOST_REGISTRABLE || is_named(pr, info.registrable))
    return false;
  cors__regex_lint *out = pr->out;
  out->registrable = true;
  copy_text(out->probe, sizeof out->probe, origin, strlen(origin));
  copy_text(out->domain, sizeof out->domain, info.registrable,
            strlen(info.registrable));
  copy_text(out->suffix, sizeof out->suffix, info.suffix, strlen(info.suffix));
  out->icann = info.icann;
  alt_name(alt, out->named, sizeof out->named);
  return true;
}

/* Writes alt->text[from, to) into buf at *o, each wildcard replaced by
 * `fill`; false when it does not fit. */
static bool put_filled(char *buf, size_t *o, const cors__scan_alt *alt,
                       size_t from, size_t to, const char *fill) {
  size_t fill_len = strlen(fill);
  for (size_t k = from; k < to; k++) {
    const char *s = alt->text[k] == WILD ? fill : alt->text + k;
    size_t n = alt->text[k] == WILD ? fill_len : 1;
    if (*o + n >= CORS__LINT_PROBE_MAX)
      return false;
    memcpy(buf + *o, s, n);
    *o += n;
  }
  buf[*o] = '\0';
  return true;
}

static bool put_text(char *buf, size_t *o, const char *s) {
  size_t n = strlen(s);
  if (*o + n >= CORS__LINT_PROBE_MAX)
    return false;
  memcpy(buf + *o, s, n + 1);
  *o += n;
  return true;
}

/* How one label probe is spelled: the label put where the last wildcard
 * was; earlier wildcards filled with the label too, or with nothing; the
 * scheme prepended when the text has none before the wildcard; a port
 * after, when a port element was dropped. Most likely first, so that when
 * the budget runs out every alternative has had its best probes. */
typedef struct label_probe {
  unsigned char label, fill_label, scheme, port;
} label_probe;

static const label_probe label_probes[] = {
    {0, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 1, 0, 0},
    {1, 0, 0, 0}, {1, 1, 0, 0}, {0, 0, 1, 1}, {0, 1, 1, 0},
    {1, 0, 1, 0}, {0, 1, 0, 1}, {1, 0, 0, 1}, {1, 1, 1, 0},
    {0, 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 0, 1}, {1, 1, 1, 1},
};
static const char *const labels[] = {"zzprobe", "0"};

typedef enum probe_outcome {
  PROBE_NONE,    /* not applicable, or no match */
  PROBE_SETTLED, /* matched under a domain the regex names */
  PROBE_FINDING  /* matched under a domain it does not name */
} probe_outcome;

/* One label probe of an alternative ("https://zzprobe.vercel.app" for
 * ".*\.vercel\.app"). */
static probe_outcome probe_label(prober *pr, const cors__scan_alt *alt,
                                 const label_probe *lp) {
  bool has;
  size_t w = last_wild(alt, &has);
  if (!has || strstr(alt->text + w, "://") != NULL)
    return PROBE_NONE; /* no open text, or only in the scheme */
  char prefix[CORS__SCAN_MAX_LEN + 1];
  copy_text(prefix, sizeof prefix, alt->text, w);
  bool scheme_in_text = strstr(prefix, "://") != NULL;
  bool wild_before = memchr(prefix, WILD, w) != NULL;
  if ((!scheme_in_text && w > 0 && alt->text[0] != WILD) ||
      (lp->fill_label && !wild_before) || (lp->scheme && scheme_in_text) ||
      (lp->port && !alt->port_dropped))
    return PROBE_NONE; /* no origin can start so, or a repeat */
  const char *label = labels[lp->label];
  char origin[CORS__LINT_PROBE_MAX];
  size_t o = 0;
  origin[0] = '\0';
  if (!put_text(origin, &o, scheme_in_text ? "" : schemes[lp->scheme]) ||
      !put_filled(origin, &o, alt, 0, w, lp->fill_label ? label : "") ||
      !put_text(origin, &o, label) ||
      !put_filled(origin, &o, alt, w + 1, alt->len, "") ||
      !put_text(origin, &o, lp->port ? PROBE_PORT : "") || !probe(pr, origin))
    return PROBE_NONE;
  return judge(pr, alt, origin) ? PROBE_FINDING : PROBE_SETTLED;
}

/* Label probes in rounds: every alternative's first probe, then every
 * alternative's second... An alternative is settled by its first match,
 * a finding or not: its other probes would land under the same domain. */
static bool probe_labels(prober *pr, const cors__regex_scan *scan) {
  bool settled[CORS__SCAN_MAX_ALTS] = {false};
  size_t rounds = sizeof label_probes / sizeof label_probes[0];
  for (size_t r = 0; r < rounds; r++) {
    for (size_t a = 0; a < scan->alt_count; a++) {
      if (settled[a])
        continue;
      probe_outcome out = probe_label(pr, &scan->alts[a], &label_probes[r]);
      if (out == PROBE_FINDING)
        return true;
      settled[a] = out == PROBE_SETTLED;
    }
  }
  return false;
}

/* Wrap probes, for an alternative whose host may go on after its last
 * fixed label ("^https://example\..*$"): each literal run of host text
 * with a foreign domain after it ("https://example.zzprobe.com",
 * "https://zzprobe.example.com.zzprobe.com"). Returns true on a finding. */
static bool probe_wrap_run(prober *pr, const cors__scan_alt *alt,
                           const char *run, size_t len) {
  char core[CORS__SCAN_MAX_LEN + 1];
  copy_text(core, sizeof core, run, len);
  const char *sep = strstr(core, "://");
  const char *host = sep != NULL ? sep + 3 : core;
  size_t n = host_span(host);
  while (n > 0 && host[n - 1] == '.')
    n--;
  size_t lead = 0;
  while (lead < n && host[lead] == '.')
    lead++;
  if (lead == n)
    return false;
  for (int form = 0; form < 2; form++) {
    for (size_t s = 0; s < 2; s++) {
      for (int port = 0; port < (alt->port_dropped ? 2 : 1); port++) {
        char origin[CORS__LINT_PROBE_MAX];
        int k = snprintf(
            origin, sizeof origin, "%s%s%.*s.zzprobe.com%s", schemes[s],
            form == 0 ? "zzprobe" : "", (int)(form == 0 ? n : n - lead),
            form == 0 ? host : host + lead, port ? PROBE_PORT : "");
        if (k < 0 || (size_t)k >= sizeof origin)
          continue;
        if (probe(pr, origin) && judge(pr, alt, origin))
          return true;
      }
    }
  }
  return false;
}

static bool probe_wrap(prober *pr, const cors__scan_alt *alt) {
  char host[CORS__PSL_MAX_HOST + 1];
  tail_host(alt, host, sizeof host);
  bool has;
  last_wild(alt, &has);
  if (!has || host[0] != '\0')
    return false; /* the host ends with fixed text */
  const char *t = alt->text;
  while (*t != '\0') {
    size_t n = strcspn(t, (const char[]){WILD, '\0'});
    if (n > 0 && probe_wrap_run(pr, alt, t, n))
      return true;
    t += n;
    if (*t == WILD)
      t++;
  }
  return false;
}

/* Top-level probes, for an alternative whose host ends in open text
 * ("^https://[a-z]+\.example\.[a-z]+$",
 * "^https://example\.com(\.[a-z]+)?$"). There the label probes put the
 * made-up label last, as the top-level one: a name under no suffix of the
 * list, which nobody can register, so they prove nothing. A real
 * top-level label shows that the regex admits the name under top-level
 * domains it does not name: "example.xyz", "com.xyz". */
static const char *const tld_fills[] = {".xyz", "xyz", ".io", "io"};

static bool probe_open_end(prober *pr, const cors__scan_alt *alt) {
  bool has;
  size_t w = last_wild(alt, &has);
  if (!has || host_span(alt->text + w + 1) > 0 ||
      strstr(alt->text + w, "://") != NULL)
    return false; /* the host ends with fixed text, or no host is open */
  char prefix[CORS__SCAN_MAX_LEN + 1];
  copy_text(prefix, sizeof prefix, alt->text, w);
  bool scheme_in_text = strstr(prefix, "://") != NULL;
  if (!scheme_in_text && w > 0 && alt->text[0] != WILD)
    return false; /* no origin can start so */
  /* Earlier wildcards hold nothing ("https?", "(www\.)?"), or a label. */
  int fills = memchr(prefix, WILD, w) != NULL ? 2 : 1;
  for (int fill = 0; fill < fills; fill++) {
    for (size_t f = 0; f < sizeof tld_fills / sizeof tld_fills[0]; f++) {
      for (size_t s = 0; s < (scheme_in_text ? 1 : 2); s++) {
        for (int port = 0; port < (alt->port_dropped ? 2 : 1); port++) {
          char origin[CORS__LINT_PROBE_MAX];
          size_t o = 0;
          origin[0] = '\0';
          if (put_text(origin, &o, scheme_in_text ? "" : schemes[s]) &&
              put_filled(origin, &o, alt, 0, w, fill ? labels[0] : "") &&
              put_text(origin, &o, tld_fills[f]) &&
              put_filled(origin, &o, alt, w + 1, alt->len, "") &&
              put_text(origin, &o, port ? PROBE_PORT : "") &&
              probe(pr, origin) && judge(pr, alt, origin))
            return true;
        }
      }
    }
  }
  return false;
}

static void check_registrable(prober *pr, const cors__regex_scan *scan) {
  for (size_t a = 0; a < scan->alt_count; a++) {
    alt_name(&scan->alts[a], pr->names[pr->name_count], sizeof pr->names[0]);
    if (pr->names[pr->name_count][0] != '\0')
      pr->name_count++;
  }
  if (probe_labels(pr, scan))
    return;
  for (size_t a = 0; a < scan->alt_count; a++) {
    if (probe_wrap(pr, &scan->alts[a]))
      return;
  }
  for (size_t a = 0; a < scan->alt_count; a++) {
    if (probe_open_end(pr, &scan->alts[a]))
      return;
  }
}

bool cors__lint_regex_analyze(const cors__regex *re, const char *pattern,
                              size_t len, cors__regex_lint *out) {
  memset(out, 0, sizeof *out);
  out->bare_dot = cors__regex_bare_dot(pattern, len);
  prober pr;
  pr.re = re;
  pr.scratch = cors__regex_scratch_new(re);
  pr.out = out;
  pr.name_count = 0;
  if (pr.scratch == NULL)
    return false;
  check_too_broad(&pr);
  out->psl_checked = cors__psl_available();
  if (!out->too_broad && out->psl_checked) {
    cors__regex_scan scan;
    cors__regex_scan_read(pattern, len, &scan);
    check_registrable(&pr, &scan);
  }
  cors__regex_scratch_free(pr.scratch);
  return true;
}
