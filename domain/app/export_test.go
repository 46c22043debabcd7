package app

// NewCheckerUncached is NewChecker as Check was before it kept a cache:
// every command reads and folds its streams' whole histories. The
// differential test holds the cached Checker to it.
func (s *Service) NewCheckerUncached() *Checker {
	c := s.NewChecker()
	c.svc.Cache = nil
	return c
}
