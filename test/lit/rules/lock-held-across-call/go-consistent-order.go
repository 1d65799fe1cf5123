// Nested mutexes always taken in one order are no inversion, however often
// they nest; only a pair also taken the other way is reported.
// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[lock-held-across-call]"

package nsqd

import "sync"

type Client struct{ id int }

type Channel struct {
	sync.RWMutex
	exitMu  sync.RWMutex
	clients map[int]*Client
}

// exitMu, then the channel: in every method below.
func (c *Channel) Add(id int, cl *Client) {
	c.exitMu.RLock()
	defer c.exitMu.RUnlock()
	c.Lock()
	c.clients[id] = cl
	c.Unlock()
}

func (c *Channel) Remove(id int) {
	c.exitMu.RLock()
	defer c.exitMu.RUnlock()
	c.Lock()
	delete(c.clients, id)
	c.Unlock()
}

func (c *Channel) Exit() {
	c.exitMu.Lock()
	defer c.exitMu.Unlock()
	c.Lock()
	c.clients = nil
	c.Unlock()
}

var registryMu sync.Mutex
var metricsMu sync.Mutex

func Register() {
	registryMu.Lock()
	metricsMu.Lock()
	metricsMu.Unlock()
	registryMu.Unlock()
}

// The opposite order of Register: an inversion.
func Scrape() {
	metricsMu.Lock()
	registryMu.Lock()
	// CHECK: go-consistent-order.go:[[@LINE-1]]:2: warning: mutex 'nsqd.metricsMu' is held across acquiring mutex 'nsqd.registryMu'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [lock-held-across-call]
	// CHECK: go-consistent-order.go:47:2: note: mutex 'nsqd.registryMu' is held here while 'nsqd.metricsMu' is acquired
	registryMu.Unlock()
	metricsMu.Unlock()
}

// Two values of one type, each locked through its embedded mutex: the
// second Lock is another mutex, not this one locked again.
type quantile struct {
	sync.Mutex
	n int
}

func (q *quantile) merge(them *quantile) {
	q.Lock()
	them.Lock()
	q.n += them.n
	them.Unlock()
	q.Unlock()
}
