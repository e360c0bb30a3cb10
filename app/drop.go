package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// listenForDrops lets people drop files anywhere on the page, not just on a
// small target. It returns a func that removes the listeners.
func listenForDrops(ctx app.Context, dragging func(bool), add func(app.Context, []droppedFile)) func() {
	doc := app.Window().Get("document")
	hasFiles := func(e app.Value) bool {
		types := e.Get("dataTransfer").Get("types")
		for i := 0; i < types.Length(); i++ {
			if types.Index(i).String() == "Files" {
				return true
			}
		}
		return false
	}
	over := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if hasFiles(args[0]) {
			args[0].Call("preventDefault")
			ctx.Dispatch(func(app.Context) { dragging(true) })
		}
		return nil
	})
	leave := app.FuncOf(func(_ app.Value, args []app.Value) any {
		// Leaving the window: relatedTarget is null.
		if args[0].Get("relatedTarget").IsNull() {
			ctx.Dispatch(func(app.Context) { dragging(false) })
		}
		return nil
	})
	drop := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if !hasFiles(args[0]) {
			return nil // text dropped on the paste box: the textarea takes it
		}
		args[0].Call("preventDefault")
		ctx.Dispatch(func(app.Context) { dragging(false) })
		readFiles(args[0].Get("dataTransfer").Get("files"), func(files []droppedFile) {
			ctx.Dispatch(func(ctx app.Context) { add(ctx, files) })
		})
		return nil
	})
	doc.Call("addEventListener", "dragover", over)
	doc.Call("addEventListener", "dragleave", leave)
	doc.Call("addEventListener", "drop", drop)
	return func() {
		doc.Call("removeEventListener", "dragover", over)
		doc.Call("removeEventListener", "dragleave", leave)
		doc.Call("removeEventListener", "drop", drop)
		over.Release()
		leave.Release()
		drop.Release()
	}
}
