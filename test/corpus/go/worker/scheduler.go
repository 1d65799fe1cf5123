package worker

import (
	"context"
	"fmt"
	"log"
	"os/exec"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"
)

// Scheduler runs shell jobs and tracks their status in Redis.
type Scheduler struct {
	mu      sync.Mutex
	rdb     *redis.Client
	running map[string]*exec.Cmd
	history []string // expect: unbounded-container
	done    chan string
	redisURL string
}

func NewScheduler(rdb *redis.Client) *Scheduler {
	return &Scheduler{rdb: rdb, running: map[string]*exec.Cmd{}, done: make(chan string)}
}

// Run starts the command without a context: it cannot be cancelled.
func (s *Scheduler) Run(ctx context.Context, id string, argv []string) error {
	cmd := exec.Command(argv[0], argv[1:]...) // expect: wait-without-timeout
	s.mu.Lock()
	s.running[id] = cmd
	s.history = append(s.history, id)
	s.mu.Unlock()
	err := cmd.Run()
	s.mu.Lock()
	delete(s.running, id)
	s.mu.Unlock()
	return err
}

// RunCtx is the cancellable version.
func (s *Scheduler) RunCtx(ctx context.Context, id string, argv []string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	return exec.CommandContext(ctx, argv[0], argv[1:]...).Run() // ok: wait-without-timeout
}

// Prepare builds a command but never runs or waits on it here.
func (s *Scheduler) Prepare(argv []string) *exec.Cmd {
	return exec.Command(argv[0], argv[1:]...) // ok: wait-without-timeout
}

// SetStatus writes the job status to Redis while holding the scheduler lock.
func (s *Scheduler) SetStatus(ctx context.Context, id, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.running[id]; !ok {
		return fmt.Errorf("job %s not running", id)
	}
	return s.rdb.Set(ctx, "job:"+id, status, time.Hour).Err() // expect: lock-held-across-call
}

// Finish reports completion on an unbuffered channel while locked.
func (s *Scheduler) Finish(id string) {
	s.mu.Lock()
	delete(s.running, id)
	s.done <- id // expect: lock-held-across-call
	s.mu.Unlock()
}

// StatusFromRequest opens a Redis client for every status request.
func (s *Scheduler) StatusFromRequest(ctx context.Context, id string) (string, error) {
	opt, err := redis.ParseURL(s.redisURL)
	if err != nil {
		return "", err
	}
	rdb := redis.NewClient(opt) // expect: connection-per-call
	defer rdb.Close()
	return rdb.Get(ctx, "job:"+id).Result()
}

// Cleanup deletes finished job keys with KEYS: it blocks Redis while it walks
// the whole keyspace.
func (s *Scheduler) Cleanup(ctx context.Context) error {
	keys, err := s.rdb.Keys(ctx, "job:*").Result() // expect: redis-keys
	if err != nil {
		return err
	}
	if len(keys) > 0 {
		return s.rdb.Del(ctx, keys...).Err()
	}
	return nil
}

// CleanupScan iterates with SCAN and deletes in batches.
func (s *Scheduler) CleanupScan(ctx context.Context) error {
	iter := s.rdb.Scan(ctx, 0, "job:*", 1000).Iterator() // ok: redis-keys
	batch := make([]string, 0, 100)
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 100 {
			s.rdb.Del(ctx, batch...)
			batch = batch[:0]
		}
	}
	return iter.Err()
}

// Pipeline: KEYS inside a pipeline is still KEYS.
func (s *Scheduler) CountQueued(ctx context.Context) int {
	pipe := s.rdb.Pipeline()
	cmd := pipe.Keys(ctx, "queued:*") // expect: redis-keys
	pipe.Exec(ctx)
	return len(cmd.Val())
}

// RunAll runs a batch of jobs concurrently through an errgroup.
func (s *Scheduler) RunAll(ctx context.Context, jobs map[string][]string) error {
	g, ctx := errgroup.WithContext(ctx)
	for id, argv := range jobs {
		id, argv := id, argv
		g.Go(func() error { return s.RunCtx(ctx, id, argv) }) // ok: fire-and-forget
	}
	return g.Wait()
}

// Kick runs every job in its own goroutine and returns.
func (s *Scheduler) Kick(ctx context.Context, jobs map[string][]string) {
	for id, argv := range jobs {
		go s.RunCtx(ctx, id, argv) // ok: fire-and-forget
		log.Printf("started %s", id)
	}
}

// KickDetached does the same with no context at all.
func (s *Scheduler) KickDetached(jobs map[string][]string) {
	for id, argv := range jobs {
		go s.Prepare(argv).Run() // expect: fire-and-forget
		log.Printf("started %s", id)
	}
}

// Collect starts workers that report on a channel the caller drains.
func (s *Scheduler) Collect(jobs [][]string) []error {
	errs := make(chan error, len(jobs))
	for _, argv := range jobs {
		go func(argv []string) { // ok: fire-and-forget
			errs <- exec.CommandContext(context.TODO(), argv[0], argv[1:]...).Run() // ok: wait-without-timeout
		}(argv)
	}
	out := make([]error, 0, len(jobs))
	for range jobs {
		out = append(out, <-errs)
	}
	return out
}
