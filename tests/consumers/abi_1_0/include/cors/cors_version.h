/* The version header libcors 1.0.0 generated (cors_version.h.in). */
#ifndef CORS_CORS_VERSION_H
#define CORS_CORS_VERSION_H

#define CORS_VERSION_MAJOR 1
#define CORS_VERSION_MINOR 0
#define CORS_VERSION_PATCH 0
#define CORS_VERSION_STRING "1.0.0"
/* 0xMMmmpp, for comparisons. */
#define CORS_VERSION_NUM                                                      \
  ((CORS_VERSION_MAJOR << 16) | (CORS_VERSION_MINOR << 8) | CORS_VERSION_PATCH)
/* True when the headers are at least version x.y.z. */
#define CORS_VERSION_AT_LEAST(x, y, z)                                        \
  (CORS_VERSION_NUM >= (((x) << 16) | ((y) << 8) | (z)))

#endif
