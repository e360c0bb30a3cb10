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
	saveTypedFile(filename, "application/octet-stream", content)
}

// saveTypedFile downloads content as filename through a Blob and an object
// URL: a link to it is followed as a download, which the CSP's
// default-src does not govern, so nothing needs a blob: source. The URL is
// revoked a minute later, not at once: Firefox cancels a download whose
// URL is revoked while it starts.
func saveTypedFile(filename, mime string, content []byte) {
	arr := app.Window().Get("Uint8Array").New(len(content))
	app.CopyBytesToJS(arr, content)
	blob := app.Window().Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	u := app.Window().Get("URL").Call("createObjectURL", blob)
	a := app.Window().Get("document").Call("createElement", "a")
	a.Set("href", u)
	a.Set("download", filename)
	a.Call("click")
	var revoke app.Func
	revoke = app.FuncOf(func(app.Value, []app.Value) any {
		app.Window().Get("URL").Call("revokeObjectURL", u)
		revoke.Release()
		return nil
	})
	app.Window().Call("setTimeout", revoke, 60000)
}
