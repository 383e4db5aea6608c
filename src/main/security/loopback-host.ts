/**
 * Who may talk to the web host. It binds 127.0.0.1 only, but a page from anywhere can make a
 * browser send requests there: a DNS-rebinding page (`evil.example` resolving to 127.0.0.1) sends
 * `Host: evil.example:PORT` and `Origin: http://evil.example:PORT`, which agree with each other. So
 * both headers are checked against the host's own loopback names and its actual port, never
 * against each other or by substring.
 */
export const loopbackHostnames = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** The Host header values the host answers to: `<loopback name>:<port>` exactly (and the bare name on port 80). */
function allowedHosts(port: number): Set<string> {
  const hosts = loopbackHostnames.map((name) => `${name}:${port}`);
  return new Set(port === 80 ? [...hosts, ...loopbackHostnames] : hosts);
}

/** True only when `host` (a Host header) is one of our loopback names with our port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (typeof host !== 'string' || !Number.isInteger(port) || port <= 0 || port > 65535) return false;
  // Host names are case-insensitive; nothing else is normalised (a trailing dot or userinfo is refused).
  return allowedHosts(port).has(host.toLowerCase());
}

/** True only when `origin` (an Origin header) is exactly `http://<loopback name>:<port>`, as a browser serialises it. */
export function isLoopbackOrigin(origin: string | undefined, port: number): boolean {
  if (typeof origin !== 'string') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // A serialised origin has no userinfo, path, query or fragment: `url.origin` must give back the header itself.
  if (url.protocol !== 'http:' || url.origin !== origin) return false;
  return isLoopbackHost(url.host, port);
}
