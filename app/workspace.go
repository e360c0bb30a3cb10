package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// The workspace is what a person pasted, shared by Inspect, Pin, Simulate
// and Check, and kept in this browser's local storage until they clear it.
// It never holds a private key: the text is redacted on its way in and
// again on its way out, so a workspace saved by an older pinlab (or edited
// by hand) is cleaned the first time a page reads it.
const workspaceKey = "pinlab.workspace"

// shareParam starts the URL fragment of a share link. The fragment stays in
// the browser: it is never sent to a server.
const shareParam = "chain="

type workspace struct {
	Text string `json:"text"`
	// Removed holds the private keys cut out of the stored text on load.
	Removed []pinlib.Warning `json:"-"`
}

func loadWorkspace(ctx app.Context) workspace {
	var ws workspace
	if err := ctx.LocalStorage().Get(workspaceKey, &ws); err != nil {
		return workspace{}
	}
	if text, removed := pinlib.RedactPrivateKeys("saved workspace", ws.Text); len(removed) > 0 {
		ws.Text, ws.Removed = text, removed
		saveWorkspace(ctx, ws)
	}
	return ws
}

func saveWorkspace(ctx app.Context, ws workspace) {
	text, _ := pinlib.RedactPrivateKeys("workspace", ws.Text)
	if strings.TrimSpace(text) == "" {
		ctx.LocalStorage().Del(workspaceKey)
		return
	}
	ctx.LocalStorage().Set(workspaceKey, workspace{Text: text})
}

func clearWorkspace(ctx app.Context) {
	ctx.LocalStorage().Del(workspaceKey)
}

// workspaceSize is the length of the stored workspace, measured without
// decoding it, so a page can paint before it reads a large one.
func workspaceSize() int {
	if !app.IsClient {
		return 0
	}
	item := app.Window().Get("localStorage").Call("getItem", workspaceKey)
	if !item.Truthy() {
		return 0
	}
	return len(item.String()) // Length panics on a JS string: it is not an object
}

// readWorkspace parses the workspace text with pinlib.
func readWorkspace(ws workspace) *pinlib.Bundle {
	return pinlib.Read(pinlib.Input{Name: "paste", Data: []byte(ws.Text)})
}
