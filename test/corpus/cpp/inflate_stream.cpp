// Decompression of gzip request bodies in the ingest API (zlib).
#include <zlib.h>

#include <cstddef>
#include <stdexcept>
#include <string>

namespace ingest {

// Inflates the whole body, however large it expands.
std::string inflateBody(const std::string &compressed) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw std::runtime_error("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef *>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH); // expect: decompression-bomb
    if (rc != Z_OK && rc != Z_STREAM_END)
      break;
    out.append(chunk, sizeof chunk - zs.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

// Stops once the output passes the limit.
std::string inflateBodyCapped(const std::string &compressed, std::size_t maxBytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw std::runtime_error("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef *>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH); // ok: decompression-bomb
    if (rc != Z_OK && rc != Z_STREAM_END)
      break;
    out.append(chunk, sizeof chunk - zs.avail_out);
    if (out.size() > maxBytes) {
      inflateEnd(&zs);
      throw std::length_error("request body too large");
    }
  } while (rc != Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

} // namespace ingest
