package app

import (
	"crypto/rand"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// Pin's step 2: backup pins, typed, taken from a pasted public key, or
// generated here. Only their public pins are kept; pinlib refuses a key
// that is already in the chain, and says whose it is.

func (p *pinPage) renderBackups() app.UI {
	return app.Section().ID("backups").Class("backups").Body(
		app.H2().Text("2. Backup pins"),
		app.P().Text("A backup pin is the hash of a key that is not in the chain yet: the key you will move to. Ship it now, so a rotation does not lock your users out."),
		app.Div().Class("toolbar").Body(
			app.Label().For("backup-pin").Class("visually-hidden").Text("Backup pin (base64 SHA-256)"),
			app.Input().ID("backup-pin").Class("mono grow").Placeholder("base64 SPKI SHA-256, e.g. from another certificate's card").
				Value(p.backupInput).OnInput(func(ctx app.Context, e app.Event) { p.setBackupInput(ctx.JSSrc().Get("value").String()) }),
			app.Button().Type("button").ID("add-backup").Class("button secondary").Text("Add").OnClick(p.addBackup),
		),
		renderKeysRemoved("backup-removed", p.backupRemoved),
		app.If(p.backupErr != "", func() app.UI {
			return app.P().ID("backup-error").Class("problem").Role("alert").Body(shownText(p.backupErr)...)
		}),
		p.renderBundleKeys(),
		app.Div().Class("toolbar").Body(
			app.Label().For("key-alg").Text("Or generate a backup key: "),
			app.Select().ID("key-alg").Class("select").OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				p.change(func(st *pinState) { st.KeyAlg = v })(ctx, e)
			}).Body(
				app.Option().Value(string(pinlib.KeyECDSAP256)).Selected(p.st.KeyAlg == string(pinlib.KeyECDSAP256)).Text("ECDSA P-256 (fast)"),
				app.Option().Value(string(pinlib.KeyRSA2048)).Selected(p.st.KeyAlg == string(pinlib.KeyRSA2048)).Text("RSA 2048 (slow here)"),
				app.Option().Value(string(pinlib.KeyRSA3072)).Selected(p.st.KeyAlg == string(pinlib.KeyRSA3072)).Text("RSA 3072 (slower)"),
			),
			app.Button().Type("button").ID("generate-key").Class("button secondary").Disabled(p.generating).Text("Generate").OnClick(p.generateKey),
			app.If(p.generating, func() app.UI {
				return app.Span().ID("generating").Role("status").Body(app.Progress().Aria("label", "Generating key"), app.Text(" Generating…"))
			}),
		),
		app.If(p.generated != nil, func() app.UI { return p.renderGenerated() }),
		p.renderBackupList(),
	)
}

// renderBackupList lists the backup pins kept, each with Remove.
func (p *pinPage) renderBackupList() app.UI {
	if len(p.st.Backups) == 0 {
		return app.Text("")
	}
	return app.Ul().ID("backup-list").Class("backup-list").Body(app.Range(p.st.Backups).Slice(func(i int) app.UI {
		pin := p.st.Backups[i]
		return app.Li().Body(
			app.Code().Class("pin-value").Text(pin),
			app.Text(" "),
			app.Button().Type("button").Class("copy").Aria("label", "Remove backup pin "+pin).Text("Remove").
				OnClick(p.change(func(st *pinState) { st.Backups = slices.Delete(slices.Clone(st.Backups), i, i+1) })),
		)
	}))
}

// renderKeptBackups shows, before any chain, the backup pins Inspect kept
// from a public key pasted alone: they join the first chain pinned.
func (p *pinPage) renderKeptBackups() app.UI {
	if len(p.st.Backups) == 0 || p.reading.size > 0 {
		return app.Text("")
	}
	return app.Section().ID("backups").Class("backups").Body(
		app.H2().Text("Backup pins kept"),
		app.P().Class("hint").Text("These join the chain you pin next: paste it on Inspect."),
		p.renderBackupList(),
	)
}

// renderBundleKeys offers the public keys pasted with the chain as backups.
func (p *pinPage) renderBundleKeys() app.UI {
	var offers []app.UI
	for i, k := range p.bundle.PublicKeys {
		pin := k.Pins.SPKISHA256Base64()
		if slices.Contains(p.st.Backups, pin) || pinlib.CheckBackupKey(p.bundle, k.Pins.SPKISHA256) != nil {
			continue
		}
		offers = append(offers, app.Li().Body(
			app.Text("Pasted "+k.KeyType()+" public key "),
			app.Code().Class("pin-value").Text(pin),
			app.Text(" "),
			app.Button().Type("button").ID("use-key-"+strconv.Itoa(i)).Class("copy").Text("Use as backup pin").
				DataSet("pin", pin).OnClick(p.useBundleKey),
		))
	}
	if len(offers) == 0 {
		return app.Text("")
	}
	return app.Ul().ID("bundle-keys").Class("bundle-keys").Body(offers...)
}

// useBundleKey adds the pin of the offer clicked, read from the button: a
// closure would keep the first offer's pin (go-app keeps an element's
// handler while its code is the same).
func (p *pinPage) useBundleKey(ctx app.Context, e app.Event) {
	pin := ctx.JSSrc().Get("dataset").Get("pin").String()
	p.st.Backups = appendUnique(p.st.Backups, pin)
	p.save(ctx)
}

func (p *pinPage) renderGenerated() app.UI {
	k := p.generated
	return app.Div().ID("generated").Class("generated").Body(
		app.P().Body(app.Text("New "+string(k.Algorithm)+" key, pin "), app.Code().Class("pin-value").Text(k.Pins.SPKISHA256Base64()), app.Text(" (added below).")),
		app.P().Class("why-spki").Text("Keep this private key offline, e.g. in a password manager or an HSM, until the rotation: it never left this tab, and it is not stored. Only its public pin is kept with your choices."),
		app.Div().Class("toolbar").Body(
			downloadButton("download-key", "Download private key (PEM)", "backup-key.pem", k.PrivateKeyPEM),
			downloadButton("download-csr", "Download CSR", "backup-key.csr", k.CSRPEM),
		),
	)
}

// setBackupInput takes the backup box's text, with any private key cut
// out of it and out of the box: a pin's error message quotes the input.
func (p *pinPage) setBackupInput(text string) {
	p.backupInput = redactField("backup-pin", "backup pin", text, &p.backupRemoved)
}

// addBackup adds the typed pin, unless pinlib refuses it: not a pin, or
// the key of a certificate of this chain.
func (p *pinPage) addBackup(ctx app.Context, e app.Event) {
	raw, err := pinlib.ParseBackupPin(p.bundle, p.backupInput)
	if err != nil {
		p.backupErr = pinlib.Message(err)
		return
	}
	p.backupErr, p.backupInput = "", ""
	p.st.Backups = appendUnique(p.st.Backups, (pinlib.Pins{SPKISHA256: raw}).SPKISHA256Base64())
	p.save(ctx)
}

func appendUnique(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(slices.Clone(list), v)
}

// generateKey makes the key off the UI update so the progress shows; RSA
// takes seconds in wasm.
func (p *pinPage) generateKey(ctx app.Context, e app.Event) {
	if p.generating {
		return
	}
	p.generating = true
	alg, host := pinlib.KeyAlgorithm(p.st.KeyAlg), strings.TrimSpace(p.st.Host)
	if host == "" {
		host = "example.com"
	}
	ctx.Defer(func(ctx app.Context) {
		ctx.After(50*time.Millisecond, func(ctx app.Context) {
			k, err := pinlib.GenerateBackupKey(alg, host, rand.Reader)
			p.generating = false
			if err != nil {
				p.backupErr = pinlib.Message(err)
				return
			}
			p.generated = k
			p.st.Backups = appendUnique(p.st.Backups, k.Pins.SPKISHA256Base64())
			p.save(ctx)
		})
	})
}
