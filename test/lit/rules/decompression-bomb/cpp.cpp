// RUN: not %hazardlint check %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="decompression-bomb]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="decompression-bomb]"
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>
#include <zlib.h>

std::string inflateAll(const std::string &in) {
  z_stream strm{};
  inflateInit(&strm);
  strm.next_in = (Bytef *)in.data();
  strm.avail_in = in.size();
  std::string out;
  char buf[4096];
  int ret;
  do {
    strm.next_out = (Bytef *)buf;
    strm.avail_out = sizeof buf;
    ret = inflate(&strm, Z_NO_FLUSH);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: this zlib inflate() loop inflates 'strm' with no limit on the output size; a small compressed payload can expand to gigabytes [{{(hazard-)?}}decompression-bomb]
    out.append(buf, sizeof buf - strm.avail_out);
  } while (ret == Z_OK);
  inflateEnd(&strm);
  return out;
}

std::vector<unsigned char> inflateBytes(z_stream &zs) {
  std::vector<unsigned char> out;
  unsigned char chunk[1024];
  while (true) {
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    int ret = inflate(&zs, Z_SYNC_FLUSH);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this zlib inflate() loop inflates 'zs'{{.*}}decompression-bomb]
    out.insert(out.end(), chunk, chunk + (sizeof chunk - zs.avail_out));
    if (ret == Z_STREAM_END)
      break;
  }
  return out;
}

// Negatives: the output is capped.
std::string inflateCapped(z_stream &strm, size_t maxOut) {
  std::string out;
  char buf[4096];
  int ret;
  do {
    strm.next_out = (Bytef *)buf;
    strm.avail_out = sizeof buf;
    ret = inflate(&strm, Z_NO_FLUSH);
    if (strm.total_out > maxOut)
      throw std::runtime_error("too large");
    out.append(buf, sizeof buf - strm.avail_out);
  } while (ret == Z_OK);
  return out;
}

void inflateCountedInto(z_stream &strm, std::vector<char> &out, size_t limit) {
  char buf[512];
  size_t total = 0;
  for (;;) {
    strm.next_out = (Bytef *)buf;
    strm.avail_out = sizeof buf;
    int ret = inflate(&strm, Z_NO_FLUSH);
    size_t got = sizeof buf - strm.avail_out;
    total += got;
    if (total >= limit)
      return;
    out.insert(out.end(), buf, buf + got);
    if (ret != Z_OK)
      return;
  }
}

// A fixed output buffer: inflate stops when it is full.
int inflateFixed(z_stream &strm, unsigned char *dst, unsigned cap) {
  strm.next_out = dst;
  strm.avail_out = cap;
  int ret;
  do {
    ret = inflate(&strm, Z_NO_FLUSH);
  } while (ret == Z_OK && strm.avail_out > 0);
  return ret;
}

// A buffer resized by hand and filled with memcpy grows the same way.
std::vector<char> inflateResized(z_stream &strm) {
  std::vector<char> out;
  char buf[2048];
  int ret;
  do {
    strm.next_out = (Bytef *)buf;
    strm.avail_out = sizeof buf;
    ret = inflate(&strm, Z_NO_FLUSH);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: this zlib inflate() loop inflates 'strm'{{.*}}decompression-bomb]
    size_t got = sizeof buf - strm.avail_out;
    size_t old = out.size();
    out.resize(old + got);
    std::memcpy(out.data() + old, buf, got);
  } while (ret == Z_OK);
  return out;
}

// Negative: the buffer's own size is the cap.
std::string inflateSizeCapped(z_stream &strm, size_t maxOut) {
  std::string out;
  char buf[4096];
  int ret;
  do {
    strm.next_out = (Bytef *)buf;
    strm.avail_out = sizeof buf;
    ret = inflate(&strm, Z_NO_FLUSH);
    out.append(buf, sizeof buf - strm.avail_out);
    if (out.length() > maxOut)
      throw std::runtime_error("too large");
  } while (ret == Z_OK);
  return out;
}
