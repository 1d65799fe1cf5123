; mu.Lock() / mu.RLock() statements: the detector keeps those whose receiver
; is a sync mutex that the same block releases (Unlock or defer Unlock).
(expression_statement
  (call_expression
    function: (selector_expression
      field: (field_identifier) @method)
    arguments: (argument_list))
  (#any-of? @method "Lock" "RLock")) @lock
