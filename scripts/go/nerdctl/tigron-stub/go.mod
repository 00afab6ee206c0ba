// Minimal stand-in for github.com/containerd/nerdctl/mod/tigron (nerdctl test helpers).
module github.com/containerd/nerdctl/mod/tigron

go 1.24.3
