package schemas

// Hooks for the black-box tests in package schemas_test.

// FastValid reports whether the fast path accepts payload, and whether the
// schema has a fast path at all.
func FastValid(eventType string, version int, payload []byte) (valid, hasFastPath bool) {
	c, err := load()
	if err != nil {
		panic(err)
	}
	n := c.fast[schemaKey{eventType, version}]
	if n == nil {
		return false, false
	}
	return fastValid(n, payload), true
}

// ValidateWithLibrary is Validate without the fast path.
func ValidateWithLibrary(eventType string, version int, payload []byte) error {
	return validate(eventType, version, payload, false)
}
