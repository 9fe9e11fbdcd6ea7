/* For the suites that interpose malloc and friends to watch every heap
 * call: they forward to glibc's __libc_* entry points. Sanitizers own
 * malloc, so under them UNIT_SANITIZED is defined and such a suite reports
 * "skipped"; UNIT_INTERPOSE says whether interposing is possible here. */
#ifndef CORS_TESTS_UNIT_INTERPOSE_H
#define CORS_TESTS_UNIT_INTERPOSE_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNIT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||    \
    __has_feature(memory_sanitizer)
#define UNIT_SANITIZED 1
#endif
#endif

#if !defined(UNIT_SANITIZED) && defined(__GLIBC__)
#define UNIT_INTERPOSE 1
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);
extern void *__libc_memalign(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);
void *memalign(size_t align, size_t size);
#endif

#endif
