; Client constructors and connect functions, reached through a module or
; class attribute: redis.Redis(...), httpx.AsyncClient(), grpc.aio.insecure_channel(...).
(call
  function: (attribute attribute: (identifier) @name)
  (#any-of? @name "Redis" "StrictRedis" "RedisCluster" "from_url"
   "insecure_channel" "secure_channel" "Client" "AsyncClient" "Session"
   "session" "ClientSession" "connect")) @call

; The same imported by name (or renamed: classes keep their capital).
(call
  function: (identifier) @name
  (#match? @name "^([A-Z]|from_url$|insecure_channel$|secure_channel$|connect$|session$)")) @call

; Returns and yields: a function that hands its client out is a factory.
(return_statement) @return
(yield) @return

; `while True:` in the same function: a worker that creates its client once.
(while_statement condition: (true)) @forever
