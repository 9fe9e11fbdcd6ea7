/*
 * Helpers shared by the files of examples/common (not for adapters).
 * SPDX-License-Identifier: MIT
 */
#ifndef CORS_EXAMPLE_INTERNAL_H
#define CORS_EXAMPLE_INTERNAL_H

#include "example_contract.h"

/* Empties the response (status 0, no header, no body). */
void example_response_reset(example_response *resp);

/* Copies `len` bytes of `s` into the arena, NUL-terminated; NULL when the
 * arena is full. */
const char *example_response_copy(example_response *resp, const char *s,
                                  size_t len);

/* Appends a header, copying name and value into the arena. Returns false
 * when the header array or the arena is full. */
bool example_response_add(example_response *resp, const char *name,
                          size_t name_len, const char *value, size_t value_len);
bool example_response_add_cstr(example_response *resp, const char *name,
                               const char *value);

/* The first header named `name` (case-insensitive), or NULL. */
example_header *example_response_find(example_response *resp, const char *name,
                                      size_t name_len);

/* Sets the body (copied; JSON, or the metrics text). Returns false when it
 * does not fit. */
bool example_response_set_body(example_response *resp, const char *text);

/* Case-insensitive ASCII comparison of two byte strings. */
bool example_ascii_iequal(const char *a, size_t a_len, const char *b,
                          size_t b_len);

/* The value of the first request header named `name`, or NULL. */
const char *example_request_header(const example_request *req, const char *name,
                                   size_t *len);

/* Answers an ordinary (non-preflight) request: status, application
 * headers (X-Request-ID, X-Internal-Debug, Content-Type, ETag...) and the
 * JSON body. Returns false when the response could not be built. */
bool example_route(const example_request *req, example_response *resp);

#endif /* CORS_EXAMPLE_INTERNAL_H */
