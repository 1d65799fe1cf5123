//===- RedisKeysFindings.h - redis-keys findings of a snippet -*- C++ -*-===//
//
// The Python and Go semantic-model tests run the real analysis on a snippet
// and look at its redis-keys findings: the rule reports only when the model
// infers a Redis client type for the receiver.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_TEST_UNIT_REDISKEYSFINDINGS_H
#define HAZARDLINT_TEST_UNIT_REDISKEYSFINDINGS_H

#include "Core/Finding.h"

#include "gtest/gtest.h"
#include <string>
#include <vector>

namespace hazard::test {

struct Analysis {
  std::string Code;
  FileResult Result;

  std::vector<const Finding *> keys() const {
    std::vector<const Finding *> Out;
    for (const Finding &F : Result.Findings)
      if (F.RuleId == "redis-keys")
        Out.push_back(&F);
    return Out;
  }
  std::string text(const Finding &F) const {
    return Code.substr(F.Range.Begin, F.Range.End - F.Range.Begin);
  }
};

/// The snippets are meant to parse: a notification is a test bug.
inline void expectNoNotifications(const Analysis &A) {
  for (const Notification &N : A.Result.Notifications)
    ADD_FAILURE() << N.Id << ": " << N.Message << "\n" << A.Code;
}

/// Expects exactly one redis-keys finding, covering Site; returns it.
inline const Finding *expectOne(const Analysis &A, const std::string &Site) {
  auto Fs = A.keys();
  EXPECT_EQ(Fs.size(), 1u) << A.Code;
  if (Fs.size() != 1)
    return nullptr;
  EXPECT_EQ(A.text(*Fs[0]), Site) << A.Code;
  return Fs[0];
}

inline void expectNone(const Analysis &A) {
  for (const Finding *F : A.keys())
    ADD_FAILURE() << "unexpected finding at '" << A.text(*F) << "' in\n"
                  << A.Code;
}

} // namespace hazard::test

#endif
