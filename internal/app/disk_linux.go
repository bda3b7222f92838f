//go:build linux

package app

import "syscall"

// diskFree returns the bytes free to an unprivileged user and the total size of the file
// system holding path; ok is false when they cannot be read.
func diskFree(path string) (free, total uint64, ok bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, false
	}
	return st.Bavail * uint64(st.Bsize), st.Blocks * uint64(st.Bsize), true
}
