package calyx

import (
	"fmt"
	"strings"
)

// tokKind classifies a token.
type tokKind int

const (
	tEOF    tokKind = iota
	tIdent          // identifier or keyword
	tInt            // unsized decimal integer (bit width, parameter, count)
	tNum            // sized literal W'dN
	tFloat          // float literal, only in std_float_const
	tString         // "..." (Text holds the contents without quotes)
	tPunct          // punctuation, Text holds it
)

func (k tokKind) String() string {
	switch k {
	case tEOF:
		return "end of file"
	case tIdent:
		return "identifier"
	case tInt:
		return "integer"
	case tNum:
		return "number"
	case tFloat:
		return "float"
	case tString:
		return "string"
	}
	return "punctuation"
}

// token is one lexical token.
type token struct {
	kind tokKind
	text string
	num  Const // for tNum
	pos  Pos
	off  int // byte offset of the token's start
	end  int // byte offset just past the token
}

// describe renders the token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tString:
		return fmt.Sprintf("%q", t.text)
	}
	return "`" + t.text + "`"
}

// lexer turns source text into tokens on demand.
type lexer struct {
	src  string
	off  int
	line int
	col  int
	file string
}

func newLexer(file, src string) *lexer {
	return &lexer{src: src, line: 1, col: 1, file: file}
}

func (l *lexer) errAt(p Pos, format string, args ...any) *Error {
	return &Error{File: l.file, Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// advance moves past n bytes, tracking lines and columns.
func (l *lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		c := l.src[l.off]
		l.off++
		switch {
		case c == '\n':
			l.line++
			l.col = 1
		case c == '\r':
			if l.off < len(l.src) && l.src[l.off] == '\n' {
				l.col++
			} else {
				l.line++
				l.col = 1
			}
		case c&0xC0 == 0x80:
			// UTF-8 continuation byte: same column
		default:
			l.col++
		}
	}
}

func (l *lexer) pos() Pos { return Pos{Line: l.line, Col: l.col} }

// skipSpace skips whitespace and comments.
func (l *lexer) skipSpace() *Error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.advance(1)
		case strings.HasPrefix(l.src[l.off:], "//"):
			i := strings.IndexAny(l.src[l.off:], "\r\n")
			if i < 0 {
				i = len(l.src) - l.off
			}
			l.advance(i)
		case strings.HasPrefix(l.src[l.off:], "/*"):
			p := l.pos()
			i := strings.Index(l.src[l.off+2:], "*/")
			if i < 0 {
				return l.errAt(p, "unterminated block comment")
			}
			l.advance(i + 4)
		default:
			return nil
		}
	}
	return nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// identifier characters after the first (upstream: `_`, `-`, `'`, letters, digits).
func isIdentRest(c byte) bool {
	return c == '_' || c == '-' || c == '\'' || isAlpha(c) || isDigit(c)
}

// multiPunct lists the two-character punctuation tokens.
var multiPunct = []string{"->", "==", "!=", "<=", ">="}

// next returns the next token.
func (l *lexer) next() (token, *Error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	p := l.pos()
	start := l.off
	if l.off >= len(l.src) {
		return token{kind: tEOF, pos: p, off: start, end: start}, nil
	}
	c := l.src[l.off]
	mk := func(k tokKind, n int) token {
		l.advance(n)
		return token{kind: k, text: l.src[start:l.off], pos: p, off: start, end: l.off}
	}
	switch {
	case c == '_' || isAlpha(c):
		n := 1
		// upstream: ("_" | ASCII_ALPHA)+ then (ident_syms | ALPHA | DIGIT)*
		for start+n < len(l.src) && isIdentRest(l.src[start+n]) {
			// do not swallow the `-` of `->`
			if l.src[start+n] == '-' && start+n+1 < len(l.src) && l.src[start+n+1] == '>' {
				break
			}
			n++
		}
		return mk(tIdent, n), nil
	case isDigit(c) || (c == '-' && l.off+1 < len(l.src) && isDigit(l.src[l.off+1])):
		return l.number(p)
	case c == '"':
		i := strings.IndexByte(l.src[l.off+1:], '"')
		if i < 0 {
			return token{}, l.errAt(p, "unterminated string")
		}
		t := mk(tString, i+2)
		t.text = t.text[1 : len(t.text)-1]
		return t, nil
	}
	for _, mp := range multiPunct {
		if strings.HasPrefix(l.src[l.off:], mp) {
			return mk(tPunct, len(mp)), nil
		}
	}
	if strings.IndexByte("{}()[];,=<>!&|?:.@%", c) >= 0 {
		return mk(tPunct, 1), nil
	}
	if c < 0x20 || c >= 0x7f {
		return token{}, l.errAt(p, "unexpected character %q", rune(c))
	}
	return token{}, l.errAt(p, "unexpected character %q", string(c))
}

// number lexes an integer, a sized literal or a float.
func (l *lexer) number(p Pos) (token, *Error) {
	start := l.off
	s := l.src
	i := l.off
	neg := s[i] == '-'
	if neg {
		i++
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	// float: -?digits(.digits)?
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		l.advance(i - start)
		return token{kind: tFloat, text: s[start:i], pos: p, off: start, end: i}, nil
	}
	if neg {
		l.advance(i - start)
		return token{kind: tFloat, text: s[start:i], pos: p, off: start, end: i}, nil
	}
	digits := s[start:i]
	if i < len(s) && s[i] == '\'' {
		// sized literal
		if i+1 >= len(s) || strings.IndexByte("dbxo", s[i+1]) < 0 {
			return token{}, l.errAt(p, "malformed number %q: expected 'd, 'b, 'x or 'o after the width", s[start:min(i+2, len(s))])
		}
		base := s[i+1]
		j := i + 2
		for j < len(s) && isHex(s[j]) {
			j++
		}
		if j == i+2 {
			return token{}, l.errAt(p, "malformed number %q: no digits", s[start:j])
		}
		if j < len(s) && isIdentRest(s[j]) {
			return token{}, l.errAt(p, "malformed number %q", s[start:j+1])
		}
		w, ok := parseUint(digits, 10)
		if !ok {
			return token{}, l.errAt(p, "bit width %s is too large", digits)
		}
		radix := map[byte]uint64{'d': 10, 'b': 2, 'x': 16, 'o': 8}[base]
		v, ok := parseUint(s[i+2:j], radix)
		if !ok {
			return token{}, l.errAt(p, "invalid or too large value %q in %q", s[i+2:j], s[start:j])
		}
		c := Const{Width: w, Value: v, Base: base}
		if !c.Fits() {
			return token{}, l.errAt(p, "%s", c.RangeError())
		}
		l.advance(j - start)
		return token{kind: tNum, text: s[start:j], num: c, pos: p, off: start, end: j}, nil
	}
	if i < len(s) && (isAlpha(s[i]) || s[i] == '_') {
		j := i
		for j < len(s) && isIdentRest(s[j]) {
			j++
		}
		return token{}, l.errAt(p, "malformed number %q: expected a sized literal like 32'd5", s[start:j])
	}
	l.advance(i - start)
	return token{kind: tInt, text: digits, pos: p, off: start, end: i}, nil
}

// parseUint parses digits in the radix without overflow; ok is false on a bad digit or overflow.
func parseUint(s string, radix uint64) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case isDigit(c):
			d = uint64(c - '0')
		case c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= radix {
			return 0, false
		}
		if v > (^uint64(0)-d)/radix {
			return 0, false
		}
		v = v*radix + d
	}
	return v, true
}
