package apitest

import (
	"fmt"
	"io"
	"net/http"

	"github.com/go-faster/jx"

	"github.com/marketpulse/api/gen/oas"
)

// rawResponse is what ogen's client returns for the 200 of a raw-response
// operation (the market data GETs): the *http.Response, body unread.
type rawResponse interface {
	GetResponse() *http.Response
}

// Decodable is a generated schema type.
type Decodable[T any] interface {
	*T
	Decode(d *jx.Decoder) error
	Validate() error
}

// Body decodes and validates the 200 of a raw-response operation, e.g.
//
//	asset, hdr, err := apitest.Body[oas.Asset](client.GetAsset(ctx, params))
//
// Any other answer (a 304, an error) is an error. It returns the response
// headers, for ETag and Cache-Control.
func Body[T any, PT Decodable[T]](res any, err error) (*T, http.Header, error) {
	if err != nil {
		return nil, nil, err
	}
	raw, ok := res.(rawResponse)
	if !ok {
		return nil, nil, fmt.Errorf("response is %T, want a 200", res)
	}
	resp := raw.GetResponse()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("read body: %w", err)
	}
	v := PT(new(T))
	if err := v.Decode(jx.DecodeBytes(b)); err != nil {
		return nil, nil, fmt.Errorf("decode %T: %w", v, err)
	}
	if err := v.Validate(); err != nil {
		return nil, nil, fmt.Errorf("validate %T: %w", v, err)
	}
	return (*T)(v), resp.Header, nil
}

// NotModified returns the 304 of a conditional GET, or an error for any
// other answer.
func NotModified(res any, err error) (*oas.NotModified, error) {
	if err != nil {
		return nil, err
	}
	if raw, ok := res.(rawResponse); ok {
		raw.GetResponse().Body.Close()
	}
	nm, ok := res.(*oas.NotModified)
	if !ok {
		return nil, fmt.Errorf("response is %T, want 304", res)
	}
	return nm, nil
}
