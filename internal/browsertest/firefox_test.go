package browsertest

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// findFirefox returns the path of Firefox, or "".
func findFirefox() string {
	if p := os.Getenv("FIREFOX"); p != "" {
		return p
	}
	for _, name := range []string{"firefox", "firefox-esr"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// bidi is a WebDriver BiDi session with Firefox: the standard protocol
// Firefox speaks, over a WebSocket, with one browsing context (tab).
type bidi struct {
	t    *testing.T
	conn net.Conn
	rd   io.Reader
	id   int
	tab  string
}

// call sends a command and returns its result, skipping events.
func (b *bidi) call(method string, params any) json.RawMessage {
	b.t.Helper()
	b.id++
	msg, err := json.Marshal(map[string]any{"id": b.id, "method": method, "params": params})
	require.NoError(b.t, err)
	require.NoError(b.t, b.conn.SetDeadline(time.Now().Add(30*time.Second)))
	require.NoError(b.t, wsutil.WriteClientText(b.conn, msg))
	for {
		data, _, err := wsutil.ReadServerData(struct {
			io.Reader
			io.Writer
		}{b.rd, b.conn})
		require.NoError(b.t, err, "reading the answer to %s", method)
		var reply struct {
			ID      int             `json:"id"`
			Type    string          `json:"type"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
		}
		require.NoError(b.t, json.Unmarshal(data, &reply))
		if reply.ID != b.id {
			continue // an event
		}
		require.Empty(b.t, reply.Error, "%s: %s", method, reply.Message)
		return reply.Result
	}
}

// eval evaluates a JavaScript expression in the tab and returns its
// value, which must be a string (use JSON.stringify for more).
func (b *bidi) eval(expr string) string {
	b.t.Helper()
	res := b.call("script.evaluate", map[string]any{
		"expression": expr, "target": map[string]string{"context": b.tab}, "awaitPromise": true,
	})
	var r struct {
		Type   string `json:"type"`
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	require.NoError(b.t, json.Unmarshal(res, &r))
	require.Equal(b.t, "success", r.Type, "%s: %s", expr, r.ExceptionDetails.Text)
	if r.Result.Type != "string" {
		return ""
	}
	var s string
	require.NoError(b.t, json.Unmarshal(r.Result.Value, &s))
	return s
}

// screenshot saves the tab's screenshot to the failure directory.
func (b *bidi) screenshot() {
	b.id++
	msg, _ := json.Marshal(map[string]any{"id": b.id, "method": "browsingContext.captureScreenshot", "params": map[string]any{"context": b.tab}})
	b.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if err := wsutil.WriteClientText(b.conn, msg); err != nil {
		b.t.Logf("screenshot: %v", err)
		return
	}
	for {
		data, _, err := wsutil.ReadServerData(struct {
			io.Reader
			io.Writer
		}{b.rd, b.conn})
		if err != nil {
			b.t.Logf("screenshot: %v", err)
			return
		}
		var reply struct {
			ID     int `json:"id"`
			Result struct {
				Data string `json:"data"`
			} `json:"result"`
		}
		if json.Unmarshal(data, &reply) != nil || reply.ID != b.id {
			continue
		}
		png, err := base64.StdEncoding.DecodeString(reply.Result.Data)
		if err != nil || len(png) == 0 {
			b.t.Logf("screenshot: no image")
			return
		}
		dir := failureDir()
		name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name())+".png")
		if err := os.MkdirAll(dir, 0o755); err == nil && os.WriteFile(name, png, 0o644) == nil {
			b.t.Logf("screenshot of the failing page: %s", name)
		}
		return
	}
}

// waitIdle waits until the page has drawn its last answer.
func (b *bidi) waitIdle() {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b.eval(`String(document.body.dataset.ready !== "0" && document.body.dataset.busy === "0")`) == "true" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatalf("the page did not become ready in Firefox; status: %s", b.eval(`document.getElementById("status").textContent`))
}

func (b *bidi) grid() []cell {
	b.t.Helper()
	var cells []cell
	require.NoError(b.t, json.Unmarshal([]byte(b.eval(`JSON.stringify(Array.from(document.querySelectorAll("#grid button.cell")).map(b => ({
		Clause: b.dataset.clause, Reading: b.dataset.reading, Status: b.dataset.status, Value: b.dataset.value,
		Since: b.dataset.since, Missing: b.dataset.missing, Reason: b.dataset.reason, Disputed: b.dataset.disputed !== ""})))`)), &cells))
	sortCells(cells)
	return cells
}

// firefox starts headless Firefox with a fresh profile and opens a BiDi
// session with one tab.
func firefox(t *testing.T) *bidi {
	t.Helper()
	bin := findFirefox()
	if bin == "" {
		t.Skip("no Firefox found (install Debian's firefox-esr package or set FIREFOX): the Firefox test cannot run")
	}
	profile := t.TempDir()
	cmd := exec.Command(bin, "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0", "about:blank")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		listening := regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	var wsURL string
	select {
	case wsURL = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("Firefox did not start its WebDriver BiDi server within a minute")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, rd, _, err := ws.Dial(ctx, wsURL+"/session")
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	b := &bidi{t: t, conn: conn, rd: conn}
	if rd != nil {
		b.rd = rd // it holds what the server sent after the handshake, then reads conn
	}
	b.call("session.new", map[string]any{"capabilities": map[string]any{}})
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	require.NoError(t, json.Unmarshal(b.call("browsingContext.getTree", map[string]any{}), &tree))
	require.NotEmpty(t, tree.Contexts)
	b.tab = tree.Contexts[0].Context
	b.call("browsingContext.setViewport", map[string]any{"context": b.tab, "viewport": map[string]int{"width": 1280, "height": 800}})
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot()
		}
	})
	return b
}

// TestFirefox drives the page in headless Firefox, served live and
// written with --out: it loads, a fact toggled and the date moved give
// the grid treaty eval prints.
func TestFirefox(t *testing.T) {
	b := firefox(t)
	model, scenario := "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json"
	check := func(page, step, asOf string, set map[string]string) {
		t.Helper()
		if d := cmp.Diff(evalCLI(t, model, scenario, asOf, set), b.grid()); d != "" {
			t.Fatalf("%s, %s: Firefox's grid differs from treaty eval (-eval +page):\n%s", page, step, d)
		}
	}
	drive := func(page, url string) {
		b.call("browsingContext.navigate", map[string]any{"context": b.tab, "url": url, "wait": "complete"})
		b.waitIdle()
		check(page, "as loaded", "", nil)
		b.eval(fmt.Sprintf(`document.querySelector(%q).click(), ""`, radio("peace_treaty.concluded", "true")))
		b.waitIdle()
		check(page, "peace treaty concluded", "", map[string]string{"peace_treaty.concluded": "true"})
		b.eval(`(() => { const i = document.getElementById("date-input"); i.value = "1960-03-01"; i.dispatchEvent(new Event("change")); return ""; })()`)
		b.waitIdle()
		check(page, "as of 1960-03-01", "1960-03-01", map[string]string{"peace_treaty.concluded": "true"})
	}
	drive("live", serve(t, model, "--scenario", scenario))

	dir := t.TempDir()
	cmd := exec.Command(treatyBin, "explore", model, "--scenario", scenario, "--out", dir)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	drive("exported", "file://"+filepath.Join(dir, "index.html"))
	require.Contains(t, b.eval(`document.getElementById("status").textContent`), "WebAssembly")
	require.True(t, strings.HasPrefix(b.eval(`location.protocol`), "file"))
}
