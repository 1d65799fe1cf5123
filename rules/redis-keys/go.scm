; go-redis: rdb.Keys(ctx, pattern)
(call_expression
  function: (selector_expression
    operand: (_) @receiver
    field: (field_identifier) @method)
  (#eq? @method "Keys")) @call

; redigo: conn.Do("KEYS", pattern), conn.Send("KEYS", pattern)
(call_expression
  function: (selector_expression
    operand: (_) @receiver
    field: (field_identifier) @method)
  arguments: (argument_list . (interpreted_string_literal) @command)
  (#any-of? @method "Do" "Send")
  (#match? @command "^\"[Kk][Ee][Yy][Ss]\"$")) @call

; go-redis: rdb.Do(ctx, "KEYS", pattern)
(call_expression
  function: (selector_expression
    operand: (_) @receiver
    field: (field_identifier) @method)
  arguments: (argument_list . (_) . (interpreted_string_literal) @command)
  (#eq? @method "Do")
  (#match? @command "^\"[Kk][Ee][Yy][Ss]\"$")) @call
