package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/content/tradeoff"
	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// pinPage turns the workspace chain into a pinning decision and into the
// exact configuration for each platform. The decision (Choose) and the
// writers (Config) are pinlib/platform's, the same the CLI calls, so the
// page and `pinlab config` give byte-identical output. The person's work
// is a pinState, saved in this browser on every change (pinstate.go).
type pinPage struct {
	app.Compo

	bundle  *pinlib.Bundle
	st      pinState
	reading pendingRead // a large workspace waiting for the first paint
	removed []pinlib.Warning

	backupInput   string
	backupErr     string
	backupRemoved []pinlib.Warning // private keys cut out of the backup box
	generating    bool
	generated     *pinlib.BackupKey // in memory only: its private key is never stored
}

func (p *pinPage) OnNav(ctx app.Context) {
	setPage(ctx, "Pin", "Choose what to pin, plan backup pins and rotation, and export configs for every platform.")
}

func (p *pinPage) OnMount(ctx app.Context) {
	p.fillDefaults()
	if p.bundle != nil || !app.IsClient {
		return
	}
	size := workspaceSize()
	if size == 0 {
		// No chain yet; backup pins kept from Inspect wait for one.
		if st, ok := loadPinState(ctx, nil); ok {
			p.st = st
			p.fillDefaults()
		}
		return
	}
	readAfterPaint(ctx, size, &p.reading, func(ctx app.Context) {
		ws := loadWorkspace(ctx)
		p.removed = appendKeyWarnings(p.removed, ws.Removed...)
		if ws.Text == "" {
			return
		}
		p.bundle = readWorkspace(ws)
		if st, ok := loadPinState(ctx, p.bundle); ok {
			p.st = st
		}
		p.fillDefaults()
	})
}

// fillDefaults completes the work with the defaults (pinState.fillDefaults).
func (p *pinPage) fillDefaults() { p.st.fillDefaults(p.bundle) }

// save keeps the work for this chain. Every handler that changes it calls
// save, so a reload or another page never loses it.
func (p *pinPage) save(ctx app.Context) {
	p.st.Chain = chainID(p.bundle)
	savePinState(ctx, p.st)
}

// change runs f on the work and saves it.
func (p *pinPage) change(f func(st *pinState)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		f(&p.st)
		p.save(ctx)
	}
}

// startOver forgets the work for this chain and starts from the defaults.
func (p *pinPage) startOver(ctx app.Context, e app.Event) {
	clearPinState(ctx)
	p.st = pinState{}
	p.backupInput, p.backupErr, p.backupRemoved, p.generated = "", "", nil, nil
	p.fillDefaults()
	setFieldValue("backup-pin", "")
}

// defaultPicks starts from pinlib's default choice. Which certificates it
// picks does not depend on the host, which Choose only validates: any
// valid one will do while the page's own may still be empty or mistyped.
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

// picks is the set of certificates chosen: the person's, or pinlib's
// default until they choose.
func (p *pinPage) picks() map[int]bool {
	if !p.st.Chosen {
		return defaultPicks(p.bundle)
	}
	m := map[int]bool{}
	for _, i := range p.st.Picks {
		m[i] = true
	}
	return m
}

// setPick ticks or unticks certificate i, in certificate order.
func (p *pinPage) setPick(ctx app.Context, i int, on bool) {
	m := p.picks()
	m[i] = on
	p.st.Chosen, p.st.Picks = true, nil
	for _, c := range p.bundle.Certificates {
		if m[c.Index] {
			p.st.Picks = append(p.st.Picks, c.Index)
		}
	}
	p.save(ctx)
}

// leafless is an input without a leaf and too many certificates for a
// card each (a CA bundle): the choice is a pick list, not a default.
func (p *pinPage) leafless() bool {
	return p.bundle.Leaf() == nil && len(p.bundle.Certificates) > smallBundle
}

func (p *pinPage) Render() app.UI {
	if p.bundle == nil || len(p.bundle.Certificates) == 0 {
		return shell("/pin",
			app.H1().Text("Pin"),
			app.P().Class("lead").Text("Choose what to pin, plan backups and rotations, and export ready configs."),
			renderKeysRemoved("workspace-removed", p.removed),
			app.If(p.reading.size > 0, func() app.UI { return renderReading("pin-reading", p.reading.size) }).
				Else(func() app.UI { return &workspaceSummary{Bundle: p.bundle} }),
			p.renderKeptBackups(),
		)
	}
	var policy platform.Policy
	var chooseErr error
	nothing := p.st.Chosen && len(p.st.Picks) == 0 || !p.st.Chosen && p.leafless()
	if !nothing {
		policy, chooseErr = platform.Choose(p.bundle, p.st.selection(p.bundle, time.Now()))
	}
	return shell("/pin",
		app.H1().Text("Pin"),
		app.Div().Class("lead-row").Body(
			app.P().Class("lead").Text("Choose what to pin, add a backup pin, and copy the configuration for your platform. Everything is computed in this tab, and your choices are kept in this browser."),
			app.Button().Type("button").ID("start-over").Class("button secondary").Text("Start over").
				Title("Forget the host, pins, backups and options chosen for this chain").OnClick(p.startOver),
		),
		renderKeysRemoved("workspace-removed", p.removed),
		p.renderChoices(),
		pinChainPicture(p.bundle, policy, chooseErr),
		p.renderBackups(),
		p.renderOptions(),
		p.renderExport(policy, chooseErr, nothing),
		app.If(!nothing, func() app.UI { return p.renderRotation(policy, chooseErr) }),
	)
}

func (p *pinPage) renderChoices() app.UI {
	if p.leafless() {
		return p.renderPickList()
	}
	certs := p.bundle.Certificates
	now := time.Now()
	picks := p.picks()
	return app.Section().ID("choices").Class("choices").Body(
		app.H2().Text("1. What to pin"),
		app.Ul().Class("choice-list").Body(app.Range(certs).Slice(func(i int) app.UI {
			c := certs[i]
			to := tradeoff.Of(c, now)
			id := fmt.Sprintf("pick-%d", c.Index)
			return app.Li().Class("choice").Body(
				checkInput(app.Input().Type("checkbox").ID(id), picks[c.Index]).OnChange(func(ctx app.Context, e app.Event) {
					p.setPick(ctx, c.Index, ctx.JSSrc().Get("checked").Bool())
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

// renderPickList is the choice for a bundle without a leaf: the pins
// table with a checkbox per certificate, and no default.
func (p *pinPage) renderPickList() app.UI {
	return app.Section().ID("choices").Class("choices").Body(
		app.H2().Text("1. What to pin"),
		app.P().ID("pick-hint").Class("hint").Text(fmt.Sprintf(
			"No leaf among these %d certificates, so there is no obvious choice: pick a certificate to pin. An intermediate or root pin accepts every certificate that CA issues.",
			len(p.bundle.Certificates))),
		&pinsTable{Bundle: p.bundle, Now: time.Now(), Picks: p.picks(), OnPick: p.setPick},
	)
}

func (p *pinPage) renderOptions() app.UI {
	return app.Section().ID("options").Class("options").Body(
		app.H2().Text("3. Host and options"),
		app.Div().Class("form-grid").Body(
			app.Label().For("host").Text("Host"),
			app.Input().ID("host").Class("mono").Value(p.st.Host).Placeholder("api.example.com").
				OnInput(func(ctx app.Context, e app.Event) {
					v := ctx.JSSrc().Get("value").String()
					p.change(func(st *pinState) { st.Host = v })(ctx, e)
				}),
			app.Label().For("expires").Text("First unpinned day (optional)"),
			app.Span().Body(
				app.Input().Type("date").ID("expires").Value(p.st.Expires).
					Aria("describedby", "expires-hint").
					OnChange(func(ctx app.Context, e app.Event) {
						v := ctx.JSSrc().Get("value").String()
						p.change(func(st *pinState) { st.Expires = v })(ctx, e)
					}),
				app.Small().ID("expires-hint").Class("hint").Text(" Pins are skipped from 00:00 on this day (Android's expiration, TrustKit's kTSKExpirationDate)."),
			),
			app.Label().For("report-uri").Text("Report URI (optional)"),
			app.Input().ID("report-uri").Class("mono").Value(p.st.ReportURI).Placeholder("https://reports.example.com/pins").
				OnInput(func(ctx app.Context, e app.Event) {
					v := ctx.JSSrc().Get("value").String()
					p.change(func(st *pinState) { st.ReportURI = v })(ctx, e)
				}),
		),
		p.checkbox("subdomains", "Include subdomains", p.st.Subdomains, func(st *pinState, v bool) { st.Subdomains = v }),
		p.checkbox("soft-fail", "Soft-fail: allow and report instead of blocking (where the platform can)", p.st.SoftFail, func(st *pinState, v bool) { st.SoftFail = v }),
		p.checkbox("cert-mode", "Pin whole certificates (AFNetworking, Alamofire only)", p.st.CertMode, func(st *pinState, v bool) { st.CertMode = v }),
	)
}

// checkbox is a saved option.
func (p *pinPage) checkbox(id, label string, checked bool, set func(*pinState, bool)) app.UI {
	return checkbox(id, label, checked, func(ctx app.Context, v bool) {
		set(&p.st, v)
		p.save(ctx)
	})
}

func checkbox(id, label string, checked bool, set func(app.Context, bool)) app.UI {
	return app.Div().Class("check").Body(
		checkInput(app.Input().Type("checkbox").ID(id), checked).OnChange(func(ctx app.Context, e app.Event) {
			set(ctx, ctx.JSSrc().Get("checked").Bool())
		}),
		app.Label().For(id).Text(" "+label),
	)
}

func (p *pinPage) renderExport(policy platform.Policy, chooseErr error, nothing bool) app.UI {
	plat, _ := platform.ByID(p.st.Format)
	var files []platform.File
	var lints []platform.Lint
	if chooseErr == nil && !nothing && plat != nil {
		files, lints = plat.Config(policy)
	}
	primary, _ := platform.Primary(files)
	_, checkable := platform.CheckFormatOf(p.st.Format)
	return app.Section().ID("export").Class("export").Body(
		app.H2().Text("4. Export"),
		app.Div().Class("toolbar").Body(
			app.Label().For("format").Text("Platform "),
			app.Select().ID("format").Class("select").OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				p.change(func(st *pinState) { st.Format = v })(ctx, e)
			}).Body(
				app.Range(platform.All).Slice(func(i int) app.UI {
					f := platform.All[i]
					return app.Option().Value(f.ID()).Selected(f.ID() == p.st.Format).Text(f.Name())
				}),
			),
			app.If(strings.HasPrefix(p.st.Format, "okhttp"), func() app.UI { return p.renderOkHttpVersion() }),
		),
		app.P().Class("hint").Body(
			app.A().ID("to-check").Class("button secondary").Href(href("/check?from=pin")).Text("Check this export →"),
			app.Text(" "),
			app.If(checkable, func() app.UI {
				return app.Text("Opens Check with this config and host, against this chain: see it accepted, then break it on purpose.")
			}).Else(func() app.UI {
				return app.Text("Check reads " + strings.Join(platform.CheckFormats(), ", ") + " configs: it opens with the Android config of this same choice.")
			}),
		),
		app.If(nothing, func() app.UI {
			return app.P().ID("choose-error").Class("problem").Role("alert").Text("Nothing is chosen yet: tick a certificate to pin in step 1.")
		}),
		app.If(chooseErr != nil, func() app.UI {
			return app.P().ID("choose-error").Class("problem").Role("alert").Body(shownText(pinlib.Message(chooseErr))...)
		}),
		app.If(chooseErr == nil && !nothing, func() app.UI {
			return app.Div().Body(
				app.Div().Class("toolbar export-actions").Body(
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
		return app.Option().Value(string(t)).Selected(platform.OkHttpTarget(p.st.OkHttp) == t || p.st.OkHttp == "" && t == platform.OkHttp4).Text(t.Versions())
	}
	return app.Span().Body(
		app.Label().For("okhttp-version").Text(" for "),
		app.Select().ID("okhttp-version").Class("select").OnChange(func(ctx app.Context, e app.Event) {
			v := ctx.JSSrc().Get("value").String()
			p.change(func(st *pinState) { st.OkHttp = v })(ctx, e)
		}).Body(option(platform.OkHttp4), option(platform.OkHttp3)),
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
			append([]app.UI{app.Span().Class("severity").Text(severityLabel(l.Severity)), app.Text(" ")}, shownText(l.Message)...)...)
	}))
}

func (p *pinPage) renderRotation(policy platform.Policy, chooseErr error) app.UI {
	in := pinlib.RotationInput{Now: time.Now(), ReleaseCadence: time.Duration(p.st.Cadence) * 24 * time.Hour, Backups: len(p.st.Backups)}
	if chooseErr == nil {
		in.Expiration = policy.Expires
		in.Pinned = policy.Certificates(p.bundle)
	}
	plan := pinlib.PlanRotation(in)
	return app.Section().ID("rotation").Class("rotation").Body(
		app.H2().Text("5. Rotation plan"),
		app.Div().Class("toolbar").Body(
			app.Label().For("cadence").Text("Days from an app release to most users running it "),
			app.Input().Type("number").ID("cadence").Min(1).Max(3650).Value(p.st.Cadence).OnChange(func(ctx app.Context, e app.Event) {
				if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
					p.change(func(st *pinState) { st.Cadence = n })(ctx, e)
				}
			}),
		),
		renderWarnings(plan.Warnings),
		rotationPicture(plan, in.Pinned),
		app.Ol().ID("timeline").Class("timeline").Body(app.Range(plan.Events).Slice(func(i int) app.UI {
			ev := plan.Events[i]
			return app.Li().Class("event event-"+ev.Kind).Body(
				app.Time().DateTime(ev.When.UTC().Format("2006-01-02")).Text(ev.When.UTC().Format("2006-01-02")),
				app.Text(" "),
				app.Span().Body(shownText(ev.Label)...),
			)
		})),
	)
}
