// The maps' base tiles as the server configures them: none, a tile server, or its own MBTiles file,
// whose bounds and zoom range keep Leaflet from asking for tiles the file does not have (beyond its
// zooms, the nearest level is scaled).
import { TileLayer } from 'react-leaflet';
import type { LatLngBoundsLiteral } from 'leaflet';
import type { ClientConfig } from '../api';

export function BaseTiles({ config }: { config: ClientConfig | null }) {
  if (!config?.tileUrl) return null;
  const b = config.tileBounds;
  const bounds: LatLngBoundsLiteral | undefined = b && [[b[1], b[0]], [b[3], b[2]]];
  return <TileLayer url={config.tileUrl} attribution={config.tileAttribution} bounds={bounds} minNativeZoom={config.tileMinZoom} maxNativeZoom={config.tileMaxZoom} />;
}
