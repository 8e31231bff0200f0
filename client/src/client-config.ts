// The server's client configuration (map tiles), fetched once per page load.
import { useEffect, useState } from 'react';
import { api, type ClientConfig } from './api';

let cached: Promise<ClientConfig> | null = null;
const fallback: ClientConfig = { tileUrl: '', tileAttribution: '' };

// The first load is fetched before the offline cache is in charge: ask again through it, so a page
// opened without a network still knows its tiles.
navigator.serviceWorker?.addEventListener('controllerchange', () => {
  const next = api.config();
  next.then(() => (cached = next), () => undefined);
});

export function useClientConfig(): ClientConfig | null {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= api.config().catch(() => fallback);
    void cached.then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}
