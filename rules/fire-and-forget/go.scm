; go f(x), go s.run(ctx), go func() { ... }()
(go_statement
  (call_expression) @call) @go
