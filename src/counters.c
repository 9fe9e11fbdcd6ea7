/* Request counters by kind, verdict and reason: one relaxed atomic add per
 * request, exact under any concurrency, and the Prometheus text format.
 *
 * Each cell has a cache line of its own: the few hot cells (allowed
 * actual requests, allowed preflights) are bumped by every thread, and
 * must not also slow each other down by sharing a line. */
#include "internal.h"

#include <stdatomic.h>
#include <stdio.h>

#define KINDS 3       /* cors_kind: none, preflight, actual */
/* cors_reason: 0 .. the last known reason. A reason added later needs a
 * cell here (results with an unknown reason are ignored, not misfiled). */
#define REASONS (CORS_REASON_MALFORMED_REQUEST + 1)
#define CELL_BYTES 64 /* a cache line */

typedef struct counter_cell {
  _Atomic uint64_t n;
  char pad[CELL_BYTES - sizeof(_Atomic uint64_t)];
} counter_cell;

struct cors_counters {
  cors__alloc alloc;
  counter_cell cells[KINDS][2][REASONS];
};

static bool in_range(cors_kind kind, cors_reason reason) {
  return (unsigned)kind < KINDS && (unsigned)reason < REASONS;
}

cors_counters *cors_counters_new(const cors_allocator *alloc) {
  cors__alloc a;
  cors__alloc_init(&a, alloc);
  cors_counters *c = cors__malloc(&a, sizeof *c);
  if (c == NULL)
    return NULL;
  c->alloc = a;
  for (size_t k = 0; k < KINDS; k++)
    for (size_t v = 0; v < 2; v++)
      for (size_t r = 0; r < REASONS; r++)
        atomic_init(&c->cells[k][v][r].n, 0);
  return c;
}

void cors_counters_record(cors_counters *c, const cors_result *res) {
  if (c == NULL || res == NULL || !in_range(res->kind, res->reason))
    return;
  /* Relaxed: a counter orders nothing else; each add is still atomic. */
  atomic_fetch_add_explicit(&c->cells[res->kind][res->allowed][res->reason].n,
                            1, memory_order_relaxed);
}

uint64_t cors_counters_get(const cors_counters *c, cors_kind kind, bool allowed,
                           cors_reason reason) {
  if (c == NULL || !in_range(kind, reason))
    return 0;
  /* The cells are atomic; reading through a const handle does not change
   * them, but C11's atomic_load takes a non-const pointer. */
  counter_cell *cell = (counter_cell *)&c->cells[kind][allowed][reason];
  return atomic_load_explicit(&cell->n, memory_order_relaxed);
}

/* ---- Prometheus text ---------------------------------------------------- */

static void emit_cell(cors__out *o, cors_kind kind, bool allowed,
                      cors_reason reason, uint64_t n) {
  char number[24];
  int len = snprintf(number, sizeof number, "%llu", (unsigned long long)n);
  cors__out_str(o, "cors_requests_total{kind=\"");
  cors__out_str(o, cors_kind_string(kind));
  cors__out_str(o, allowed ? "\",allowed=\"true\",reason=\""
                           : "\",allowed=\"false\",reason=\"");
  cors__out_str(o, cors_reason_string(reason));
  cors__out_str(o, "\"} ");
  cors__out_put(o, number, (size_t)len);
  cors__out_put(o, "\n", 1);
}

cors_status cors_counters_format_prometheus(const cors_counters *c, char *buf,
                                            size_t cap, size_t *written) {
  if (c == NULL || (buf == NULL && cap > 0))
    return CORS_ERR_INVALID_ARGUMENT;
  /* One snapshot, so the size computed is the size written even while
   * other threads keep counting. */
  uint64_t snap[KINDS][2][REASONS];
  for (size_t k = 0; k < KINDS; k++)
    for (size_t v = 0; v < 2; v++)
      for (size_t r = 0; r < REASONS; r++)
        snap[k][v][r] =
            cors_counters_get(c, (cors_kind)k, v == 1, (cors_reason)r);
  cors__out o = {buf, cap, 0};
  cors__out_str(&o,
                "# HELP cors_requests_total Requests decided by libcors, by "
                "kind, verdict and reason.\n"
                "# TYPE cors_requests_total counter\n");
  for (size_t k = 0; k < KINDS; k++)
    for (size_t v = 2; v-- > 0;) /* allowed="true" first */
      for (size_t r = 0; r < REASONS; r++)
        if (snap[k][v][r] != 0)
          emit_cell(&o, (cors_kind)k, v == 1, (cors_reason)r, snap[k][v][r]);
  return cors__out_status(&o, written);
}

void cors_counters_free(cors_counters *c) {
  if (c == NULL)
    return;
  cors__alloc a = c->alloc;
  cors__free(&a, c);
}
