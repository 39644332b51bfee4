package explore

import (
	"bytes"
	"embed"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

//go:embed assets
var assets embed.FS

// asset returns an embedded file of the page.
func asset(name string) []byte {
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		panic("explore: missing embedded asset " + name) // a build error, not an input error
	}
	return b
}

// pageFiles are the files of the page that both backends serve as they
// are; config.js, which chooses the backend, is written by each.
var pageFiles = []struct{ name, mime string }{
	{"index.html", "text/html; charset=utf-8"},
	{"app.js", "text/javascript; charset=utf-8"},
	{"style.css", "text/css; charset=utf-8"},
}

// maxRequest bounds the size of an evaluation request.
const maxRequest = 1 << 20

// Handler serves the page for ex and answers its requests:
//
//	GET  /             the page
//	GET  /api/info     [Explorer.Info] as JSON
//	POST /api/eval     a [Request] as JSON, answered with a [Response]
//
// It loads nothing from elsewhere and sets a Content-Security-Policy that
// forbids the page to, either.
func Handler(ex *Explorer) http.Handler {
	mux := http.NewServeMux()
	modTime := time.Now()
	serve := func(name, mime string, body []byte) {
		path := "/" + name
		if name == "index.html" {
			path = "/{$}"
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			secure(w)
			w.Header().Set("Content-Type", mime)
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeContent(w, r, name, modTime, bytes.NewReader(body))
		})
	}
	for _, f := range pageFiles {
		serve(f.name, f.mime, asset(f.name))
	}
	serve("config.js", "text/javascript; charset=utf-8", []byte(`window.treatyConfig = {backend: "server"};`+"\n"))
	info, err := json.Marshal(ex.Info())
	if err != nil {
		panic("explore: cannot encode info: " + err.Error())
	}
	mux.HandleFunc("GET /api/info", func(w http.ResponseWriter, r *http.Request) {
		secure(w)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(info)
	})
	mux.HandleFunc("POST /api/eval", func(w http.ResponseWriter, r *http.Request) {
		secure(w)
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequest))
		if err != nil {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(ex.EvalJSON(body))
	})
	return mux
}

// secure sets the headers that keep the page to itself.
func secure(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}
