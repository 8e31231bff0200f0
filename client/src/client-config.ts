// The server's client configuration (map tiles), fetched once per page load.
import { useEffect, useState } from 'react';
import { api, type ClientConfig } from './api';

let cached: Promise<ClientConfig> | null = null;
const fallback: ClientConfig = { tileUrl: '', tileAttribution: '' };

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
