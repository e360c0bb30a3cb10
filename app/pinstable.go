package app

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// pinsTable is every pin of a bundle at a glance, one row per certificate
// and per public key: role, name, expiry, SPKI SHA-256 pin and a copy
// button. Every pin is readable without a click, the 142 roots of a CA
// bundle too; the cards below it keep the details. With many rows it
// grows a filter box, and it can offer the pins as one copy and as the
// files `pinlab pins` writes.
type pinsTable struct {
	app.Compo

	Bundle *pinlib.Bundle
	Now    time.Time
	// Downloads adds "Copy all pins" and the CSV, JSON and text downloads.
	Downloads bool
	// Picks and OnPick make the first column checkboxes: Pin's choice of
	// what to pin among a bundle's certificates.
	Picks  map[int]bool
	OnPick func(ctx app.Context, index int, on bool)
	// OnPin adds "Pin this" to each certificate, for inputs without a leaf.
	OnPin func(ctx app.Context, index int)
	// OnUseKey adds "Use as backup pin" to each public key.
	OnUseKey func(ctx app.Context, key int)

	filter string
	copied string // the row whose pin was just copied: "c3", "k0", "all"
	failed string
}

// Every row's handlers read what they act on from the element's data
// attributes, never from a closure: go-app keeps the first handler of an
// element as long as the function's code is the same, so a closure would
// still see the row that was there before the filter changed.

// filterFrom is how many certificates make the filter box worth showing.
const filterFrom = smallBundle + 1

func (t *pinsTable) Render() app.UI {
	b := t.Bundle
	if b == nil || len(b.Certificates)+len(b.PublicKeys) == 0 {
		return app.Text("")
	}
	certs, keys := t.shown()
	return app.Section().ID("pins-overview").Class("pins-overview").Aria("label", "Pins").Body(
		t.renderTools(certs, keys),
		app.Div().Class("table-scroll").Body(app.Table().ID("pins-table").Class("pins-table").Body(
			app.THead().Body(app.Tr().Body(
				app.If(t.OnPick != nil, func() app.UI { return app.Th().Scope("col").Text("Pin") }),
				app.Th().Scope("col").Text("#"),
				app.Th().Scope("col").Text("Role"),
				app.Th().Scope("col").Text("Name"),
				app.Th().Scope("col").Text("Expires"),
				app.Th().Scope("col").Text("SPKI SHA-256 pin (base64)"),
				app.Th().Scope("col").Body(app.Span().Class("visually-hidden").Text("Actions")),
			)),
			app.TBody().Body(
				app.Range(certs).Slice(func(i int) app.UI { return t.certRow(certs[i]) }),
				app.Range(keys).Slice(func(i int) app.UI { return t.keyRow(keys[i]) }),
			),
		)),
		app.If(len(certs)+len(keys) == 0, func() app.UI {
			return app.P().ID("pins-none").Class("hint").Text("No pin matches the filter.")
		}),
	)
}

// shown are the rows the filter lets through: certificates, and the
// indexes of the public keys.
func (t *pinsTable) shown() ([]*pinlib.Certificate, []int) {
	q := strings.ToLower(strings.TrimSpace(t.filter))
	var certs []*pinlib.Certificate
	for _, c := range t.Bundle.Certificates {
		if q == "" || certMatches(c, q) {
			certs = append(certs, c)
		}
	}
	var keys []int
	for i, k := range t.Bundle.PublicKeys {
		if q == "" || strings.Contains("public key "+strings.ToLower(k.KeyType()+" "+k.Pins.SPKISHA256Base64()), q) {
			keys = append(keys, i)
		}
	}
	return certs, keys
}

// certMatches is the filter: a part of the name, subject, role, pin or
// index, in any case.
func certMatches(c *pinlib.Certificate, q string) bool {
	for _, s := range []string{c.Name(), c.Subject(), string(c.Role), c.Pins.SPKISHA256Base64(), "#" + strconv.Itoa(c.Index)} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

func (t *pinsTable) renderTools(certs []*pinlib.Certificate, keys []int) app.UI {
	total := len(t.Bundle.Certificates) + len(t.Bundle.PublicKeys)
	if !t.Downloads && total < filterFrom {
		return app.Text("")
	}
	pins := t.pinsOf(certs, keys)
	label := "Copy all " + strconv.Itoa(len(pins)) + " pins"
	if len(pins) < total {
		label = "Copy the " + strconv.Itoa(len(pins)) + " pins shown"
	}
	if len(pins) == 1 {
		label = "Copy the pin"
	}
	return app.Div().ID("pins-tools").Class("toolbar pins-tools").Body(
		app.If(total >= filterFrom, func() app.UI {
			return app.Span().Class("pins-filter").Body(
				app.Label().For("pins-filter").Class("visually-hidden").Text("Filter the pins by name, role or pin"),
				app.Input().Type("search").ID("pins-filter").Placeholder("Filter by name, role or pin").
					Attr("autocomplete", "off").Value(t.filter).
					OnInput(func(ctx app.Context, e app.Event) { t.filter = ctx.JSSrc().Get("value").String() }),
			)
		}),
		app.If(t.Downloads, func() app.UI {
			return app.Span().Class("pins-actions").Body(
				app.Button().Type("button").ID("copy-all-pins").Class("button secondary").Disabled(len(pins) == 0).
					Title("One SPKI SHA-256 pin (base64) per line, in the order shown").
					Text(t.copyText("all", label)).OnClick(t.copyAll),
				t.download("download-pins-csv", "CSV", "pins.csv", "text/csv", func() ([]byte, error) { return []byte(t.Bundle.PinsCSV()), nil }),
				t.download("download-pins-json", "JSON", "pins.json", "application/json", t.Bundle.ReportJSON),
				t.download("download-pins-text", "Text", "pins.txt", "text/plain", func() ([]byte, error) { return []byte(t.Bundle.PinTable()), nil }),
			)
		}),
	)
}

// download is a button that saves the bundle's pins as `pinlab pins`
// writes them (made on click: 142 roots make some 200 KB of JSON).
func (t *pinsTable) download(id, label, filename, mime string, content func() ([]byte, error)) app.UI {
	return app.Button().Type("button").ID(id).Class("button secondary").
		Title("Download " + filename + ": the same bytes as pinlab pins" + map[string]string{"pins.json": " --json", "pins.csv": " writes as CSV"}[filename]).
		Text("Download " + label).OnClick(func(ctx app.Context, e app.Event) {
		data, err := content()
		if err != nil {
			return // a plain struct always encodes; nothing to offer instead
		}
		saveTypedFile(filename, mime, data)
	})
}

func (t *pinsTable) certRow(c *pinlib.Certificate) app.UI {
	l := c.LifetimeAt(t.Now)
	expires := c.Cert.NotAfter.UTC().Format("2006-01-02")
	pin := c.Pins.SPKISHA256Base64()
	key := "c" + strconv.Itoa(c.Index)
	pickID := "pick-" + strconv.Itoa(c.Index)
	index := strconv.Itoa(c.Index)
	row := app.Tr().ID("pin-row-"+index).Class("role-"+string(c.Role)).DataSet("index", c.Index)
	if t.OnPick != nil {
		row = row.Class("choice")
	}
	return row.Body(
		app.If(t.OnPick != nil, func() app.UI {
			return app.Td().Body(checkInput(app.Input().Type("checkbox").ID(pickID), t.Picks[c.Index]).
				Aria("label", "Pin "+c.Name()).DataSet("index", index).OnChange(t.picked))
		}),
		app.Td().Class("num").Text(strconv.Itoa(c.Index)),
		app.Td().Body(app.Span().Class("role-badge").Text(string(c.Role))),
		app.Td().Class("cert-name").Body(shownText(c.Name())...),
		app.Td().Class("expires").Body(
			app.Time().DateTime(expires).Text(expires),
			app.If(l.Status == pinlib.Expired, func() app.UI { return app.Span().Class("badge badge-bad").Text("expired") }),
		),
		app.Td().Body(app.Code().Class("pin-value").Text(pin)),
		app.Td().Class("row-actions").Body(
			app.Button().Type("button").Class("copy").Aria("label", "Copy the pin of "+c.Name()).
				DataSet("key", key).DataSet("pin", pin).Text(t.copyText(key, "Copy")).OnClick(t.copyRow),
			app.If(t.OnPin != nil, func() app.UI {
				return app.Button().Type("button").ID("pin-this-"+index).Class("copy").
					Aria("label", "Pin "+c.Name()).DataSet("index", index).Text("Pin this →").OnClick(t.pinThis)
			}),
		),
	)
}

func (t *pinsTable) keyRow(i int) app.UI {
	k := t.Bundle.PublicKeys[i]
	pin := k.Pins.SPKISHA256Base64()
	key := "k" + strconv.Itoa(i)
	return app.Tr().ID("key-row-"+strconv.Itoa(i)).Class("role-key").Body(
		app.If(t.OnPick != nil, func() app.UI { return app.Td() }),
		app.Td().Class("num").Text("–"),
		app.Td().Body(app.Span().Class("role-badge").Text("public key")),
		app.Td().Text(k.KeyType()),
		app.Td().Text("–"),
		app.Td().Body(app.Code().Class("pin-value").Text(pin)),
		app.Td().Class("row-actions").Body(
			app.Button().Type("button").Class("copy").Aria("label", "Copy the pin of this "+k.KeyType()+" key").
				DataSet("key", key).DataSet("pin", pin).Text(t.copyText(key, "Copy")).OnClick(t.copyRow),
			app.If(t.OnUseKey != nil, func() app.UI {
				return app.Button().Type("button").ID("use-key-"+strconv.Itoa(i)).Class("copy").
					Title("Add this key's pin to Pin's backup pins: the key you will move to").
					DataSet("index", i).Text("Use as backup pin →").OnClick(t.useKey)
			}),
		),
	)
}

// dataIndex is the data-index of the element an event came from.
func dataIndex(ctx app.Context) (int, bool) {
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("index").String())
	return i, err == nil
}

func (t *pinsTable) picked(ctx app.Context, e app.Event) {
	if i, ok := dataIndex(ctx); ok && t.OnPick != nil {
		t.OnPick(ctx, i, ctx.JSSrc().Get("checked").Bool())
	}
}

func (t *pinsTable) pinThis(ctx app.Context, e app.Event) {
	if i, ok := dataIndex(ctx); ok && t.OnPin != nil {
		t.OnPin(ctx, i)
	}
}

func (t *pinsTable) useKey(ctx app.Context, e app.Event) {
	if i, ok := dataIndex(ctx); ok && t.OnUseKey != nil && i < len(t.Bundle.PublicKeys) {
		t.OnUseKey(ctx, i)
	}
}

// copyRow copies the pin of the row the button is in.
func (t *pinsTable) copyRow(ctx app.Context, e app.Event) {
	d := ctx.JSSrc().Get("dataset")
	t.copy(ctx, d.Get("key").String(), d.Get("pin").String())
}

// copyAll copies the pins the filter shows, one per line.
func (t *pinsTable) copyAll(ctx app.Context, e app.Event) {
	t.copy(ctx, "all", strings.Join(t.pinsOf(t.shown()), "\n"))
}

// pinsOf is the SPKI SHA-256 pins of the rows shown, in their order: what
// "Copy all pins" copies and counts.
func (t *pinsTable) pinsOf(certs []*pinlib.Certificate, keys []int) []string {
	pins := make([]string, 0, len(certs)+len(keys))
	for _, c := range certs {
		pins = append(pins, c.Pins.SPKISHA256Base64())
	}
	for _, k := range keys {
		pins = append(pins, t.Bundle.PublicKeys[k].Pins.SPKISHA256Base64())
	}
	return pins
}

// copy writes value to the clipboard and marks the button it came from.
func (t *pinsTable) copy(ctx app.Context, key, value string) {
	writeClipboard(value, func(ok bool) {
		ctx.Dispatch(func(ctx app.Context) {
			t.copied, t.failed = "", ""
			if ok {
				t.copied = key
			} else {
				t.failed = key
			}
			ctx.After(2*time.Second, func(ctx app.Context) {
				if t.copied == key {
					t.copied = ""
				}
			})
		})
	})
}

func (t *pinsTable) copyText(key, label string) string {
	switch key {
	case t.copied:
		return "Copied"
	case t.failed:
		return "Copy failed: select the text"
	}
	return label
}
