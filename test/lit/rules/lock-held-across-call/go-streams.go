// Calls that block only on a stream, and clients whose every command is a
// round trip except the ones that queue.
// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[lock-held-across-call]"

package relay

import (
	"bytes"
	"fmt"
	"net"
	"sync"

	"github.com/redis/go-redis/v9"
)

type Relay struct {
	mu   sync.Mutex
	conn net.Conn
	ln   net.Listener
	rdb  *redis.Client
	logs bytes.Buffer
	seen int
}

func (r *Relay) Greet(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.conn, "hello %s\n", name)
	// CHECK: :[[@LINE-1]]:2: warning: mutex 'r.mu' is held across I/O 'fmt.Fprintf'{{.*}}[lock-held-across-call]
	fmt.Fprintf(&r.logs, "greeted %s\n", name)
	r.seen++
}

func (r *Relay) Resolve(host string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return net.LookupHost(host)
	// CHECK: :[[@LINE-1]]:9: warning: mutex 'r.mu' is held across network call 'net.LookupHost'{{.*}}[lock-held-across-call]
}

func (r *Relay) Next() (net.Conn, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ln.Accept()
	// CHECK: :[[@LINE-1]]:9: warning: mutex 'r.mu' is held across network I/O 'net.Listener.Accept'{{.*}}[lock-held-across-call]
}

func (r *Relay) Queue(key string) redis.Pipeliner {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.rdb.Pipeline()
	p.Incr(nil, key)
	return p
}
