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
// Another directory is another package: the orders are not compared.
// RUN: cd %t && not %hazardlint check pkg/accounts.go other/ledger.go 2>&1 | FileCheck %s --check-prefix=CHECK-APART

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
	auditMu.Lock()
	// CHECK-TEXT: accounts.go:[[@LINE-1]]:2: warning: mutex 'Account.mu' is held across acquiring mutex 'bank.auditMu'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [lock-held-across-call]
	// CHECK-TEXT: ledger.go:12:2: note: mutex 'bank.auditMu' is held here while 'Account.mu' is acquired
	// CHECK-APART: accounts.go:[[@LINE-3]]:2: warning: mutex 'a.mu' is held across acquiring mutex 'auditMu'; nested locks deadlock when another path takes them in the opposite order{{.*}}[lock-held-across-call]
	auditMu.Unlock()
}

func (a *Account) Settle(l *Ledger) {
	// Account.mu -> Ledger.mu here and in ledger.go: one order.
	a.mu.Lock()
	l.mu.Lock()
	// CHECK-TEXT: accounts.go:[[@LINE-1]]:2: warning: mutex 'a.mu' is held across acquiring mutex 'l.mu'; nested locks deadlock {{.*}}[lock-held-across-call]
	l.entries++
	l.mu.Unlock()
	a.mu.Unlock()
}

// CHECK-TEXT: ledger.go:12:2: warning: mutex 'bank.auditMu' is held across acquiring mutex 'Account.mu'; elsewhere they are taken in the opposite order{{.*}}[lock-held-across-call]
// CHECK-TEXT: accounts.go:30:2: note: mutex 'Account.mu' is held here while 'bank.auditMu' is acquired
// CHECK-TEXT: ledger.go:20:2: warning: mutex 'a.mu' is held across acquiring mutex 'l.mu'; nested locks deadlock {{.*}}[lock-held-across-call]

// CHECK-JSON: "message": "mutex 'Account.mu' is held across acquiring mutex 'bank.auditMu'; {{.*}}",
// CHECK-JSON: "path": "pkg/accounts.go",
// CHECK-JSON: "related": [
// CHECK-JSON: "column": 2,
// CHECK-JSON-NEXT: "line": 12
// CHECK-JSON: "message": "mutex 'bank.auditMu' is held here while 'Account.mu' is acquired",
// CHECK-JSON-NEXT: "path": "pkg/ledger.go"
// CHECK-JSON: "message": "mutex 'bank.auditMu' is held across acquiring mutex 'Account.mu'; {{.*}}",

// CHECK-SARIF: "text": "mutex 'Account.mu' is held across acquiring mutex 'bank.auditMu'; {{.*}}"
// CHECK-SARIF: "relatedLocations": [
// CHECK-SARIF: "text": "mutex 'bank.auditMu' is held here while 'Account.mu' is acquired"
// CHECK-SARIF: "uri": "{{.*}}ledger.go"

// CHECK-APART-NOT: elsewhere they are taken
