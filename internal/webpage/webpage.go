// Package webpage serves the embedded dashboard page beside the API: the
// built files by path, index.html for every other page route (the page
// routes on the client), and everything under /api/ (and /metrics) to the
// API unchanged.
package webpage

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/httpmw"
)

// CSP is the page's Content-Security-Policy: scripts, styles and calls from
// this origin only, no inline script or style, no framing.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Cache-Control of the content-hashed files under assets/ and of the rest.
const (
	immutable  = "public, max-age=31536000, immutable"
	revalidate = "no-cache"
)

// file is one built file, read and compressed once at start.
type file struct {
	body  []byte
	gzip  []byte // nil: not worth compressing
	etag  string
	gzTag string // the ETag of the gzip-encoded body
	ctype string
	cache string
}

// Handler routes a request to the API or to the page.
type Handler struct {
	api   http.Handler
	page  http.Handler     // servePage inside the page's middleware
	files map[string]*file // by path without the leading slash
}

// New serves the page of files (which must hold index.html) in front of
// api; the page's responses pass through mws (outermost first), the API's
// do not.
func New(files fs.FS, api http.Handler, mws ...httpmw.Middleware) (*Handler, error) {
	h := &Handler{api: api, files: map[string]*file{}}
	h.page = httpmw.Chain(http.HandlerFunc(h.servePage), mws...)
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		h.files[p] = newFile(p, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webpage: read the built files: %w", err)
	}
	if h.files["index.html"] == nil {
		return nil, fmt.Errorf("webpage: no index.html in the built files (run make web)")
	}
	return h, nil
}

func newFile(p string, b []byte) *file {
	sum := sha256.Sum256(b)
	f := &file{
		body:  b,
		etag:  `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`,
		ctype: mime.TypeByExtension(path.Ext(p)),
		cache: revalidate,
	}
	if f.ctype == "" {
		f.ctype = "application/octet-stream"
	}
	if strings.HasPrefix(p, "assets/") {
		f.cache = immutable
	}
	if len(b) > 512 && compressible(f.ctype) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		if buf.Len() < len(b) {
			f.gzip = buf.Bytes()
			f.gzTag = strings.TrimSuffix(f.etag, `"`) + `-gz"`
		}
	}
	return f
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

// ServeHTTP sends /api/…, /api and /metrics to the API, and serves the page
// for GET and HEAD of any other path; other methods go to the API too, which
// answers them with its problem documents.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") || p == "/metrics" ||
		(r.Method != http.MethodGet && r.Method != http.MethodHead) {
		h.api.ServeHTTP(w, r)
		return
	}
	h.page.ServeHTTP(w, r)
}

// servePage serves the built file at the path, or index.html for a page
// route.
func (h *Handler) servePage(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	f := h.files[name]
	if f == nil {
		if name != "" && strings.Contains(path.Base(name), ".") {
			// A missing file, not a page route: no index.html in its place.
			header(w.Header(), revalidate)
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		f = h.files["index.html"]
	}
	h.serve(w, r, f)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, f *file) {
	hd := header(w.Header(), f.cache)
	hd.Set("Content-Type", f.ctype)
	hd.Set("ETag", f.etag)
	body := f.body
	if f.gzip != nil {
		hd.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			hd.Set("Content-Encoding", "gzip")
			hd.Set("ETag", f.gzTag)
			body = f.gzip
		}
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// header sets the page's CSP and cache policy on top of the security
// headers the middleware set.
func header(hd http.Header, cache string) http.Header {
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("Cache-Control", cache)
	return hd
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
