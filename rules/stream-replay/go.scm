; go-redis: rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"s", "0"}}),
; rdb.XReadGroup(ctx, &redis.XReadGroupArgs{...}), rdb.XReadStreams(ctx, "s", "0")
(call_expression
  function: (selector_expression
    operand: (_) @receiver
    field: (field_identifier) @method)
  (#any-of? @method "XRead" "XReadGroup" "XReadStreams")) @call
