/* The .env dialect: quoting, escapes, `export`, comments, last-wins, and
 * every malformed line refused with its line number and without quoting
 * the value; then the loader reading a parsed text, prefixes included. */
#include "common.h"

#include <stdio.h>
#include <string.h>

/* Parses text (sizeof-1 bytes, so embedded NULs count) or fails. */
static cors_envtext *parse_ok(const char *text, size_t len) {
  cors_envtext *t = NULL;
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_status st = cors_envtext_parse(text, len, NULL, &t, &err);
  ck_assert_msg(st == CORS_OK, "parse of %s refused: %s", printable(text, len),
                err.message);
  ck_assert_ptr_nonnull(t);
  return t;
}

typedef struct good_case {
  const char *text;
  const char *name;
  const char *want; /* NULL: not assigned */
} good_case;

static const good_case good_cases[] = {
    {"A=1\nB=two\n", "B", "two"},
    {"A=1", "A", "1"}, /* no final newline */
    {"  A  =  x y  \n", "A", "x y"},
    {"\tA\t=\tx\t", "A", "x"},
    {"A=b=c", "A", "b=c"},
    {"A=", "A", ""},
    {"A=''", "A", ""},
    {"A=\"\"", "A", ""},
    {"A=   ", "A", ""},
    /* export */
    {"export A=1", "A", "1"},
    {"export \t A = 1", "A", "1"},
    {"exportA=1", "exportA", "1"},
    {"export=1", "export", "1"},
    {"export A=1", "export", NULL},
    /* comments */
    {"# A=1\n", "A", NULL},
    {"   # A=1\nA=2", "A", "2"},
    {"A=1 # the comment", "A", "1"},
    {"A=1\t# the comment", "A", "1"},
    {"A=b#c", "A", "b#c"},
    {"A=https://x.example #c # d", "A", "https://x.example"},
    {"A= #only a comment", "A", ""},
    {"A='q' # c", "A", "q"},
    {"A='q'# c", "A", "q"},
    {"A=\"d\"#c", "A", "d"},
    {"A='a # not a comment'", "A", "a # not a comment"},
    {"A=\"a # not a comment\"", "A", "a # not a comment"},
    /* single quotes: literal */
    {"A='a\\nb \" $HOME \\\\'", "A", "a\\nb \" $HOME \\\\"},
    /* double quotes: \n, \", \\ and nothing else */
    {"A=\"l1\\nl2\"", "A", "l1\nl2"},
    {"A=\"say \\\"hi\\\"\"", "A", "say \"hi\""},
    {"A=\"back\\\\slash\"", "A", "back\\slash"},
    {"A=\"^https://.*\\.example\\.com$\"", "A", "^https://.*\\.example\\.com$"},
    {"A=\"it's\"", "A", "it's"},
    {"A=it's", "A", "it's"},
    {"A=$HOME", "A", "$HOME"}, /* only ${ means expansion elsewhere */
    /* line endings, BOM, blank lines */
    {"A=1\r\nB=2\r\n", "A", "1"},
    {"A=1\r\nB=2\r\n", "B", "2"},
    {"\xef\xbb\xbf" "A=bom", "A", "bom"},
    {"\n\n   \n\t\nA=after blanks\n\n", "A", "after blanks"},
    /* last assignment wins */
    {"A=1\nA=2\n", "A", "2"},
    {"A=1\nexport A='3'\nB=x\n", "A", "3"},
    /* names */
    {"_A_1=x", "_A_1", "x"},
    {"a=lower", "A", NULL},
    {"A=1", "B", NULL},
    {"", "A", NULL},
    /* bytes above ASCII pass through */
    {"A=caf\xc3\xa9", "A", "caf\xc3\xa9"},
};

START_TEST(good_lines_parse_as_documented) {
  const good_case *c = &good_cases[_i];
  cors_envtext *t = parse_ok(c->text, strlen(c->text));
  const char *got = cors_envtext_lookup(c->name, t);
  if (c->want == NULL)
    ck_assert_msg(got == NULL, "case %d: %s assigned %s", _i, c->name,
                  printable(got, strlen(got)));
  else
    ck_assert_msg(got != NULL && strcmp(got, c->want) == 0,
                  "case %d: %s is %s, expected %s", _i, c->name,
                  got ? printable(got, strlen(got)) : "unset",
                  printable(c->want, strlen(c->want)));
  cors_envtext_free(t);
}
END_TEST

typedef struct bad_case {
  const char *text;
  size_t len; /* 0: strlen */
  long line;
  const char *field; /* the name, when it was read */
  const char *why;   /* a fragment of the message */
} bad_case;

static const bad_case bad_cases[] = {
    {"A=1\nnot a line\n", 0, 2, "not", "expected '='"},
    {"A=1\n\nB\n", 0, 3, "B", "expected '=' after the name"},
    {"1A=x", 0, 1, "", "expected NAME=value"},
    {"=x", 0, 1, "", "expected NAME=value"},
    {"A B=1", 0, 1, "A", "expected '='"},
    {"A.B=1", 0, 1, "A", "expected '='"},
    {"export", 0, 1, "export", "expected '='"},
    {"export   ", 0, 1, "", "expected NAME=value"},
    {"A=1\nB='open\n", 0, 2, "B", "unterminated single quote"},
    {"A=\"open", 0, 1, "A", "unterminated double quote"},
    {"A=\"x\\\"", 0, 1, "A", "unterminated double quote"},
    {"A=\"multi\nline\"", 0, 1, "A", "unterminated double quote"},
    {"A='x' y", 0, 1, "A", "text after the closing quote"},
    {"A=\"x\"y", 0, 1, "A", "text after the closing quote"},
    {"A=${HOME}", 0, 1, "A", "never expanded"},
    {"A='${HOME}'", 0, 1, "A", "never expanded"},
    {"A=\"pre${X}post\"", 0, 1, "A", "never expanded"},
    {"A=1\nB=2\nC=a\x01" "b", 0, 3, "", "control byte 0x01"},
    {"A=a\rb\n", 0, 1, "", "control byte 0x0d"},
    {"A=a\rb\r\n", 0, 1, "", "control byte 0x0d"},
    {"A=a\0b", 5, 1, "", "control byte 0x00"},
    {"A=\x7f", 0, 1, "", "control byte 0x7f"},
};

START_TEST(malformed_lines_are_refused_with_their_line_number) {
  const bad_case *c = &bad_cases[_i];
  size_t len = c->len != 0 ? c->len : strlen(c->text);
  fail_heap heap = {0};
  cors_allocator hooks = fail_heap_hooks(&heap);
  cors_envtext *t = (cors_envtext *)&heap; /* must be reset to NULL */
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_status st = cors_envtext_parse(c->text, len, &hooks, &t, &err);
  ck_assert_msg(st == CORS_ERR_ENVTEXT_SYNTAX, "case %d (%s): %s", _i,
                printable(c->text, len), cors_strerror(st));
  ck_assert_ptr_null(t);
  ck_assert_int_eq(err.code, CORS_ERR_ENVTEXT_SYNTAX);
  ck_assert_int_eq(err.index, c->line);
  ck_assert_int_ge(err.offset, 0);
  ck_assert_str_eq(err.field, c->field);
  char line_word[32];
  snprintf(line_word, sizeof line_word, "line %ld", c->line);
  ck_assert_msg(strstr(err.message, line_word) != NULL,
                "case %d: message '%s' lacks '%s'", _i, err.message,
                line_word);
  ck_assert_msg(strstr(err.message, c->why) != NULL,
                "case %d: message '%s' lacks '%s'", _i, err.message, c->why);
  ck_assert_int_eq(heap.live, 0);
}
END_TEST

/* Error messages go to logs: they name the line and the variable, never
 * the value, which may be a secret beside the CORS variables. */
START_TEST(errors_never_quote_the_value) {
  static const char *const texts[] = {
      "DB_PASSWORD=\"hunter2-secret", "DB_PASSWORD='hunter2-secret",
      "DB_PASSWORD='hunter2-secret' trailing",
      "DB_PASSWORD=hunter2-secret${X}", "DB_PASSWORD hunter2-secret",
      "DB_PASSWORD=hunter2-secret\x02"};
  for (size_t i = 0; i < COUNT_OF(texts); i++) {
    cors_envtext *t = NULL;
    cors_error err;
    ck_assert_int_eq(
        cors_envtext_parse(texts[i], strlen(texts[i]), NULL, &t, &err),
        CORS_ERR_ENVTEXT_SYNTAX);
    ck_assert_msg(strstr(err.message, "hunter2") == NULL,
                  "text %zu: message '%s' leaks the value", i, err.message);
  }
}
END_TEST

START_TEST(offset_points_at_the_fault) {
  cors_envtext *t = NULL;
  cors_error err;
  ck_assert_int_eq(cors_envtext_parse("A=1\n  B C", 9, NULL, &t, &err),
                   CORS_ERR_ENVTEXT_SYNTAX);
  ck_assert_int_eq(err.index, 2);
  ck_assert_int_eq(err.offset, 4); /* the C where '=' was expected */
  ck_assert_ptr_nonnull(strstr(err.message, "(B)"));
  ck_assert_int_eq(cors_envtext_parse("A=ok\x03", 5, NULL, &t, &err),
                   CORS_ERR_ENVTEXT_SYNTAX);
  ck_assert_int_eq(err.offset, 4);
}
END_TEST

START_TEST(bad_arguments_and_empty_text) {
  cors_envtext *t = NULL;
  cors_error err;
  ck_assert_int_eq(cors_envtext_parse("A=1", 3, NULL, NULL, &err),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_envtext_parse(NULL, 3, NULL, &t, &err),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(t);
  ck_assert_int_eq(cors_envtext_parse(NULL, 0, NULL, &t, NULL), CORS_OK);
  ck_assert_ptr_null(cors_envtext_lookup("A", t));
  ck_assert_ptr_null(cors_envtext_lookup(NULL, t));
  ck_assert_ptr_null(cors_envtext_lookup("A", NULL));
  cors_envtext_free(t);
  cors_envtext_free(NULL);
}
END_TEST

/* The text is copied: freeing or changing it after the parse changes
 * nothing, and the length bounds the read (no NUL needed). */
START_TEST(text_is_copied_and_read_only_within_len) {
  char text[] = "A=first\nB=second";
  cors_envtext *t = parse_ok(text, 7); /* "A=first" only */
  memset(text, 'x', sizeof text - 1);
  ck_assert_str_eq(cors_envtext_lookup("A", t), "first");
  ck_assert_ptr_null(cors_envtext_lookup("B", t));
  cors_envtext_free(t);
}
END_TEST

START_TEST(every_allocation_failure_is_nomem) {
  static const char text[] = "FRONTEND_ORIGINS=https://a.example\n";
  fail_heap heap = {.fail_at = 1};
  cors_allocator hooks = fail_heap_hooks(&heap);
  cors_envtext *t = NULL;
  cors_error err;
  ck_assert_int_eq(
      cors_envtext_parse(text, sizeof text - 1, &hooks, &t, &err),
      CORS_ERR_NOMEM);
  ck_assert_ptr_null(t);
  ck_assert_int_eq(heap.live, 0);
  heap.fail_at = 0;
  ck_assert_int_eq(
      cors_envtext_parse(text, sizeof text - 1, &hooks, &t, &err), CORS_OK);
  ck_assert_int_eq(heap.calls, 2); /* one block: the failed try and this */
  cors_envtext_free(t);
  ck_assert_int_eq(heap.live, 0);
}
END_TEST

START_TEST(many_lines_parse_in_one_pass) {
  enum { LINES = 5000 };
  static char text[LINES * 32];
  size_t len = 0;
  for (int i = 0; i < LINES; i++)
    len += (size_t)snprintf(text + len, sizeof text - len, "V%d='%d'\n", i, i);
  cors_envtext *t = parse_ok(text, len);
  ck_assert_str_eq(cors_envtext_lookup("V0", t), "0");
  ck_assert_str_eq(cors_envtext_lookup("V4999", t), "4999");
  cors_envtext_free(t);
}
END_TEST

/* ---- the loader on a parsed text ---------------------------------------- */

static cors_policy *policy_from_text(const char *text, const char *prefix) {
  cors_envtext *t = parse_ok(text, strlen(text));
  cors_config *cfg = cors_config_new(NULL);
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = prefix;
  cors_error err;
  ck_assert_int_eq(
      cors_config_load_env(cfg, cors_envtext_lookup, t, &opts, &err),
      CORS_OK);
  cors_envtext_free(t); /* the config keeps copies */
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  return pol;
}

static const char two_policies[] =
    "# the credentialed app\n"
    "export FRONTEND_ORIGINS=\"https://app.example.com, https://admin.example.com\"\n"
    "ALLOW_ORIGINS_REGEX='^https://pr-[0-9]+\\.preview\\.example\\.com$'\n"
    "CORS_MAX_AGE=600 # ten minutes\n"
    "\n"
    "# the public API beside it\n"
    "PUBLIC_FRONTEND_ORIGINS=*\n"
    "PUBLIC_CORS_ALLOW_CREDENTIALS=false\n";

START_TEST(loader_reads_a_parsed_text) {
  cors_policy *pol = policy_from_text(two_policies, NULL);
  request_spec spec = {.origin = SL("https://admin.example.com")};
  cors_result res;
  evaluate_spec(pol, &spec, &res);
  ck_assert(res.allowed);
  ck_assert(header_equals(&res, "Access-Control-Allow-Credentials", "true"));
  spec.origin = (cors_slice)SL("https://pr-42.preview.example.com");
  evaluate_spec(pol, &spec, &res);
  ck_assert(res.allowed); /* the single-quoted regex kept its backslashes */
  spec.origin = (cors_slice)SL("https://pr-42Xpreview.example.com");
  evaluate_spec(pol, &spec, &res);
  ck_assert(!res.allowed);
  spec = (request_spec){.method = "OPTIONS",
                        .origin = SL("https://app.example.com"),
                        .acrm = "PUT"};
  evaluate_spec(pol, &spec, &res);
  ck_assert(header_equals(&res, "Access-Control-Max-Age", "600"));
  cors_policy_free(pol);
}
END_TEST

START_TEST(one_text_two_policies_through_a_prefix) {
  cors_policy *pub = policy_from_text(two_policies, "PUBLIC_");
  request_spec spec = {.origin = SL("https://anyone.example")};
  cors_result res;
  evaluate_spec(pub, &spec, &res);
  ck_assert(res.allowed);
  ck_assert(header_equals(&res, "Access-Control-Allow-Origin", "*"));
  ck_assert_ptr_null(result_header(&res, "Access-Control-Allow-Credentials"));
  cors_policy_free(pub);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("envtext");
  TCase *tc = tcase_create("syntax");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, good_lines_parse_as_documented, 0,
                      (int)COUNT_OF(good_cases));
  tcase_add_loop_test(tc, malformed_lines_are_refused_with_their_line_number,
                      0, (int)COUNT_OF(bad_cases));
  tcase_add_test(tc, errors_never_quote_the_value);
  tcase_add_test(tc, offset_points_at_the_fault);
  tcase_add_test(tc, bad_arguments_and_empty_text);
  tcase_add_test(tc, text_is_copied_and_read_only_within_len);
  tcase_add_test(tc, every_allocation_failure_is_nomem);
  tcase_add_test(tc, many_lines_parse_in_one_pass);
  suite_add_tcase(s, tc);
  tc = tcase_create("loader");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, loader_reads_a_parsed_text);
  tcase_add_test(tc, one_text_two_policies_through_a_prefix);
  suite_add_tcase(s, tc);
  return s;
}
