; r.xread({...}), await r.xreadgroup(group, consumer, {...})
(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @method)
  (#any-of? @method "xread" "xreadgroup")) @call
