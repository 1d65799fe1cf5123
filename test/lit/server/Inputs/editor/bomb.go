package bomb

import (
	"compress/gzip"
	"io"
)

func Inflate(src io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(src)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}
