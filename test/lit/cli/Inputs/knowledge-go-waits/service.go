package service

import (
	"example.com/jobs"
	"example.com/rpc"
	"example.com/web"
)

func fetch() {
	rpc.Call("status")
}

func fetchWithClient() {
	c := &rpc.Client{}
	c.Call("status")
}

func fetchBounded() {
	c := &rpc.Client{Deadline: 5}
	c.Call("status")
}

func run() {
	jobs.Start("backup").Wait()
}

func runKilled() {
	j := jobs.Start("backup")
	defer j.Kill()
	j.Wait()
}

func serve(c *web.Ctx) {
	go audit(c)
}

func audit(c *web.Ctx) {}
