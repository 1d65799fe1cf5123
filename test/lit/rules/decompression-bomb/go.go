// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[decompression-bomb]"
// RUN: cp %s %t.go
// RUN: not %hazardlint check --fix --select decompression-bomb --unsafe-fixes %t.go
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.go
// A second --fix changes nothing.
// RUN: cp %t.go %t.once.go
// RUN: not %hazardlint check --fix --select decompression-bomb --unsafe-fixes %t.go
// RUN: diff %t.once.go %t.go
// The fix is unsafe: without --unsafe-fixes the file stays as it is.
// RUN: cp %s %t.safe.go
// RUN: not %hazardlint check --fix --select decompression-bomb %t.safe.go
// RUN: diff %s %t.safe.go

package upload

import (
	"bufio"
	"bytes"
	"compress/flate"
	gz "compress/gzip"
	"compress/zlib"
	"io"
	"io/ioutil"
	"net/http"
	"os"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

func Upload(w http.ResponseWriter, r *http.Request) {
	zr, err := gz.NewReader(r.Body)
	if err != nil {
		return
	}
	defer zr.Close()
	data, err := io.ReadAll(zr)
	// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: io.ReadAll() inflates 'zr' with no limit on the output size; a small compressed payload can expand to gigabytes [decompression-bomb]
	// CHECK-FIXES: data, err := io.ReadAll(io.LimitReader(zr, 10<<20))
	_ = data
}

// http.MaxBytesReader bounds the compressed input, not what it inflates to.
func Bounded(w http.ResponseWriter, r *http.Request) []byte {
	zr, _ := zlib.NewReader(http.MaxBytesReader(w, r.Body, 1<<20))
	out, _ := ioutil.ReadAll(zr)
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: ioutil.ReadAll() inflates 'zr'{{.*}}[decompression-bomb]
	// CHECK-FIXES: out, _ := ioutil.ReadAll(io.LimitReader(zr, 10<<20))
	return out
}

func CopyOut(dst *os.File, src io.Reader) error {
	fr := flate.NewReader(src)
	var r io.Reader
	r = bufio.NewReader(fr)
	_, err := io.Copy(
		// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: io.Copy() inflates 'r'{{.*}}[decompression-bomb]
		dst, r)
	// CHECK-FIXES: dst, io.LimitReader(r, 10<<20))
	return err
}

func Inline(body io.Reader) []byte {
	var buf bytes.Buffer
	zr, _ := gz.NewReader(body)
	buf.ReadFrom(zr)
	// CHECK-MESSAGES: :[[@LINE-1]]:2: warning: buf.ReadFrom() inflates 'zr'{{.*}}[decompression-bomb]
	b, _ := io.ReadAll(bufio.NewReader(io.NopCloser(zr)))
	// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: io.ReadAll() inflates 'bufio.NewReader(io.NopCloser(zr))'{{.*}}[decompression-bomb]
	return append(buf.Bytes(), b...)
}

type Decoder struct {
	zr *gz.Reader
}

func (d *Decoder) All(k *kgzip.Reader) ([]byte, []byte) {
	a, _ := io.ReadAll(d.zr)
	// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: io.ReadAll() inflates 'd.zr'{{.*}}[decompression-bomb]
	b, _ := io.ReadAll(k)
	// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: io.ReadAll() inflates 'k'{{.*}}[decompression-bomb]
	return a, b
}

func Zstd(src io.Reader) []byte {
	dec, _ := zstd.NewReader(src)
	out, _ := io.ReadAll(dec)
	// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: io.ReadAll() inflates 'dec'{{.*}}[decompression-bomb]
	return out
}

// Negatives.

func Limited(r *http.Request) ([]byte, error) {
	zr, err := gz.NewReader(r.Body)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, 10<<20))
}

func LimitedVar(r *http.Request, w http.ResponseWriter) error {
	zr, _ := zlib.NewReader(r.Body)
	lr := io.LimitReader(zr, 1<<20)
	if _, err := io.ReadAll(lr); err != nil {
		return err
	}
	var src io.Reader = zr
	src = io.LimitReader(src, 1<<20)
	_, err := io.Copy(w, src)
	return err
}

func CopyN(dst io.Writer, src io.Reader) {
	zr, _ := gz.NewReader(src)
	io.CopyN(dst, zr, 1<<20)
	io.Copy(io.Discard, zr)
	io.Copy(zr2(), src)
	buf := make([]byte, 512)
	zr.Read(buf)
}

func zr2() io.Writer { return nil }

func Plain(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	_ = body
	err := gz.NewReader // a function value, not a reader
	_ = err
	zr, rerr := gz.NewReader(r.Body)
	io.ReadAll(rerr) // the error result, not the reader
	_ = zr
}

func Shadowed(io fakeIO, zr *gz.Reader) {
	io.ReadAll(zr)
}

type fakeIO struct{}

func (fakeIO) ReadAll(r io.Reader) {}
