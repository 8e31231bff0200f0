// Where HAProxy is: Debian's package, unless HAPROXY_BIN says otherwise.
export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
