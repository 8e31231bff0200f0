// What the browser client needs from the server's configuration (GET /api/config).
export interface ClientConfig {
  /** Leaflet tile URL template; empty for no tiles (the course draws on a plain background). */
  tileUrl: string;
  tileAttribution: string;
}
