// Package browsertest drives the page of `treaty explore` in headless
// Chromium (through the DevTools protocol, with chromedp) and checks it
// against `treaty eval --format json`, cell by cell, on every example
// model. It is a nested module so that importers of treatycond never
// download chromedp. Run it with `go test ./...` in this directory; it
// needs the chromium command (CHROMIUM overrides the path).
package browsertest
