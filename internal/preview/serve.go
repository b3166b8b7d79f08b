package preview

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// Serve answers HTTP on ln with s until ctx is done, then shuts down: it stops
// accepting connections, ends the event streams, and waits up to
// 3 seconds for in-flight requests before closing what is left. It
// returns nil after a clean shutdown, and otherwise the error that stopped it.
// Serve closes ln.
//
// The http.Server has ReadHeaderTimeout, ReadTimeout, WriteTimeout and
// IdleTimeout set; event streams lift their own deadlines.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// Requests get a base context of their own that is cancelled when the
	// shutdown begins, which is what ends the event streams: Shutdown alone
	// would wait for them forever.
	base, stopStreams := context.WithCancel(context.WithoutCancel(ctx))
	defer stopStreams()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.limits.readHeader,
		ReadTimeout:       s.limits.read,
		WriteTimeout:      s.limits.write,
		IdleTimeout:       s.limits.idle,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	srv.RegisterOnShutdown(stopStreams)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("preview: serve: %w", err)
	case <-ctx.Done():
	}

	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.limits.shutdownGrace)
	defer cancel()
	err := srv.Shutdown(grace)
	if err != nil {
		err = errors.Join(fmt.Errorf("preview: shutdown: %w", err), srv.Close())
	}
	<-served // returns http.ErrServerClosed as soon as Shutdown starts
	return err
}
