//go:build !wasm

package main

import (
	"html/template"
	"net/url"

	"pinlab/pinlib/sim"
)

// labPageData is one scenario's page, for the host the visitor came by.
type labPageData struct {
	*labScenarioFacts
	Port     int
	Host     string // the host pins and configs are for
	First    string // the first port's URL, where the roots and lab.json are
	Policies []string
	Commands []labPageCommand
	Config   []labConfigLine
	Pins     []labPin
	Roots    []labRoot
	Others   []labPageLink
	Simulate string // the simulator's deep link for this scenario, on pinlab serve
}

type labPageCommand struct {
	Policy, Roots, Command string
	Expect                 labExpect
}

// Class is the expectation's class: a connection or a refusal.
func (c labPageCommand) Class() string {
	if c.Expect.Connected {
		return "expect-connected"
	}
	return "expect-refused"
}

type labPageLink struct {
	ID, URL string
	Port    int
	Current bool
}

func (l *lab) pageData(s *labScenario, host string) labPageData {
	f := l.facts
	d := labPageData{
		labScenarioFacts: f.Scenarios[s.ID],
		Port:             s.Port,
		Host:             f.Host,
		First:            urlAt(host, l.scenarios[0].Port),
		Policies:         sim.Policies,
		Config:           f.Config,
		Pins:             f.Pins,
		Roots:            f.Roots,
		Simulate:         "/simulate?" + url.Values{"client": {"android"}, "scenario": {s.ID}, "policy": {"intermediate-spki"}, "mode": {"hard"}}.Encode(),
	}
	for _, c := range d.Curl {
		d.Commands = append(d.Commands, labPageCommand{Policy: c.Policy, Roots: c.Roots, Command: c.Command(host, s.Port), Expect: c.Expect})
	}
	for _, o := range l.scenarios {
		d.Others = append(d.Others, labPageLink{ID: o.ID, URL: urlAt(host, o.Port), Port: o.Port, Current: o == s})
	}
	return d
}

// labPage is a scenario's page. html/template escapes every value in its
// context; the page has no script and no inline style (labCSP).
var labPage = template.Must(template.New("lab").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.ID}} · pinlab lab</title>
<link rel="stylesheet" href="/lab.css">
</head>
<body>
<header><p class="brand">pinlab lab</p><p>The simulator's scenarios, served for real: this is port {{.Port}}.</p></header>
<main>
<h1 id="scenario">{{.ID}}</h1>
<p class="story">{{.Story}}</p>
<p>{{.Presents}}</p>
{{if .Attacker}}<p class="who attacker">An attacker's server: a pinned client should refuse it.</p>
{{else}}<p class="who real">The real server, as it is or after a change on its side: a client should keep working.</p>
{{end}}
<section id="presented">
<h2>Certificates presented</h2>
<ol>{{range .Presented}}
<li><strong>{{.Subject}}</strong>, issued by {{.Issuer}}<br><code>{{.Pin}}</code></li>{{end}}
</ol>
</section>

<section id="outcomes">
<h2>What the simulator says</h2>
<p>Each client, pinned each way, in hard-fail mode, on these very certificates.</p>
<div class="scroll"><table class="matrix">
<thead><tr><th>client</th>{{range .Policies}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Outcomes}}
<tr><th>{{.Client}}</th>{{range .Cells}}<td class="{{.Class}}" title="{{.Reason}}">{{.Outcome}}</td>{{end}}</tr>{{end}}
</tbody>
</table></div>
<p class="hint">The same case in the app: run <code>pinlab serve</code> and open <code>{{.Simulate}}</code>.</p>
</section>

<section id="curl">
<h2>Try it with curl</h2>
<p>Fetch the roots once, into the directory you run curl from: <code>curl -k -O {{.First}}trusted-roots.pem</code>{{if eq .ID "proxy-user-ca"}} and <code>curl -k -O {{.First}}user-roots.pem</code>{{end}}
(<code>-k</code> for that download only; compare the fingerprints below with the trainer's screen).
Each command is the curl export of <code>pinlab config --format curl</code> for the policy, pointed at this port.</p>
<div class="scroll"><table class="commands">
<thead><tr><th>policy</th><th>command</th><th>expect</th></tr></thead>
<tbody>{{range .Commands}}
<tr><td>{{.Policy}}</td><td><code class="command">{{.Command}}</code></td><td class="{{.Class}}" title="{{.Expect.Why}}">{{.Expect}}</td></tr>{{end}}
</tbody>
</table></div>
<p class="hint">curl checks the leaf's key only: an intermediate or root pin never matches in curl.</p>
</section>

<section id="config">
<h2>Pin an app to the lab</h2>
<p>The lab's real chain is <a href="/real-chain.pem">real-chain.pem</a>; its pins, and the backup key's:</p>
<ul class="pins">{{range .Pins}}
<li>{{.Label}} ({{.Subject}}): <code>{{.Pin}}</code></li>{{end}}
</ul>
<p>The config of each policy for host <code>{{.Host}}</code> (any other <code>--format</code> works the same way):</p>
<ul class="config">{{range .Config}}
<li>{{.Policy}}: <code class="command">{{.Command}}</code></li>{{end}}
</ul>
<p class="hint">Pinning configs name hosts, not addresses: the app must ask for <code>{{.Host}}</code> and reach this machine, through the device's hosts file or its own resolver.</p>
</section>

<section id="roots">
<h2>Roots</h2>
<p><a href="/trusted-roots.pem">trusted-roots.pem</a>: every root a default client trusts, the rogue public CA's included (that is the point of rogue-public-ca).
<a href="/user-roots.pem">user-roots.pem</a>: the interception proxy's root, for a device where someone installs it.
Each one in DER, the form phones install:</p>
<div class="scroll"><table>
<thead><tr><th>root</th><th>store</th><th>SHA-256 fingerprint</th><th>pin</th></tr></thead>
<tbody>{{range .Roots}}
<tr><td><a href="/{{.File}}">{{.Name}}</a></td><td>{{.Store}}</td><td><code class="fingerprint">{{.SHA256}}</code></td><td><code>{{.Pin}}</code></td></tr>{{end}}
</tbody>
</table></div>
</section>

<nav id="scenarios" aria-label="Scenarios">
<h2>Every scenario of this lab</h2>
<p>Each port presents its own certificates: a browser warns on most of them, which is what a client sees.</p>
<ol>{{range .Others}}
<li>{{if .Current}}<strong>{{.ID}}</strong>{{else}}<a href="{{.URL}}">{{.ID}}</a>{{end}} <span class="port">port {{.Port}}</span></li>{{end}}
</ol>
<p><a href="{{.First}}lab.json">lab.json</a> lists it all for scripts.</p>
</nav>
</main>
</body>
</html>
`))

// labStylesheet is the pages' only style, served as /lab.css.
const labStylesheet = `:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #59636e; --line: #d0d7de; --code: #f3f5f7; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #30363d; --code: #161b22; } }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: .5rem 1rem; border-bottom: 1px solid var(--line); display: flex; gap: 1rem; flex-wrap: wrap; align-items: baseline; }
header p { margin: 0; color: var(--muted); }
header .brand { font-weight: 700; color: var(--fg); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { margin: .5rem 0; font-family: ui-monospace, monospace; }
.story { font-size: 1.15rem; }
.who { padding: .5rem .75rem; border-left: 4px solid; }
.who.attacker { border-color: #cf222e; }
.who.real { border-color: #1a7f37; }
code { font-family: ui-monospace, monospace; font-size: .9em; background: var(--code); padding: 0 .2em; overflow-wrap: anywhere; }
code.command { display: block; white-space: pre-wrap; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
.matrix td { white-space: nowrap; }
.outcome-secure, .expect-connected { background: #dafbe1; color: #116329; }
.outcome-intercepted, .outcome-intercepted-reported { background: #ffebe9; color: #a40e26; }
.outcome-blocked, .expect-refused { background: #ddf4ff; color: #0a3069; }
.outcome-outage { background: #fff8c5; color: #7d4e00; }
.outcome-secure-reported { background: #fbefff; color: #6e40c9; }
.outcome-na { color: var(--muted); }
.hint, .port { color: var(--muted); }
.fingerprint { font-size: .75em; }
`
