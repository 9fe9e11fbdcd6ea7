/* HTTP/1.1 header lines into a caller buffer, never past its capacity. */
#include "internal.h"
#include "policy.h"

#include <string.h>

static size_t line_length(const cors_header *h) {
  return h->name_len + 2 + h->value_len + 2;
}

cors_status cors_result_format(const cors_result *res, char *buf, size_t cap,
                               size_t *written) {
  if (res == NULL || (buf == NULL && cap > 0))
    return CORS_ERR_INVALID_ARGUMENT;
  size_t need = 0;
  for (size_t i = 0; i < res->header_count; i++)
    need += line_length(&res->headers[i]);
  if (written != NULL)
    *written = need;
  if (need + 1 > cap) {
    if (cap > 0)
      buf[0] = '\0';
    return CORS_ERR_BUFFER_TOO_SMALL;
  }
  char *p = buf;
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    memcpy(p, h->name, h->name_len);
    p += h->name_len;
    memcpy(p, ": ", 2);
    p += 2;
    if (h->value_len > 0)
      memcpy(p, h->value, h->value_len);
    p += h->value_len;
    memcpy(p, "\r\n", 2);
    p += 2;
  }
  *p = '\0';
  return CORS_OK;
}

size_t cors_policy_format_bound(const cors_policy *policy, size_t reflected) {
  size_t expose = policy != NULL ? policy->expose_value.len : 0;
  return CORS_FORMAT_BOUND(reflected) + expose;
}
