// Command gateway wires the services together.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // ok: wait-without-timeout
	defer stop()

	// Long-lived clients, created once.
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR"), ReadTimeout: time.Second}) // ok: connection-per-call
	defer rdb.Close()
	dialCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	conn, err := grpc.DialContext(dialCtx, os.Getenv("VECTORDB_ADDR"), grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithBlock()) // ok: wait-without-timeout, connection-per-call
	cancel()
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	if err := rdb.Ping(context.Background()).Err(); err != nil { // ok: wait-without-timeout
		log.Fatal(err)
	}

	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: fire-and-forget
		defer wg.Done()
		if err := srv.ListenAndServe(); err != http.ErrServerClosed {
			log.Print(err)
		}
	}()
	go reportUptime(ctx) // ok: fire-and-forget

	<-ctx.Done()
	shutdownCtx, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	srv.Shutdown(shutdownCtx)
	wg.Wait()
}

func reportUptime(ctx context.Context) {
	start := time.Now()
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			log.Printf("up %v", time.Since(start).Round(time.Second))
		}
	}
}
