//go:build !wasm

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"pinlab/pinlib"
)

// Every file a command reads (pins FILE..., config FILE and --backup FILE,
// simulate --chain, check --config and its chain FILE, stdin as "-") comes
// through readInput: one size cap, one way to say why a file cannot be read,
// and one exit code for it (2, as for a usage error: the command never ran).

// errUnreadable matches (errors.Is) every error of an input that could not
// be read at all, as opposed to one read but holding nothing usable.
var errUnreadable = errors.New("pinlab: input cannot be read")

// unreadableError says which input could not be read and why, naming it once:
// "cannot read --config adir: it is a directory".
type unreadableError struct {
	input  string // "chain.pem", "stdin" or "--config app.xml"
	reason string
	err    error // the system's error, when there is one
}

func (e *unreadableError) Error() string { return "cannot read " + e.input + ": " + e.reason }

func (e *unreadableError) Is(target error) bool { return target == errUnreadable }

func (e *unreadableError) Unwrap() error { return e.err }

// exitCode is 2 for an input that could not be read, 1 for any other failure.
func exitCode(err error) int {
	if errors.Is(err, errUnreadable) {
		return 2
	}
	return 1
}

// readInput reads the file name, or stdin for "-", refusing anything over
// pinlib.MaxInputSize. It never reads more than one byte past the cap, so
// /dev/zero, a FIFO or an endless pipe cost 4 MiB and no more. flag is the
// flag the name came with ("--config"), or "" for an argument.
func readInput(flag, name string, stdin io.Reader) (pinlib.Input, error) {
	label := displayName(name)
	if flag != "" {
		label = flag + " " + label
	}
	fail := func(reason string, err error) (pinlib.Input, error) {
		return pinlib.Input{}, &unreadableError{input: label, reason: reason, err: err}
	}
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fail(systemReason(err), err)
		}
		defer f.Close()
		r = f
	}
	// A regular file says its size up front: refuse it unread, with the
	// real size. Streams only show theirs by being read.
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			switch {
			case fi.IsDir():
				return fail("it is a directory", nil)
			case fi.Mode().IsRegular() && fi.Size() > pinlib.MaxInputSize:
				return fail(tooLarge(sizeText(fi.Size()), fi.Size()), nil)
			}
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, pinlib.MaxInputSize+1))
	if err != nil {
		return fail(systemReason(err), err)
	}
	if len(data) > pinlib.MaxInputSize {
		return fail(tooLarge("more than "+capText, 0), nil)
	}
	return pinlib.Input{Name: displayName(name), Data: data}, nil
}

// capText is the cap as people read it.
var capText = fmt.Sprintf("%d MiB", pinlib.MaxInputSize>>20)

func tooLarge(size string, n int64) string {
	limit := capText
	if strings.HasSuffix(size, "bytes") {
		limit = fmt.Sprintf("%s (%d bytes)", capText, pinlib.MaxInputSize)
	}
	return fmt.Sprintf("it is %s; pinlab reads at most %s", size, limit)
}

// sizeText is a size in MiB to one decimal, or in bytes when that would
// round to the cap itself ("4.0 MiB; pinlab reads at most 4 MiB" reads as a
// contradiction).
func sizeText(n int64) string {
	if n < pinlib.MaxInputSize+(1<<20)/20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// systemReason is the system's own words without the operation and path
// that os adds ("open adir: ..."): the message names the input already.
func systemReason(err error) string {
	if errors.Is(err, syscall.EISDIR) {
		return "it is a directory"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// readInputs reads each named file, or stdin for "-" or no name at all
// (flag as for readInput).
func readInputs(flag string, names []string, stdin io.Reader) ([]pinlib.Input, error) {
	if len(names) == 0 {
		names = []string{"-"}
	}
	inputs := make([]pinlib.Input, 0, len(names))
	for _, name := range names {
		in, err := readInput(flag, name, stdin)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

func inputNames(inputs []pinlib.Input) string {
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	return strings.Join(names, ", ")
}

// readChain reads the named files (stdin for none or "-"; flag as for
// readInput) into one bundle, or says why nothing usable was there: the
// input errors, each naming its input and line, or one sentence naming the
// inputs.
func readChain(flag string, names []string, stdin io.Reader) (*pinlib.Bundle, error) {
	inputs, err := readInputs(flag, names, stdin)
	if err != nil {
		return nil, err
	}
	b := pinlib.Read(inputs...)
	if err := b.Err(); err != nil {
		if len(b.Errors) > 0 {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", inputNames(inputs), err)
	}
	return b, nil
}

// say writes one line to stderr, "pinlab CMD: " and the message, with
// deceptive characters escaped: messages quote file and certificate names,
// which anyone can choose, and one of them must not rewrite the terminal
// or pass for another name.
func say(w io.Writer, cmd, format string, a ...any) {
	msg := strings.ReplaceAll(fmt.Sprintf(format, a...), "pinlib: ", "")
	fmt.Fprintf(w, "pinlab %s: %s\n", cmd, pinlib.EscapeDeceptive(msg))
}

// sayErr writes err with say, one line for each error it joins (each input
// error names its own input and line).
func sayErr(w io.Writer, cmd string, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			sayErr(w, cmd, e)
		}
		return
	}
	say(w, cmd, "%v", err)
}
