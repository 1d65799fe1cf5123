package upload

import (
	"io"
	"net/http"

	"example.com/acme/lz"
)

func Upload(w http.ResponseWriter, r *http.Request) {
	zr := lz.NewReader(r.Body)
	data, _ := io.ReadAll(lz.Buffered(zr))
	_ = data
}

func Copy(w http.ResponseWriter, d *lz.Decoder) {
	io.Copy(w, d)
}

// Negatives: a bounded read, a discarded one, and a reader that only buffers.
func Bounded(r *http.Request) []byte {
	zr := lz.NewReader(r.Body)
	data, _ := io.ReadAll(io.LimitReader(zr, 1<<20))
	io.Copy(io.Discard, zr)
	plain, _ := io.ReadAll(lz.Buffered(r.Body))
	return append(data, plain...)
}
