/* Character classes and ASCII case folding, table-driven so the hot path
 * does one load per byte. Generated once from the RFC 9110 / RFC 3986
 * definitions; see the bit meanings in internal.h. */
#include "internal.h"

#include <string.h>

const uint8_t cors__char_class[256] = {
     64,  64,  64,  64,  64,  64,  64,  64,  64,  96,  64,  64,  64,  64,  64,  64,
     64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  64,
     32,   1,   0,   1,   1,   1,   1,   1,   0,   0,   1,   9,   0,  25,  25,   0,
     29,  29,  29,  29,  29,  29,  29,  29,  29,  29,   0,   0,   0,   0,   0,   0,
      0,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,
     27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,   0,   0,   0,   1,  17,
      1,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,
     27,  27,  27,  27,  27,  27,  27,  27,  27,  27,  27,   0,   1,   0,  17,  64,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
    128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
};

const uint8_t cors__lower[256] = {
      0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,  15,
     16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,
     32,  33,  34,  35,  36,  37,  38,  39,  40,  41,  42,  43,  44,  45,  46,  47,
     48,  49,  50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,  63,
     64,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,  91,  92,  93,  94,  95,
     96,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
    128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143,
    144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
    160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175,
    176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191,
    192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207,
    208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,
    224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
    240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
};

bool cors__is_token(const char *s, size_t len) {
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++) {
    if (!cors__is((unsigned char)s[i], CORS__C_TCHAR))
      return false;
  }
  return true;
}

bool cors__eq_nocase(const char *a, size_t alen, const char *b, size_t blen) {
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++) {
    if (cors__lower[(unsigned char)a[i]] != cors__lower[(unsigned char)b[i]])
      return false;
  }
  return true;
}

int cors__compare_bytes(const char *a, size_t alen, const char *b,
                        size_t blen) {
  int r = memcmp(a, b, alen < blen ? alen : blen);
  if (r != 0)
    return r;
  return (alen > blen) - (alen < blen);
}

size_t cors__count_byte(const char *s, size_t len, char c) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += s[i] == c;
  return n;
}

cors_slice cors__trim_ows(const char *s, size_t len) {
  size_t start = 0;
  while (start < len && cors__is((unsigned char)s[start], CORS__C_OWS))
    start++;
  while (len > start && cors__is((unsigned char)s[len - 1], CORS__C_OWS))
    len--;
  cors_slice out = {s + start, len - start};
  return out;
}

cors_slice cors_slice_cstr(const char *s) {
  cors_slice out = {s, s != NULL ? strlen(s) : 0};
  return out;
}
