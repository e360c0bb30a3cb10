package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// copyButton copies a value to the clipboard and says "Copied" for a
// moment, so people know it worked without looking away.
type copyButton struct {
	app.Compo
	Value  string // what goes to the clipboard
	Label  string // what it is, for screen readers: "Copy SPKI SHA-256 pin"
	copied bool
	failed bool
}

func (c *copyButton) Render() app.UI {
	text := "Copy"
	switch {
	case c.copied:
		text = "Copied"
	case c.failed:
		text = "Copy failed: select the text"
	}
	return app.Button().
		Type("button").
		Class("copy").
		Aria("label", c.Label).
		Title(c.Label).
		Text(text).
		OnClick(c.copy)
}

func (c *copyButton) copy(ctx app.Context, e app.Event) {
	writeClipboard(c.Value, func(ok bool) {
		ctx.Dispatch(func(ctx app.Context) {
			c.copied, c.failed = ok, !ok
			ctx.After(2*time.Second, func(ctx app.Context) { c.copied = false })
		})
	})
}

// writeClipboard writes text with the async Clipboard API and reports
// whether it worked. The API needs a secure context (https or localhost).
func writeClipboard(text string, done func(ok bool)) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(false)
		return
	}
	var then, catch app.Func
	release := func() { then.Release(); catch.Release() }
	then = app.FuncOf(func(app.Value, []app.Value) any { release(); done(true); return nil })
	catch = app.FuncOf(func(app.Value, []app.Value) any { release(); done(false); return nil })
	clip.Call("writeText", text).Call("then", then).Call("catch", catch)
}
