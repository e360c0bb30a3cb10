package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// onlineStatus shows a badge while the browser is offline. pinlab keeps
// working offline (the service worker serves it), so the badge informs; it
// does not warn.
type onlineStatus struct {
	app.Compo
	offline bool
	release func()
}

func (o *onlineStatus) OnMount(ctx app.Context) {
	if !app.IsClient {
		return
	}
	o.offline = !app.Window().Get("navigator").Get("onLine").Bool()
	set := func(offline bool) app.Func {
		return app.FuncOf(func(this app.Value, args []app.Value) any {
			ctx.Dispatch(func(app.Context) { o.offline = offline })
			return nil
		})
	}
	on, off := set(false), set(true)
	app.Window().Call("addEventListener", "online", on)
	app.Window().Call("addEventListener", "offline", off)
	o.release = func() {
		app.Window().Call("removeEventListener", "online", on)
		app.Window().Call("removeEventListener", "offline", off)
		on.Release()
		off.Release()
	}
}

func (o *onlineStatus) OnDismount() {
	if o.release != nil {
		o.release()
	}
}

func (o *onlineStatus) Render() app.UI {
	if !o.offline {
		return app.Span().ID("online-status").Class("status status-online").Aria("live", "polite").Text("")
	}
	return app.Span().ID("online-status").Class("status status-offline").Aria("live", "polite").
		Title("No network: pinlab keeps working from its offline copy").
		Text("Offline")
}
