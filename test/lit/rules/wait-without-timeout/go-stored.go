// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="[wait-without-timeout]"

// Commands stored in a map that nothing kills, and generated stubs of a
// package imported under a "pb" alias.
package worker

import (
	"context"
	"os/exec"

	pb "example.com/vectordb/api"
)

type Scheduler struct {
	running map[string]*exec.Cmd
	api     pb.VectorServiceClient
}

func (s *Scheduler) Run(id string) error {
	cmd := exec.Command("job", id)
	// CHECK: :[[@LINE-1]]:9: warning: 'exec.Command' waits with no timeout{{.*}}[wait-without-timeout]
	s.running[id] = cmd
	err := cmd.Run()
	delete(s.running, id)
	return err
}

func (s *Scheduler) Upsert(ctx context.Context, req *pb.UpsertRequest) error {
	_, err := s.api.Upsert(context.Background(), req)
	// CHECK: :[[@LINE-1]]:25: warning: 's.api.Upsert' waits with no timeout; it is given context.Background() although 'ctx' is in scope{{.*}}[wait-without-timeout]
	_, err = s.api.Upsert(ctx, req)
	return err
}
