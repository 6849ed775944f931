package cache

import (
	"encoding/json"
	"fmt"
)

// L2 payloads start with one byte naming their kind; an unknown kind reads as a miss,
// which leaves room for new formats.
const (
	kindValue     byte = 'v' // followed by the JSON of the value
	kindTombstone byte = 't' // followed by the loader's error message
)

func encodeValue(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	out := make([]byte, 0, len(b)+1)
	return append(append(out, kindValue), b...), nil
}

func encodeTombstone(err error) []byte {
	msg := err.Error()
	out := make([]byte, 0, len(msg)+1)
	return append(append(out, kindTombstone), msg...)
}

// decodeEntry turns an L2 payload into an L1 entry. kind is the namespace's not-found
// kind, wrapped by the rebuilt tombstone error.
func decodeEntry[T any](b []byte, kind error) (l1Entry, error) {
	if len(b) == 0 {
		return l1Entry{}, fmt.Errorf("decode: empty payload")
	}
	switch b[0] {
	case kindValue:
		var v T
		if err := json.Unmarshal(b[1:], &v); err != nil {
			return l1Entry{}, fmt.Errorf("decode: %w", err)
		}
		return l1Entry{val: v, size: sizeOf(len(b))}, nil
	case kindTombstone:
		msg := string(b[1:])
		if msg == "" {
			msg = kind.Error()
		}
		return l1Entry{notFound: &notFoundError{msg: msg, kind: kind}, size: sizeOf(len(b))}, nil
	default:
		return l1Entry{}, fmt.Errorf("decode: unknown payload kind %q", b[0])
	}
}
