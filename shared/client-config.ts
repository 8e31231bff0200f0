// What GET /api/config tells the browser client: the map's base tiles.

export interface ClientConfig {
  /** Leaflet tile URL template; empty for no tiles (the course draws on a plain background). */
  tileUrl: string;
  /** HTML, as Leaflet shows it in the map's corner. */
  tileAttribution: string;
  /** [west, south, east, north] in degrees: tiles exist only inside (local tiles only). */
  tileBounds?: [number, number, number, number];
  /** The zoom levels the tiles exist at; Leaflet scales the nearest ones beyond (local tiles only). */
  tileMinZoom?: number;
  tileMaxZoom?: number;
}
