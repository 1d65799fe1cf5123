; self._cache[key] = value
(assignment
  left: (subscript
    value: (_) @cache
    subscript: (_) @key)) @store

; await redis.set(key, value), redis.setex(key, ttl, value)
(call
  function: (attribute
    object: (_) @cache
    attribute: (identifier) @method)
  arguments: (argument_list . (_) @key)
  (#any-of? @method "set" "setex")) @store
