package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// The workspace is what a person pasted, shared by Inspect, Pin and
// Simulate, and kept in this browser's local storage until they clear it.
// It never holds a private key: those are removed before it is saved.
const workspaceKey = "pinlab.workspace"

// shareParam starts the URL fragment of a share link. The fragment stays in
// the browser: it is never sent to a server.
const shareParam = "chain="

type workspace struct {
	Text string `json:"text"`
}

func loadWorkspace(ctx app.Context) workspace {
	var ws workspace
	if err := ctx.LocalStorage().Get(workspaceKey, &ws); err != nil {
		return workspace{}
	}
	return ws
}

func saveWorkspace(ctx app.Context, ws workspace) {
	if strings.TrimSpace(ws.Text) == "" {
		ctx.LocalStorage().Del(workspaceKey)
		return
	}
	ctx.LocalStorage().Set(workspaceKey, ws)
}

func clearWorkspace(ctx app.Context) {
	ctx.LocalStorage().Del(workspaceKey)
}

// readWorkspace parses the workspace text with pinlib.
func readWorkspace(ws workspace) *pinlib.Bundle {
	return pinlib.Read(pinlib.Input{Name: "paste", Data: []byte(ws.Text)})
}
