; self._cache[key] = value
(assignment
  left: (subscript
    value: (_) @cache
    subscript: (_) @key)) @store

; await redis.set(key, value), redis.setex(key, ttl, value): a method whose
; knowledge says what it `stores` under its first argument.
(call
  function: (attribute
    object: (_) @cache
    attribute: (identifier) @method)
  arguments: (argument_list . (_) @key)) @store
