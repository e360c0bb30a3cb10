package app

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// pinPage turns the workspace chain into a pinning decision and into the
// exact configuration for each platform. The decision (Choose) and the
// writers (Config) are pinlib/platform's, the same the CLI calls, so the
// page and `pinlab config` give byte-identical output.
type pinPage struct {
	app.Compo

	bundle  *pinlib.Bundle
	picks   map[int]bool // certificate index -> pinned
	backups []string     // backup pins, base64
	reading int          // size of a large workspace waiting for the first paint
	removed []pinlib.Warning

	backupInput   string
	backupErr     string
	backupRemoved []pinlib.Warning // private keys cut out of the backup box
	keyAlg        string
	generating    bool
	generated     *pinlib.BackupKey

	host       string
	subdomains bool
	expires    string // yyyy-mm-dd from the date input
	softFail   bool
	reportURI  string
	certMode   bool
	format     string
	cadence    int // release cadence, days

	okhttp string // the OkHttp the okhttp exports are for: "4" (4.3.0 or later) or "3"
}

func (p *pinPage) OnNav(ctx app.Context) {
	setPage(ctx, "Pin", "Choose what to pin, plan backup pins and rotation, and export configs for every platform.")
}

func (p *pinPage) OnMount(ctx app.Context) {
	if p.format == "" {
		p.format = "android"
	}
	if p.keyAlg == "" {
		p.keyAlg = string(pinlib.KeyECDSAP256)
	}
	if p.cadence == 0 {
		p.cadence = 30
	}
	if p.bundle != nil {
		return
	}
	if size := workspaceSize(); size > 0 {
		readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
			ws := loadWorkspace(ctx)
			p.removed = appendKeyWarnings(p.removed, ws.Removed...)
			if ws.Text != "" {
				p.bundle = readWorkspace(ws)
				p.startFrom()
			}
		})
	}
}

// startFrom takes the form's defaults from the chain just read.
func (p *pinPage) startFrom() {
	if p.host == "" {
		p.host = defaultHost(p.bundle)
	}
	if p.picks == nil {
		p.picks = defaultPicks(p.bundle)
	}
}

// defaultPicks starts from pinlib's default choice.
func defaultPicks(b *pinlib.Bundle) map[int]bool {
	picks := map[int]bool{}
	pol, err := platform.Choose(b, platform.Selection{Host: "example.com", Now: b.Now})
	if err != nil {
		return picks
	}
	for _, c := range pol.Certificates(b) {
		picks[c.Index] = true
	}
	return picks
}

// defaultHost is the leaf's first DNS name without a wildcard, if any.
func defaultHost(b *pinlib.Bundle) string {
	if leaf := b.Leaf(); leaf != nil {
		for _, n := range leaf.Cert.DNSNames {
			if !strings.HasPrefix(n, "*.") {
				return n
			}
		}
	}
	return ""
}

// selection gathers the form into what platform.Choose reads.
func (p *pinPage) selection() platform.Selection {
	sel := platform.Selection{
		Host:              strings.TrimSpace(p.host),
		IncludeSubdomains: p.subdomains,
		SoftFail:          p.softFail,
		ReportURI:         strings.TrimSpace(p.reportURI),
		CertificateMode:   p.certMode,
		OkHttpVersion:     platform.OkHttpTarget(p.okhttp),
		BackupPins:        p.backups,
		Now:               time.Now(),
	}
	for _, c := range p.bundle.Certificates {
		if p.picks[c.Index] {
			sel.Pick = append(sel.Pick, strconv.Itoa(c.Index))
		}
	}
	if t, err := time.Parse("2006-01-02", p.expires); err == nil {
		sel.Expires = t
	}
	return sel
}

func (p *pinPage) Render() app.UI {
	if p.bundle == nil || len(p.bundle.Certificates) == 0 {
		return shell("/pin",
			app.H1().Text("Pin"),
			app.P().Class("lead").Text("Choose what to pin, plan backups and rotations, and export ready configs."),
			renderKeysRemoved("workspace-removed", p.removed),
			app.If(p.reading > 0, func() app.UI { return renderReading("pin-reading", p.reading) }).
				Else(func() app.UI { return &workspaceSummary{Bundle: p.bundle} }),
		)
	}
	policy, chooseErr := platform.Choose(p.bundle, p.selection())
	return shell("/pin",
		app.H1().Text("Pin"),
		app.P().Class("lead").Text("Choose what to pin, add a backup pin, and copy the configuration for your platform. Everything is computed in this tab."),
		renderKeysRemoved("workspace-removed", p.removed),
		p.renderChoices(),
		p.renderBackups(),
		p.renderOptions(),
		p.renderExport(policy, chooseErr),
		p.renderRotation(policy, chooseErr),
	)
}

func (p *pinPage) renderChoices() app.UI {
	certs := p.bundle.Certificates
	now := time.Now()
	return app.Section().ID("choices").Class("choices").Body(
		app.H2().Text("1. What to pin"),
		app.Ul().Class("choice-list").Body(app.Range(certs).Slice(func(i int) app.UI {
			c := certs[i]
			to := platform.TradeOffOf(c, now)
			id := fmt.Sprintf("pick-%d", c.Index)
			return app.Li().Class("choice").Body(
				checkInput(app.Input().Type("checkbox").ID(id), p.picks[c.Index]).OnChange(func(ctx app.Context, e app.Event) {
					p.picks[c.Index] = ctx.JSSrc().Get("checked").Bool()
				}),
				app.Label().For(id).Body(
					app.Span().Class("role-badge").Text(string(c.Role)),
					app.Span().Body(withText(" ", c.Name(), " ")...),
					app.Code().Class("pin-value").Text(c.Pins.SPKISHA256Base64()),
				),
				app.Dl().Class("tradeoff").Body(
					dt("Protects"), dd(to.Protects),
					dt("Breaks on"), dd(to.Breaks),
					dt("How often"), dd(to.When),
					app.If(len(to.Shows) > 0, func() app.UI {
						return app.Div().Body(dt("See it"), app.Dd().Body(app.Range(to.Shows).Slice(func(j int) app.UI {
							return app.A().Class("sim-link").Href(href(to.Shows[j].Href("android"))).Text(to.Shows[j].Label)
						})))
					}),
				),
			)
		})),
	)
}

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
		app.If(p.backupErr != "", func() app.UI { return app.P().ID("backup-error").Class("problem").Role("alert").Text(p.backupErr) }),
		app.Div().Class("toolbar").Body(
			app.Label().For("key-alg").Text("Or generate a backup key: "),
			app.Select().ID("key-alg").OnChange(func(ctx app.Context, e app.Event) { p.keyAlg = ctx.JSSrc().Get("value").String() }).Body(
				app.Option().Value(string(pinlib.KeyECDSAP256)).Selected(p.keyAlg == string(pinlib.KeyECDSAP256)).Text("ECDSA P-256 (fast)"),
				app.Option().Value(string(pinlib.KeyRSA2048)).Selected(p.keyAlg == string(pinlib.KeyRSA2048)).Text("RSA 2048 (slow here)"),
				app.Option().Value(string(pinlib.KeyRSA3072)).Selected(p.keyAlg == string(pinlib.KeyRSA3072)).Text("RSA 3072 (slower)"),
			),
			app.Button().Type("button").ID("generate-key").Class("button secondary").Disabled(p.generating).Text("Generate").OnClick(p.generateKey),
			app.If(p.generating, func() app.UI {
				return app.Span().ID("generating").Role("status").Body(app.Progress().Aria("label", "Generating key"), app.Text(" Generating…"))
			}),
		),
		app.If(p.generated != nil, func() app.UI { return p.renderGenerated() }),
		app.If(len(p.backups) > 0, func() app.UI {
			return app.Ul().ID("backup-list").Body(app.Range(p.backups).Slice(func(i int) app.UI {
				pin := p.backups[i]
				return app.Li().Body(
					app.Code().Class("pin-value").Text(pin),
					app.Text(" "),
					app.Button().Type("button").Class("copy").Aria("label", "Remove backup pin "+pin).Text("Remove").
						OnClick(func(ctx app.Context, e app.Event) { p.backups = append(p.backups[:i:i], p.backups[i+1:]...) }),
				)
			}))
		}),
	)
}

func (p *pinPage) renderGenerated() app.UI {
	k := p.generated
	return app.Div().ID("generated").Class("generated").Body(
		app.P().Body(app.Text("New "+string(k.Algorithm)+" key, pin "), app.Code().Class("pin-value").Text(k.Pins.SPKISHA256Base64()), app.Text(" (added below).")),
		app.P().Class("why-spki").Text("Keep this private key offline, e.g. in a password manager or an HSM, until the rotation: it never left this tab, and it is not stored."),
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

func (p *pinPage) addBackup(ctx app.Context, e app.Event) {
	raw, err := pinlib.ParsePin(p.backupInput)
	if err != nil {
		p.backupErr = strings.TrimPrefix(err.Error(), "pinlib: ")
		return
	}
	p.backupErr, p.backupInput = "", ""
	p.backups = appendUnique(p.backups, (pinlib.Pins{SPKISHA256: raw}).SPKISHA256Base64())
}

func appendUnique(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// generateKey makes the key off the UI update so the progress shows; RSA
// takes seconds in wasm.
func (p *pinPage) generateKey(ctx app.Context, e app.Event) {
	if p.generating {
		return
	}
	p.generating = true
	alg, host := pinlib.KeyAlgorithm(p.keyAlg), p.host
	if host == "" {
		host = "example.com"
	}
	ctx.Defer(func(ctx app.Context) {
		ctx.After(50*time.Millisecond, func(ctx app.Context) {
			k, err := pinlib.GenerateBackupKey(alg, host, rand.Reader)
			p.generating = false
			if err != nil {
				p.backupErr = strings.TrimPrefix(err.Error(), "pinlib: ")
				return
			}
			p.generated = k
			p.backups = appendUnique(p.backups, k.Pins.SPKISHA256Base64())
		})
	})
}

func (p *pinPage) renderOptions() app.UI {
	return app.Section().ID("options").Class("options").Body(
		app.H2().Text("3. Host and options"),
		app.Div().Class("form-grid").Body(
			app.Label().For("host").Text("Host"),
			app.Input().ID("host").Class("mono").Value(p.host).Placeholder("api.example.com").
				OnInput(func(ctx app.Context, e app.Event) { p.host = ctx.JSSrc().Get("value").String() }),
			app.Label().For("expires").Text("Pins expire on (optional)"),
			app.Input().Type("date").ID("expires").Value(p.expires).
				OnChange(func(ctx app.Context, e app.Event) { p.expires = ctx.JSSrc().Get("value").String() }),
			app.Label().For("report-uri").Text("Report URI (optional)"),
			app.Input().ID("report-uri").Class("mono").Value(p.reportURI).Placeholder("https://reports.example.com/pins").
				OnInput(func(ctx app.Context, e app.Event) { p.reportURI = ctx.JSSrc().Get("value").String() }),
		),
		checkbox("subdomains", "Include subdomains", p.subdomains, func(v bool) { p.subdomains = v }),
		checkbox("soft-fail", "Soft-fail: allow and report instead of blocking (where the platform can)", p.softFail, func(v bool) { p.softFail = v }),
		checkbox("cert-mode", "Pin whole certificates (AFNetworking, Alamofire only)", p.certMode, func(v bool) { p.certMode = v }),
	)
}

func checkbox(id, label string, checked bool, set func(bool)) app.UI {
	return app.Div().Class("check").Body(
		checkInput(app.Input().Type("checkbox").ID(id), checked).OnChange(func(ctx app.Context, e app.Event) {
			set(ctx.JSSrc().Get("checked").Bool())
		}),
		app.Label().For(id).Text(" "+label),
	)
}

func (p *pinPage) renderExport(policy platform.Policy, chooseErr error) app.UI {
	plat, _ := platform.ByID(p.format)
	var files []platform.File
	var lints []platform.Lint
	if chooseErr == nil && plat != nil {
		files, lints = plat.Config(policy)
	}
	var primary platform.File
	for _, f := range files {
		if f.Primary {
			primary = f
		}
	}
	return app.Section().ID("export").Class("export").Body(
		app.H2().Text("4. Export"),
		app.P().Class("hint").Body(
			app.Text("Already ship a config? "),
			app.A().ID("to-check").Href(href("/check")).Text("Check it against this chain"),
			app.Text(" before the certificates change."),
		),
		app.Div().Class("toolbar").Body(
			app.Label().For("format").Text("Platform "),
			app.Select().ID("format").OnChange(func(ctx app.Context, e app.Event) { p.format = ctx.JSSrc().Get("value").String() }).Body(
				app.Range(platform.All).Slice(func(i int) app.UI {
					f := platform.All[i]
					return app.Option().Value(f.ID()).Selected(f.ID() == p.format).Text(f.Name())
				}),
			),
			app.If(strings.HasPrefix(p.format, "okhttp"), func() app.UI { return p.renderOkHttpVersion() }),
		),
		app.If(chooseErr != nil, func() app.UI {
			return app.P().ID("choose-error").Class("problem").Role("alert").Text(strings.TrimPrefix(chooseErr.Error(), "platform: "))
		}),
		app.If(chooseErr == nil, func() app.UI {
			return app.Div().Body(
				app.Div().Class("toolbar").Body(
					&copyButton{Value: string(primary.Content), Label: "Copy " + primary.Name},
					downloadButton("download-primary", "Download "+baseName(primary.Name), baseName(primary.Name), primary.Content),
				),
				app.Pre().ID("config-output").Class("config").Body(app.Code().Text(string(primary.Content))),
				renderLints(lints),
				app.If(len(files) > 1, func() app.UI {
					return app.Div().Class("extra-files").Body(
						app.H3().Text("Also in the export"),
						app.Ul().Body(app.Range(files).Slice(func(i int) app.UI {
							f := files[i]
							if f.Primary {
								return app.Text("")
							}
							return app.Li().Body(downloadButton("", "Download "+f.Name, baseName(f.Name), f.Content))
						})),
					)
				}),
			)
		}),
	)
}

// renderOkHttpVersion picks the OkHttp the okhttp exports are written for:
// OkHttp 3.x has no "**." pattern.
func (p *pinPage) renderOkHttpVersion() app.UI {
	option := func(t platform.OkHttpTarget) app.UI {
		return app.Option().Value(string(t)).Selected(platform.OkHttpTarget(p.okhttp) == t || p.okhttp == "" && t == platform.OkHttp4).Text(t.Versions())
	}
	return app.Span().Body(
		app.Label().For("okhttp-version").Text(" for "),
		app.Select().ID("okhttp-version").OnChange(func(ctx app.Context, e app.Event) { p.okhttp = ctx.JSSrc().Get("value").String() }).
			Body(option(platform.OkHttp4), option(platform.OkHttp3)),
	)
}

func baseName(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[i+1:]
	}
	return name
}

func renderLints(lints []platform.Lint) app.UI {
	if len(lints) == 0 {
		return app.P().ID("lints").Class("hint").Text("No lint: this platform accepts the policy as it is.")
	}
	return app.Ul().ID("lints").Class("warnings lints").Body(app.Range(lints).Slice(func(i int) app.UI {
		l := lints[i]
		return app.Li().Class("warning severity-"+string(l.Severity)).DataSet("code", l.Code).Body(
			app.Span().Class("severity").Text(severityLabel(l.Severity)), app.Text(" "+l.Message))
	}))
}

func (p *pinPage) renderRotation(policy platform.Policy, chooseErr error) app.UI {
	in := pinlib.RotationInput{Now: time.Now(), ReleaseCadence: time.Duration(p.cadence) * 24 * time.Hour, Backups: len(p.backups)}
	if chooseErr == nil {
		in.Expiration = policy.Expires
		in.Pinned = policy.Certificates(p.bundle)
	}
	plan := pinlib.PlanRotation(in)
	return app.Section().ID("rotation").Class("rotation").Body(
		app.H2().Text("5. Rotation plan"),
		app.Div().Class("toolbar").Body(
			app.Label().For("cadence").Text("Days from an app release to most users running it "),
			app.Input().Type("number").ID("cadence").Min(1).Max(3650).Value(p.cadence).OnChange(func(ctx app.Context, e app.Event) {
				if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
					p.cadence = n
				}
			}),
		),
		renderWarnings(plan.Warnings),
		app.Ol().ID("timeline").Class("timeline").Body(app.Range(plan.Events).Slice(func(i int) app.UI {
			ev := plan.Events[i]
			return app.Li().Class("event event-"+ev.Kind).Body(
				app.Time().DateTime(ev.When.UTC().Format("2006-01-02")).Text(ev.When.UTC().Format("2006-01-02")),
				app.Text(" "+ev.Label),
			)
		})),
	)
}
