// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[fire-and-forget]"
// No Go fix is offered: --fix leaves the file as it is.
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --unsafe-fixes %t.go
// RUN: diff %s %t.go

package workers

import (
	"context"
	"log"
	web "net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	pb "example.com/api/orderpb"
)

type Server struct {
	wg   sync.WaitGroup
	once sync.Once
}

// In an HTTP handler, through an import alias.
func (s *Server) Upload(w web.ResponseWriter, r *web.Request) {
	go s.audit(r.URL.Path)
	// CHECK: :[[@LINE-1]]:2: warning: goroutine 's.audit' started in HTTP handler 'Server.Upload' is not tied to a WaitGroup, errgroup, channel or context: nothing waits for it, stops it on shutdown or sees its failure [fire-and-forget]
	go func() {
		// CHECK: :[[@LINE-1]]:2: warning: goroutine 'func literal' started in HTTP handler 'Server.Upload'{{.*}}[fire-and-forget]
		time.Sleep(time.Second)
		log.Println("uploaded")
	}()
}

func (s *Server) audit(path string) { log.Println(path) }

// A detached context and a method value tie it to nothing.
func (s *Server) Detach(w web.ResponseWriter, r *web.Request) {
	go s.poll(context.Background())
	// CHECK: :[[@LINE-1]]:2: warning: goroutine 's.poll' started in HTTP handler 'Server.Detach'{{.*}}[fire-and-forget]
	record := s.audit
	go record(r.URL.Path)
	// CHECK: :[[@LINE-1]]:2: warning: goroutine 'record'{{.*}}[fire-and-forget]
}

// Handlers registered as func literals, gin and echo.
func routes(mux *web.ServeMux, g *gin.Engine, e *echo.Echo) {
	mux.HandleFunc("/x", func(w web.ResponseWriter, r *web.Request) {
		go notify("x")
		// CHECK: :[[@LINE-1]]:3: warning: goroutine 'notify' started in HTTP handler 'func literal'{{.*}}[fire-and-forget]
	})
	g.POST("/y", func(c *gin.Context) {
		go notify(c.Param("id"))
		// CHECK: :[[@LINE-1]]:3: warning: goroutine 'notify' started in gin handler 'func literal'{{.*}}[fire-and-forget]
	})
	e.POST("/z", func(c echo.Context) error {
		go notify("z")
		// CHECK: :[[@LINE-1]]:3: warning: goroutine 'notify' started in echo handler 'func literal'{{.*}}[fire-and-forget]
		return nil
	})
}

func notify(string) {}

// In a gRPC method.
func (s *Server) PlaceOrder(ctx context.Context, req *pb.Order) (*pb.Receipt, error) {
	go sendEmail(req.Email)
	// CHECK: :[[@LINE-1]]:2: warning: goroutine 'sendEmail' started in gRPC method 'Server.PlaceOrder'{{.*}}[fire-and-forget]
	go sendEmail(
		// CHECK: :[[@LINE-1]]:2: warning: goroutine 'sendEmail'{{.*}}[fire-and-forget]
		req.Email,
	)
	return &pb.Receipt{}, nil
}

func sendEmail(string) {}

// In loops.
func fanOut(items []string) {
	for _, it := range items {
		go process(it)
		// CHECK: :[[@LINE-1]]:3: warning: goroutine 'process' started in a loop in 'fanOut'{{.*}}[fire-and-forget]
	}
	for {
		go func(x string) {
			// CHECK: :[[@LINE-1]]:3: warning: goroutine 'func literal' started in a loop in 'fanOut'{{.*}}[fire-and-forget]
			process(x)
		}("tick")
		time.Sleep(time.Second)
	}
}

func process(string) {}

// Negatives.
func main() {
	go worker(make(chan int)) // started once
	go func() { log.Println("started once") }()
}

func worker(jobs chan int) {
	for range jobs {
	}
}

func (s *Server) WithWaitGroup(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			defer wg.Done()
			process(it)
		}(it)
	}
	wg.Wait()
	for _, it := range items {
		s.wg.Add(1)
		go s.track(it) // Done is in the method
	}
}

func (s *Server) track(string) { s.wg.Done() }

func withErrgroup(ctx context.Context, items []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		it := it
		g.Go(func() error { process(it); return nil })
	}
	return g.Wait()
}

func withChannel(items []string) []string {
	results := make(chan string)
	for _, it := range items {
		go func(it string) { results <- it }(it)
	}
	var out []string
	for range items {
		out = append(out, <-results)
	}
	errs := make(chan error)
	for i := 0; i < 3; i++ {
		go collect(errs) // the spawner receives from errs
	}
	select {
	case err := <-errs:
		_ = err
	}
	return out
}

func collect(chan error) {}

func generate(n int) <-chan int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) { ch <- i }(i) // the channel is returned
	}
	return ch
}

func (s *Server) WithContext(w web.ResponseWriter, r *web.Request) {
	ctx := r.Context()
	go s.stream(ctx)
	go func() {
		<-ctx.Done()
		log.Println("client gone")
	}()
	go func() {
		s.query(r.Context())
	}()
	go s.poll(context.WithoutCancel(ctx))
	s.once.Do(func() { go s.audit("first") }) // runs once
}

func (s *Server) stream(context.Context) {}
func (s *Server) query(context.Context)  {}
func (s *Server) poll(context.Context)   {}

func (s *Server) watch(ctx context.Context, items []string) {
	for _, it := range items {
		go func(it string) {
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
				process(it)
			}
		}(it)
	}
}

func notAHandler(w web.ResponseWriter) {
	go notify("not a handler signature")
}

type runner struct {
	errs chan error
	done chan struct{}
}

func (c *runner) start(fns []func() error) {
	errc := make(chan error, len(fns))
	c.errs = errc // read by another method
	for _, fn := range fns {
		go func(fn func() error) { errc <- fn() }(fn)
	}
	for range fns {
		go func() { close(c.done) }()
	}
}

func bounded(items []string) {
	sem := make(chan struct{}, 4)
	for _, it := range items {
		sem <- struct{}{}
		go func(it string) {
			defer func() { <-sem }()
			process(it)
		}(it)
	}
	for n := cap(sem); n > 0; n-- { // fills the semaphore to wait
		sem <- struct{}{}
	}
}

// A queue drained by a range loop does not wait for any one sender.
type Auditor struct {
	audit  chan string
	errs   chan error
	unread chan string
}

func (a *Auditor) drain() {
	for ev := range a.audit {
		_ = ev
	}
}

func (a *Auditor) record(p string) { a.audit <- p }

func (a *Auditor) announce(p string) { a.unread <- p }

func (a *Auditor) finish() { a.errs <- nil }

func (a *Auditor) Wait() error { return <-a.errs }

func (a *Auditor) ServeHTTP(w web.ResponseWriter, r *web.Request) {
	go a.record(r.URL.Path)
	// CHECK: :[[@LINE-1]]:2: warning: {{.*}}'a.record'{{.*}}[fire-and-forget]
	go a.announce(r.URL.Path)
	// CHECK: :[[@LINE-1]]:2: warning: {{.*}}'a.announce'{{.*}}[fire-and-forget]
	go a.finish() // Wait receives from a.errs
}

// A goroutine that returns when a stop channel closes can be stopped: its
// owner closes the channel at shutdown.
type Broker struct {
	closeCh chan struct{}
	jobs    chan string
}

func (b *Broker) Subscribe(w web.ResponseWriter, r *web.Request) {
	go b.runForever()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case j := <-b.jobs:
				process(j)
			}
		}
	}()
	defer close(done)
}

func (b *Broker) runForever() {
	for {
		select {
		case <-b.closeCh:
			return
		case j := <-b.jobs:
			process(j)
		}
	}
}

// But a select that only waits for work or a timer never exits.
func (b *Broker) Poll(w web.ResponseWriter, r *web.Request) {
	go func() {
		// CHECK: :[[@LINE-1]]:2: warning: goroutine 'func literal' started in{{.*}}[fire-and-forget]
		for {
			select {
			case j := <-b.jobs:
				process(j)
			case <-time.After(time.Second):
			}
		}
	}()
}
