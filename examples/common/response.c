/*
 * The response under construction: fixed header array, NUL-terminated
 * copies in an arena, JSON body.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "example_internal.h"

example_response *example_response_new(void) {
  example_response *resp = malloc(sizeof *resp);
  if (resp != NULL) {
    example_response_reset(resp);
  }
  return resp;
}

void example_response_free(example_response *resp) {
  free(resp);
}

void example_response_reset(example_response *resp) {
  resp->status = 0;
  resp->header_count = 0;
  resp->body_len = 0;
  resp->body[0] = '\0';
  resp->arena_used = 0;
}

const char *example_response_copy(example_response *resp, const char *s,
                                  size_t len) {
  if (len >= EXAMPLE_ARENA_MAX - resp->arena_used) {
    return NULL;
  }
  char *dst = resp->arena + resp->arena_used;
  if (len > 0) {
    memcpy(dst, s, len);
  }
  dst[len] = '\0';
  resp->arena_used += len + 1;
  return dst;
}

bool example_response_add(example_response *resp, const char *name,
                          size_t name_len, const char *value,
                          size_t value_len) {
  if (resp->header_count == EXAMPLE_MAX_HEADERS) {
    return false;
  }
  const char *n = example_response_copy(resp, name, name_len);
  const char *v =
      n == NULL ? NULL : example_response_copy(resp, value, value_len);
  if (v == NULL) {
    return false;
  }
  resp->headers[resp->header_count].name = n;
  resp->headers[resp->header_count].value = v;
  resp->header_count++;
  return true;
}

bool example_response_add_cstr(example_response *resp, const char *name,
                               const char *value) {
  return example_response_add(resp, name, strlen(name), value, strlen(value));
}

example_header *example_response_find(example_response *resp, const char *name,
                                      size_t name_len) {
  for (size_t i = 0; i < resp->header_count; i++) {
    const char *n = resp->headers[i].name;
    if (example_ascii_iequal(n, strlen(n), name, name_len)) {
      return &resp->headers[i];
    }
  }
  return NULL;
}

bool example_response_set_body(example_response *resp, const char *text) {
  size_t len = strlen(text);
  if (len >= EXAMPLE_BODY_MAX) {
    return false;
  }
  memcpy(resp->body, text, len + 1);
  resp->body_len = len;
  return true;
}

static char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool example_ascii_iequal(const char *a, size_t a_len, const char *b,
                          size_t b_len) {
  if (a_len != b_len) {
    return false;
  }
  for (size_t i = 0; i < a_len; i++) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

const char *example_request_header(const example_request *req, const char *name,
                                   size_t *len) {
  size_t name_len = strlen(name);
  for (size_t i = 0; i < req->header_count; i++) {
    const cors_raw_header *h = &req->headers[i];
    if (example_ascii_iequal(h->name, h->name_len, name, name_len)) {
      *len = h->value_len;
      return h->value;
    }
  }
  return NULL;
}

const char *example_reason_phrase(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 201:
    return "Created";
  case 204:
    return "No Content";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 500:
    return "Internal Server Error";
  default:
    break;
  }
  if (status >= 200 && status < 300) {
    return "OK";
  }
  return status >= 500 ? "Server Error" : "Client Error";
}

void example_headers_init(example_headers *h) {
  h->items = NULL;
  h->count = 0;
  h->cap = 0;
}

bool example_headers_push(example_headers *h, const char *name, size_t name_len,
                          const char *value, size_t value_len) {
  if (h->count == h->cap) {
    size_t cap = h->cap == 0 ? 16 : h->cap * 2;
    cors_raw_header *items = realloc(h->items, cap * sizeof *items);
    if (items == NULL) {
      return false;
    }
    h->items = items;
    h->cap = cap;
  }
  cors_raw_header *dst = &h->items[h->count++];
  dst->name = name;
  dst->name_len = name_len;
  dst->value = value;
  dst->value_len = value_len;
  return true;
}

void example_headers_free(example_headers *h) {
  free(h->items);
  example_headers_init(h);
}
