; io.ReadAll(zr), ioutil.ReadAll(zr), io.Copy(dst, zr), io.CopyBuffer(dst, zr, buf)
(call_expression
  function: (selector_expression
    operand: (identifier) @package
    field: (field_identifier) @function)
  (#any-of? @function "ReadAll" "Copy" "CopyBuffer")) @call

; buf.ReadFrom(zr): reads until EOF whatever buf is
(call_expression
  function: (selector_expression
    field: (field_identifier) @method)
  arguments: (argument_list . (_) .)
  (#eq? @method "ReadFrom")) @call
