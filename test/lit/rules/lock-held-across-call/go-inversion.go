// Lock-order inversion across two files of one package (one directory).
// RUN: rm -rf %t && mkdir -p %t/pkg %t/other && cp %s %t/pkg/accounts.go && cp %S/Inputs/ledger.go %t/pkg/ledger.go && cp %S/Inputs/ledger.go %t/other/ledger.go
// RUN: cd %t && not %hazardlint check pkg/accounts.go pkg/ledger.go 2>&1 | FileCheck %s --check-prefix=CHECK-TEXT --implicit-check-not="[lock-held-across-call]"
// RUN: cd %t && not %hazardlint check --jobs 1 --format json pkg/accounts.go pkg/ledger.go > %t/j1.json
// RUN: cd %t && not %hazardlint check --jobs 4 --format json pkg/ledger.go pkg/accounts.go > %t/j4.json
// RUN: cd %t && not %hazardlint check --jobs 3 --format json pkg/accounts.go pkg/ledger.go > %t/j3.json
// RUN: diff %t/j1.json %t/j3.json
// RUN: FileCheck %s --check-prefix=CHECK-JSON --input-file=%t/j1.json
// RUN: FileCheck %s --check-prefix=CHECK-JSON --input-file=%t/j4.json
// RUN: cd %t && not %hazardlint check --format sarif pkg/accounts.go pkg/ledger.go > %t/out.sarif
// RUN: FileCheck %s --check-prefix=CHECK-SARIF --input-file=%t/out.sarif
// Another directory is another package: the orders are not compared, and
// nesting alone is no finding.
// RUN: cd %t && %hazardlint check pkg/accounts.go other/ledger.go 2>&1 | FileCheck %s --check-prefix=CHECK-APART

package bank

import "sync"

var auditMu sync.Mutex

type Account struct {
	mu      sync.Mutex
	balance int
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	// The earlier site of the inversion: the related location of the
	// finding in ledger.go.
	auditMu.Lock()
	auditMu.Unlock()
}

func (a *Account) Settle(l *Ledger) {
	// Account.mu -> Ledger.mu here and in ledger.go: one order.
	a.mu.Lock()
	l.mu.Lock()
	l.entries++
	l.mu.Unlock()
	a.mu.Unlock()
}

// One finding per inversion, at the later of the two first sites (by path),
// with the earlier as related. Account.mu -> Ledger.mu, always nested in that
// order (Settle here, Record in ledger.go), is no finding.
// CHECK-TEXT: ledger.go:12:2: warning: mutex 'bank.auditMu' is held across acquiring mutex 'Account.mu'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [lock-held-across-call]
// CHECK-TEXT-NEXT: a.mu.Lock()
// CHECK-TEXT: accounts.go:33:2: note: mutex 'Account.mu' is held here while 'bank.auditMu' is acquired

// CHECK-JSON: "message": "mutex 'bank.auditMu' is held across acquiring mutex 'Account.mu'; {{.*}}",
// CHECK-JSON: "path": "pkg/ledger.go",
// CHECK-JSON: "related": [
// CHECK-JSON: "column": 2,
// CHECK-JSON-NEXT: "line": 33
// CHECK-JSON: "message": "mutex 'Account.mu' is held here while 'bank.auditMu' is acquired",
// CHECK-JSON-NEXT: "path": "pkg/accounts.go"
// CHECK-JSON-NOT: "message": "mutex

// CHECK-SARIF: "text": "mutex 'bank.auditMu' is held across acquiring mutex 'Account.mu'; {{.*}}"
// CHECK-SARIF: "relatedLocations": [
// CHECK-SARIF: "text": "mutex 'Account.mu' is held here while 'bank.auditMu' is acquired"
// CHECK-SARIF: "uri": "{{.*}}accounts.go"

// CHECK-APART-NOT: [lock-held-across-call]
// CHECK-APART: hazardlint: 0 findings
