; http.Get / Post / Head / PostForm, net.Dial, exec.Command, grpc.Dial and
; DialContext: called, or taken as a function value
(selector_expression
  operand: (identifier)
  field: (field_identifier) @name
  (#any-of? @name "Get" "Post" "Head" "PostForm" "Dial" "DialContext" "Command")) @fn

; http.DefaultClient.Get(...)
(call_expression
  function: (selector_expression
    operand: (selector_expression
      operand: (identifier)
      field: (field_identifier) @client) @default
    field: (field_identifier) @name)
  (#eq? @client "DefaultClient")
  (#any-of? @name "Get" "Post" "Head" "PostForm" "Do")) @call

; http.Client{...} literals
(composite_literal
  type: (qualified_type name: (type_identifier) @type)
  (#eq? @type "Client")) @literal

; context.Background() / context.TODO() as the first argument of a call
(call_expression
  arguments: (argument_list
    .
    (call_expression
      function: (selector_expression
        operand: (identifier)
        field: (field_identifier) @detached)
      (#any-of? @detached "Background" "TODO")) @background)) @call
