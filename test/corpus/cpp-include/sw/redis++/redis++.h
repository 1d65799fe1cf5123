// The part of redis-plus-plus's interface the tests use: sw::redis::Redis's
// keys() and scan(), with their real signatures (redis++ is not in Debian).
#pragma once
#include <string>

namespace sw {
namespace redis {
using StringView = std::string;

class Redis {
public:
  template <typename Output> void keys(const StringView &pattern, Output output);
  template <typename Output>
  long long scan(long long cursor, const StringView &pattern, long long count,
                 Output output);
};
} // namespace redis
} // namespace sw

