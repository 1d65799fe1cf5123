// Package notify delivers webhooks and e-mails for alert events.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"net/http"
	"net/url"
	"sync"
	"time"
)

type Alert struct {
	Rule     string
	Severity string
	At       time.Time
}

// delivered remembers every alert id ever sent, to suppress duplicates.
var delivered []string // expect: unbounded-container

// pending is drained by Flush.
var pending []Alert // ok: unbounded-container

var mu sync.Mutex

type Notifier struct {
	hooks  []string
	plain  *http.Client
	timed  *http.Client
	slack  string
}

func New(hooks []string, slack string) *Notifier {
	return &Notifier{
		hooks: hooks,
		plain: &http.Client{}, // ok: connection-per-call
		timed: &http.Client{Timeout: 3 * time.Second},
		slack: slack,
	}
}

// Send posts to every hook with a client that has no Timeout.
func (n *Notifier) Send(ctx context.Context, a Alert) {
	body, _ := json.Marshal(a)
	for _, h := range n.hooks {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h, bytes.NewReader(body))
		resp, err := n.plain.Do(req) // expect: wait-without-timeout
		if err != nil {
			log.Printf("hook %s: %v", h, err)
			continue
		}
		resp.Body.Close()
	}
	mu.Lock()
	delivered = append(delivered, a.Rule+a.At.String())
	mu.Unlock()
}

// SendTimed uses the client with a Timeout.
func (n *Notifier) SendTimed(a Alert) error {
	body, _ := json.Marshal(a)
	resp, err := n.timed.Post(n.slack, "application/json", bytes.NewReader(body)) // ok: wait-without-timeout
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Page uses the package-level helpers of net/http: the default client.
func Page(service, text string) error {
	resp, err := http.PostForm("https://pager.example.com/v1/page", url.Values{"service": {service}, "text": {text}}) // expect: wait-without-timeout
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Enqueue buffers an alert for the next Flush.
func Enqueue(a Alert) {
	mu.Lock()
	pending = append(pending, a)
	mu.Unlock()
}

// Flush sends the buffered alerts and resets the buffer.
func (n *Notifier) Flush(ctx context.Context) {
	mu.Lock()
	batch := pending
	pending = nil
	mu.Unlock()
	for _, a := range batch {
		n.Send(ctx, a)
	}
}

// Broadcast notifies each hook in its own goroutine and does not wait.
func (n *Notifier) Broadcast(a Alert) {
	body, _ := json.Marshal(a)
	for _, h := range n.hooks {
		go n.timed.Post(h, "application/json", bytes.NewReader(body)) // expect: fire-and-forget
	}
}

// BroadcastWait does the same and waits for every delivery.
func (n *Notifier) BroadcastWait(ctx context.Context, a Alert) {
	body, _ := json.Marshal(a)
	var wg sync.WaitGroup
	for _, h := range n.hooks {
		wg.Add(1)
		go func(h string) { // ok: fire-and-forget
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h, bytes.NewReader(body))
			if resp, err := n.timed.Do(req); err == nil {
				resp.Body.Close()
			}
		}(h)
	}
	wg.Wait()
}

// Relay is an HTTP handler that forwards an alert with a fresh client.
func (n *Notifier) Relay(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Timeout: 2 * time.Second} // expect: connection-per-call
	resp, err := client.Post(n.slack, "application/json", r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}
