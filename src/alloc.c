/* Allocation through the user's hooks, falling back to the C library. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *std_malloc(size_t size, void *ud) {
  (void)ud;
  return malloc(size);
}

static void *std_realloc(void *ptr, size_t size, void *ud) {
  (void)ud;
  return realloc(ptr, size);
}

static void std_free(void *ptr, void *ud) {
  (void)ud;
  free(ptr);
}

void cors__alloc_init(cors__alloc *a, const cors_allocator *user) {
  if (user == NULL || user->malloc == NULL || user->free == NULL) {
    a->hooks.malloc = std_malloc;
    a->hooks.realloc = std_realloc;
    a->hooks.free = std_free;
    a->hooks.ud = NULL;
    return;
  }
  a->hooks = *user;
}

void *cors__malloc(const cors__alloc *a, size_t size) {
  return a->hooks.malloc(size == 0 ? 1 : size, a->hooks.ud);
}

void *cors__calloc(const cors__alloc *a, size_t n, size_t size) {
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  void *p = cors__malloc(a, n * size);
  if (p != NULL)
    memset(p, 0, n * size);
  return p;
}

/* Without a user realloc we must know the old size to copy: callers pass
 * it, which also keeps the hooks' accounting honest. */
void *cors__realloc(const cors__alloc *a, void *ptr, size_t old_size,
                    size_t new_size) {
  if (a->hooks.realloc != NULL)
    return a->hooks.realloc(ptr, new_size == 0 ? 1 : new_size, a->hooks.ud);
  void *p = cors__malloc(a, new_size);
  if (p == NULL)
    return NULL;
  if (ptr != NULL) {
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    a->hooks.free(ptr, a->hooks.ud);
  }
  return p;
}

void cors__free(const cors__alloc *a, void *ptr) {
  if (ptr != NULL)
    a->hooks.free(ptr, a->hooks.ud);
}

char *cors__strndup(const cors__alloc *a, const char *s, size_t len) {
  char *p = cors__malloc(a, len + 1);
  if (p == NULL)
    return NULL;
  if (len > 0)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}
