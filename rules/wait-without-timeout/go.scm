; A package's function, called or taken as a function value (http.Get,
; net.Dial, exec.Command, grpc.Dial): the knowledge base says which wait.
(selector_expression
  operand: (identifier)
  field: (field_identifier) @name) @fn

; A method of a package variable's client: http.DefaultClient.Get(...)
(call_expression
  function: (selector_expression
    operand: (selector_expression
      operand: (identifier)) @default
    field: (field_identifier) @name)) @call

; Client literals of a package's type: http.Client{...}
(composite_literal
  type: (qualified_type)) @literal

; A root context (context.Background() / TODO()) as the first argument of
; a call
(call_expression
  arguments: (argument_list
    .
    (call_expression
      function: (selector_expression
        operand: (identifier))) @background)) @call
