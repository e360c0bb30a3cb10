package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/samples"
)

// parseDelay debounces parsing while someone types; a paste or a drop is
// parsed at once.
const parseDelay = 250 * time.Millisecond

// inspect reads what people paste or drop and shows every certificate and
// pin. Everything happens in this tab: nothing pasted is sent anywhere.
type inspect struct {
	app.Compo

	text     string
	bundle   *pinlib.Bundle
	took     time.Duration    // how long the last parse took
	removed  []pinlib.Warning // private keys taken out of what came in
	notes    []string         // what happened to dropped files and links
	open     map[int]bool     // certificate cards the person opened
	gen      int              // input generation: a later input wins
	reading  pendingRead      // a large input waiting for the first paint
	dragging bool
	link     string // the last share link made
	shareErr string // why no link could be made
	useErr   string // why a public key cannot be a backup pin
	rest     bool   // the parts below the pins table are drawn (tableFirst)
	release  func()
}

func (p *inspect) OnNav(ctx app.Context) {
	setPage(ctx, "Inspect", "Paste or drop a certificate chain and see every certificate and pin, computed in your browser.")
	if frag := ctx.Page().URL().Fragment; strings.HasPrefix(frag, shareParam) {
		p.loadShared(ctx, strings.TrimPrefix(frag, shareParam))
	}
}

func (p *inspect) OnMount(ctx app.Context) {
	if !app.IsClient {
		return
	}
	if p.bundle == nil && !strings.HasPrefix(ctx.Page().URL().Fragment, shareParam) {
		if size := workspaceSize(); size > 0 {
			gen := p.gen
			readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
				if gen != p.gen {
					return // something was pasted meanwhile
				}
				ws := loadWorkspace(ctx)
				p.removed = appendKeyWarnings(p.removed, ws.Removed...)
				if ws.Text != "" {
					p.setText(ctx, ws.Text)
				}
			})
		}
	}
	p.release = listenForDrops(ctx, func(dragging bool) { p.dragging = dragging }, p.addFiles)
}

func (p *inspect) OnDismount() {
	if p.release != nil {
		p.release()
	}
}

// loadShared restores a chain from a share link's fragment. The link is
// refused when over the caps (share.go), and private keys are cut out of
// each of its items before anything of it is shown or saved. The address
// bar then keeps only what was read (certificates and public keys), so a
// crafted link's other content, a key above all, leaves the URL.
func (p *inspect) loadShared(ctx app.Context, payload string) {
	inputs, size, problem := openShareLink(payload)
	if problem != "" {
		p.notes = []string{problem}
		replaceShareFragment(ctx, nil)
		return
	}
	p.gen++
	gen := p.gen
	readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
		if gen != p.gen {
			return
		}
		b, removed := redactInputs(inputs)
		p.removed = appendKeyWarnings(p.removed, removed...)
		if len(b.Certificates) == 0 && len(b.PublicKeys) == 0 {
			why := pinlib.Message(pinlib.ErrNoCertificate)
			if len(b.Errors) > 0 {
				why = pinlib.Message(b.Errors[0])
			}
			if len(b.Errors) > 1 {
				why += " (the first of several problems)"
			}
			p.notes = []string{"This share link holds no certificate: " + why + "."}
			replaceShareFragment(ctx, nil)
			return
		}
		p.setText(ctx, b.PEM())
		replaceShareFragment(ctx, b)
	})
}

// setText replaces the paste box and parses it.
func (p *inspect) setText(ctx app.Context, text string) {
	p.text = text
	p.gen++
	setFieldValue("paste", text)
	p.parse(ctx)
}

func (p *inspect) onInput(ctx app.Context, e app.Event) {
	p.text = ctx.JSSrc().Get("value").String()
	p.gen++
	switch e.Get("inputType").String() {
	case "insertFromPaste", "insertFromDrop":
		p.parse(ctx)
		return
	}
	gen := p.gen
	ctx.After(parseDelay, func(ctx app.Context) {
		if gen == p.gen {
			p.parse(ctx)
		}
	})
}

// parse reads the paste box with pinlib. Private keys are first cut out of
// the text, and out of the box itself, so they stay neither on screen nor
// in local storage. A large text is read after the next paint.
func (p *inspect) parse(ctx app.Context) {
	p.text = redactField("paste", "paste", p.text, &p.removed)
	p.link, p.shareErr = "", ""
	gen := p.gen
	readAfterPaint(ctx, len(p.text), &p.reading, func(ctx app.Context) {
		if gen == p.gen {
			p.read(ctx)
		}
	})
}

// read parses the (redacted) paste box and saves it as the workspace.
func (p *inspect) read(ctx app.Context) {
	start := time.Now()
	p.bundle = pinlib.Read(pinlib.Input{Name: "paste", Data: []byte(p.text)})
	p.took = time.Since(start)
	if len(p.bundle.Certificates) <= smallBundle {
		p.open = map[int]bool{}
		for i := range p.bundle.Certificates {
			p.open[i] = true
		}
	} else {
		p.open = map[int]bool{}
	}
	p.tableFirst(ctx)
	saveWorkspace(ctx, workspace{Text: p.text})
}

// tableFirst shows a bundle's pins table before the rest: warnings and
// cards for 144 roots take longer to draw than the table, and the pins
// are what people came for. The rest follows once the table is painted.
func (p *inspect) tableFirst(ctx app.Context) {
	p.rest = len(p.bundle.Certificates) <= smallBundle || !app.IsClient
	if p.rest {
		return
	}
	gen := p.gen
	ctx.Defer(func(ctx app.Context) {
		afterPaint(func() {
			ctx.Dispatch(func(ctx app.Context) {
				if gen == p.gen {
					p.rest = true
				}
			})
		})
	})
}

// smallBundle is how many certificates get their cards opened at once; a CA
// bundle of 140 roots starts as a list.
const smallBundle = 4

// addFiles appends dropped or picked files to the paste box, as PEM. Binary
// DER and PKCS#7 become readable text this way, and what a file held besides
// certificates and public keys (a private key, say) is cut out first. Large
// files are read after the next paint.
func (p *inspect) addFiles(ctx app.Context, files []droppedFile) {
	size := 0
	for _, f := range files {
		size += len(f.Data)
	}
	gen := p.gen
	readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
		if gen == p.gen {
			p.readFiles(ctx, files)
		}
	})
}

func (p *inspect) readFiles(ctx app.Context, files []droppedFile) {
	var add strings.Builder
	p.notes = nil
	for _, f := range files {
		if f.Err != nil {
			p.notes = append(p.notes, fmt.Sprintf("%s: %v.", f.Name, f.Err))
			continue
		}
		b, removed := redactInputs([]pinlib.Input{{Name: f.Name, Data: f.Data}})
		clear(f.Data)
		p.removed = appendKeyWarnings(p.removed, removed...)
		if err := b.Err(); err != nil {
			p.notes = append(p.notes, pinlib.Message(err))
			continue
		}
		fmt.Fprintf(&add, "# %s\n%s", f.Name, b.PEM())
		p.notes = append(p.notes, fmt.Sprintf("%s: added %s.", f.Name, count(len(b.Certificates), "certificate")+keysNote(len(b.PublicKeys))))
	}
	if add.Len() == 0 {
		return
	}
	text := p.text
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	p.setText(ctx, text+add.String())
}

func keysNote(n int) string {
	if n == 0 {
		return ""
	}
	return " and " + count(n, "public key")
}

func count(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func (p *inspect) loadSample(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		s, ok := samples.ByID(id)
		if !ok {
			return
		}
		inputs, err := s.Inputs(time.Now())
		if err != nil {
			p.notes = []string{err.Error()}
			return
		}
		p.notes = nil
		p.setText(ctx, pinlib.Read(inputs...).PEM())
	}
}

func (p *inspect) clearAll(ctx app.Context, e app.Event) {
	p.text, p.bundle, p.removed, p.notes, p.link, p.shareErr = "", nil, nil, nil, "", ""
	p.reading.cancel()
	p.gen++
	// go-app drops an empty value attribute rather than emptying the box.
	app.Window().GetElementByID("paste").Set("value", "")
	clearWorkspace(ctx)
	// Drop a share link's fragment too, so a reload starts empty.
	app.Window().Get("history").Call("replaceState", nil, "", ctx.Page().URL().Path)
}

func (p *inspect) pickFiles(ctx app.Context, e app.Event) {
	readFiles(ctx.JSSrc().Get("files"), func(files []droppedFile) {
		ctx.Dispatch(func(ctx app.Context) { p.addFiles(ctx, files) })
	})
	ctx.JSSrc().Set("value", "")
}

func (p *inspect) shareLink(ctx app.Context, e app.Event) {
	if p.bundle == nil || p.bundle.Err() != nil {
		return
	}
	p.link, p.shareErr = shareURL(*ctx.Page().URL(), p.bundle)
	if p.link != "" {
		writeClipboard(p.link, func(bool) {})
	}
}

func (p *inspect) sendTo(path string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		saveWorkspace(ctx, workspace{Text: p.text})
		ctx.Navigate(href(path))
	}
}

func (p *inspect) Render() app.UI {
	return shell("/inspect",
		app.H1().Text("Inspect"),
		app.P().Class("lead").Text("Paste or drop certificates in any form: PEM (with text around it), DER, base64, PKCS#7, openssl output, public keys. Every pin is computed in this tab; nothing you paste is sent anywhere."),
		app.If(p.dragging, func() app.UI {
			return app.Div().Class("drop-overlay").Aria("hidden", "true").Text("Drop certificate files to add them")
		}),
		p.renderInput(),
		p.renderResult(),
	)
}

func (p *inspect) renderInput() app.UI {
	return app.Section().Class("intake").Aria("label", "Input").Body(
		app.Label().For("paste").Class("field-label").Text("Certificates, chain, PKCS#7 or public keys"),
		app.Textarea().
			ID("paste").
			Class(p.pasteClass()).
			Rows(10).
			Spellcheck(false).
			Attr("autocomplete", "off").
			Attr("autocapitalize", "off").
			Placeholder("-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----").
			Text(p.text).
			OnInput(p.onInput),
		app.Div().Class("toolbar").Body(
			app.Label().Class("button secondary file-pick").Body(
				app.Text("Choose files…"),
				app.Input().Type("file").ID("file-input").Class("visually-hidden").Multiple(true).
					Accept(".pem,.crt,.cer,.der,.p7b,.p7c,.txt,.key,.pub").OnChange(p.pickFiles),
			),
			app.Button().Type("button").ID("clear").Class("button secondary").Text("Clear").
				Title("Empty the paste box and remove the saved workspace from this browser").
				OnClick(p.clearAll),
		),
		app.Div().Class("samples").Body(
			app.Span().Class("samples-label").Text("Samples:"),
			app.Range(samples.All).Slice(func(i int) app.UI {
				s := samples.All[i]
				return app.Button().Type("button").Class("button chip").ID("sample-" + s.ID).
					Title(s.Description).Text(s.Title).OnClick(p.loadSample(s.ID))
			}),
		),
		renderReading("reading", p.reading.size),
		p.renderInputProblems(),
	)
}

// pasteClass shrinks the paste box once something was read from it, so
// the pins come up the page; it grows again when focused.
func (p *inspect) pasteClass() string {
	if p.found() {
		return "paste compact"
	}
	return "paste"
}

// found says whether the input held a certificate or a public key.
func (p *inspect) found() bool {
	return p.bundle != nil && len(p.bundle.Certificates)+len(p.bundle.PublicKeys) > 0
}

// renderInputProblems sits right under the paste box: what could not be
// read, and where.
func (p *inspect) renderInputProblems() app.UI {
	var items []app.UI
	for _, w := range p.removed {
		items = append(items, keyRemovedItem(w))
	}
	if p.bundle != nil {
		for _, e := range p.bundle.Errors {
			items = append(items, app.Li().Class("problem input-error").Text(pinlib.Message(e)))
		}
		if err := p.bundle.Err(); err != nil && len(p.bundle.Errors) == 0 && strings.TrimSpace(p.text) != "" {
			items = append(items, app.Li().Class("problem input-error").Text(pinlib.Message(err)))
		}
	}
	for _, n := range p.notes {
		items = append(items, app.Li().Class("note").Text(n))
	}
	if len(items) == 0 {
		return app.Ul().ID("input-problems").Class("problems").Hidden(true)
	}
	return app.Ul().ID("input-problems").Class("problems").Role("alert").Body(items...)
}

func (p *inspect) renderResult() app.UI {
	b := p.bundle
	if !p.found() {
		// After an error there is something to show: the error, above.
		failed := b != nil && strings.TrimSpace(p.text) != "" || len(p.notes) > 0
		return app.Section().ID("result").Class("result empty").Body(
			app.If(!failed, func() app.UI {
				return app.P().ID("nothing-yet").Class("hint").Text("Nothing to show yet: paste a chain, drop files, or load a sample.")
			}),
		)
	}
	leafless := b.Leaf() == nil && len(b.Certificates) > 0
	pinLabel := "Pin this chain →"
	if leafless {
		pinLabel = "Pick a certificate to pin →"
	}
	table := &pinsTable{Bundle: b, Now: b.Now, Downloads: true, OnUseKey: p.useKey}
	if leafless {
		table.OnPin = p.pinThis
	}
	return app.Section().ID("result").Class("result").Aria("label", "Result").Body(
		app.Div().Class("result-head").Body(
			app.P().ID("summary").Class("summary").Text(summary(b, p.took)),
			app.Div().Class("toolbar").Body(
				app.Button().Type("button").ID("share").Class("button").Text("Copy link").
					Title("A link that carries these certificates in its #fragment, which browsers never send to servers").
					OnClick(p.shareLink),
				app.Button().Type("button").ID("send-pin").Class("button secondary").Text(pinLabel).OnClick(p.sendTo("/pin")),
				app.Button().Type("button").ID("send-simulate").Class("button secondary").Text("Simulate with it →").OnClick(p.sendTo("/simulate?chain=mine")),
			),
		),
		app.If(leafless, func() app.UI {
			return app.P().ID("leafless").Class("hint").Text("No leaf here: every pin is in the table. Pick a certificate to pin with its “Pin this” button, or on Pin.")
		}),
		app.If(p.useErr != "", func() app.UI {
			return app.P().ID("use-key-error").Class("problem").Role("alert").Body(shownText(p.useErr)...)
		}),
		table,
		app.If(p.shareErr != "", func() app.UI {
			return app.P().ID("share-error").Class("problem").Role("alert").Text(p.shareErr)
		}),
		app.If(p.link != "", func() app.UI {
			return app.P().Class("share-link").Body(
				app.Label().For("share-url").Text("Link copied. It holds the certificates themselves (no private keys):"),
				app.Input().ID("share-url").Class("mono").ReadOnly(true).Value(p.link),
			)
		}),
		app.If(p.rest, func() app.UI {
			return app.Div().Class("result-rest").Body(
				renderWarnings(b.Warnings),
				chainPicture("chain-picture", b, nil),
				&chainView{Bundle: b, Now: b.Now, Open: p.open, OnToggle: p.toggle},
				renderPublicKeys(b.PublicKeys),
			)
		}),
	)
}

func (p *inspect) toggle(i int, open bool) { p.open[i] = open }

// useKey takes a pasted public key to Pin as a backup pin, unless pinlib
// says it is the key of a certificate pasted with it.
func (p *inspect) useKey(ctx app.Context, k int) {
	saveWorkspace(ctx, workspace{Text: p.text})
	if err := addBackupToPinState(ctx, p.bundle, p.bundle.PublicKeys[k].Pins.SPKISHA256); err != nil {
		p.useErr = pinlib.Message(err)
		return
	}
	p.useErr = ""
	ctx.Navigate(href("/pin"))
}

// pinThis takes one certificate of a bundle without a leaf to Pin, as
// the one to pin.
func (p *inspect) pinThis(ctx app.Context, i int) {
	saveWorkspace(ctx, workspace{Text: p.text})
	pickInPinState(ctx, p.bundle, i)
	ctx.Navigate(href("/pin"))
}

// summary is the one line above the chain: what was found and how fast.
func summary(b *pinlib.Bundle, took time.Duration) string {
	parts := []string{count(len(b.Certificates), "certificate")}
	if len(b.PublicKeys) > 0 {
		parts = append(parts, count(len(b.PublicKeys), "public key"))
	}
	shape := map[pinlib.Shape]string{
		pinlib.ShapeChain:     "one chain",
		pinlib.ShapeChains:    "several chains",
		pinlib.ShapeUnrelated: "unrelated certificates (a bundle)",
	}[b.Shape]
	if shape != "" {
		parts = append(parts, shape)
	}
	return strings.Join(parts, " · ") + fmt.Sprintf(" · read in %d ms", took.Milliseconds())
}

func renderWarnings(ws []pinlib.Warning) app.UI {
	if len(ws) == 0 {
		return app.Text("")
	}
	return app.Section().ID("warnings").Class("warnings").Aria("label", "Warnings").Body(
		app.H2().Text("Worth knowing"),
		app.Ul().Body(app.Range(ws).Slice(func(i int) app.UI {
			w := ws[i]
			// Messages quote certificate names, which whoever made the
			// certificate chose: shown escaped, like the names themselves.
			body := append([]app.UI{app.Span().Class("severity").Text(severityLabel(w.Severity)), app.Text(" ")}, shownText(w.Message)...)
			return app.Li().Class("warning severity-"+string(w.Severity)).DataSet("code", w.Code).Body(body...)
		})),
	)
}

func severityLabel(s pinlib.Severity) string {
	switch s {
	case pinlib.SeverityWarning:
		return "Warning:"
	case pinlib.SeverityError:
		return "Error:"
	}
	return "Note:"
}

func renderPublicKeys(keys []*pinlib.PublicKey) app.UI {
	if len(keys) == 0 {
		return app.Text("")
	}
	return app.Section().ID("public-keys").Class("public-keys").Body(
		app.H2().Text("Public keys"),
		app.Range(keys).Slice(func(i int) app.UI {
			k := keys[i]
			return app.Article().Class("card key-card").Body(
				app.H3().Text(fmt.Sprintf("%s key (%s)", k.KeyType(), k.Block)),
				pinTable(k.Pins, false),
			)
		}),
	)
}
