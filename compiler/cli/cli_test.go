package cli

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDispatch(t *testing.T) {
	echo := Command{Name: "test_echo", Summary: "echo args", Run: func(args []string, stdout, _ io.Writer) error {
		if len(args) > 0 && args[0] == "fail" {
			return errors.New("boom")
		}
		if len(args) > 0 && args[0] == "usage" {
			return Usagef("bad flag %q", "x")
		}
		_, err := io.WriteString(stdout, strings.Join(args, " "))
		return err
	}}
	tests := []struct {
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{[]string{"test_echo", "a", "b"}, 0, "a b", ""},
		{[]string{"test_echo", "fail"}, 1, "", "test_echo: boom"},
		{[]string{"test_echo", "usage"}, 2, "", `usage: bad flag "x"`},
		{[]string{"nope"}, 2, "", `unknown command "nope"`},
		{nil, 2, "", "test_echo"},
		{[]string{"help"}, 0, "", "echo args"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := Dispatch([]Command{echo}, tt.args, &out, &errb)
		if code != tt.wantCode || out.String() != tt.wantStdout || !strings.Contains(errb.String(), tt.wantStderr) {
			t.Errorf("Dispatch(%q) = %d, stdout %q, stderr %q", tt.args, code, out.String(), errb.String())
		}
	}
}
