; grpc.Dial, redis.NewClient, redigo's redis.Dial, sql.Open
(call_expression
  function: (selector_expression
    operand: (identifier)
    field: (field_identifier) @name)
  (#any-of? @name "Dial" "DialContext" "DialURL" "DialURLContext" "DialTimeout" "NewClient" "NewClusterClient" "NewFailoverClient" "NewFailoverClusterClient" "NewUniversalClient" "NewRing" "Open")) @call

; &http.Transport{...}: a new connection pool; &http.Client{...}: a client
(composite_literal
  type: (qualified_type name: (type_identifier) @type)
  (#any-of? @type "Transport" "Client")) @literal
