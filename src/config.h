/* The mutable builder's layout, shared by config.c, env.c and compile.c. */
#ifndef CORS_CONFIG_H
#define CORS_CONFIG_H

#include "internal.h"

/* Field labels: the name an entry's errors and warnings carry (a setting
 * name, or the environment variable it came from). Interned per config:
 * room for the 7 setting names and 8 loads of the loader's 11 variable
 * names (8 prefixes into one config); past that the loader refuses rather
 * than let an error carry another field's name. */
#define CORS__MAX_LABELS 96
#define CORS__LABEL_NONE UINT8_MAX
typedef uint8_t cors__label;

/* One configured list entry: normalized text (NUL-terminated, owned),
 * where it came from, and its position in that source. */
typedef struct cors__entry {
  char *text;
  size_t len;
  cors__label label;
  long index;
} cors__entry;

typedef struct cors__list {
  cors__entry *items;
  size_t count;
  size_t cap;
  bool set; /* explicitly set (an empty set list means "none allowed") */
} cors__list;

typedef enum cors__list_kind {
  CORS__LIST_ORIGINS = 0,
  CORS__LIST_METHODS = 1,
  CORS__LIST_ALLOWED_HEADERS = 2,
  CORS__LIST_EXPOSED_HEADERS = 3
} cors__list_kind;
#define CORS__LIST_KINDS 4

struct cors_config {
  cors__alloc alloc;
  cors__list lists[CORS__LIST_KINDS];

  char *regex; /* NULL: none */
  size_t regex_len;
  cors__label regex_label;

  bool credentials;
  cors__label credentials_label;
  bool dangerous_wildcard;
  bool private_network;
  bool has_max_age;
  long max_age;
  cors__label max_age_label;
  int preflight_status;
  int failure_status;
  bool used_dev_defaults;
  bool report_only;
  bool strict_lint;
  cors_origin_fn origin_callback; /* NULL: none */
  void *origin_callback_ud;

  cors_warning_fn warn;
  void *warn_ud;

  char labels[CORS__MAX_LABELS][CORS_ERROR_FIELD_MAX];
  size_t label_count;
};

/* Interns a field name; returns its label, or CORS__LABEL_NONE when the
 * table is full and the name is new. */
cors__label cors__config_label(cors_config *cfg, const char *field);
const char *cors__config_label_name(const cors_config *cfg, cors__label l);

/* Validates, normalizes and appends one entry to list `kind`, recording
 * label and index. Nothing is added on error. */
cors_status cors__config_add_entry(cors_config *cfg, cors__list_kind kind,
                                   const char *s, size_t len,
                                   cors__label label, long index,
                                   cors_error *err);

/* Adds every CSV entry to list `kind`; when `replace`, the list is emptied
 * first and marked set (so an empty CSV means an empty list).
 * All-or-nothing. */
cors_status cors__config_add_csv(cors_config *cfg, cors__list_kind kind,
                                 const char *csv, size_t len, bool replace,
                                 cors__label label, cors_error *err);

cors_status cors__config_set_regex(cors_config *cfg, const char *pattern,
                                   size_t len, cors__label label,
                                   cors_error *err);
void cors__config_set_credentials(cors_config *cfg, bool on,
                                  cors__label label);
cors_status cors__config_set_max_age(cors_config *cfg, long seconds,
                                     cors__label label, cors_error *err);

/* Sends one warning to the config's handler, if any. */
void cors__config_warn(const cors_config *cfg, cors_warning_code code,
                       cors__label label, long index, const char *fmt, ...)
    CORS__PRINTF(5, 6);

#endif
