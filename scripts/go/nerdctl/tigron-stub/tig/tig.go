// Package tig stands in for nerdctl's test-helper package of the same import path, whose module
// (nerdctl/mod/tigron) is not published on the module proxy. nerdctl's binary links helper code
// that names only this interface, so the interface is all the build needs.
package tig

// T is the part of *testing.T that nerdctl's linked helpers call.
type T interface {
	Helper()
	Log(args ...any)
	FailNow()
}
