package sqlite

// compactJSON reports whether b is one JSON value without insignificant
// whitespace: what json.Compact would return unchanged. It reads b once
// without allocating, several times faster than Compact; false means "not
// sure", and Compact decides. Like Compact it does not look into the UTF-8
// of strings.
func compactJSON(b []byte) bool {
	c := compactScanner{b: b}
	return c.value(0) && c.i == len(b)
}

// maxCompactDepth bounds the nesting compactJSON follows; deeper values
// go to Compact.
const maxCompactDepth = 64

type compactScanner struct {
	b []byte
	i int
}

func (c *compactScanner) value(depth int) bool {
	if c.i >= len(c.b) || depth > maxCompactDepth {
		return false
	}
	switch ch := c.b[c.i]; {
	case ch == '{':
		c.i++
		if c.peek('}') {
			return true
		}
		for {
			if !c.str() || !c.peek(':') || !c.value(depth+1) {
				return false
			}
			if c.peek('}') {
				return true
			}
			if !c.peek(',') {
				return false
			}
		}
	case ch == '[':
		c.i++
		if c.peek(']') {
			return true
		}
		for {
			if !c.value(depth + 1) {
				return false
			}
			if c.peek(']') {
				return true
			}
			if !c.peek(',') {
				return false
			}
		}
	case ch == '"':
		return c.str()
	case ch == 't':
		return c.lit("true")
	case ch == 'f':
		return c.lit("false")
	case ch == 'n':
		return c.lit("null")
	case ch == '-' || '0' <= ch && ch <= '9':
		return c.number()
	}
	return false
}

// peek consumes ch if it is next.
func (c *compactScanner) peek(ch byte) bool {
	if c.i < len(c.b) && c.b[c.i] == ch {
		c.i++
		return true
	}
	return false
}

func (c *compactScanner) lit(s string) bool {
	if len(c.b)-c.i < len(s) || string(c.b[c.i:c.i+len(s)]) != s {
		return false
	}
	c.i += len(s)
	return true
}

func (c *compactScanner) str() bool {
	if !c.peek('"') {
		return false
	}
	for c.i < len(c.b) {
		ch := c.b[c.i]
		c.i++
		switch {
		case ch == '"':
			return true
		case ch < 0x20:
			return false
		case ch == '\\':
			if c.i >= len(c.b) {
				return false
			}
			switch c.b[c.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				c.i++
			case 'u':
				if len(c.b)-c.i < 5 {
					return false
				}
				for _, h := range c.b[c.i+1 : c.i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				c.i += 5
			default:
				return false
			}
		}
	}
	return false
}

func (c *compactScanner) digits() int {
	from := c.i
	for c.i < len(c.b) && '0' <= c.b[c.i] && c.b[c.i] <= '9' {
		c.i++
	}
	return c.i - from
}

func (c *compactScanner) number() bool {
	c.peek('-')
	if c.peek('0') {
		if c.i < len(c.b) && '0' <= c.b[c.i] && c.b[c.i] <= '9' {
			return false
		}
	} else if c.digits() == 0 {
		return false
	}
	if c.peek('.') && c.digits() == 0 {
		return false
	}
	if c.peek('e') || c.peek('E') {
		if !c.peek('+') {
			c.peek('-')
		}
		if c.digits() == 0 {
			return false
		}
	}
	return true
}
