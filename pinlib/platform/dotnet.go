package platform

import (
	"fmt"
	"strings"
)

// DotNet writes a C# HttpClientHandler whose
// ServerCertificateCustomValidationCallback hashes
// PublicKey.ExportSubjectPublicKeyInfo() of each chain element: the pins
// are over the whole SPKI, and GetPublicKey() returns only the key bits,
// which would hash to a different value. That method arrived in .NET 6
// (the API reference lists it from .NET 6; the .NET 5 reference of
// PublicKey has no such member), so the export needs .NET 6 or later.
type DotNet struct{}

func (DotNet) ID() string   { return "dotnet" }
func (DotNet) Name() string { return ".NET HttpClientHandler (C#)" }

func (DotNet) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{expiry: true, softFail: true})
	if !ok {
		return nil, lints
	}
	include := q.IncludeSubdomains
	if q.wildcard {
		lints = append(lints, info("dotnet-wildcard-one-label", "%q is written as one-label matching: a.%s, not %s itself or deeper names", q.Host, q.host, q.host))
	}
	lints = append(lints, info("dotnet-chain", "the chain .NET passes is the one it built and validated; the callback refuses any connection that failed normal validation first"))

	var b strings.Builder
	b.WriteString(`// Public key pinning for HttpClient (.NET 6 or later: PublicKey.ExportSubjectPublicKeyInfo).
// var client = new HttpClient(Pinning.CreateHandler());
#nullable enable
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

public static class Pinning
{
`)
	fmt.Fprintf(&b, "    const string PinnedHost = \"%s\";\n", q.host)
	fmt.Fprintf(&b, "    const bool IncludeSubdomains = %t;\n", include)
	fmt.Fprintf(&b, "    const bool Wildcard = %t;\n", q.wildcard && !include)
	fmt.Fprintf(&b, "    const bool SoftFail = %t;\n", q.SoftFail)
	if q.Expires.IsZero() {
		b.WriteString("    static readonly DateTimeOffset? Expires = null;\n")
	} else {
		e := q.Expires
		fmt.Fprintf(&b, "    static readonly DateTimeOffset? Expires = new DateTimeOffset(%d, %d, %d, 0, 0, 0, TimeSpan.Zero);\n", e.Year(), int(e.Month()), e.Day())
	}
	b.WriteString("\n    // Base64 SHA-256 of the DER SubjectPublicKeyInfo.\n    static readonly HashSet<string> Pins = new HashSet<string>\n    {\n")
	for _, pin := range q.pins {
		fmt.Fprintf(&b, "        \"%s\", // %s\n", b64(pin.SPKISHA256), pinComment(pin))
	}
	b.WriteString("    };\n\n")
	b.WriteString(dotnetBody)
	return withReadme(".NET HttpClientHandler", []string{
		"Add Pinning.cs to a project for .NET 6 or later: PublicKey.ExportSubjectPublicKeyInfo() does not exist before .NET 6.",
		"Create clients with `new HttpClient(Pinning.CreateHandler())`.",
	}, []File{{Name: "Pinning.cs", Content: []byte(b.String()), Primary: true}}, lints)
}

const dotnetBody = `    public static HttpClientHandler CreateHandler() => new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = Validate,
    };

    static bool Covered(string host)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        if (Wildcard)
        {
            var dot = host.IndexOf('.');
            return dot > 0 && host.Substring(dot + 1) == PinnedHost;
        }
        return host == PinnedHost || (IncludeSubdomains && host.EndsWith("." + PinnedHost, StringComparison.Ordinal));
    }

    static bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors != SslPolicyErrors.None || chain == null)
        {
            return false;
        }
        // Expires is the first unpinned day: from 00:00 UTC on it, pins are not checked.
        if (!Covered(request.RequestUri?.IdnHost ?? "") || (Expires.HasValue && DateTimeOffset.UtcNow >= Expires.Value))
        {
            return true;
        }
        foreach (var element in chain.ChainElements)
        {
            // The whole SPKI, not GetPublicKey(): that is only the key bits.
            var spki = element.Certificate.PublicKey.ExportSubjectPublicKeyInfo();
            if (Pins.Contains(Convert.ToBase64String(SHA256.HashData(spki))))
            {
                return true;
            }
        }
        if (SoftFail)
        {
            Console.Error.WriteLine("pinning: no pinned public key in the chain of " + request.RequestUri?.IdnHost);
            return true;
        }
        return false;
    }
}
`
