package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// droppedFile is one file read in the browser. Its bytes never leave it.
type droppedFile struct {
	Name string
	Data []byte
	Err  error
}

// readFiles reads a JS FileList (from a drop or a file picker) into Go, and
// calls done once with every file, in order.
func readFiles(list app.Value, done func([]droppedFile)) {
	n := list.Length()
	if n == 0 {
		done(nil)
		return
	}
	out := make([]droppedFile, n)
	left := n
	for i := 0; i < n; i++ {
		file := list.Index(i)
		out[i].Name = file.Get("name").String()
		var then, catch app.Func
		release := func() { then.Release(); catch.Release() }
		finish := func() {
			release()
			if left--; left == 0 {
				done(out)
			}
		}
		i := i
		then = app.FuncOf(func(_ app.Value, args []app.Value) any {
			buf := app.Window().Get("Uint8Array").New(args[0])
			out[i].Data = make([]byte, buf.Length())
			app.CopyBytesToGo(out[i].Data, buf)
			finish()
			return nil
		})
		catch = app.FuncOf(func(_ app.Value, args []app.Value) any {
			out[i].Err = errFileUnreadable
			finish()
			return nil
		})
		file.Call("arrayBuffer").Call("then", then).Call("catch", catch)
	}
}
