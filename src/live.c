/* Reference-counted policies and the live handle that hot-swaps them.
 *
 * The count lives in the policy (an atomic), the current pointer in the
 * handle, behind a mutex held only for one pointer load plus one
 * increment (acquire) or one pointer exchange (swap). The tempting
 * lock-free acquire, load then increment, is wrong: between the two a
 * swap and the last release can free the policy. Under the lock, a swap
 * cannot slip in, so the count an acquirer raises is never zero. Nothing
 * slow (a compile, a free, a request) ever runs with the lock held. */
#include "policy.h"

#include <pthread.h>

struct cors_live {
  cors__alloc alloc;
  pthread_mutex_t lock;
  cors_policy *current; /* never NULL; the handle holds one reference */
};

cors_policy *cors_policy_ref(cors_policy *pol) {
  /* Relaxed: the caller already holds a reference, so the policy cannot
   * go away, and nothing is published by raising the count. */
  if (pol != NULL)
    atomic_fetch_add_explicit(&pol->refs, 1, memory_order_relaxed);
  return pol;
}

void cors_policy_free(cors_policy *pol) {
  if (pol == NULL)
    return;
  /* Release makes this thread's reads of the policy happen before the
   * free; acquire makes the freeing thread see every other thread's. */
  if (atomic_fetch_sub_explicit(&pol->refs, 1, memory_order_acq_rel) == 1)
    cors__policy_destroy(pol);
}

cors_live *cors_live_new(cors_policy *initial, const cors_allocator *alloc) {
  if (initial == NULL)
    return NULL;
  cors__alloc a;
  cors__alloc_init(&a, alloc);
  cors_live *live = cors__malloc(&a, sizeof *live);
  if (live == NULL)
    return NULL;
  if (pthread_mutex_init(&live->lock, NULL) != 0) {
    cors__free(&a, live);
    return NULL;
  }
  live->alloc = a;
  live->current = initial;
  return live;
}

cors_policy *cors_live_acquire(cors_live *live) {
  if (live == NULL)
    return NULL;
  pthread_mutex_lock(&live->lock);
  cors_policy *pol = cors_policy_ref(live->current);
  pthread_mutex_unlock(&live->lock);
  return pol;
}

void cors_live_release(cors_live *live, cors_policy *pol) {
  (void)live; /* room for per-handle bookkeeping without an API change */
  cors_policy_free(pol);
}

void cors_live_swap(cors_live *live, cors_policy *next) {
  if (next == NULL)
    return;
  if (live == NULL) {
    cors_policy_free(next); /* the reference was handed over: drop it */
    return;
  }
  pthread_mutex_lock(&live->lock);
  cors_policy *old = live->current;
  live->current = next;
  pthread_mutex_unlock(&live->lock);
  /* Outside the lock: the old policy may be freed right here, which is
   * no reason to make acquirers wait. Requests still holding it keep it
   * alive; the last one's release frees it. */
  cors_policy_free(old);
}

cors_status cors_live_reload(cors_live *live, cors_live_configure_fn configure,
                             void *ud, cors_error *err) {
  if (live == NULL || configure == NULL)
    return cors__error_set(err, CORS_ERR_INVALID_ARGUMENT, "", -1, -1,
                           "NULL live handle or configure function");
  cors_config *cfg = cors_config_new(&live->alloc.hooks);
  if (cfg == NULL)
    return cors__error_set(err, CORS_ERR_NOMEM, "", -1, -1,
                           "out of memory creating the configuration");
  cors_policy *next = NULL;
  cors_status st = configure(cfg, ud, err);
  if (st == CORS_OK)
    st = cors_policy_compile(cfg, &next, err);
  cors_config_free(cfg);
  if (st != CORS_OK)
    return st; /* the running policy stays */
  cors_live_swap(live, next);
  return CORS_OK;
}

typedef struct env_source {
  cors_env_lookup_fn lookup;
  void *ctx;
  const cors_env_options *opts;
} env_source;

static cors_status configure_from_env(cors_config *cfg, void *ud,
                                      cors_error *err) {
  const env_source *src = ud;
  return cors_config_load_env(cfg, src->lookup, src->ctx, src->opts, err);
}

cors_status cors_live_reload_env(cors_live *live, cors_env_lookup_fn lookup,
                                 void *ctx, const cors_env_options *opts,
                                 cors_error *err) {
  env_source src = {lookup, ctx, opts};
  return cors_live_reload(live, configure_from_env, &src, err);
}

void cors_live_free(cors_live *live) {
  if (live == NULL)
    return;
  cors_policy_free(live->current);
  pthread_mutex_destroy(&live->lock);
  cors__alloc a = live->alloc;
  cors__free(&a, live);
}
