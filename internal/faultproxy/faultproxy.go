// Package faultproxy is a TCP proxy for the MongoDB wire protocol that cuts
// every connection after a chosen number of commands, so that tests can
// lose the database at any chosen point of a multi-step operation (an
// import, an abort) and check what the operation leaves behind.
//
// The proxy listens on a loopback address and forwards each accepted
// connection to one upstream address. It reads the client's side message by
// message (every wire message starts with its int32 length), and counts the
// commands it forwards. Handshake and monitoring commands (hello, isMaster,
// ping, buildInfo, endSessions, ...) are not counted: the driver sends them
// on its own schedule, and counting them would make the cut point depend on
// timing instead of on the operation under test.
//
// When the count reaches the limit set with CutAfter, the proxy drops the
// message that would have been the next command without forwarding it,
// closes every connection it holds, and from then on either refuses new
// connections (Refuse mode, the default: the database has gone away) or
// lets them through again uncounted (Reconnect mode: the network blipped).
// Reset clears the cut.
//
// It exists for tests and listens only on loopback.
package faultproxy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
)

// Mode says what happens to connections opened after a cut.
type Mode int

const (
	// Refuse closes every new connection at once, as if the server had
	// gone away, until Reset.
	Refuse Mode = iota
	// Reconnect forwards new connections again (uncounted) after a cut, as
	// after a network blip.
	Reconnect
)

// Proxy forwards MongoDB connections and cuts them on demand. It is safe
// for concurrent use.
type Proxy struct {
	ln       net.Listener
	upstream string

	mu       sync.Mutex
	limit    int // commands to forward before the cut; <0: no limit
	count    int
	cut      bool
	mode     Mode
	conns    map[net.Conn]struct{}
	commands []string
	closed   bool
	wg       sync.WaitGroup
}

// Start listens on a free loopback port and forwards to upstream
// ("host:port"). No cut is armed until CutAfter.
func Start(upstream string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listening: %w", err)
	}
	p := &Proxy{ln: ln, upstream: upstream, limit: -1, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URI is a MongoDB connection string for the proxy. It connects directly
// (no replica-set discovery that would bypass the proxy).
func (p *Proxy) URI() string { return "mongodb://" + p.Addr() + "/?directConnection=true" }

// CutAfter arms the proxy: after n more commands have been forwarded, every
// connection is closed and mode decides what happens to new ones. n = 0
// cuts at the next command. It resets the count.
func (p *Proxy) CutAfter(n int, mode Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.limit, p.count, p.cut, p.mode = n, 0, false, mode
}

// Reset disarms the proxy and lets connections through again.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.limit, p.count, p.cut = -1, 0, false
}

// Count returns how many commands have been forwarded since the last
// CutAfter or Reset.
func (p *Proxy) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// Cut reports whether the proxy has cut since it was last armed.
func (p *Proxy) Cut() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut
}

// Commands returns the names of the commands counted so far, in order:
// what a test prints to see where a cut fell.
func (p *Proxy) Commands() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.commands...)
}

// Close stops listening, closes every connection and waits for the
// forwarding goroutines.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.closed || (p.cut && p.mode == Refuse)
		if !refuse {
			p.conns[c] = struct{}{}
		}
		p.mu.Unlock()
		if refuse {
			c.Close()
			continue
		}
		p.wg.Add(1)
		go p.serve(c)
	}
}

func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	defer p.forget(client)
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		server.Close()
		client.Close()
		return
	}
	p.conns[server] = struct{}{}
	p.mu.Unlock()
	defer p.forget(server)

	// Server to client: a plain copy. Replies need no inspection.
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		io.Copy(client, server)
		client.Close()
	}()
	// Client to server: message by message, counting commands.
	for {
		msg, err := readMessage(client)
		if err != nil {
			break
		}
		if !p.admit(msg) {
			break
		}
		if _, err := server.Write(msg); err != nil {
			break
		}
	}
	server.Close()
	client.Close()
}

func (p *Proxy) forget(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// admit counts a message and reports whether to forward it. The message
// that would exceed the limit triggers the cut and is not forwarded.
func (p *Proxy) admit(msg []byte) bool {
	name := commandName(msg)
	counted := name != "" && !uncounted[strings.ToLower(name)]
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut {
		// Connections that survive a cut exist only in Reconnect mode, and
		// they are new ones: pass them through uncounted.
		return p.mode == Reconnect
	}
	if !counted {
		return true
	}
	if p.limit >= 0 && p.count >= p.limit {
		p.cut = true
		for c := range p.conns {
			c.Close()
		}
		return false
	}
	p.count++
	p.commands = append(p.commands, name)
	return true
}

// uncounted lists commands the driver sends by itself for handshakes,
// monitoring and session housekeeping.
var uncounted = map[string]bool{
	"hello": true, "ismaster": true, "ping": true, "buildinfo": true,
	"endsessions": true, "saslstart": true, "saslcontinue": true,
	"getlasterror": true, "getparameter": true,
}

// maxMessage bounds a wire message (MongoDB's own limit is 48 MB).
const maxMessage = 64 << 20

func readMessage(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.LittleEndian.Uint32(hdr[:])))
	if n < 16 || n > maxMessage {
		return nil, errors.New("faultproxy: bad message length")
	}
	msg := make([]byte, n)
	copy(msg, hdr[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// Wire protocol opcodes the driver sends.
const (
	opQuery = 2004
	opMsg   = 2013
)

// commandName returns the command a message carries: the first key of an
// OP_MSG body section, or of an OP_QUERY query document. It returns "" for
// anything else.
func commandName(msg []byte) string {
	if len(msg) < 16 {
		return ""
	}
	switch binary.LittleEndian.Uint32(msg[12:16]) {
	case opMsg:
		// header(16) flagBits(4) then sections; kind 0 is the body.
		b := msg[20:]
		for len(b) > 0 {
			kind := b[0]
			b = b[1:]
			if kind == 0 {
				return firstKey(b)
			}
			// kind 1: int32 size (including itself), identifier, documents.
			if len(b) < 4 {
				return ""
			}
			size := int(binary.LittleEndian.Uint32(b[:4]))
			if size > len(b) || size < 4 {
				return ""
			}
			b = b[size:]
		}
	case opQuery:
		// header(16) flags(4) cstring collection, skip(4), return(4), doc.
		b := msg[20:]
		i := 0
		for i < len(b) && b[i] != 0 {
			i++
		}
		if i+9 > len(b) {
			return ""
		}
		return firstKey(b[i+9:])
	}
	return ""
}

// firstKey returns the name of the first element of a BSON document.
func firstKey(doc []byte) string {
	if len(doc) < 6 {
		return ""
	}
	b := doc[5:] // int32 length, element type byte
	for i := 0; i < len(b); i++ {
		if b[i] == 0 {
			return string(b[:i])
		}
	}
	return ""
}
