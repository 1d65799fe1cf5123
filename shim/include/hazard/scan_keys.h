//===- hazard/scan_keys.h - KEYS-shaped results from SCAN -------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::scan_keys replaces the Redis KEYS command, which blocks the server
/// while it walks the whole keyspace, with a SCAN cursor loop, which does the
/// same walk in many short steps. hazardlint's redis-keys fix-it rewrites
///
///   redisCommand(ctx, "KEYS %s", p)  ->  hazard::scan_keys(ctx, p)
///   redisCommand(ctx, "KEYS")        ->  hazard::scan_keys(ctx, "*")
///   redis.keys(p, out)               ->  hazard::scan_keys(redis, p, out)
///
/// so the rewritten code must keep compiling and behaving the same:
///
/// - The hiredis overloads return a reply with the same shape as KEYS's: a
///   REDIS_REPLY_ARRAY of REDIS_REPLY_STRING replies, each key once, freed by
///   the caller with freeReplyObject. On a connection error they return
///   nullptr with c->err set, as redisCommand does; if SCAN answers with an
///   error, that error reply is returned, as KEYS would return its own.
/// - The template overload serves redis-plus-plus (and any client with the
///   same scan() signature) and writes the keys to an output iterator.
///
/// Unlike KEYS, SCAN does not see one snapshot of the keyspace: a key present
/// for the whole loop is always returned, but keys added or removed while the
/// loop runs may or may not be. Order is unspecified, as with KEYS.
///
/// COUNT (kDefaultScanCount unless given) is a hint of how many keys the
/// server looks at per SCAN call: larger means fewer round trips but longer
/// single steps on the server. It must be positive; Redis answers other
/// values with an error reply.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_SCAN_KEYS_H
#define HAZARD_SCAN_KEYS_H

#include <type_traits>

namespace hazard {

/// Keys the server examines per SCAN call unless the caller says otherwise.
inline constexpr long long kDefaultScanCount = 1000;

/// Runs `cursor = client.scan(cursor, pattern, count, out)` from cursor 0
/// until the server hands back cursor 0, which is the loop redis-plus-plus's
/// `long long Redis::scan(long long cursor, const StringView &pattern,
/// long long count, Output output)` expects. Pattern may be anything that
/// client.scan accepts: a string literal, std::string, sw::redis::StringView.
///
/// Unlike KEYS, a key may be written to \p out more than once, because SCAN
/// may return a key twice and an arbitrary output iterator cannot be checked
/// for what it already holds. Insert into a set (std::inserter) when each key
/// must appear once. \p out is copied into every scan() call, as with
/// redis-plus-plus's own scan(), so it should be an inserting iterator
/// (std::back_inserter, std::inserter), not a position in a sized range.
///
/// Pointer clients are left to the hiredis overloads below.
template <class Client, class StringLike, class Output,
          std::enable_if_t<!std::is_pointer_v<std::decay_t<Client>>, int> = 0>
void scan_keys(Client &client, const StringLike &pattern, Output out,
               long long count = kDefaultScanCount) {
  long long cursor = 0;
  // A page may be empty while the cursor is not 0 yet: only cursor 0 ends it.
  do {
    cursor = client.scan(cursor, pattern, count, out);
  } while (cursor != 0);
}

} // namespace hazard

#if __has_include(<hiredis/hiredis.h>)

#include <hiredis/hiredis.h>
#if HIREDIS_MAJOR >= 1
#include <hiredis/alloc.h>
#endif

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

namespace hazard {
namespace detail {

// The reply we build is released by the caller's freeReplyObject, so it must
// come from the allocator that function frees with: plain malloc/free before
// hiredis 1.0, hiredis's configurable hi_* allocator from 1.0 on.
inline void *allocateReplyMemory(std::size_t Count, std::size_t Size) {
#if HIREDIS_MAJOR >= 1
  return hi_calloc(Count, Size);
#else
  return std::calloc(Count, Size);
#endif
}

inline void *reallocateReplyMemory(void *Memory, std::size_t Size) {
#if HIREDIS_MAJOR >= 1
  return hi_realloc(Memory, Size);
#else
  return std::realloc(Memory, Size);
#endif
}

inline void freeReplyMemory(void *Memory) {
#if HIREDIS_MAJOR >= 1
  hi_free(Memory);
#else
  std::free(Memory);
#endif
}

struct ReplyDeleter {
  void operator()(redisReply *Reply) const noexcept { freeReplyObject(Reply); }
};
using OwnedReply = std::unique_ptr<redisReply, ReplyDeleter>;

/// Reports out-of-memory the way hiredis does for its own allocations:
/// nullptr from the command, with the context's error set.
inline redisReply *failOutOfMemory(redisContext *C) {
  C->err = REDIS_ERR_OOM;
  std::strncpy(C->errstr, "Out of memory", sizeof(C->errstr) - 1);
  C->errstr[sizeof(C->errstr) - 1] = '\0';
  return nullptr;
}

/// A well-formed SCAN reply: [cursor, [key, key, ...]], keys being strings.
inline bool isScanPage(const redisReply &Page) {
  if (Page.type != REDIS_REPLY_ARRAY || Page.elements != 2 || !Page.element)
    return false;
  const redisReply *Cursor = Page.element[0];
  const redisReply *Keys = Page.element[1];
  if (!Cursor || Cursor->type != REDIS_REPLY_STRING || !Keys ||
      Keys->type != REDIS_REPLY_ARRAY || (Keys->elements && !Keys->element))
    return false;
  for (std::size_t I = 0; I != Keys->elements; ++I)
    if (!Keys->element[I] || Keys->element[I]->type != REDIS_REPLY_STRING)
      return false;
  return true;
}

/// Builds an error reply, as the server would send one, for a SCAN answer we
/// cannot turn into a key list.
inline redisReply *makeErrorReply(redisContext *C, const char *Message) {
  std::size_t Length = std::strlen(Message);
  auto *Reply =
      static_cast<redisReply *>(allocateReplyMemory(1, sizeof(redisReply)));
  char *Text = static_cast<char *>(allocateReplyMemory(Length + 1, 1));
  if (!Reply || !Text) {
    freeReplyMemory(Reply);
    freeReplyMemory(Text);
    return failOutOfMemory(C);
  }
  std::memcpy(Text, Message, Length);
  Reply->type = REDIS_REPLY_ERROR;
  Reply->str = Text;
  Reply->len = Length;
  return Reply;
}

inline redisReply *scanKeys(redisContext *C, const char *Pattern,
                            std::size_t PatternLength, long long Count) {
  if (!C)
    return nullptr;

  // calloc leaves element == nullptr and elements == 0: already a valid
  // empty KEYS reply, and at every step below `elements` counts exactly the
  // slots filled, so freeReplyObject can release a partial result.
  OwnedReply Result(
      static_cast<redisReply *>(allocateReplyMemory(1, sizeof(redisReply))));
  if (!Result)
    return failOutOfMemory(C);
  Result->type = REDIS_REPLY_ARRAY;
  std::size_t Capacity = 0;

  // Views into the str buffers of the keys Result owns, which never move.
  std::unordered_set<std::string_view> Seen;
  std::string Cursor = "0";
  do {
    // Cursor and pattern go in as binary-safe arguments (%b), so spaces,
    // quotes or NUL bytes in them cannot split or change the command.
    OwnedReply Page(static_cast<redisReply *>(
        redisCommand(C, "SCAN %b MATCH %b COUNT %lld", Cursor.data(),
                     Cursor.size(), Pattern, PatternLength, Count)));
    if (!Page)
      return nullptr; // Connection error: c->err says which.
    if (Page->type == REDIS_REPLY_ERROR)
      return Page.release();
    if (!isScanPage(*Page))
      return makeErrorReply(C, "ERR hazard::scan_keys: unexpected SCAN reply");

    const redisReply &PageCursor = *Page->element[0];
    Cursor.assign(PageCursor.str, PageCursor.len);
    redisReply &Keys = *Page->element[1];

    std::size_t Needed = Result->elements + Keys.elements;
    if (Needed > Capacity) {
      std::size_t NewCapacity = Capacity * 2 > Needed ? Capacity * 2 : Needed;
      void *Grown = reallocateReplyMemory(Result->element,
                                          NewCapacity * sizeof(redisReply *));
      if (!Grown)
        return failOutOfMemory(C);
      Result->element = static_cast<redisReply **>(Grown);
      Capacity = NewCapacity;
    }

    for (std::size_t I = 0; I != Keys.elements; ++I) {
      // Steal the key: the page no longer owns it (freeReplyObject skips
      // NULL elements), and Key frees it if it turns out to be a duplicate.
      OwnedReply Key(Keys.element[I]);
      Keys.element[I] = nullptr;
      if (!Seen.insert(std::string_view(Key->str, Key->len)).second)
        continue;
      Result->element[Result->elements++] = Key.release();
    }
  } while (Cursor != "0");
  return Result.release();
}

} // namespace detail

/// Returns the keys matching \p pattern (a Redis glob) as KEYS would: a
/// REDIS_REPLY_ARRAY of REDIS_REPLY_STRING replies, each key once, which the
/// caller frees with freeReplyObject. The server's error reply if SCAN fails.
/// nullptr, as from redisCommand, on a connection error or when out of memory
/// (c->err says which), and for a null \p c. \p pattern must not be null.
/// \p count is SCAN's COUNT hint.
inline redisReply *scan_keys(redisContext *c, const char *pattern = "*",
                             long long count = kDefaultScanCount) {
  return detail::scanKeys(c, pattern, std::strlen(pattern), count);
}

/// As above; the pattern may hold any bytes, NUL included.
inline redisReply *scan_keys(redisContext *c, std::string_view pattern,
                             long long count = kDefaultScanCount) {
  return detail::scanKeys(c, pattern.data(), pattern.size(), count);
}

/// As above. Spelled out so a std::string argument picks an exact match.
inline redisReply *scan_keys(redisContext *c, const std::string &pattern,
                             long long count = kDefaultScanCount) {
  return detail::scanKeys(c, pattern.data(), pattern.size(), count);
}

} // namespace hazard

#endif // __has_include(<hiredis/hiredis.h>)

#endif // HAZARD_SCAN_KEYS_H
