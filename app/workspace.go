package app

import (
	"encoding/json"
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

// workspaceHeader starts the stored workspace, which is the text itself
// after it, not JSON. At every start go-app reads every item of local
// storage and decodes it as JSON, looking for expired states
// (CleanupExpiredPersistedStates in its state.go): a JSON workspace cost
// the start about 30 ms per MB pasted, while an item that is not JSON from
// its first byte is given up at once. Older pinlab versions stored JSON
// ({"text": ...}); loadWorkspace reads that too, and saves it again in
// this form.
const workspaceHeader = "pinlab workspace\n"

// shareParam starts the URL fragment of a share link. The fragment stays in
// the browser: it is never sent to a server.
const shareParam = "chain="

type workspace struct {
	Text string `json:"text"`
	// Removed holds the private keys cut out of the stored text on load.
	Removed []pinlib.Warning `json:"-"`
}

func loadWorkspace(ctx app.Context) workspace {
	raw, ok := storedWorkspace()
	if !ok {
		return workspace{}
	}
	var ws workspace
	text, current := strings.CutPrefix(raw, workspaceHeader)
	if current {
		ws.Text = text
	} else if err := json.Unmarshal([]byte(raw), &ws); err != nil {
		return workspace{}
	}
	redacted, removed := pinlib.RedactPrivateKeys("saved workspace", ws.Text)
	if len(removed) > 0 || !current {
		ws.Text, ws.Removed = redacted, removed
		saveWorkspace(ctx, ws)
	}
	return ws
}

func saveWorkspace(ctx app.Context, ws workspace) {
	text, _ := pinlib.RedactPrivateKeys("workspace", ws.Text)
	if strings.TrimSpace(text) == "" {
		clearWorkspace(ctx)
		return
	}
	localStorage("setItem", workspaceKey, workspaceHeader+text)
}

func clearWorkspace(app.Context) {
	localStorage("removeItem", workspaceKey)
}

// storedWorkspace is the stored item as it is, if there is one.
func storedWorkspace() (string, bool) {
	item := localStorage("getItem", workspaceKey)
	if item == nil || !item.Truthy() {
		return "", false
	}
	return item.String(), true
}

// localStorage calls a method of the browser's local storage. It does
// nothing on the server, which prerenders pages without one, and a storage
// that refuses (full, or turned off) leaves the page working without it:
// the call then gives nil.
func localStorage(method string, args ...any) (v app.Value) {
	if !app.IsClient {
		return nil
	}
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	return app.Window().Get("localStorage").Call(method, args...)
}

// workspaceSize is the length of the stored workspace's text, measured in
// the browser: the text is copied into Go only once, by loadWorkspace after
// the page has painted, so a page can paint before it reads a large one.
// The length is in UTF-16 units, bytes for the ASCII of PEM.
func workspaceSize() int {
	item := localStorage("getItem", workspaceKey)
	if item == nil || !item.Truthy() {
		return 0
	}
	// A JS string has no properties to Go's js.Value: its String object has.
	s := app.Window().Call("Object", item)
	n := s.Get("length").Int()
	if s.Call("startsWith", workspaceHeader).Bool() {
		n -= len(workspaceHeader)
	}
	return n
}

// readWorkspace parses the workspace text with pinlib.
func readWorkspace(ws workspace) *pinlib.Bundle {
	return pinlib.Read(pinlib.Input{Name: "paste", Data: []byte(ws.Text)})
}
