// The public header compiles as C++ (inside extern "C") and links: one
// translation unit calling into the library, built and run as a test.
#include <cors/cors.h>

#include <cstdio>
#include <cstring>

int main() {
  const char *version = nullptr;
  uint32_t number = cors_version(&version);
  if (number != CORS_VERSION_NUM || version == nullptr ||
      std::strcmp(version, CORS_VERSION_STRING) != 0) {
    std::fprintf(stderr, "version mismatch: %s\n", version ? version : "?");
    return 1;
  }
  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr("GET");
  std::printf("libcors %s from C++\n", version);
  return req.origin.ptr == nullptr ? 0 : 1;
}
