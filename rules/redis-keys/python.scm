; r.keys(...), also when awaited
(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @method)
  arguments: (argument_list) @args
  (#eq? @method "keys")) @call

; r.execute_command("KEYS", ...)
(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @method)
  arguments: (argument_list . (string (string_content) @command)) @args
  (#eq? @method "execute_command")
  (#match? @command "^[Kk][Ee][Yy][Ss]$")) @call
