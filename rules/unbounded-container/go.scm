; Long-lived containers: map and slice fields of package-level struct types,
; sync.Map fields, and package variables (the detector keeps maps, slices and
; sync.Maps).
(source_file
  (type_declaration
    (type_spec
      name: (type_identifier) @struct
      type: (struct_type
        (field_declaration_list
          (field_declaration type: [(map_type) (slice_type)]) @field)))))

(source_file
  (type_declaration
    (type_spec
      name: (type_identifier) @struct
      type: (struct_type
        (field_declaration_list
          (field_declaration
            type: [(qualified_type name: (type_identifier) @map)
                   (pointer_type (qualified_type name: (type_identifier) @map))])
          @field)))
    (#eq? @map "Map")))

(source_file (var_declaration (var_spec) @var))
(source_file (var_declaration (var_spec_list (var_spec) @var)))

; Growth and cleanup: m[k] = v, m[k]++, x = append(x, v), x = nil / make /
; x[:0], delete(m, k), clear(m), sync.Map Store / Delete, maps.DeleteFunc.
(assignment_statement
  left: (expression_list [(index_expression) (identifier) (selector_expression)] @target)) @assign
(inc_statement (index_expression) @target) @assign
(dec_statement (index_expression) @target) @assign

(call_expression
  function: (identifier) @builtin
  arguments: (argument_list . (_) @target)
  (#any-of? @builtin "delete" "clear")) @remove

(call_expression
  function: (selector_expression
    operand: (_) @receiver
    field: (field_identifier) @method)
  (#any-of? @method "Store" "LoadOrStore" "Swap" "CompareAndSwap" "Delete"
    "LoadAndDelete" "CompareAndDelete" "Clear" "DeleteFunc")) @methodcall
