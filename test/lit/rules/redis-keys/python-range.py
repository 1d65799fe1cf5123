# A call spread over lines: the finding spans the whole call, the snippet is
# its first line, and the (unsafe) fix replaces exactly that span.
# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=TEXT
# RUN: not %hazardlint check --format json --select redis-keys %s | FileCheck %s --check-prefix=JSON
import redis

r = redis.Redis()
r.keys(
    "p",
)
# TEXT: python-range.py:8:1: warning: Redis KEYS on 'r'{{.*}}[redis-keys]
# TEXT-NEXT: {{^}}r.keys({{$}}

# JSON:      "findings": [
# JSON-NEXT:   {
# JSON-NEXT:     "end_location": {
# JSON-NEXT:       "column": 2,
# JSON-NEXT:       "line": 10
# JSON-NEXT:     },
# JSON:          "fix": {
# JSON-NEXT:       "applicability": "unsafe",
# JSON-NEXT:       "edits": [
# JSON-NEXT:         {
# JSON-NEXT:           "content": "list(r.scan_iter(match=\"p\"))",
# JSON-NEXT:           "end_location": {
# JSON-NEXT:             "column": 2,
# JSON-NEXT:             "line": 10
# JSON-NEXT:           },
# JSON-NEXT:           "location": {
# JSON-NEXT:             "column": 1,
# JSON-NEXT:             "line": 8
# JSON-NEXT:           }
# JSON-NEXT:         }
# JSON-NEXT:       ],
# JSON:          "location": {
# JSON-NEXT:       "column": 1,
# JSON-NEXT:       "line": 8
# JSON-NEXT:     },
# JSON-NEXT:     "message": "Redis KEYS on 'r'
# JSON:          "preview": false,
# JSON:          "rule": "redis-keys",
# JSON-NEXT:     "severity": "warning",
# JSON-NEXT:     "test_code": false
# JSON-NEXT:   }
# JSON-NEXT: ],
