// Package files unpacks uploaded archives and log bundles.
package files

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/klauspost/compress/zstd"
)

const maxUnpacked = 64 << 20

type Processor struct {
	dir     string
	mu      sync.Mutex
	journal *os.File
	seen    map[string]int64 // ok: unbounded-container
}

func NewProcessor(dir string) (*Processor, error) {
	j, err := os.OpenFile(filepath.Join(dir, "journal"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &Processor{dir: dir, journal: j, seen: map[string]int64{}}, nil
}

// Upload stores a gzip upload on disk, inflated: a disk-filling bomb.
func (p *Processor) Upload(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f, err := os.CreateTemp(p.dir, "upload-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	n, err := io.Copy(f, zr) // expect: decompression-bomb
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p.note(f.Name(), n)
}

// UploadBounded copies at most maxUnpacked bytes.
func (p *Processor) UploadBounded(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f, _ := os.CreateTemp(p.dir, "upload-*")
	defer f.Close()
	n, err := io.CopyN(f, zr, maxUnpacked) // ok: decompression-bomb
	if err != io.EOF {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	p.note(f.Name(), n)
}

// Message inflates a zlib-framed message from a peer.
func Message(payload []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var out bytes.Buffer
	_, err = out.ReadFrom(zr) // expect: decompression-bomb
	return out.Bytes(), err
}

// Deflate reads a raw deflate stream through a buffered reader.
func Deflate(src io.Reader) ([]byte, error) {
	br := bufio.NewReader(flate.NewReader(src))
	return io.ReadAll(br) // expect: decompression-bomb
}

// DeflateBounded reads line by line and stops at a limit.
func DeflateBounded(src io.Reader) ([]string, error) {
	sc := bufio.NewScanner(flate.NewReader(src)) // ok: decompression-bomb
	var lines []string
	total := 0
	for sc.Scan() {
		total += len(sc.Bytes())
		if total > maxUnpacked {
			break
		}
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// Zstd frames come from the message bus.
func Zstd(frame io.Reader) ([]byte, error) {
	dec, err := zstd.NewReader(frame)
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	return io.ReadAll(dec) // expect: decompression-bomb
}

// Bundle unpacks a .tar.gz log bundle, bounding each entry.
func (p *Processor) Bundle(ctx context.Context, r io.Reader) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		dst, err := os.Create(filepath.Join(p.dir, filepath.Base(hdr.Name)))
		if err != nil {
			return err
		}
		_, err = io.Copy(dst, io.LimitReader(tr, maxUnpacked)) // ok: decompression-bomb
		dst.Close()
		if err != nil {
			return err
		}
	}
}

// Checksum hashes the inflated stream without keeping it.
func Checksum(r io.Reader) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, zr) // ok: decompression-bomb
	return err
}

// note appends to the journal file while holding the lock.
func (p *Processor) note(name string, n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen[name] = n
	p.journal.WriteString(name + "\n") // expect: lock-held-across-call
}

// Forget removes a file from the seen table.
func (p *Processor) Forget(name string) {
	p.mu.Lock()
	delete(p.seen, name)
	p.mu.Unlock()
	os.Remove(filepath.Join(p.dir, name)) // ok: lock-held-across-call
}

// Sweep walks the directory in the background for each request.
func (p *Processor) Sweep(w http.ResponseWriter, r *http.Request) {
	go filepath.Walk(p.dir, func(path string, info os.FileInfo, err error) error { // expect: fire-and-forget
		if err == nil && info.Size() == 0 {
			os.Remove(path)
		}
		return nil
	})
	w.WriteHeader(http.StatusAccepted)
}
