package bank

import "sync"

type Ledger struct {
	mu      sync.Mutex
	entries int
}

func Audit(a *Account) {
	auditMu.Lock()
	a.mu.Lock()
	_ = a.balance
	a.mu.Unlock()
	auditMu.Unlock()
}

func Record(a *Account, l *Ledger) {
	a.mu.Lock()
	l.mu.Lock()
	l.entries++
	l.mu.Unlock()
	a.mu.Unlock()
}
