package browsertest

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var updateScreenshot = flag.Bool("screenshot", false, "write the README screenshot to internal/explore/testdata/explore-kuril.png")

var (
	root      string // the repository root
	treatyBin string // the treaty command, built for the tests
	chromium  string // the browser; "" when there is none
	allocCtx  context.Context
	// browserCtx is the one browser all tests open their tabs in.
	browserCtx context.Context
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	root = filepath.Clean(filepath.Join(wd, "..", ".."))
	tmp, err := os.MkdirTemp("", "browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	treatyBin = filepath.Join(tmp, "treaty")
	build := exec.Command("go", "build", "-o", treatyBin, "./cmd/treaty")
	build.Dir = root
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building treaty:", err)
		return 1
	}
	chromium = findChromium()
	if chromium == "" {
		return m.Run() // every browser test skips, saying why
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Pages opened from disk load their scripts from disk.
		chromedp.Flag("allow-file-access-from-files", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(1280, 800),
	}
	var cancel context.CancelFunc
	allocCtx, cancel = chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	var cancelBrowser context.CancelFunc
	browserCtx, cancelBrowser = chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Run(browserCtx); err != nil {
		fmt.Fprintf(os.Stderr, "browsertest: %s cannot start: %v\n", chromium, err)
		return 1
	}
	return m.Run()
}

// findChromium returns the path of a Chromium-like browser, or "".
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser opens a new tab for t, sized 1280×800, and saves a screenshot
// when t fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	if chromium == "" {
		t.Skip("no Chromium found (install Debian's chromium package or set CHROMIUM): the browser tests cannot run")
	}
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	require.NoError(t, chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(1280, 800, 1, false)))
	t.Cleanup(func() {
		if t.Failed() {
			saveScreenshot(t, ctx)
		}
		cancelTime()
		cancel()
	})
	return ctx
}

// saveScreenshot writes the tab's screenshot to the failure directory.
func saveScreenshot(t *testing.T, ctx context.Context) {
	dir := failureDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	var png []byte
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, chromedp.FullScreenshot(&png, 90)); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot of the failing page: %s", name)
}

// failureDir is where screenshots of failing pages go:
// $BROWSERTEST_FAILURES, else a folder in the temporary directory.
func failureDir() string {
	if dir := os.Getenv("BROWSERTEST_FAILURES"); dir != "" {
		return dir
	}
	return filepath.Join(os.TempDir(), "treatycond-browsertest-failures")
}

// serve starts `treaty explore` with args on a free loopback port and
// returns the page's URL.
func serve(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(treatyBin, append([]string{"explore", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = root
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "treaty explore printed no URL; stderr: %s", stderr.String())
	i := strings.Index(line, "http://")
	require.GreaterOrEqual(t, i, 0, "no URL in %q", line)
	url := strings.Fields(line[i:])[0]
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), "served on %s, not loopback", url)
	return url
}

// cell is one clause × reading of the grid, as the page shows it and as
// `treaty eval --format json` prints it.
type cell struct {
	Clause, Instance, Reading, Status, Value, Since, Missing, Reason string
	Disputed                                                         bool
}

// readGrid returns the page's grid.
func readGrid(t *testing.T, ctx context.Context) []cell {
	t.Helper()
	var cells []cell
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("#grid button.cell")).map(b => ({
		Clause: b.dataset.clause, Instance: b.dataset.instance || "", Reading: b.dataset.reading, Status: b.dataset.status, Value: b.dataset.value,
		Since: b.dataset.since, Missing: b.dataset.missing, Reason: b.dataset.reason, Disputed: b.dataset.disputed !== ""}))`, &cells)))
	sortCells(cells)
	return cells
}

func sortCells(cells []cell) {
	sort.Slice(cells, func(i, j int) bool {
		if cells[i].Clause != cells[j].Clause {
			return cells[i].Clause < cells[j].Clause
		}
		if cells[i].Instance != cells[j].Instance {
			return cells[i].Instance < cells[j].Instance
		}
		return cells[i].Reading < cells[j].Reading
	})
}

// evalCLI runs `treaty eval --format json` and returns its grid.
func evalCLI(t *testing.T, model, scenario, asOf string, set map[string]string) []cell {
	t.Helper()
	args := []string{"eval", model, "--format", "json"}
	if scenario != "" {
		args = append(args, "--scenario", scenario)
	}
	if asOf != "" {
		args = append(args, "--as-of", asOf)
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		args = append(args, "--set", n+"="+set[n])
	}
	cmd := exec.Command(treatyBin, args...)
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err, "treaty %s", strings.Join(args, " "))
	var rep struct {
		Results []struct {
			Clause, Instance, Reading, Status, Reason string
			Value                                     any
			Since                                     *string
			Missing                                   []string
		}
		Disputes []struct {
			Clause, Instance string
			Statuses         []struct{ Reading string }
		}
	}
	require.NoError(t, json.Unmarshal(out, &rep))
	disputed := map[[2]string]bool{}
	for _, d := range rep.Disputes {
		for _, s := range d.Statuses {
			disputed[[2]string{rowOf(d.Instance, d.Clause), s.Reading}] = true
		}
	}
	var cells []cell
	for _, r := range rep.Results {
		c := cell{Clause: r.Clause, Instance: r.Instance, Reading: r.Reading, Status: r.Status, Value: truthText(r.Value),
			Missing: strings.Join(r.Missing, ","), Reason: r.Reason, Disputed: disputed[[2]string{rowOf(r.Instance, r.Clause), r.Reading}]}
		if r.Since != nil {
			c.Since = *r.Since
		}
		cells = append(cells, c)
	}
	sortCells(cells)
	return cells
}

// truthText writes a report's value as the page does, whether the report
// gives it as "true"/"false"/"unknown" or as a JSON boolean or null.
func truthText(v any) string {
	switch v := v.(type) {
	case nil:
		return "unknown"
	case bool:
		return fmt.Sprint(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// waitIdle waits until the page has drawn the answer to its last request.
func waitIdle(ctx context.Context) chromedp.Action {
	return chromedp.Poll(`document.body.dataset.ready !== "0" && document.body.dataset.busy === "0"`, nil,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))
}

// act runs actions and waits for the page to re-evaluate. It logs how
// long the page took from request to drawn answer, as the page measured it.
func act(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	require.NoError(t, chromedp.Run(ctx, append(actions, waitIdle(ctx))...))
	var ms string
	if chromedp.Run(ctx, chromedp.Evaluate(`document.body.dataset.lastMs || ""`, &ms)) == nil && ms != "" {
		t.Logf("answer drawn in %s ms", ms)
	}
}

// setText types text into the control of a text fact, as a user would,
// and leaves the field (which commits the value).
func setText(sel, text string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Focus(sel, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).select()`, sel), nil),
		chromedp.SendKeys(sel, kb.Delete+text+kb.Enter, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event("change"))`, sel), nil),
	}
}

// setDate enters a date into the date field.
func setDate(date string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const i = document.getElementById("date-input"); i.value = %q; i.dispatchEvent(new Event("change")); })()`, date), nil)
}

// example is a model of examples/ with a scenario.
type example struct {
	name, model, scenario string
	facts                 []fact
	asOf                  string
	changes               []string
}

type fact struct{ Name, Type, Index string }

// examples lists every example model, with its first scenario.
func examples(t *testing.T) []example {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root, "examples", "*"))
	require.NoError(t, err)
	var out []example
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		var ex example
		ex.name = filepath.Base(dir)
		for _, f := range files {
			rel, _ := filepath.Rel(root, f)
			if strings.HasPrefix(filepath.Base(f), "scenario") {
				if ex.scenario == "" {
					ex.scenario = rel
				}
				continue
			}
			ex.model = rel
		}
		if ex.model == "" {
			continue
		}
		var m struct{ Facts []fact }
		data, err := os.ReadFile(filepath.Join(root, ex.model))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &m))
		ex.facts = m.Facts
		out = append(out, ex)
	}
	require.NotEmpty(t, out, "no example models found")
	return out
}

// pageInfo fetches the description of the model the server at url
// serves.
func pageInfo(t *testing.T, url string) (info struct {
	Model string
	Dates struct {
		Min, Max, Default string
		Changes           []string
	}
}) {
	t.Helper()
	resp, err := http.Get(url + "api/info")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&info))
	return info
}

// TestParity drives the page on every example model and checks, after
// each change, that the grid is what `treaty eval --format json` prints
// for the same scenario, fact values and date.
func TestParity(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			ctx := browser(t)
			url := serve(t, ex.model, "--scenario", ex.scenario)
			require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitIdle(ctx)))
			check := func(step, asOf string, set map[string]string) {
				t.Helper()
				want := evalCLI(t, ex.model, ex.scenario, asOf, set)
				got := readGrid(t, ctx)
				require.NotEmpty(t, got, "%s: empty grid", step)
				if d := cmp.Diff(want, got); d != "" {
					t.Fatalf("%s: grid differs from treaty eval (-eval +page):\n%s", step, d)
				}
			}
			check("as loaded", "", nil)

			// Toggle facts: the first boolean to true, the second to
			// unknown, and a value for the first fact of another type.
			set := map[string]string{}
			var bools []string
			for _, f := range ex.facts {
				if f.Type == "bool" {
					bools = append(bools, f.Name)
				}
			}
			if len(bools) > 0 {
				act(t, ctx, chromedp.Click(radio(bools[0], "true"), chromedp.ByQuery))
				set[bools[0]] = "true"
				check("after setting "+bools[0]+" to true", "", set)
			}
			if len(bools) > 1 {
				act(t, ctx, chromedp.Click(radio(bools[1], "unknown"), chromedp.ByQuery))
				set[bools[1]] = "unknown"
				check("after setting "+bools[1]+" to unknown", "", set)
			}
			for _, f := range ex.facts {
				// A scalar fact: not a bool, a set or an indexed fact
				// (a value per member, which a single text cannot set).
				value := map[string]string{"number": "60", "date": "1990-06-01", "string": "x"}[f.Type]
				if value == "" || f.Index != "" {
					continue
				}
				act(t, ctx, setText(textInput(f.Name), value))
				set[f.Name] = value
				check("after setting "+f.Name+" to "+value, "", set)
				break
			}

			// Move the date: to an early change date, then one day on
			// with the slider's keyboard.
			changes := pageInfo(t, url).Dates.Changes
			require.NotEmpty(t, changes)
			date := changes[len(changes)/2]
			act(t, ctx, setDate(date))
			check("as of "+date, date, set)
			act(t, ctx, chromedp.Focus("#date-slider", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight))
			var next string
			require.NoError(t, chromedp.Run(ctx, chromedp.Value("#date-input", &next, chromedp.ByQuery)))
			require.Greater(t, next, date, "the slider did not move the date")
			check("as of "+next+" (slider)", next, set)

			// Back to the scenario's value for the first boolean.
			if len(bools) > 0 {
				act(t, ctx, chromedp.Click(radio(bools[0], "scenario"), chromedp.ByQuery))
				delete(set, bools[0])
				check("after resetting "+bools[0], next, set)
			}
		})
	}
}

func radio(factName, value string) string {
	return fmt.Sprintf(`input[type=radio][data-fact=%q][value=%q]`, factName, value)
}

func textInput(factName string) string {
	return fmt.Sprintf(`input[type=text][data-fact=%q]`, factName)
}

// TestKurilTwoClicks is the README's guide: in the Kuril case as of
// December 2018, one click says a peace treaty is concluded (the troops
// stay, as in the scenario), and the grid shows Article 9 due under
// Japan's reading and not due under Russia's; a second click on Russia's
// cell explains why. With -screenshot it writes the README's screenshot.
func TestKurilTwoClicks(t *testing.T) {
	ctx := browser(t)
	url := serve(t, "examples/kuril/kuril.json", "--scenario", "examples/kuril/scenario-2018.json")
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitIdle(ctx)))
	act(t, ctx, chromedp.Click(radio("peace_treaty.concluded", "true"), chromedp.ByQuery))
	act(t, ctx, chromedp.Click(`button.cell[data-clause="jsd1956.art9.transfer"][data-reading="RU"]`, chromedp.ByQuery))

	status := func(reading string) string {
		var s string
		require.NoError(t, chromedp.Run(ctx, chromedp.AttributeValue(
			`button.cell[data-clause="jsd1956.art9.transfer"][data-reading="`+reading+`"]`, "data-status", &s, nil, chromedp.ByQuery)))
		return s
	}
	require.Equal(t, "due", status("JP"), "Japan's reading: the peace treaty is the only condition")
	require.Equal(t, "not_due", status("RU"), "Russia's reading adds the withdrawal of foreign troops")
	var explain, takes string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Text("#explain", &explain, chromedp.ByQuery),
		chromedp.Text("#takes", &takes, chromedp.ByQuery)))
	require.Contains(t, explain, "foreign_troops.withdrawn", "the explanation names the added condition")
	require.Contains(t, explain, "sumemo1960a", "and the memorandum that added it")
	require.Contains(t, takes, "Disputed region")

	var png []byte
	require.NoError(t, chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)))
	require.NotEmpty(t, png)
	if *updateScreenshot {
		name := filepath.Join(root, "internal", "explore", "testdata", "explore-kuril.png")
		require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(t, os.WriteFile(name, png, 0o644))
		t.Logf("wrote %s", name)
	}
}

// TestShareLink checks that the URL of a view, opened in a new tab,
// restores the same facts, date, selection and grid.
func TestShareLink(t *testing.T) {
	ctx := browser(t)
	url := serve(t, "examples/jcpoa/jcpoa.json", "--scenario", "examples/jcpoa/scenario-2019.json")
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitIdle(ctx)))
	act(t, ctx, chromedp.Click(radio("snapback.notified", "true"), chromedp.ByQuery))
	act(t, ctx, chromedp.Click(radio("iran.stopped_implementing", "unknown"), chromedp.ByQuery))
	act(t, ctx, setDate("2020-10-01"))
	var first string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("#grid button.cell").dataset.clause`, &first)))
	act(t, ctx, chromedp.Click(`#grid button.cell[data-clause="`+first+`"]:not([data-reading=""])`, chromedp.ByQuery))

	type view struct {
		Facts     map[string]string
		Date      string
		Selected  string
		Detail    string
		Grid      []cell
		Timeline  int
		WarningOn bool
	}
	read := func(ctx context.Context) view {
		var v view
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`(() => {
			const facts = {};
			for (const r of document.querySelectorAll("#facts input[type=radio]:checked")) facts[r.dataset.fact] = r.value;
			for (const i of document.querySelectorAll("#facts input[type=text]")) facts[i.dataset.fact] = i.value;
			const sel = document.querySelector('#grid button.cell[aria-pressed="true"]');
			return {Facts: facts, Date: document.getElementById("date-input").value,
				Selected: sel ? sel.dataset.clause + " " + sel.dataset.reading : "",
				Detail: document.getElementById("detail-title").textContent,
				Timeline: document.querySelectorAll("#timeline .track").length,
				WarningOn: !document.getElementById("warning").hidden};
		})()`, &v)))
		v.Grid = readGrid(t, ctx)
		return v
	}
	want := read(ctx)
	require.Equal(t, "true", want.Facts["snapback.notified"])
	require.Equal(t, "2020-10-01", want.Date)
	require.NotEmpty(t, want.Selected)
	require.Positive(t, want.Timeline)
	var link string
	require.NoError(t, chromedp.Run(ctx, chromedp.AttributeValue("#share-link", "href", &link, nil, chromedp.ByQuery)))
	require.Contains(t, link, "#")

	other, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	other, cancelTime := context.WithTimeout(other, 60*time.Second)
	defer cancelTime()
	require.NoError(t, chromedp.Run(other, emulation.SetDeviceMetricsOverride(1280, 800, 1, false), chromedp.Navigate(link), waitIdle(other)))
	got := read(other)
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("the share link %s restores a different view (-original +restored):\n%s", link, d)
	}
}

// TestBadInput types text into a number field and a date out of range:
// each shows an inline message next to its field, the page keeps
// working, and correcting the input clears the message.
func TestBadInput(t *testing.T) {
	ctx := browser(t)
	url := serve(t, "examples/saar/saar.json", "--scenario", "examples/saar/scenario-vote-counting.json")
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitIdle(ctx)))
	before := readGrid(t, ctx)

	field := textInput("plebiscite.germany")
	errSel := `.fact[data-fact="plebiscite.germany"] .field-error`
	act(t, ctx, setText(field, "many"))
	var msg, invalid string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Text(errSel, &msg, chromedp.ByQuery),
		chromedp.AttributeValue(field, "aria-invalid", &invalid, nil, chromedp.ByQuery)))
	require.Contains(t, msg, "not a number")
	require.Equal(t, "true", invalid)
	if d := cmp.Diff(before, readGrid(t, ctx)); d != "" {
		t.Fatalf("bad input changed the grid:\n%s", d)
	}

	act(t, ctx, setDate("1700-01-01"))
	var dateMsg string
	require.NoError(t, chromedp.Run(ctx, chromedp.Text("#date-error", &dateMsg, chromedp.ByQuery)))
	require.Contains(t, dateMsg, "out of range")

	// Correct both: the messages go and the grid is evaluated again.
	act(t, ctx, setText(field, "477119"), setDate("1935-02-01"))
	var after []string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`[document.querySelector(`+fmt.Sprintf("%q", errSel)+`).textContent, document.getElementById("date-error").textContent]`, &after)))
	require.Equal(t, []string{"", ""}, after)
	want := evalCLI(t, "examples/saar/saar.json", "examples/saar/scenario-vote-counting.json", "1935-02-01", map[string]string{"plebiscite.germany": "477119"})
	if d := cmp.Diff(want, readGrid(t, ctx)); d != "" {
		t.Fatalf("grid after correcting the input differs from treaty eval (-eval +page):\n%s", d)
	}
}

// TestBadLink opens a share link with a wrong model, an undeclared fact,
// a bad value, an unknown clause and a malformed date: the page says what
// it could not apply, marks the bad value and date inline, and goes on
// working.
func TestBadLink(t *testing.T) {
	ctx := browser(t)
	url := serve(t, "examples/kuril/kuril.json", "--scenario", "examples/kuril/scenario-2018.json")
	link := url + "#model=other.json&as_of=2018-02-30&set=no.such%3Dtrue&set=peace_treaty.concluded%3Dmaybe&clause=art10"
	var warning, factMsg, dateMsg string
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(link), waitIdle(ctx),
		chromedp.Text("#warning", &warning, chromedp.ByQuery),
		chromedp.Text(`.fact[data-fact="peace_treaty.concluded"] .field-error`, &factMsg, chromedp.ByQuery),
		chromedp.Text("#date-error", &dateMsg, chromedp.ByQuery)))
	require.Contains(t, warning, "other.json")
	require.Contains(t, warning, "no.such")
	require.Contains(t, warning, "art10")
	require.Contains(t, factMsg, "not true, false or unknown")
	require.Contains(t, dateMsg, "not a date")

	// Correcting both brings the grid back, equal to treaty eval.
	act(t, ctx, chromedp.Click(radio("peace_treaty.concluded", "false"), chromedp.ByQuery), setDate("2018-03-01"))
	want := evalCLI(t, "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json", "2018-03-01", map[string]string{"peace_treaty.concluded": "false"})
	if d := cmp.Diff(want, readGrid(t, ctx)); d != "" {
		t.Fatalf("grid after correcting the link's input differs from treaty eval (-eval +page):\n%s", d)
	}
}

// TestBadModel serves a model with problems: the page lists the same
// positioned problems as `treaty check`.
func TestBadModel(t *testing.T) {
	ctx := browser(t)
	data, err := os.ReadFile(filepath.Join(root, "examples", "kuril", "kuril.json"))
	require.NoError(t, err)
	bad := strings.Replace(string(data), `"bearer": "SU"`, `"bearer": "XX"`, 1)
	bad = strings.Replace(bad, `"condition": "peace_treaty.concluded"`, `"condition": "peace_treaty.concluded and"`, 1)
	require.NotEqual(t, string(data), bad)
	path := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o644))

	out, _ := exec.Command(treatyBin, "check", "--quiet", path).Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Greater(t, len(lines), 1)
	want := strings.Join(lines[:len(lines)-1], "\n") // without the summary line
	require.Contains(t, want, path+":")

	url := serve(t, path)
	var got string
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url),
		chromedp.Poll(`document.body.dataset.ready === "error"`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text("#error-lines", &got, chromedp.ByQuery)))
	require.Equal(t, want, strings.TrimSpace(got))
}

// TestPhoneWidth checks that the page fits a phone's width: nothing but
// the grid's own scroll box is wider than the screen.
func TestPhoneWidth(t *testing.T) {
	ctx := browser(t)
	url := serve(t, "examples/kuril/kuril.json", "--scenario", "examples/kuril/scenario-2018.json")
	var width, viewport int
	require.NoError(t, chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(390, 844, 2, true), chromedp.Navigate(url), waitIdle(ctx),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
		chromedp.Evaluate(`window.innerWidth`, &viewport)))
	require.LessOrEqual(t, width, viewport, "the page scrolls sideways at phone width")
}

// TestExport writes the page with --out and drives it from disk: the
// evaluator runs as WebAssembly in the page and agrees with treaty eval.
func TestExport(t *testing.T) {
	if chromium == "" {
		browser(t) // skips
	}
	dir := t.TempDir()
	cmd := exec.Command(treatyBin, "explore", "examples/kuril/kuril.json", "--scenario", "examples/kuril/scenario-2018.json", "--out", dir)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, f := range []string{"index.html", "app.js", "style.css", "config.js", "data.js", "wasm_exec.js", "treaty-wasm.js"} {
		require.FileExists(t, filepath.Join(dir, f))
	}
	ctx := browser(t)
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "index.html")), waitIdle(ctx)))
	var backend string
	require.NoError(t, chromedp.Run(ctx, chromedp.Text("#status", &backend, chromedp.ByQuery)))
	require.Contains(t, backend, "WebAssembly")
	model, scenario := "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json"
	if d := cmp.Diff(evalCLI(t, model, scenario, "", nil), readGrid(t, ctx)); d != "" {
		t.Fatalf("exported page as loaded differs from treaty eval (-eval +page):\n%s", d)
	}
	act(t, ctx, chromedp.Click(radio("peace_treaty.concluded", "true"), chromedp.ByQuery), setDate("1960-03-01"))
	want := evalCLI(t, model, scenario, "1960-03-01", map[string]string{"peace_treaty.concluded": "true"})
	if d := cmp.Diff(want, readGrid(t, ctx)); d != "" {
		t.Fatalf("exported page differs from treaty eval (-eval +page):\n%s", d)
	}
}

// TestKeyboard uses the page with the keyboard only: arrow keys move
// within a fact's choices (which re-evaluates), Enter on a grid cell
// selects it; and every control has a name for screen readers.
func TestKeyboard(t *testing.T) {
	ctx := browser(t)
	url := serve(t, "examples/kuril/kuril.json", "--scenario", "examples/kuril/scenario-2018.json")
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitIdle(ctx)))

	// The choices are scenario, true, false, unknown: from scenario, the
	// right arrow picks true.
	act(t, ctx, chromedp.Focus(radio("peace_treaty.concluded", "scenario"), chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight))
	want := evalCLI(t, "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json", "", map[string]string{"peace_treaty.concluded": "true"})
	if d := cmp.Diff(want, readGrid(t, ctx)); d != "" {
		t.Fatalf("after the arrow key the grid differs from treaty eval (-eval +page):\n%s", d)
	}

	cellSel := `button.cell[data-clause="jsd1956.art9.transfer"][data-reading="RU"]`
	act(t, ctx, chromedp.Focus(cellSel, chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	var pressed, title string
	var detailHidden bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.AttributeValue(cellSel, "aria-pressed", &pressed, nil, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("detail").hidden`, &detailHidden),
		chromedp.Text("#detail-title", &title, chromedp.ByQuery)))
	require.Equal(t, "true", pressed)
	require.False(t, detailHidden)
	require.Contains(t, title, "jsd1956.art9.transfer under RU")

	var unnamed []string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const out = [];
		for (const e of document.querySelectorAll("input, button, select, textarea, a[href]")) {
			const named = (e.labels && e.labels.length > 0 && e.labels[0].textContent.trim() !== "") ||
				(e.getAttribute("aria-label") || "").trim() !== "" || e.getAttribute("aria-labelledby") ||
				(e.tagName !== "INPUT" && e.textContent.trim() !== "");
			if (!named) out.push(e.outerHTML.slice(0, 120));
		}
		for (const s of document.querySelectorAll("svg")) {
			if (!s.getAttribute("aria-labelledby") && !s.getAttribute("aria-label")) out.push("svg without a name");
		}
		return out;
	})()`, &unnamed)))
	require.Empty(t, unnamed, "controls without a name for screen readers")
}

// TestTimelineClick selects a cell and clicks a period of its timeline:
// the date moves to the period's first day and the grid follows.
func TestTimelineClick(t *testing.T) {
	ctx := browser(t)
	model, scenario := "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json"
	url := serve(t, model, "--scenario", scenario)
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitIdle(ctx)))
	act(t, ctx, chromedp.Click(`button.cell[data-clause="jsd1956.art9.transfer"][data-reading="RU"]`, chromedp.ByQuery))
	seg := `#timeline .track[data-reading="RU"] .seg:nth-of-type(2)`
	var from string
	require.NoError(t, chromedp.Run(ctx, chromedp.AttributeValue(seg, "data-from", &from, nil, chromedp.ByQuery)))
	require.NotEmpty(t, from)
	act(t, ctx, chromedp.Click(seg, chromedp.ByQuery))
	var date string
	require.NoError(t, chromedp.Run(ctx, chromedp.Value("#date-input", &date, chromedp.ByQuery)))
	require.Equal(t, from, date)
	if d := cmp.Diff(evalCLI(t, model, scenario, from, nil), readGrid(t, ctx)); d != "" {
		t.Fatalf("grid after clicking the timeline differs from treaty eval (-eval +page):\n%s", d)
	}
}

// rowOf returns the grid row of a result or dispute: its clause instance,
// or its clause when it has none.
func rowOf(instance, clause string) string {
	if instance != "" {
		return instance
	}
	return clause
}
