package problem

import "context"

type ctxKey uint8

const (
	requestIDKey ctxKey = iota
	instanceKey
)

// WithRequest stores the request id and path that every problem reports.
func WithRequest(ctx context.Context, requestID, path string) context.Context {
	ctx = context.WithValue(ctx, requestIDKey, requestID)
	return context.WithValue(ctx, instanceKey, path)
}

// RequestID returns the request id stored by WithRequest, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func instance(ctx context.Context) string {
	p, _ := ctx.Value(instanceKey).(string)
	return p
}
