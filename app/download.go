package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// downloadButton saves content as a file, made in the browser from memory:
// nothing is fetched and nothing is uploaded.
func downloadButton(id, label, filename string, content []byte) app.UI {
	b := app.Button().Type("button").Class("button secondary").Text(label).OnClick(func(ctx app.Context, e app.Event) {
		saveFile(filename, content)
	})
	if id != "" {
		b = b.ID(id)
	}
	return b
}

func saveFile(filename string, content []byte) {
	arr := app.Window().Get("Uint8Array").New(len(content))
	app.CopyBytesToJS(arr, content)
	blob := app.Window().Get("Blob").New([]any{arr}, map[string]any{"type": "application/octet-stream"})
	u := app.Window().Get("URL").Call("createObjectURL", blob)
	a := app.Window().Get("document").Call("createElement", "a")
	a.Set("href", u)
	a.Set("download", filename)
	a.Call("click")
	app.Window().Get("URL").Call("revokeObjectURL", u)
}
