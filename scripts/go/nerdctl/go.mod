// Wrapper module: scripts/test-env builds nerdctl's commands as dependencies of this module, so
// that the upstream go.mod's replace/exclude lines (which make 'go install pkg@version' refuse)
// do not apply. The require line is added at build time from versions.env.
module containerd4j.dev/test-env/nerdctl

go 1.24.3

// nerdctl requires the untagged nested module tigron v0.0.0 (test helpers, replaced upstream by a
// local path that a dependency build cannot see): a minimal stand-in satisfies the build.
replace github.com/containerd/nerdctl/mod/tigron v0.0.0 => ./tigron-stub
