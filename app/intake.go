package app

import (
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// Every text that enters the app (a paste, a dropped or picked file, a
// share link, the workspace, Check's and Pin's boxes) goes through
// pinlib.RedactPrivateKeys before it is shown, saved or passed on. pinlib
// decides what is a private key; the app only makes sure nothing skips it.

// largeInput is the size from which an input is read only after the page
// has painted, with "Reading N KB…" on screen. In headless Chromium the
// 215 KB of Debian's 142 roots read in about 140 ms, so 64 KB is some
// 40 ms, below a person's notice; a saved 4 MB paste read before the first
// paint would leave a blank, frozen tab for seconds.
const largeInput = 64 << 10

// redactInputs cuts private keys out of each input (a dropped file, an
// item of a share link) and reads what is left with pinlib. The warnings
// are RedactPrivateKeys', plus any private key pinlib's reader itself set
// aside, so the page always says a key was discarded.
func redactInputs(inputs []pinlib.Input) (*pinlib.Bundle, []pinlib.Warning) {
	var removed []pinlib.Warning
	clean := make([]pinlib.Input, len(inputs))
	for i, in := range inputs {
		text, ws := pinlib.RedactPrivateKeys(in.Name, string(in.Data))
		removed = append(removed, ws...)
		clean[i] = pinlib.Input{Name: in.Name, Data: []byte(text)}
	}
	b := pinlib.Read(clean...)
	return b, appendKeyWarnings(removed, b.Warnings...)
}

// appendKeyWarnings adds the private-key warnings among ws that list does
// not hold yet: pasting the same key twice says so once.
func appendKeyWarnings(list []pinlib.Warning, ws ...pinlib.Warning) []pinlib.Warning {
	for _, w := range ws {
		if w.Code != pinlib.CodePrivateKeyDiscarded {
			continue
		}
		if !slices.ContainsFunc(list, func(x pinlib.Warning) bool { return x.Message == w.Message }) {
			list = append(list, w)
		}
	}
	return list
}

// redactField cuts private keys out of text, the content of the box with
// the given id, adds their warnings to *removed and, when anything was
// cut, writes the box itself.
func redactField(id, name, text string, removed *[]pinlib.Warning) string {
	redacted, ws := pinlib.RedactPrivateKeys(name, text)
	if len(ws) > 0 {
		*removed = appendKeyWarnings(*removed, ws...)
		setFieldValue(id, redacted)
	}
	return redacted
}

// setFieldValue writes a textarea's or input's DOM value. go-app skips a
// value it believes unchanged: after a second paste of the same key, the
// redacted text equals the last one rendered, so without this the box
// would keep the key while the page says it was removed.
func setFieldValue(id, value string) {
	if !app.IsClient {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("value", value)
	}
}

// renderKeysRemoved lists the private keys cut out of one box, under it.
func renderKeysRemoved(id string, ws []pinlib.Warning) app.UI {
	if len(ws) == 0 {
		return app.Ul().ID(id).Class("problems").Hidden(true)
	}
	return app.Ul().ID(id).Class("problems").Role("alert").Body(app.Range(ws).Slice(func(i int) app.UI {
		return keyRemovedItem(ws[i])
	}))
}

func keyRemovedItem(w pinlib.Warning) app.UI {
	return app.Li().Class("problem key-removed").Body(app.Strong().Text("Private key removed. "), app.Text(w.Message))
}

// pendingRead is a large input waiting for the first paint: its size, for
// the "Reading N KB…" status, and which read is the latest, so that an
// earlier one still waiting for its paint neither runs nor clears the
// status of the one that replaced it.
type pendingRead struct {
	size int
	gen  int
}

// cancel drops the read still waiting, if any.
func (r *pendingRead) cancel() {
	r.gen++
	r.size = 0
}

// readAfterPaint runs read at once for a small input. For a large one it
// sets r's size, lets the browser paint the page with that status, and
// only then runs read: the tab is never frozen blank. A later call wins: a
// read still waiting from an earlier one never runs.
func readAfterPaint(ctx app.Context, size int, r *pendingRead, read func(app.Context)) {
	r.cancel()
	gen := r.gen
	if size <= largeInput || !app.IsClient {
		read(ctx)
		return
	}
	// Dispatch, not Defer alone: a page's OnMount runs outside go-app's
	// update cycle, where a deferred function would wait for the next event.
	ctx.Dispatch(func(ctx app.Context) {
		if gen != r.gen {
			return
		}
		r.size = size
		ctx.Defer(func(ctx app.Context) {
			afterPaint(func() {
				ctx.Dispatch(func(ctx app.Context) {
					if gen != r.gen {
						return // a later input took over
					}
					r.size = 0
					read(ctx)
				})
			})
		})
	})
}

// afterPaint calls f once the browser has painted the next frame: a
// timeout set from an animation frame callback runs after that frame.
func afterPaint(f func()) {
	var frame, timeout app.Func
	timeout = app.FuncOf(func(app.Value, []app.Value) any {
		frame.Release()
		timeout.Release()
		f()
		return nil
	})
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		app.Window().Call("setTimeout", timeout, 0)
		return nil
	})
	app.Window().Call("requestAnimationFrame", frame)
}

// renderReading is the status shown while a large input waits its turn.
func renderReading(id string, size int) app.UI {
	if size == 0 {
		return app.Text("")
	}
	return app.P().ID(id).Class("hint reading").Role("status").Text(fmt.Sprintf("Reading %s…", kilobytes(size)))
}

// kilobytes writes a size for people: "215 KB", "3.8 MB".
func kilobytes(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
