#include "internal.h"

uint32_t cors_version(const char **string) {
  if (string != NULL)
    *string = CORS_VERSION_STRING;
  return (uint32_t)CORS_VERSION_NUM;
}
