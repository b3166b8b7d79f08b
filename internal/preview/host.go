package preview

import (
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// ownHost reports whether the Host header of r names this server:
// "localhost", a loopback address, or the address r's connection reached.
// A page on another site that points its own name at this machine (DNS
// rebinding) sends that name as Host, and is refused. The port is not
// compared: it says nothing about which site the browser thinks it is
// talking to, and a forwarded port (ssh -L, a container's published port)
// changes it.
func ownHost(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false // a name, and only "localhost" is ours
	}
	ip = ip.Unmap().WithZone("")
	if ip.IsLoopback() {
		return true
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	at, err := netip.ParseAddrPort(local.String())
	return err == nil && at.Addr().Unmap().WithZone("") == ip
}

// URLs returns the addresses, as "http://host:port/", at which a browser
// reaches a server listening on addr. A listener on one address is reached
// at that address alone. A listener on every address is reached first at
// 127.0.0.1 (Go's "tcp" listeners on 0.0.0.0 or :: take both IPv4 and
// IPv6, and report themselves as [::]), then at each global unicast
// address among ifaces (the machine's, from net.InterfaceAddrs; private
// ranges count, link-local ones do not, and IPv6 ones only when the
// listener is IPv6), in their order. It returns nil when addr is not an IP
// address and port.
func URLs(addr net.Addr, ifaces []net.Addr) []string {
	at, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return nil
	}
	ip, port := at.Addr().Unmap(), at.Port()
	url := func(ip netip.Addr) string {
		return "http://" + netip.AddrPortFrom(ip, port).String() + "/"
	}
	if !ip.IsUnspecified() {
		return []string{url(ip)}
	}
	urls := []string{url(netip.AddrFrom4([4]byte{127, 0, 0, 1}))}
	for _, a := range ifaces {
		prefix, err := netip.ParsePrefix(a.String())
		if err != nil {
			continue
		}
		other := prefix.Addr().Unmap()
		if !other.IsGlobalUnicast() || other.Is6() && ip.Is4() {
			continue
		}
		if u := url(other); !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	return urls
}

// Exposed reports whether a server listening on addr can be reached from
// other machines: whether addr is not a loopback address.
func Exposed(addr net.Addr) bool {
	at, err := netip.ParseAddrPort(addr.String())
	return err != nil || !at.Addr().Unmap().IsLoopback()
}
