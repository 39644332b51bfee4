//go:build js && wasm

// Command wasm is the evaluator of the explorer page compiled to
// WebAssembly, for pages written by `treaty explore --out`. It reads the
// model and scenario the page embeds (window.treatyData), and installs
// window.treatyExplore with two functions that take and return JSON text:
// info() and eval(request), the same as the live server's /api/info and
// /api/eval. It then calls window.treatyExploreReady().
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/treatycond/treatycond/internal/explore"
)

func main() {
	data := js.Global().Get("treatyData")
	file := func(key string) explore.File {
		v := data.Get(key)
		if v.IsUndefined() || v.IsNull() {
			return explore.File{}
		}
		return explore.File{Name: v.Get("name").String(), Data: []byte(v.Get("text").String())}
	}
	ex := explore.New(file("model"), file("scenario"))
	info, err := json.Marshal(ex.Info())
	if err != nil {
		info = []byte(`{"errors":["cannot encode the model description"]}`)
	}
	api := js.Global().Get("Object").New()
	api.Set("info", js.FuncOf(func(js.Value, []js.Value) any { return string(info) }))
	api.Set("eval", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 {
			return string(ex.EvalJSON(nil))
		}
		return string(ex.EvalJSON([]byte(args[0].String())))
	}))
	js.Global().Set("treatyExplore", api)
	if ready := js.Global().Get("treatyExploreReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep the functions alive
}
