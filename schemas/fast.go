package schemas

import (
	"math"
	"math/big"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The fast path. Decoding a payload into `any` and walking it with the
// library costs tens of microseconds and hundreds of allocations per event,
// several times the import's budget. So each compiled schema is compiled
// once more into a node tree that checks the payload's bytes in one pass
// without allocating. The fast path only ever says "valid" or "not sure":
// anything it does not accept, including every invalid payload, goes to
// the library, which decides and writes the message. It is sound when
// whatever it accepts the library accepts too; FuzzValidate and
// TestValidateAgreesWithLibraryAndDecode check that.
// Schemas using keywords it does not know get no node and always go to the
// library.

// Types a node admits.
const (
	tNull uint8 = 1 << iota
	tBoolean
	tInteger // integers only; "number" is not supported
	tString
	tArray
	tObject
	tAny = tNull | tBoolean | tInteger | tString | tArray | tObject
)

// Patterns implied by the fast checks of the date and date-time formats.
const (
	datePattern     = `^\d{4}-\d{2}-\d{2}$`
	dateTimePattern = `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$`
)

// node is one schema (with everything it refers to) compiled for the fast
// path.
type node struct {
	types uint8
	// any: no constraint at all; every well-formed JSON value is accepted,
	// numbers of every form included.
	any bool

	// string
	minLength, maxLength int // -1: none
	enum                 []string
	format               string // "", "date", "date-time"
	pattern              jsonschema.Regexp

	// integer
	min, max       int64
	hasMin, hasMax bool
	unsigned       bool // format uint64: no minus sign

	// array
	minItems int
	maxItems int // -1: none
	unique   bool
	items    *node // nil: any value

	// object
	props    []prop
	required uint64 // bits of the required properties
	closed   bool   // additionalProperties: false
}

// prop is a property of an object node; bit is set when it is required.
// Objects have a few dozen properties at most, so a linear search beats a
// map.
type prop struct {
	name string
	bit  uint64 // set only when required
	seen uint64 // one bit per property, to catch a key given twice
	node *node  // nil: any value
}

// prop finds the property named key.
func (n *node) prop(key []byte) (prop, bool) {
	for _, p := range n.props {
		if len(p.name) == len(key) && p.name == string(key) {
			return p, true
		}
	}
	return prop{}, false
}

var anyNode = &node{types: tAny, any: true, minLength: -1, maxLength: -1, maxItems: -1}

// compileFast compiles s for the fast path, or returns nil when s uses a
// keyword the fast path does not know.
func compileFast(s *jsonschema.Schema) *node {
	fc := fastCompiler{done: map[*jsonschema.Schema]*node{}}
	return fc.compile(s)
}

type fastCompiler struct {
	done map[*jsonschema.Schema]*node
}

func (fc *fastCompiler) compile(root *jsonschema.Schema) (out *node) {
	if n, ok := fc.done[root]; ok {
		return n // nil while in progress: recursive schemas are not supported
	}
	fc.done[root] = nil
	defer func() { fc.done[root] = out }()

	// A schema and the schemas it refers to all apply: merge them.
	n := &node{types: tAny, minLength: -1, maxLength: -1, maxItems: -1}
	constrained := false
	seen := map[*jsonschema.Schema]bool{}
	for s := root; s != nil; s = s.Ref {
		if seen[s] || !supported(s) {
			return nil
		}
		seen[s] = true
		if s.Bool != nil {
			if !*s.Bool {
				return nil
			}
			continue
		}
		if s.Types != nil {
			var mask uint8
			for _, t := range s.Types.ToStrings() {
				switch t {
				case "null":
					mask |= tNull
				case "boolean":
					mask |= tBoolean
				case "integer":
					mask |= tInteger
				case "string":
					mask |= tString
				case "array":
					mask |= tArray
				case "object":
					mask |= tObject
				default:
					return nil
				}
			}
			n.types &= mask
			constrained = true
		}
		if s.Enum != nil {
			if n.enum != nil {
				return nil
			}
			for _, v := range s.Enum.Values {
				str, ok := v.(string)
				if !ok {
					return nil
				}
				n.enum = append(n.enum, str)
			}
			constrained = true
		}
		if s.Format != nil {
			f := s.Format.Name
			switch f {
			case "date", "date-time":
				if n.format != "" && n.format != f {
					return nil
				}
				n.format = f
			case "int64":
			case "uint64":
				n.unsigned = true
			default:
				return nil
			}
			constrained = true
		}
		if s.Pattern != nil {
			if n.pattern != nil {
				return nil
			}
			n.pattern = s.Pattern
			constrained = true
		}
		if s.MinLength != nil {
			n.minLength = max(n.minLength, *s.MinLength)
			constrained = true
		}
		if s.MaxLength != nil {
			n.maxLength = tighter(n.maxLength, *s.MaxLength)
			constrained = true
		}
		if s.Minimum != nil {
			v, ok := intBound(s.Minimum, true)
			if !ok {
				return nil
			}
			if v != math.MinInt64 && (!n.hasMin || v > n.min) {
				n.min, n.hasMin = v, true
			}
			constrained = true
		}
		if s.Maximum != nil {
			v, ok := intBound(s.Maximum, false)
			if !ok {
				return nil
			}
			if v != math.MaxInt64 && (!n.hasMax || v < n.max) {
				n.max, n.hasMax = v, true
			}
			constrained = true
		}
		if s.MinItems != nil {
			n.minItems = max(n.minItems, *s.MinItems)
			constrained = true
		}
		if s.MaxItems != nil {
			n.maxItems = tighter(n.maxItems, *s.MaxItems)
			constrained = true
		}
		if s.UniqueItems {
			n.unique = true
			constrained = true
		}
		if s.Items2020 != nil {
			if n.items != nil {
				return nil
			}
			if n.items = fc.compile(s.Items2020); n.items == nil {
				return nil
			}
			constrained = true
		}
		if s.Properties != nil || s.Required != nil || s.AdditionalProperties != nil {
			if n.props != nil {
				return nil
			}
			if len(s.Required) > 64 || len(s.Properties) > 64 {
				return nil
			}
			n.props = []prop{}
			for name, sub := range s.Properties {
				p := fc.compile(sub)
				if p == nil {
					return nil
				}
				n.props = append(n.props, prop{name: name, node: p})
			}
			for i, name := range s.Required {
				j := slices.IndexFunc(n.props, func(p prop) bool { return p.name == name })
				if j < 0 {
					n.props = append(n.props, prop{name: name})
					j = len(n.props) - 1
				}
				n.props[j].bit = 1 << i
				n.required |= 1 << i
			}
			if len(n.props) > 64 {
				return nil
			}
			for i := range n.props {
				n.props[i].seen = 1 << i
			}
			switch a := s.AdditionalProperties.(type) {
			case nil:
			case bool:
				n.closed = !a
			default:
				return nil
			}
			constrained = true
		}
	}
	if n.unique && (n.items == nil || n.items.types != tString) {
		return nil // uniqueness is only compared for strings
	}
	if n.format == "date" && n.pattern != nil && n.pattern.String() == datePattern ||
		n.format == "date-time" && n.pattern != nil && n.pattern.String() == dateTimePattern {
		n.pattern = nil // the format's check implies it
	}
	n.any = !constrained
	return n
}

// supported reports whether s uses only keywords the fast path checks.
func supported(s *jsonschema.Schema) bool {
	return s.DraftVersion >= 2019 &&
		s.RecursiveRef == nil && s.DynamicRef == nil && s.Const == nil && s.Not == nil &&
		s.AllOf == nil && s.AnyOf == nil && s.OneOf == nil && s.If == nil && s.Then == nil && s.Else == nil &&
		s.MaxProperties == nil && s.MinProperties == nil && s.PropertyNames == nil &&
		len(s.PatternProperties) == 0 && s.Dependencies == nil && s.DependentRequired == nil &&
		s.DependentSchemas == nil && s.UnevaluatedProperties == nil && s.UnevaluatedItems == nil &&
		s.Contains == nil && s.MinContains == nil && s.MaxContains == nil &&
		s.Items == nil && s.AdditionalItems == nil && s.PrefixItems == nil &&
		s.ContentEncoding == nil && s.ContentMediaType == nil && s.ContentSchema == nil &&
		s.ExclusiveMaximum == nil && s.ExclusiveMinimum == nil && s.MultipleOf == nil &&
		len(s.Extensions) == 0
}

func tighter(limit, v int) int {
	if limit < 0 || v < limit {
		return v
	}
	return limit
}

// intBound converts a minimum (or maximum) to an int64, saturating: a
// minimum below MinInt64 or a maximum above MaxInt64 holds for every int64
// the fast path parses. A bound that is not an integer is not supported.
func intBound(r *big.Rat, isMin bool) (int64, bool) {
	if !r.IsInt() {
		return 0, false
	}
	n := r.Num()
	switch {
	case n.IsInt64():
		return n.Int64(), true
	case n.Sign() < 0 && isMin:
		return math.MinInt64, true
	case n.Sign() > 0 && !isMin:
		return math.MaxInt64, true
	}
	return 0, false // a minimum above every int64 or a maximum below
}

// scanner checks one payload against a node tree.
type scanner struct {
	b     []byte
	i     int
	depth int
	buf   []byte   // unescaped string, reused
	kept  [][]byte // strings of the arrays being checked for uniqueness
}

// fastValid reports whether payload is certainly valid against n.
func fastValid(n *node, payload []byte) bool {
	sc := scanners.Get().(*scanner)
	*sc = scanner{b: payload, buf: sc.buf[:0], kept: sc.kept[:0]}
	ok := sc.value(n)
	if ok {
		sc.ws()
		ok = sc.i == len(sc.b)
	}
	clear(sc.kept[:cap(sc.kept)]) // keep no payload alive
	*sc = scanner{buf: sc.buf[:0], kept: sc.kept[:0]}
	scanners.Put(sc)
	return ok
}

// scanners keeps scanners with their buffers for reuse.
var scanners = sync.Pool{New: func() any { return new(scanner) }}

func (sc *scanner) ws() {
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

func (sc *scanner) value(n *node) bool {
	sc.ws()
	if sc.i >= len(sc.b) {
		return false
	}
	switch c := sc.b[sc.i]; c {
	case '{':
		// Only closed objects: in others a key given twice, which the
		// library never sees and Validate rejects, could go unnoticed.
		return n.types&tObject != 0 && n.enum == nil && n.closed && sc.object(n)
	case '[':
		return n.types&tArray != 0 && n.enum == nil && sc.array(n)
	case '"':
		s, runes, ok := sc.str()
		return ok && n.types&tString != 0 && n.checkString(s, runes)
	case 't':
		return n.types&tBoolean != 0 && n.enum == nil && sc.literal("true")
	case 'f':
		return n.types&tBoolean != 0 && n.enum == nil && sc.literal("false")
	case 'n':
		return n.types&tNull != 0 && n.enum == nil && sc.literal("null")
	default:
		if c == '-' || isDigit(c) {
			return n.enum == nil && sc.number(n)
		}
	}
	return false
}

func (sc *scanner) literal(lit string) bool {
	if len(sc.b)-sc.i < len(lit) || string(sc.b[sc.i:sc.i+len(lit)]) != lit {
		return false
	}
	sc.i += len(lit)
	return true
}

func (sc *scanner) enter() bool {
	sc.depth++
	return sc.depth <= 64
}

func (sc *scanner) object(n *node) bool {
	if !sc.enter() {
		return false
	}
	ok := sc.members(n)
	sc.depth--
	return ok
}

func (sc *scanner) members(n *node) bool {
	sc.i++ // {
	var required, seen uint64
	sc.ws()
	if sc.i < len(sc.b) && sc.b[sc.i] == '}' {
		sc.i++
		return n.required == 0
	}
	for {
		sc.ws()
		if sc.i >= len(sc.b) || sc.b[sc.i] != '"' {
			return false
		}
		key, _, ok := sc.str()
		if !ok {
			return false
		}
		p, known := n.prop(key)
		if !known || seen&p.seen != 0 {
			return false
		}
		seen |= p.seen
		required |= p.bit
		sc.ws()
		if sc.i >= len(sc.b) || sc.b[sc.i] != ':' {
			return false
		}
		sc.i++
		sub := p.node
		if sub == nil {
			sub = anyNode
		}
		if !sc.value(sub) {
			return false
		}
		sc.ws()
		if sc.i >= len(sc.b) {
			return false
		}
		switch sc.b[sc.i] {
		case ',':
			sc.i++
		case '}':
			sc.i++
			return required&n.required == n.required
		default:
			return false
		}
	}
}

func (sc *scanner) array(n *node) bool {
	if !sc.enter() {
		return false
	}
	keptFrom := len(sc.kept)
	ok := sc.elements(n, keptFrom)
	sc.kept = sc.kept[:keptFrom]
	sc.depth--
	return ok
}

func (sc *scanner) elements(n *node, keptFrom int) bool {
	sc.i++ // [
	items := n.items
	if items == nil {
		items = anyNode
	}
	count := 0
	sc.ws()
	if sc.i < len(sc.b) && sc.b[sc.i] == ']' {
		sc.i++
		return n.minItems == 0
	}
	for {
		start := sc.i
		if !sc.value(items) {
			return false
		}
		count++
		if n.maxItems >= 0 && count > n.maxItems {
			return false
		}
		if n.unique && !sc.keepUnique(start, keptFrom) {
			return false
		}
		sc.ws()
		if sc.i >= len(sc.b) {
			return false
		}
		switch sc.b[sc.i] {
		case ',':
			sc.i++
		case ']':
			sc.i++
			return count >= n.minItems
		default:
			return false
		}
	}
}

// keepUnique records the string item just checked, which started at start,
// and reports whether it differs from the earlier items of its array.
func (sc *scanner) keepUnique(start, from int) bool {
	for start < sc.i && sc.b[start] != '"' {
		start++
	}
	raw := sc.b[start+1 : sc.i-1]
	item := raw
	for _, c := range raw {
		if c == '\\' {
			item = append([]byte(nil), sc.buf...) // the unescaped value
			break
		}
	}
	for _, k := range sc.kept[from:] {
		if string(k) == string(item) {
			return false
		}
	}
	sc.kept = append(sc.kept, item)
	return true
}

// plainByte marks the bytes a string holds as they are: ASCII other than
// control characters, the quote and the backslash.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string at sc.i, returning its unescaped bytes (valid only
// until the next call) and its length in runes. It declines invalid UTF-8
// and lone surrogates, which encoding/json replaces with U+FFFD.
func (sc *scanner) str() (s []byte, runes int, ok bool) {
	sc.i++ // "
	start := sc.i
	for sc.i < len(sc.b) {
		from := sc.i
		for sc.i < len(sc.b) && plainByte[sc.b[sc.i]] {
			sc.i++
		}
		runes += sc.i - from
		if sc.i == len(sc.b) {
			break
		}
		c := sc.b[sc.i]
		switch {
		case c == '"':
			s = sc.b[start:sc.i]
			sc.i++
			return s, runes, true
		case c == '\\':
			return sc.escaped(start, runes)
		case c < utf8.RuneSelf: // a control character
			return nil, 0, false
		default:
			r, size := utf8.DecodeRune(sc.b[sc.i:])
			if r == utf8.RuneError && size <= 1 {
				return nil, 0, false
			}
			sc.i += size
			runes++
		}
	}
	return nil, 0, false
}

// escaped continues str once a backslash is met, copying into sc.buf.
func (sc *scanner) escaped(start, runes int) ([]byte, int, bool) {
	sc.buf = append(sc.buf[:0], sc.b[start:sc.i]...)
	for sc.i < len(sc.b) {
		c := sc.b[sc.i]
		switch {
		case c == '"':
			sc.i++
			return sc.buf, runes, true
		case c == '\\':
			if sc.i+1 >= len(sc.b) {
				return nil, 0, false
			}
			e := sc.b[sc.i+1]
			sc.i += 2
			switch e {
			case '"', '\\', '/':
				sc.buf = append(sc.buf, e)
			case 'b':
				sc.buf = append(sc.buf, '\b')
			case 'f':
				sc.buf = append(sc.buf, '\f')
			case 'n':
				sc.buf = append(sc.buf, '\n')
			case 'r':
				sc.buf = append(sc.buf, '\r')
			case 't':
				sc.buf = append(sc.buf, '\t')
			case 'u':
				r, ok := sc.hex4()
				if !ok {
					return nil, 0, false
				}
				if 0xD800 <= r && r < 0xDC00 {
					if sc.i+1 >= len(sc.b) || sc.b[sc.i] != '\\' || sc.b[sc.i+1] != 'u' {
						return nil, 0, false
					}
					sc.i += 2
					lo, ok := sc.hex4()
					if !ok || lo < 0xDC00 || lo >= 0xE000 {
						return nil, 0, false
					}
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				} else if 0xDC00 <= r && r < 0xE000 {
					return nil, 0, false
				}
				sc.buf = utf8.AppendRune(sc.buf, r)
			default:
				return nil, 0, false
			}
			runes++
		case c < 0x20:
			return nil, 0, false
		case c < utf8.RuneSelf:
			sc.buf = append(sc.buf, c)
			sc.i++
			runes++
		default:
			r, size := utf8.DecodeRune(sc.b[sc.i:])
			if r == utf8.RuneError && size <= 1 {
				return nil, 0, false
			}
			sc.buf = append(sc.buf, sc.b[sc.i:sc.i+size]...)
			sc.i += size
			runes++
		}
	}
	return nil, 0, false
}

func (sc *scanner) hex4() (rune, bool) {
	if len(sc.b)-sc.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range sc.b[sc.i : sc.i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	sc.i += 4
	return r, true
}

// number reads a number at sc.i. Integer nodes take only plain integers
// that fit an int64; an unconstrained node takes any JSON number.
func (sc *scanner) number(n *node) bool {
	neg := sc.b[sc.i] == '-'
	if neg {
		sc.i++
	}
	digits := sc.i
	if sc.i >= len(sc.b) || !isDigit(sc.b[sc.i]) {
		return false
	}
	if sc.b[sc.i] == '0' {
		sc.i++
	} else {
		for sc.i < len(sc.b) && isDigit(sc.b[sc.i]) {
			sc.i++
		}
	}
	end := sc.i
	plain := true
	if sc.i < len(sc.b) && sc.b[sc.i] == '.' {
		plain = false
		sc.i++
		if !sc.digits() {
			return false
		}
	}
	if sc.i < len(sc.b) && (sc.b[sc.i] == 'e' || sc.b[sc.i] == 'E') {
		plain = false
		sc.i++
		if sc.i < len(sc.b) && (sc.b[sc.i] == '+' || sc.b[sc.i] == '-') {
			sc.i++
		}
		if !sc.digits() {
			return false
		}
	}
	if n.any {
		return true
	}
	if n.types&tInteger == 0 || !plain || neg && n.unsigned || end-digits > 18 {
		return false // not sure: leave it to the library
	}
	var v int64
	for _, c := range sc.b[digits:end] {
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return (!n.hasMin || v >= n.min) && (!n.hasMax || v <= n.max)
}

func (sc *scanner) digits() bool {
	from := sc.i
	for sc.i < len(sc.b) && isDigit(sc.b[sc.i]) {
		sc.i++
	}
	return sc.i > from
}

func (n *node) checkString(s []byte, runes int) bool {
	if n.minLength >= 0 && runes < n.minLength || n.maxLength >= 0 && runes > n.maxLength {
		return false
	}
	if n.enum != nil {
		found := false
		for _, e := range n.enum {
			if string(s) == e {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	switch n.format {
	case "date":
		if !isDate(s) {
			return false
		}
	case "date-time":
		if !isDateTime(string(s)) {
			return false
		}
	}
	return n.pattern == nil || n.pattern.MatchString(string(s))
}

// isDate reports whether s is a valid calendar date YYYY-MM-DD, as
// time.Parse(time.DateOnly) decides.
func isDate(s []byte) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if !isDigit(s[i]) {
			return false
		}
	}
	year := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	month := int(s[5]-'0')*10 + int(s[6]-'0')
	day := int(s[8]-'0')*10 + int(s[9]-'0')
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}
