; x.run(...), x.Popen(...).wait(), t.join(), q.get(), s.get(...), ...:
; methods and module functions whose names may wait
(call
  function: (attribute
    attribute: (identifier) @method)
  arguments: (argument_list) @args
  (#any-of? @method "run" "call" "check_call" "check_output" "urlopen"
    "wait" "communicate" "join" "acquire" "get" "result"
    "post" "put" "patch" "delete" "head" "options" "request")) @call

; run(...), sh(...) after `from subprocess import run as sh`: any imported
; name may be one of the functions above, so only plain builtins are skipped
(call
  function: (identifier) @function
  arguments: (argument_list) @args
  (#not-any-of? @function "print" "len" "isinstance" "issubclass" "str" "int"
    "float" "bool" "bytes" "list" "dict" "set" "tuple" "frozenset" "range"
    "enumerate" "zip" "map" "filter" "sorted" "reversed" "min" "max" "sum"
    "any" "all" "abs" "round" "repr" "type" "super" "getattr" "setattr"
    "hasattr" "delattr" "iter" "next" "open" "id" "hash" "callable" "vars"
    "format" "object" "property" "staticmethod" "classmethod")) @call
