// Package vectordb is a client for a vector database served over gRPC, with
// a local cache of collection metadata.
package vectordb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "example.com/vectordb/api"
)

type Client struct {
	conn    *grpc.ClientConn
	api     pb.VectorServiceClient
	addr    string
	mu      sync.Mutex
	schemas map[string]*pb.Schema
}

// Dial connects once, with a deadline on the handshake.
func Dial(ctx context.Context, addr string) (*Client, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(ctx, addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithBlock()) // ok: wait-without-timeout
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, api: pb.NewVectorServiceClient(conn), addr: addr, schemas: map[string]*pb.Schema{}}, nil
}

// DialLazy has neither a deadline nor a timeout option.
func DialLazy(addr string) (*Client, error) {
	conn, err := grpc.Dial(addr, grpc.WithTransportCredentials(insecure.NewCredentials())) // expect: wait-without-timeout
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, api: pb.NewVectorServiceClient(conn), addr: addr, schemas: map[string]*pb.Schema{}}, nil
}

func (c *Client) Close() error { return c.conn.Close() }

// Search uses the long-lived connection and the caller's context.
func (c *Client) Search(ctx context.Context, coll string, vec []float32, k int) ([]*pb.Hit, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	resp, err := c.api.Search(ctx, &pb.SearchRequest{Collection: coll, Vector: vec, TopK: int32(k)}) // ok: wait-without-timeout
	if err != nil {
		return nil, err
	}
	return resp.Hits, nil
}

// Upsert drops the caller's context for a fresh Background one.
func (c *Client) Upsert(ctx context.Context, coll string, ids []string, vecs [][]float32) error {
	req := &pb.UpsertRequest{Collection: coll, Ids: ids}
	for _, v := range vecs {
		req.Vectors = append(req.Vectors, &pb.Vector{Values: v})
	}
	_, err := c.api.Upsert(context.Background(), req) // expect: wait-without-timeout
	return err
}

// SearchHandler dials a new connection for every HTTP request.
func SearchHandler(addr string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		conn, err := grpc.DialContext(ctx, addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithTimeout(time.Second)) // expect: connection-per-call
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer conn.Close()
		var req pb.SearchRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		resp, err := pb.NewVectorServiceClient(conn).Search(ctx, &req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		json.NewEncoder(w).Encode(resp.Hits)
	}
}

// Schema caches collection schemas; a cache miss calls the server while the
// cache lock is held, so all other lookups queue behind one RPC.
func (c *Client) Schema(ctx context.Context, coll string) (*pb.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[coll]; ok {
		return s, nil
	}
	s, err := c.api.GetSchema(ctx, &pb.SchemaRequest{Collection: coll}) // expect: lock-held-across-call
	if err != nil {
		return nil, err
	}
	c.schemas[coll] = s
	return s, nil
}

// SchemaUnlocked fetches outside the lock and stores the result.
func (c *Client) SchemaUnlocked(ctx context.Context, coll string) (*pb.Schema, error) {
	c.mu.Lock()
	s, ok := c.schemas[coll]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := c.api.GetSchema(ctx, &pb.SchemaRequest{Collection: coll}) // ok: lock-held-across-call
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.schemas[coll] = s
	c.mu.Unlock()
	return s, nil
}

func (c *Client) DropSchema(coll string) {
	c.mu.Lock()
	delete(c.schemas, coll)
	c.mu.Unlock()
}

var ErrNotFound = errors.New("vectordb: not found")

func (c *Client) String() string { return fmt.Sprintf("vectordb(%s)", c.addr) }
